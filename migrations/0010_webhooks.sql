CREATE TABLE "webhook_attempts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"delivery_id" uuid NOT NULL,
	"attempt" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"http_status" integer,
	"duration_ms" integer NOT NULL,
	"outcome" text NOT NULL,
	"response_excerpt" text,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "webhook_campaign_checks" (
	"campaign_id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"seq" bigserial NOT NULL,
	"event_id" uuid NOT NULL,
	"endpoint_id" uuid NOT NULL,
	"workspace_id" uuid NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"lease_until" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_dispatch" (
	"id" integer PRIMARY KEY NOT NULL,
	"step" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_endpoints" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"url" text NOT NULL,
	"description" text,
	"event_types" text[],
	"enabled" boolean DEFAULT true NOT NULL,
	"disabled_reason" text,
	"disabled_at" timestamp with time zone,
	"secret" text NOT NULL,
	"previous_secret" text,
	"previous_secret_until" timestamp with time zone,
	"failing_since" timestamp with time zone,
	"last_success_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"type" text NOT NULL,
	"data" jsonb NOT NULL,
	"dedupe_key" text,
	"endpoint_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "webhook_attempts" ADD CONSTRAINT "webhook_attempts_delivery_id_webhook_deliveries_id_fk" FOREIGN KEY ("delivery_id") REFERENCES "public"."webhook_deliveries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_campaign_checks" ADD CONSTRAINT "webhook_campaign_checks_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_event_id_webhook_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."webhook_events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_endpoint_id_webhook_endpoints_id_fk" FOREIGN KEY ("endpoint_id") REFERENCES "public"."webhook_endpoints"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "webhook_endpoints_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_events" ADD CONSTRAINT "webhook_events_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_events" ADD CONSTRAINT "webhook_events_endpoint_id_webhook_endpoints_id_fk" FOREIGN KEY ("endpoint_id") REFERENCES "public"."webhook_endpoints"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "webhook_attempts_delivery_idx" ON "webhook_attempts" USING btree ("delivery_id","attempt");--> statement-breakpoint
CREATE UNIQUE INDEX "webhook_deliveries_event_endpoint_uq" ON "webhook_deliveries" USING btree ("event_id","endpoint_id");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_endpoint_idx" ON "webhook_deliveries" USING btree ("endpoint_id","seq");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_open_idx" ON "webhook_deliveries" USING btree ("status","next_attempt_at") WHERE status in ('pending', 'queued', 'sending', 'retrying');--> statement-breakpoint
CREATE INDEX "webhook_endpoints_workspace_idx" ON "webhook_endpoints" USING btree ("workspace_id");--> statement-breakpoint
CREATE INDEX "webhook_events_workspace_idx" ON "webhook_events" USING btree ("workspace_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "webhook_events_dedupe_uq" ON "webhook_events" USING btree ("workspace_id","dedupe_key");--> statement-breakpoint
-- Outbound webhook events are written here, by the database, in the transaction of the change they
-- report: whichever code path makes the change (a publish job's one-statement settle, a person's
-- confirmation, a cancelled campaign), the event exists exactly when the change does. Nothing is
-- written for a workspace without endpoints. src/webhooks/dispatcher.ts hands new deliveries to jobs.
INSERT INTO "webhook_dispatch" ("id", "step") VALUES (1, 0);--> statement-breakpoint
CREATE FUNCTION webhook_time(t timestamptz) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
$$;--> statement-breakpoint
CREATE FUNCTION webhook_emit(p_workspace uuid, p_type text, p_data jsonb, p_dedupe text DEFAULT NULL) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  ev uuid;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM webhook_endpoints WHERE workspace_id = p_workspace) THEN
    RETURN;
  END IF;
  INSERT INTO webhook_events (id, workspace_id, type, data, dedupe_key)
  VALUES (gen_random_uuid(), p_workspace, p_type, p_data, p_dedupe)
  ON CONFLICT (workspace_id, dedupe_key) DO NOTHING
  RETURNING id INTO ev;
  IF ev IS NULL THEN
    RETURN;
  END IF;
  -- An endpoint being deleted right now is skipped (its row is locked), not failed on: the change this
  -- event reports (a post's status after it went out) must never fail on its webhook.
  INSERT INTO webhook_deliveries (id, event_id, endpoint_id, workspace_id, status)
  SELECT gen_random_uuid(), ev, e.id, p_workspace, 'pending'
  FROM (SELECT id FROM webhook_endpoints
        WHERE workspace_id = p_workspace AND enabled AND (event_types IS NULL OR p_type = ANY (event_types))
        FOR KEY SHARE SKIP LOCKED) e;
END
$$;--> statement-breakpoint
CREATE FUNCTION webhook_vacancy_data(v vacancies) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object('id', v.id, 'externalId', v.external_id, 'title', v.title, 'status', v.status,
    'updatedAt', webhook_time(v.updated_at), 'closedAt', webhook_time(v.closed_at))
$$;--> statement-breakpoint
-- What every post.* and response.* event says about the post: its vacancy, group and campaign, the
-- permalink, and the tracked link (a tracked post's apply_url is its {PUBLIC_BASE_URL}/r/{code}).
CREATE FUNCTION webhook_post_data(p_post uuid) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object(
    'post', jsonb_build_object('id', p.id, 'status', p.status, 'network', p.network, 'mode', p.mode, 'occurrence', p.occurrence,
      'attempt', p.attempt, 'permalink', p.permalink, 'networkPostId', p.network_post_id, 'publishedAt', webhook_time(p.published_at),
      'dueAt', webhook_time(p.due_at), 'trackedLink', CASE WHEN p.link_code IS NOT NULL THEN p.apply_url END, 'error', p.last_error),
    'vacancy', webhook_vacancy_data(v),
    'group', jsonb_build_object('id', g.id, 'slug', g.slug, 'name', g.name, 'network', g.network, 'address', coalesce(p.address, g.address)),
    'campaign', jsonb_build_object('id', p.campaign_id))
  FROM posts p JOIN vacancies v ON v.id = p.vacancy_id JOIN groups g ON g.id = p.group_id
  WHERE p.id = p_post
$$;--> statement-breakpoint
CREATE FUNCTION webhook_on_post_event() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  kind text;
BEGIN
  IF NEW.from_status IS NOT DISTINCT FROM NEW.to_status
     OR NOT EXISTS (SELECT 1 FROM webhook_endpoints WHERE workspace_id = NEW.workspace_id) THEN
    RETURN NULL;
  END IF;
  kind := CASE NEW.to_status
    WHEN 'published' THEN 'post.published' WHEN 'suggested' THEN 'post.suggested'
    WHEN 'awaiting_manual' THEN 'post.awaiting_manual' WHEN 'failed' THEN 'post.failed'
    WHEN 'unknown' THEN 'post.unknown' WHEN 'removed' THEN 'post.removed' END;
  IF kind IS NOT NULL THEN
    PERFORM webhook_emit(NEW.workspace_id, kind, coalesce(webhook_post_data(NEW.post_id), '{}'::jsonb) || jsonb_build_object('note', NEW.note));
  END IF;
  -- Whether the campaign is now complete is only known after this transaction commits (its other posts
  -- may settle in transactions of their own at this moment): the dispatcher looks then.
  IF NEW.to_status IN ('published', 'suggested', 'failed', 'unknown', 'cancelled', 'removed') THEN
    -- DO UPDATE, not DO NOTHING: the row stays locked until this transaction commits, so a dispatcher
    -- link running meanwhile skips it and the next one looks after this post settled.
    INSERT INTO webhook_campaign_checks (campaign_id, workspace_id) VALUES (NEW.campaign_id, NEW.workspace_id)
    ON CONFLICT (campaign_id) DO UPDATE SET created_at = now();
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER post_events_webhooks AFTER INSERT ON post_events FOR EACH ROW EXECUTE FUNCTION webhook_on_post_event();--> statement-breakpoint
CREATE FUNCTION webhook_on_vacancy() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  kind text;
BEGIN
  IF TG_OP = 'INSERT' THEN
    kind := 'vacancy.created';
  ELSIF OLD.status = 'open' AND NEW.status = 'closed' THEN
    kind := 'vacancy.closed';
  ELSIF OLD.status = 'closed' AND NEW.status = 'open' THEN
    kind := 'vacancy.reopened';
  ELSIF OLD.doc IS DISTINCT FROM NEW.doc OR OLD.extra IS DISTINCT FROM NEW.extra THEN
    kind := 'vacancy.updated';
  ELSE
    RETURN NULL;
  END IF;
  PERFORM webhook_emit(NEW.workspace_id, kind, jsonb_build_object('vacancy', webhook_vacancy_data(NEW)));
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER vacancies_webhooks AFTER INSERT OR UPDATE ON vacancies FOR EACH ROW EXECUTE FUNCTION webhook_on_vacancy();--> statement-breakpoint
CREATE FUNCTION webhook_on_campaign() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    -- Ended without a post settling (a recurring campaign between occurrences whose vacancy closed).
    IF NEW.status = 'completed' AND OLD.status IS DISTINCT FROM 'completed'
       AND EXISTS (SELECT 1 FROM webhook_endpoints WHERE workspace_id = NEW.workspace_id) THEN
      INSERT INTO webhook_campaign_checks (campaign_id, workspace_id) VALUES (NEW.id, NEW.workspace_id)
      ON CONFLICT (campaign_id) DO UPDATE SET created_at = now();
    END IF;
    RETURN NULL;
  END IF;
  PERFORM webhook_emit(NEW.workspace_id, 'campaign.created', jsonb_build_object(
    'campaign', jsonb_build_object('id', NEW.id, 'status', NEW.status, 'timing', NEW.timing, 'groups', cardinality(NEW.group_ids), 'createdAt', webhook_time(NEW.created_at)),
    'vacancy', (SELECT webhook_vacancy_data(v) FROM vacancies v WHERE v.id = NEW.vacancy_id)));
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER campaigns_webhooks AFTER INSERT OR UPDATE OF status ON campaigns FOR EACH ROW EXECUTE FUNCTION webhook_on_campaign();--> statement-breakpoint
CREATE FUNCTION webhook_on_account() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status = 'needs_reauth' AND OLD.status IS DISTINCT FROM 'needs_reauth' THEN
    PERFORM webhook_emit(NEW.workspace_id, 'account.needs_reauth', jsonb_build_object(
      'account', jsonb_build_object('id', NEW.id, 'name', NEW.name, 'network', NEW.network, 'reason', NEW.last_check_error)));
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER accounts_webhooks AFTER UPDATE OF status ON accounts FOR EACH ROW EXECUTE FUNCTION webhook_on_account();--> statement-breakpoint
CREATE FUNCTION webhook_on_comment() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM webhook_emit(NEW.workspace_id, 'response.comment', coalesce(webhook_post_data(NEW.post_id), '{}'::jsonb) || jsonb_build_object(
    'comment', jsonb_build_object('id', NEW.id, 'network', NEW.network, 'authorName', NEW.author_name, 'authorUrl', NEW.author_url,
      'text', left(NEW.text, 2000), 'at', webhook_time(NEW.at))));
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER comments_webhooks AFTER INSERT ON comments FOR EACH ROW EXECUTE FUNCTION webhook_on_comment();--> statement-breakpoint
CREATE FUNCTION webhook_on_application() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM webhook_emit(NEW.workspace_id, 'response.application', coalesce(webhook_post_data(NEW.post_id), '{}'::jsonb) || jsonb_build_object(
    'application', jsonb_build_object('id', NEW.id, 'externalId', NEW.external_id, 'candidate', NEW.candidate, 'via', NEW.via,
      'appliedAt', webhook_time(NEW.applied_at))));
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER applications_webhooks AFTER INSERT ON applications FOR EACH ROW EXECUTE FUNCTION webhook_on_application();
