CREATE TABLE "post_hit_totals" (
	"post_id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"vacancy_id" uuid NOT NULL,
	"group_id" uuid NOT NULL,
	"previews" integer NOT NULL,
	"clicks" integer NOT NULL,
	"unique_clicks" integer NOT NULL,
	"closed" integer NOT NULL,
	"last_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "post_hit_totals" ADD CONSTRAINT "post_hit_totals_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "link_hits_post_visitor_idx" ON "link_hits" USING btree ("post_id","visitor") WHERE kind = 'click';--> statement-breakpoint
-- The hits written before the totals existed, counted once.
INSERT INTO "post_hit_totals" ("post_id", "workspace_id", "vacancy_id", "group_id", "previews", "clicks", "unique_clicks", "closed", "last_at")
SELECT "post_id", "workspace_id", "vacancy_id", "group_id",
	count(*) FILTER (WHERE "kind" = 'preview'), count(*) FILTER (WHERE "kind" = 'click'),
	count(DISTINCT "visitor") FILTER (WHERE "kind" = 'click'), count(*) FILTER (WHERE "kind" = 'closed'), max("at")
FROM "link_hits" GROUP BY "post_id", "workspace_id", "vacancy_id", "group_id";
