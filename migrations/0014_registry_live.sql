CREATE TABLE "campaign_replans" (
	"campaign_id" uuid NOT NULL,
	"occurrence" integer NOT NULL,
	"group_ids" uuid[] NOT NULL,
	"added" jsonb NOT NULL,
	"removed" jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaign_replans_campaign_id_occurrence_pk" PRIMARY KEY("campaign_id","occurrence")
);
--> statement-breakpoint
CREATE TABLE "group_status_changes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"group_id" uuid NOT NULL,
	"from_status" text NOT NULL,
	"to_status" text NOT NULL,
	"code" text,
	"reason" text NOT NULL,
	"source" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "groups" ADD COLUMN "verification" jsonb;--> statement-breakpoint
ALTER TABLE "groups" ADD COLUMN "verified_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "groups" ADD COLUMN "address_aliases" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "groups" ADD COLUMN "broken_code" text;--> statement-breakpoint
ALTER TABLE "groups" ADD COLUMN "broken_reason" text;--> statement-breakpoint
ALTER TABLE "campaign_replans" ADD CONSTRAINT "campaign_replans_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_status_changes" ADD CONSTRAINT "group_status_changes_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_status_changes" ADD CONSTRAINT "group_status_changes_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "group_status_changes_group_idx" ON "group_status_changes" USING btree ("group_id","at");--> statement-breakpoint
CREATE INDEX "groups_verify_due_idx" ON "groups" USING btree ("status","verified_at");--> statement-breakpoint
CREATE FUNCTION webhook_on_group_status() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM webhook_emit(NEW.workspace_id, 'group.status_changed', jsonb_build_object(
    'group', (SELECT jsonb_build_object('id', g.id, 'slug', g.slug, 'name', g.name, 'network', g.network, 'mode', g.mode, 'address', g.address)
              FROM groups g WHERE g.id = NEW.group_id),
    'change', jsonb_build_object('from', NEW.from_status, 'to', NEW.to_status, 'code', NEW.code, 'reason', NEW.reason,
      'source', NEW.source, 'at', webhook_time(NEW.at))));
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER group_status_changes_webhooks AFTER INSERT ON group_status_changes FOR EACH ROW EXECUTE FUNCTION webhook_on_group_status();
