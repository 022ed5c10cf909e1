CREATE TABLE "ats_vacancy_marks" (
	"connector_id" uuid NOT NULL,
	"external_id" text NOT NULL,
	"event_at" timestamp with time zone NOT NULL,
	CONSTRAINT "ats_vacancy_marks_connector_id_external_id_pk" PRIMARY KEY("connector_id","external_id")
);
--> statement-breakpoint
CREATE TABLE "webhook_summary_marks" (
	"vacancy_id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"digest" text NOT NULL,
	"checked_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ats_vacancy_marks" ADD CONSTRAINT "ats_vacancy_marks_connector_id_ats_connectors_id_fk" FOREIGN KEY ("connector_id") REFERENCES "public"."ats_connectors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_summary_marks" ADD CONSTRAINT "webhook_summary_marks_vacancy_id_vacancies_id_fk" FOREIGN KEY ("vacancy_id") REFERENCES "public"."vacancies"("id") ON DELETE cascade ON UPDATE no action;