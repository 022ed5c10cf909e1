// A delivery from an ATS, taken: signature first (a bad one writes nothing), then once per delivery
// id, then what it asks for — a vacancy created, updated, closed or reopened (keyed by the ATS's
// id), or an application — and, when the ATS opens a vacancy, the connector's default campaign.
// Every delivery is logged with its outcome, for an integrator to debug.
import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { atsConnectors, atsDeliveries, atsVacancyMarks } from '../db/schema.js';
import { isObject } from '../lib/json-values.js';
import { Problem, invalidContent } from '../lib/problem.js';
import type { SecretBox } from '../lib/secret-box.js';
import { parseInput } from '../lib/validation.js';
import { uuidv7 } from '../lib/uuid7.js';
import { vacancyRepo } from '../repositories/vacancy-repo.js';
import type { createApplications } from '../responses/applications.js';
import { applicationInputSchema } from '../responses/schemas.js';
import { vacancyInputSchema, type VacancyInput } from '../schemas/vacancy.js';
import type { CampaignInput, CampaignService } from '../services/campaign-service.js';
import { inferMissing } from '../services/import-inference.js';
import type { VacancyDoc } from '../services/vacancy-mapping.js';
import type { VacancyService } from '../services/vacancy-service.js';
import { AtsMappingError, type AtsAction, type AtsDeliveryHeaders } from './connector-kind.js';
import { atsKinds } from './kinds.js';

type Outcome = (typeof atsDeliveries.$inferInsert)['outcome'];
export interface InboundAnswer {
  // 422 never leaves receive(): it is thrown as a problem once the delivery is logged.
  status: 200 | 201 | 202 | 422;
  body: { outcome: Outcome; vacancyId?: string; campaignId?: string; detail?: string; duplicate?: boolean };
}

// A body we could not map is kept for inspection up to this size.
const KEEP_BODY_BYTES = 64 * 1024;
export const connectorSecretContext = (connectorId: string) => `ats:${connectorId}`;

// The event's name for the log: Greenhouse's `action`, a generic delivery's `type` (Huntflow's is a header).
function eventNameOf(body: unknown): string | undefined {
  if (!isObject(body)) return undefined;
  const name = body.action ?? body.type;
  return typeof name === 'string' ? name : undefined;
}

const defined = <T extends Record<string, unknown>>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

