CREATE TABLE "comments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"post_id" uuid NOT NULL,
	"vacancy_id" uuid NOT NULL,
	"group_id" uuid NOT NULL,
	"network" text NOT NULL,
	"external_id" text NOT NULL,
	"author_name" text,
	"author_url" text,
	"text" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"edited_at" timestamp with time zone,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "hook_events" (
	"hook_id" uuid NOT NULL,
	"event_key" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hook_events_hook_id_event_key_pk" PRIMARY KEY("hook_id","event_key")
);
--> statement-breakpoint
CREATE TABLE "network_hooks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"scope" text DEFAULT '' NOT NULL,
	"secret" text NOT NULL,
	"settings" jsonb NOT NULL,
	"last_event_at" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "post_counters" (
	"post_id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"vacancy_id" uuid NOT NULL,
	"group_id" uuid NOT NULL,
	"views" integer,
	"reactions" integer,
	"reposts" integer,
	"comments" integer,
	"read_at" timestamp with time zone,
	"polls" integer DEFAULT 0 NOT NULL,
	"poll_note" text
);
--> statement-breakpoint
ALTER TABLE "comments" ADD CONSTRAINT "comments_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hook_events" ADD CONSTRAINT "hook_events_hook_id_network_hooks_id_fk" FOREIGN KEY ("hook_id") REFERENCES "public"."network_hooks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_hooks" ADD CONSTRAINT "network_hooks_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_hooks" ADD CONSTRAINT "network_hooks_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post_counters" ADD CONSTRAINT "post_counters_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "comments_post_external_uq" ON "comments" USING btree ("post_id","external_id");--> statement-breakpoint
CREATE INDEX "comments_vacancy_idx" ON "comments" USING btree ("workspace_id","vacancy_id","at");--> statement-breakpoint
CREATE INDEX "hook_events_received_idx" ON "hook_events" USING btree ("received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "network_hooks_account_scope_uq" ON "network_hooks" USING btree ("account_id","scope");--> statement-breakpoint
CREATE INDEX "post_counters_vacancy_idx" ON "post_counters" USING btree ("workspace_id","vacancy_id");--> statement-breakpoint
CREATE INDEX "posts_network_post_idx" ON "posts" USING btree ("network_post_id");