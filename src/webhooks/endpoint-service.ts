// The workspace's webhook endpoints: created with a signing secret shown once and sealed at rest,
// changed, rotated (the old secret still signs for 24 hours), and their deliveries listed, retried,
// replayed and tested. Deliveries are made by jobs (deliverer.ts); this only queues them.
import { and, asc, eq, inArray } from 'drizzle-orm';
import { sql } from 'drizzle-orm';
import { inTransaction, rowsOf, type Db } from '../db/database.js';
import { webhookAttempts, webhookEndpoints } from '../db/schema.js';
import type { JobQueue } from '../jobs/job-queue.js';
import { decodeCursor, encodeCursor } from '../lib/cursor.js';
import { isoOrNull as iso } from '../lib/json-values.js';
import { Problem } from '../lib/problem.js';
import type { SecretBox } from '../lib/secret-box.js';
import { uuidv7 } from '../lib/uuid7.js';
import type { AuthContext } from '../services/api-key-service.js';
import { checkWebhookUrl, WebhookAddressError } from './address-guard.js';
import { sealedSecretContext } from './deliverer.js';
import type { Dispatcher } from './dispatcher.js';
import type { DeliveryView, EndpointInput, EndpointPatch, EndpointView } from './schemas.js';
import { newSigningSecret } from './signing.js';

const ROTATION_OVERLAP_MS = 24 * 60 * 60 * 1000;
// One replay re-sends at most this many events; ask again from the last one's time for more.
const REPLAY_LIMIT = 10_000;

type EndpointRow = typeof webhookEndpoints.$inferSelect;

function toView(row: EndpointRow): EndpointView {
  const rotating = row.previousSecretUntil && row.previousSecretUntil.getTime() > Date.now();
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: row.eventTypes,
    enabled: row.enabled,
    disabledReason: row.disabledReason,
    disabledAt: iso(row.disabledAt),
    previousSecretExpiresAt: rotating ? iso(row.previousSecretUntil) : null,
    failingSince: iso(row.failingSince),
    lastSuccessAt: iso(row.lastSuccessAt),
    createdAt: iso(row.createdAt)!,
    updatedAt: iso(row.updatedAt)!,
  };
}

interface DeliveryRow {
  id: string;
  seq: string | number;
  event_id: string;
  type: string;
  status: DeliveryView['status'];
  attempts: number;
  next_attempt_at: Date | string;
  last_error: string | null;
  created_at: Date | string;
  updated_at: Date | string;
}

