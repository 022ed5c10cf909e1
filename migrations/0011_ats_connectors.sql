CREATE TABLE "ats_connectors" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"secret" text NOT NULL,
	"defaults" jsonb NOT NULL,
	"campaign" jsonb,
	"enabled" boolean DEFAULT true NOT NULL,
	"last_delivery_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ats_deliveries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"connector_id" uuid NOT NULL,
	"workspace_id" uuid NOT NULL,
	"delivery_key" text NOT NULL,
	"event" text,
	"outcome" text NOT NULL,
	"http_status" integer NOT NULL,
	"detail" text,
	"vacancy_id" uuid,
	"campaign_id" uuid,
	"body" jsonb,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ats_connectors" ADD CONSTRAINT "ats_connectors_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ats_deliveries" ADD CONSTRAINT "ats_deliveries_connector_id_ats_connectors_id_fk" FOREIGN KEY ("connector_id") REFERENCES "public"."ats_connectors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ats_connectors_workspace_idx" ON "ats_connectors" USING btree ("workspace_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ats_deliveries_key_uq" ON "ats_deliveries" USING btree ("connector_id","delivery_key");--> statement-breakpoint
CREATE INDEX "ats_deliveries_connector_idx" ON "ats_deliveries" USING btree ("connector_id","received_at");