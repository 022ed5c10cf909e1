CREATE TABLE "applications" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"external_id" text NOT NULL,
	"post_id" uuid NOT NULL,
	"vacancy_id" uuid NOT NULL,
	"group_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"candidate" text,
	"applied_at" timestamp with time zone NOT NULL,
	"via" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "link_hits" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"post_id" uuid NOT NULL,
	"workspace_id" uuid NOT NULL,
	"vacancy_id" uuid NOT NULL,
	"group_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"visitor" text
);
--> statement-breakpoint
ALTER TABLE "posts" ADD COLUMN "link_code" text;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "link_hits" ADD CONSTRAINT "link_hits_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "applications_external_uq" ON "applications" USING btree ("workspace_id","external_id");--> statement-breakpoint
CREATE INDEX "applications_vacancy_idx" ON "applications" USING btree ("vacancy_id","applied_at");--> statement-breakpoint
CREATE INDEX "applications_group_idx" ON "applications" USING btree ("group_id","applied_at");--> statement-breakpoint
CREATE INDEX "link_hits_post_idx" ON "link_hits" USING btree ("post_id","kind");--> statement-breakpoint
CREATE INDEX "link_hits_vacancy_idx" ON "link_hits" USING btree ("vacancy_id","at");--> statement-breakpoint
CREATE INDEX "link_hits_group_idx" ON "link_hits" USING btree ("group_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "posts_link_code_uq" ON "posts" USING btree ("link_code");