export function createWebhookEndpoints(deps: {
  db: Db;
  box: SecretBox;
  jobs: JobQueue;
  dispatcher: Dispatcher;
  policy: { allowHttp: boolean; allowPrivate: boolean };
}) {
  const { db } = deps;

  // Checked now so that a mistake is answered at once, and again at every delivery (DNS changes).
  // A host that does not resolve yet is taken: its deliveries fail and are retried until it does.
  async function checkedUrl(url: string): Promise<string> {
    try {
      return (await checkWebhookUrl(url, deps.policy)).url.href;
    } catch (err) {
      if (!(err instanceof WebhookAddressError)) throw err;
      if (err.code === 'unresolvable') return new URL(url).href;
      throw new Problem(422, 'webhook-url-refused', `The endpoint URL is refused: ${err.message}`, {
        errors: [{ field: 'url', in: 'body', message: err.message }],
      });
    }
  }

  async function find(db_: Db, auth: AuthContext, id: string): Promise<EndpointRow> {
    const [row] = await db_.select().from(webhookEndpoints).where(and(eq(webhookEndpoints.workspaceId, auth.workspaceId), eq(webhookEndpoints.id, id)));
    if (!row) throw new Problem(404, 'not-found', 'Webhook endpoint not found');
    return row;
  }

  const requireEnabled = (row: EndpointRow) => {
    if (!row.enabled) throw new Problem(409, 'endpoint-disabled', `The endpoint is disabled (${row.disabledReason ?? 'by its owner'}): enable it first (PATCH enabled: true)`);
  };

  async function deliveryViews(rows: DeliveryRow[]): Promise<DeliveryView[]> {
    const attempts = rows.length === 0 ? [] : await db.select().from(webhookAttempts).where(inArray(webhookAttempts.deliveryId, rows.map((r) => r.id))).orderBy(asc(webhookAttempts.attempt));
    return rows.map((r) => ({
      id: r.id,
      eventId: r.event_id,
      eventType: r.type,
      status: r.status,
      attempts: r.attempts,
      nextAttemptAt: r.status === 'retrying' || r.status === 'queued' ? iso(r.next_attempt_at) : null,
      lastError: r.last_error,
      createdAt: iso(r.created_at)!,
      updatedAt: iso(r.updated_at)!,
      attemptLog: attempts
        .filter((a) => a.deliveryId === r.id)
        .map((a) => ({ attempt: a.attempt, at: a.at.toISOString(), httpStatus: a.httpStatus, durationMs: a.durationMs, outcome: a.outcome, responseExcerpt: a.responseExcerpt, error: a.error })),
    }));
  }

  const deliveryColumns = sql`d.id, d.seq, d.event_id, ev.type, d.status, d.attempts, d.next_attempt_at, d.last_error, d.created_at, d.updated_at`;

  async function oneDelivery(endpointId: string, deliveryId: string): Promise<DeliveryView> {
    const rows = rowsOf<DeliveryRow>(
      await db.execute(sql`select ${deliveryColumns} from webhook_deliveries d join webhook_events ev on ev.id = d.event_id
        where d.endpoint_id = ${endpointId} and d.id = ${deliveryId}`),
    );
    if (rows.length === 0) throw new Problem(404, 'not-found', 'Delivery not found');
    return (await deliveryViews(rows))[0]!;
  }

  return {
    async create(auth: AuthContext, input: EndpointInput): Promise<EndpointView & { secret: string }> {
      const url = await checkedUrl(input.url);
      const id = uuidv7();
      const secret = newSigningSecret();
      const row = await inTransaction(db, async (tx) => {
        const [created] = await tx
          .insert(webhookEndpoints)
          .values({
            id,
            workspaceId: auth.workspaceId,
            url,
            description: input.description ?? null,
            eventTypes: input.eventTypes ?? null,
            enabled: input.enabled ?? true,
            secret: deps.box.seal(secret, sealedSecretContext(id)),
          })
          .returning();
        await deps.dispatcher.start(tx);
        return created!;
      });
      return { ...toView(row), secret };
    },

    async list(auth: AuthContext): Promise<EndpointView[]> {
      const rows = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.workspaceId, auth.workspaceId)).orderBy(asc(webhookEndpoints.createdAt), asc(webhookEndpoints.id));
      return rows.map(toView);
    },

    async get(auth: AuthContext, id: string): Promise<EndpointView> {
      return toView(await find(db, auth, id));
    },

    async update(auth: AuthContext, id: string, patch: EndpointPatch): Promise<EndpointView> {
      const url = patch.url !== undefined ? await checkedUrl(patch.url) : undefined;
      return inTransaction(db, async (tx) => {
        const current = await find(tx, auth, id);
        const enabling = patch.enabled === true && !current.enabled;
        const [row] = await tx
          .update(webhookEndpoints)
          .set({
            ...(url !== undefined ? { url } : {}),
            ...(patch.description !== undefined ? { description: patch.description } : {}),
            ...(patch.eventTypes !== undefined ? { eventTypes: patch.eventTypes } : {}),
            ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
            ...(enabling ? { disabledReason: null, disabledAt: null, failingSince: null } : {}),
            ...(patch.enabled === false && current.enabled ? { disabledReason: null, disabledAt: new Date() } : {}),
            updatedAt: new Date(),
          })
          .where(eq(webhookEndpoints.id, id))
          .returning();
        if (enabling) await deps.dispatcher.start(tx);
        return toView(row!);
      });
    },

    async remove(auth: AuthContext, id: string): Promise<void> {
      await find(db, auth, id);
      await db.delete(webhookEndpoints).where(eq(webhookEndpoints.id, id));
    },

    async rotateSecret(auth: AuthContext, id: string): Promise<{ secret: string; previousSecretExpiresAt: string }> {
      const secret = newSigningSecret();
      const until = new Date(Date.now() + ROTATION_OVERLAP_MS);
      await inTransaction(db, async (tx) => {
        const current = await find(tx, auth, id);
        await tx
          .update(webhookEndpoints)
          .set({ secret: deps.box.seal(secret, sealedSecretContext(id)), previousSecret: current.secret, previousSecretUntil: until, updatedAt: new Date() })
          .where(eq(webhookEndpoints.id, id));
      });
      return { secret, previousSecretExpiresAt: until.toISOString() };
    },

    async deliveries(auth: AuthContext, id: string, q: { status?: DeliveryView['status']; limit: number; cursor?: string }) {
      await find(db, auth, id);
      const before = q.cursor ? Number(decodeCursor(q.cursor, /^\d{1,18}$/)) : undefined;
      const rows = rowsOf<DeliveryRow>(
        await db.execute(sql`select ${deliveryColumns} from webhook_deliveries d join webhook_events ev on ev.id = d.event_id
          where d.endpoint_id = ${id}${q.status ? sql` and d.status = ${q.status}` : sql``}${before !== undefined ? sql` and d.seq < ${before}` : sql``}
          order by d.seq desc limit ${q.limit + 1}`),
      );
      const page = rows.slice(0, q.limit);
      return { items: await deliveryViews(page), nextCursor: rows.length > q.limit ? encodeCursor(String(page[page.length - 1]!.seq)) : null };
    },

    async retry(auth: AuthContext, id: string, deliveryId: string): Promise<DeliveryView> {
      await inTransaction(db, async (tx) => {
        requireEnabled(await find(tx, auth, id));
        const moved = rowsOf(
          await tx.execute(sql`update webhook_deliveries set status = 'queued', next_attempt_at = now(), updated_at = now()
            where id = ${deliveryId} and endpoint_id = ${id}
              and (status in ('failed', 'retrying', 'succeeded') or (status = 'sending' and lease_until < now())) returning id`),
        );
        if (moved.length === 0) {
          const exists = rowsOf(await tx.execute(sql`select 1 from webhook_deliveries where id = ${deliveryId} and endpoint_id = ${id}`));
          if (exists.length === 0) throw new Problem(404, 'not-found', 'Delivery not found');
          throw new Problem(409, 'delivery-in-progress', 'The delivery is being attempted now: see its status');
        }
        await deps.jobs.enqueue(tx, 'webhooks.deliver', { deliveryId });
      });
      return oneDelivery(id, deliveryId);
    },

    /** Sends again what the endpoint has not received since `since`: events it never got, or whose delivery failed. */
    async replay(auth: AuthContext, id: string, since: Date): Promise<{ queued: number }> {
      return inTransaction(db, async (tx) => {
        const endpoint = await find(tx, auth, id);
        requireEnabled(endpoint);
        const queued = rowsOf<{ id: string }>(
          await tx.execute(sql`with missed as (
              select e.id from webhook_events e
              where e.workspace_id = ${auth.workspaceId} and e.created_at >= ${since} and e.endpoint_id is null
                and (${endpoint.eventTypes === null ? sql`true` : sql`e.type = any(${sql.param(endpoint.eventTypes)}::text[])`})
                and not exists (select 1 from webhook_deliveries d where d.event_id = e.id and d.endpoint_id = ${id} and d.status <> 'failed')
              order by e.created_at limit ${REPLAY_LIMIT}
            )
            insert into webhook_deliveries (id, event_id, endpoint_id, workspace_id, status)
            select gen_random_uuid(), m.id, ${id}, ${auth.workspaceId}, 'queued' from missed m
            on conflict (event_id, endpoint_id) do update set status = 'queued', attempts = 0, next_attempt_at = now(), last_error = null, updated_at = now()
              where webhook_deliveries.status = 'failed'
            returning id`),
        );
        await deps.jobs.enqueueMany(tx, 'webhooks.deliver', queued.map((d) => ({ data: { deliveryId: d.id } })));
        return { queued: queued.length };
      });
    },

    async test(auth: AuthContext, id: string): Promise<DeliveryView> {
      const deliveryId = uuidv7();
      await inTransaction(db, async (tx) => {
        const endpoint = await find(tx, auth, id);
        requireEnabled(endpoint);
        const eventId = uuidv7();
        const data = { endpoint: { id: endpoint.id, url: endpoint.url }, message: 'A test event: the signature verifies with this endpoint\'s secret' };
        await tx.execute(sql`insert into webhook_events (id, workspace_id, type, data, endpoint_id)
          values (${eventId}, ${auth.workspaceId}, 'webhook.test', ${JSON.stringify(data)}::jsonb, ${id})`);
        await tx.execute(sql`insert into webhook_deliveries (id, event_id, endpoint_id, workspace_id, status)
          values (${deliveryId}, ${eventId}, ${id}, ${auth.workspaceId}, 'queued')`);
        await deps.jobs.enqueue(tx, 'webhooks.deliver', { deliveryId });
      });
      return oneDelivery(id, deliveryId);
    },
  };
}

export type WebhookEndpoints = ReturnType<typeof createWebhookEndpoints>;