export function createAtsInbound(deps: {
  db: Db;
  box: SecretBox;
  vacancies: VacancyService;
  campaigns: CampaignService;
  applications: ReturnType<typeof createApplications>;
}) {
  const { db } = deps;

  async function receive(connectorId: string, raw: Buffer, rawHeaders: Record<string, string | string[] | undefined>): Promise<InboundAnswer> {
    const [connector] = await db.select().from(atsConnectors).where(eq(atsConnectors.id, connectorId));
    if (!connector || !connector.enabled) throw new Problem(404, 'not-found', 'No such ATS connector (or it is disabled)');
    const headers: AtsDeliveryHeaders = Object.fromEntries(Object.entries(rawHeaders).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v[0] : v]));
    const kind = atsKinds[connector.kind];
    if (!kind.verify(raw, headers, deps.box.open(connector.secret, connectorSecretContext(connector.id)))) {
      throw new Problem(401, 'bad-signature', `The delivery's signature does not verify with this connector's secret (${connector.kind})`);
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new Problem(400, 'validation-error', 'The body is not JSON', { errors: [{ field: 'body', in: 'body', message: 'is not JSON' }] });
    }
    const deliveryKey = kind.deliveryId(headers, body) ?? `sha256:${createHash('sha256').update(raw).digest('hex')}`;
    const [seen] = await db
      .select({ outcome: atsDeliveries.outcome, httpStatus: atsDeliveries.httpStatus, vacancyId: atsDeliveries.vacancyId })
      .from(atsDeliveries)
      .where(and(eq(atsDeliveries.connectorId, connector.id), eq(atsDeliveries.deliveryKey, deliveryKey)));
    // A refused delivery was not processed: its retry is taken afresh (the connector's defaults may have been fixed since).
    if (seen?.outcome === 'refused') {
      await db.delete(atsDeliveries).where(and(eq(atsDeliveries.connectorId, connector.id), eq(atsDeliveries.deliveryKey, deliveryKey)));
    } else if (seen) {
      return { status: seen.httpStatus as InboundAnswer['status'], body: { outcome: seen.outcome, duplicate: true, ...(seen.vacancyId ? { vacancyId: seen.vacancyId } : {}), detail: 'this delivery was processed before: nothing changed' } };
    }
    const event = headers['x-huntflow-event'] ?? eventNameOf(body);
    const auth = { workspaceId: connector.workspaceId };
    let answer: InboundAnswer;
    let keep = false;
    try {
      answer = await inOrder(connector, kind.map(headers, body), kind.eventTime(headers, body), (action) => act(connector, action, auth, deliveryKey));
    } catch (err) {
      if (err instanceof AtsMappingError) {
        keep = true;
        answer = { status: 422, body: { outcome: 'refused', detail: `${err.field}: ${err.message}` } };
      } else if (err instanceof Problem && err.status === 422) {
        keep = true;
        const fields = (err.extensions.errors ?? []).map((e) => `${e.field}: ${e.message}`).join('; ');
        answer = { status: 422, body: { outcome: 'refused', detail: `${err.message}${fields ? ` (${fields})` : ''}` } };
      } else throw err;
    }
    await db
      .insert(atsDeliveries)
      .values({
        id: uuidv7(),
        connectorId: connector.id,
        workspaceId: connector.workspaceId,
        deliveryKey,
        event: event?.slice(0, 100) ?? null,
        outcome: answer.body.outcome,
        httpStatus: answer.status,
        detail: answer.body.detail?.slice(0, 2000) ?? null,
        vacancyId: answer.body.vacancyId ?? null,
        campaignId: answer.body.campaignId ?? null,
        body: keep && raw.length <= KEEP_BODY_BYTES ? body : null,
      })
      .onConflictDoNothing();
    await db.update(atsConnectors).set({ lastDeliveryAt: new Date() }).where(eq(atsConnectors.id, connector.id));
    if (answer.status === 422) {
      throw new Problem(422, 'unmappable-delivery', `The delivery cannot become a vacancy: ${answer.body.detail}`, {
        errors: [{ field: answer.body.detail?.split(':')[0] ?? 'body', in: 'body', message: answer.body.detail ?? '' }],
      });
    }
    return answer;
  }

  type Connector = typeof atsConnectors.$inferSelect;

  /**
   * Applies a change about one vacancy unless a later one was applied already (ATSs retry failed
   * deliveries for hours: a CREATED retried after CLOSED must not reopen it), then remembers its time.
   */
  async function inOrder(connector: Connector, action: AtsAction, at: Date | undefined, apply: (a: AtsAction) => Promise<InboundAnswer>): Promise<InboundAnswer> {
    if (!at || !('externalId' in action)) return apply(action);
    const key = and(eq(atsVacancyMarks.connectorId, connector.id), eq(atsVacancyMarks.externalId, action.externalId));
    const [mark] = await db.select({ eventAt: atsVacancyMarks.eventAt }).from(atsVacancyMarks).where(key);
    if (mark && mark.eventAt > at) {
      return { status: 202, body: { outcome: 'ignored', detail: `older (${at.toISOString()}) than a change already applied to this vacancy (${mark.eventAt.toISOString()}): not applied` } };
    }
    const answer = await apply(action);
    await db
      .insert(atsVacancyMarks)
      .values({ connectorId: connector.id, externalId: action.externalId, eventAt: at })
      .onConflictDoUpdate({ target: [atsVacancyMarks.connectorId, atsVacancyMarks.externalId], set: { eventAt: sql`greatest(${atsVacancyMarks.eventAt}, excluded.event_at)` } });
    return answer;
  }

  async function act(connector: Connector, action: AtsAction, auth: { workspaceId: string }, deliveryKey: string): Promise<InboundAnswer> {
    switch (action.kind) {
      case 'ping':
        return { status: 200, body: { outcome: 'ping' } };
      case 'ignored':
        return { status: 202, body: { outcome: 'ignored', detail: action.reason } };
      case 'application': {
        const parsed = parseInput(applicationInputSchema, action.input);
        if (!parsed.success) throw invalidContent('invalid-application', 'The application cannot be recorded', parsed.error.issues);
        const recorded = await deps.applications.record(auth, parsed.data);
        return { status: 200, body: { outcome: 'application', vacancyId: recorded.application.vacancyId } };
      }
      case 'close': {
        const existing = await vacancyRepo.findByExternalId(db, auth.workspaceId, externalIdOf(connector, action.externalId));
        if (!existing) return { status: 202, body: { outcome: 'ignored', detail: `no vacancy has the ATS id ${action.externalId}: nothing to close` } };
        await deps.vacancies.setStatus(auth, existing.id, 'closed');
        return { status: 200, body: { outcome: 'closed', vacancyId: existing.id } };
      }
      case 'reopen': {
        const existing = await vacancyRepo.findByExternalId(db, auth.workspaceId, externalIdOf(connector, action.externalId));
        if (action.input) return upsert(connector, { kind: 'upsert', externalId: action.externalId, input: action.input, extra: action.extra ?? {}, open: true }, auth, deliveryKey);
        if (!existing) return { status: 202, body: { outcome: 'ignored', detail: `no vacancy has the ATS id ${action.externalId}: nothing to reopen` } };
        const wasClosed = existing.status === 'closed';
        await deps.vacancies.setStatus(auth, existing.id, 'open');
        return launch(connector, auth, existing.id, wasClosed, deliveryKey, { status: 200, body: { outcome: 'reopened', vacancyId: existing.id } });
      }
      case 'upsert':
        return upsert(connector, action, auth, deliveryKey);
    }
  }

  // The ATS's ids are namespaced by kind: two ATSs of one workspace may both have a job 4471.
  const externalIdOf = (connector: Connector, id: string) => (connector.kind === 'generic' ? id : `${connector.kind}:${id}`);

  async function upsert(connector: Connector, action: Extract<AtsAction, { kind: 'upsert' }>, auth: { workspaceId: string }, deliveryKey: string): Promise<InboundAnswer> {
    const externalId = externalIdOf(connector, action.externalId);
    const existing = await vacancyRepo.findByExternalId(db, auth.workspaceId, externalId);
    // What the ATS did not say comes from the stored vacancy, or for a new one from the connector's defaults.
    const merged = { ...(connector.defaults as Record<string, unknown>), ...(existing ? defined(existing.doc as VacancyDoc) : {}), ...defined(action.input), externalId };
    const parsed = parseInput(vacancyInputSchema, merged);
    if (!parsed.success) {
      throw invalidContent('invalid-ats-vacancy', "The ATS's vacancy cannot become one here (a field the ATS does not send may belong in the connector's defaults)", parsed.error.issues);
    }
    const stated = { language: merged.language !== undefined };
    const { vacancy, created } = await deps.vacancies.upsertImported(auth, parsed.data as VacancyInput, action.extra, (posted, ex) => inferMissing(posted, stated, ex));
    let outcome: Outcome = created ? 'created' : 'updated';
    let opened = created && action.open;
    if (!action.open && vacancy.status === 'open') {
      await deps.vacancies.setStatus(auth, vacancy.id, 'closed');
      if (!created) outcome = 'closed';
    } else if (action.open && vacancy.status === 'closed' && !created) {
      await deps.vacancies.setStatus(auth, vacancy.id, 'open');
      outcome = 'reopened';
      opened = true;
    }
    return launch(connector, auth, vacancy.id, opened, deliveryKey, { status: created ? 201 : 200, body: { outcome, vacancyId: vacancy.id } });
  }

  /** The connector's default campaign, for a vacancy the ATS just opened; a refusal is told, not fatal. */
  async function launch(connector: Connector, auth: { workspaceId: string }, vacancyId: string, opened: boolean, deliveryKey: string, answer: InboundAnswer): Promise<InboundAnswer> {
    if (!opened || !connector.campaign) return answer;
    try {
      const { campaign } = await deps.campaigns.create(auth, vacancyId, connector.campaign as CampaignInput, { idempotencyKey: `ats:${connector.id}:${deliveryKey}`.slice(0, 200) });
      return { ...answer, body: { ...answer.body, campaignId: campaign.id } };
    } catch (err) {
      if (!(err instanceof Problem) || err.status >= 500) throw err;
      return { ...answer, body: { ...answer.body, detail: `the default campaign was not launched: ${err.message}` } };
    }
  }

  return { receive };
}

export type AtsInbound = ReturnType<typeof createAtsInbound>;
