// A workspace's ATS connectors: which ATS, the secret it signs with (sealed at rest, never shown
// again), what its vacancies get by default, the campaign launched when it opens one, and the
// deliveries it sent.
import { and, asc, desc, eq, lt } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { atsConnectors, atsDeliveries } from '../db/schema.js';
import { decodeCursor, encodeCursor } from '../lib/cursor.js';
import { isoOrNull as iso } from '../lib/json-values.js';
import { Problem } from '../lib/problem.js';
import type { SecretBox } from '../lib/secret-box.js';
import { uuidv7 } from '../lib/uuid7.js';
import { newSigningSecret } from '../webhooks/signing.js';
import { connectorSecretContext } from './inbound.js';
import { GENERIC_SECRET_RULE, isSigningSecret, type ConnectorInput, type ConnectorPatch, type ConnectorView } from './schemas.js';

type Auth = { workspaceId: string };
type Row = typeof atsConnectors.$inferSelect;
// Merge-patch nulls mean "not set": a default is either given or absent.
const withoutNulls = (o: Record<string, unknown> | undefined) => Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== null && v !== undefined));

export function createAtsConnectors(deps: { db: Db; box: SecretBox; publicBaseUrl: string | undefined }) {
  const { db } = deps;
  const base = deps.publicBaseUrl?.replace(/\/+$/, '') ?? '';
  const view = (row: Row): ConnectorView => ({
    id: row.id,
    kind: row.kind,
    name: row.name,
    inboundUrl: `${base}/hooks/ats/${row.id}`,
    defaults: row.defaults as Record<string, unknown>,
    campaign: (row.campaign as Record<string, unknown> | null) ?? null,
    enabled: row.enabled,
    lastDeliveryAt: iso(row.lastDeliveryAt),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  });

  async function find(auth: Auth, id: string): Promise<Row> {
    const [row] = await db.select().from(atsConnectors).where(and(eq(atsConnectors.workspaceId, auth.workspaceId), eq(atsConnectors.id, id)));
    if (!row) throw new Problem(404, 'not-found', 'ATS connector not found');
    return row;
  }

  return {
    async create(auth: Auth, input: ConnectorInput): Promise<ConnectorView & { secret?: string }> {
      const id = uuidv7();
      const made = input.secret === undefined ? newSigningSecret() : undefined;
      const [row] = await db
        .insert(atsConnectors)
        .values({
          id,
          workspaceId: auth.workspaceId,
          kind: input.kind,
          name: input.name,
          secret: deps.box.seal(input.secret ?? made!, connectorSecretContext(id)),
          defaults: withoutNulls(input.defaults),
          campaign: input.campaign ?? null,
        })
        .returning();
      return { ...view(row!), ...(made ? { secret: made } : {}) };
    },
    async list(auth: Auth): Promise<ConnectorView[]> {
      return (await db.select().from(atsConnectors).where(eq(atsConnectors.workspaceId, auth.workspaceId)).orderBy(asc(atsConnectors.createdAt))).map(view);
    },
    async get(auth: Auth, id: string): Promise<ConnectorView> {
      return view(await find(auth, id));
    },
    async update(auth: Auth, id: string, patch: ConnectorPatch): Promise<ConnectorView> {
      const current = await find(auth, id);
      if (current.kind === 'generic' && patch.secret !== undefined && !isSigningSecret(patch.secret)) {
        throw new Problem(422, 'invalid-secret', `The secret of a generic connector ${GENERIC_SECRET_RULE}`, { errors: [{ field: 'secret', in: 'body', message: GENERIC_SECRET_RULE }] });
      }
      const [row] = await db
        .update(atsConnectors)
        .set({
          ...(patch.name !== undefined ? { name: patch.name } : {}),
          ...(patch.secret !== undefined ? { secret: deps.box.seal(patch.secret, connectorSecretContext(id)) } : {}),
          ...(patch.defaults !== undefined ? { defaults: withoutNulls({ ...(current.defaults as Record<string, unknown>), ...patch.defaults }) } : {}),
          ...(patch.campaign !== undefined ? { campaign: patch.campaign } : {}),
          ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
          updatedAt: new Date(),
        })
        .where(eq(atsConnectors.id, id))
        .returning();
      return view(row!);
    },
    async remove(auth: Auth, id: string): Promise<void> {
      await find(auth, id);
      await db.delete(atsConnectors).where(eq(atsConnectors.id, id));
    },
    async deliveries(auth: Auth, id: string, q: { limit: number; cursor?: string }) {
      await find(auth, id);
      const before = q.cursor ? decodeCursor(q.cursor, /^[0-9a-f-]{36}$/) : undefined;
      const rows = await db
        .select()
        .from(atsDeliveries)
        .where(and(eq(atsDeliveries.connectorId, id), before ? lt(atsDeliveries.id, before) : undefined))
        .orderBy(desc(atsDeliveries.id))
        .limit(q.limit + 1);
      const page = rows.slice(0, q.limit);
      return {
        items: page.map((r) => ({
          id: r.id, deliveryKey: r.deliveryKey, event: r.event, outcome: r.outcome, httpStatus: r.httpStatus, detail: r.detail,
          vacancyId: r.vacancyId, campaignId: r.campaignId, body: r.body ?? null, receivedAt: r.receivedAt.toISOString(),
        })),
        nextCursor: rows.length > q.limit ? encodeCursor(page[page.length - 1]!.id) : null,
      };
    },
  };
}

export type AtsConnectors = ReturnType<typeof createAtsConnectors>;
