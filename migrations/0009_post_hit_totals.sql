CREATE TABLE "post_click_visitors" (
	"post_id" uuid NOT NULL,
	"visitor" text NOT NULL,
	CONSTRAINT "post_click_visitors_post_id_visitor_pk" PRIMARY KEY("post_id","visitor")
);
--> statement-breakpoint
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
ALTER TABLE "post_click_visitors" ADD CONSTRAINT "post_click_visitors_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post_hit_totals" ADD CONSTRAINT "post_hit_totals_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- The hits written before the totals existed, counted once (per post, with the post's own workspace,
-- vacancy and group). Hits old processes write after this are not counted: stop them before migrating.
INSERT INTO "post_click_visitors" ("post_id", "visitor")
SELECT DISTINCT "post_id", "visitor" FROM "link_hits" WHERE "kind" = 'click' AND "visitor" IS NOT NULL;--> statement-breakpoint
INSERT INTO "post_hit_totals" ("post_id", "workspace_id", "vacancy_id", "group_id", "previews", "clicks", "unique_clicks", "closed", "last_at")
SELECT p."id", p."workspace_id", p."vacancy_id", p."group_id", h."previews", h."clicks", h."unique_clicks", h."closed", h."last_at"
FROM (
	SELECT "post_id", count(*) FILTER (WHERE "kind" = 'preview') AS "previews", count(*) FILTER (WHERE "kind" = 'click') AS "clicks",
		count(DISTINCT "visitor") FILTER (WHERE "kind" = 'click') AS "unique_clicks", count(*) FILTER (WHERE "kind" = 'closed') AS "closed", max("at") AS "last_at"
	FROM "link_hits" GROUP BY "post_id"
) h JOIN "posts" p ON p."id" = h."post_id";
