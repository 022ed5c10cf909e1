// Posts as people see and steer them: lists and histories, assisted tasks, and the decisions the
// engine leaves to a person (an unknown outcome, a captcha, a hand-posted group).
import { inTransaction, type Db } from '../db/database.js';
import type { PostHold, PostStatus } from '../db/schema.js';
import { decodeCursor, encodeCursor } from '../lib/cursor.js';
import { Problem, notFound } from '../lib/problem.js';
import { groupUrl } from '../publishing/group-url.js';
import type { PublishQueue } from '../publishing/publish-queue.js';
import { groupRepo } from '../repositories/group-repo.js';
import { postRepo, type PostRow } from '../repositories/post-repo.js';
import { campaignRepo } from '../repositories/campaign-repo.js';
import { vacancyRepo } from '../repositories/vacancy-repo.js';
import type { Network } from '../registry/channel-schema.js';
import { postViews, toEventView, toGroupRef } from './publishing-views.js';
import type { VacancyService } from './vacancy-service.js';

type Auth = { workspaceId: string };
const many = <T>(v: T | readonly T[] | undefined): readonly T[] | undefined => (v === undefined ? undefined : Array.isArray(v) ? v : [v as T]);
// A date alone ("2026-12-01") is that day's 00:00 UTC, as the README says.
const instant = (s: string | undefined) => (s === undefined ? undefined : new Date(/^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00Z` : s));

export interface PostFilterInput {
  status?: PostStatus | PostStatus[];
  network?: Network;
  groupId?: string;
  vacancyId?: string;
  campaignId?: string;
  hold?: PostHold | 'any' | 'none';
  dueFrom?: string;
  dueTo?: string;
  cursor?: string;
  limit: number;
}
const UUID_KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const conflict = (post: PostRow, action: string) =>
  new Problem(409, 'post-state', `Cannot ${action} a post that is ${post.status}`, { postStatus: post.status });

function page<T extends { id: string }>(rows: T[], limit: number) {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? encodeCursor(items[items.length - 1]!.id) : null };
}

export function createPostService(deps: { db: Db; queue: PublishQueue; vacancies: VacancyService }) {
  const { db } = deps;

  async function mustFind(t: Db, auth: Auth, id: string): Promise<PostRow> {
    const row = await postRepo.find(t, auth.workspaceId, id);
    if (!row) throw notFound('Post');
    return row;
  }

  // Row-locked, then moved only from the statuses the action allows.
  async function act(auth: Auth, id: string, action: string, from: readonly PostStatus[], apply: (t: Db, post: PostRow) => Promise<PostRow | undefined>) {
    return inTransaction(db, async (t) => {
      await mustFind(t, auth, id);
      const post = (await postRepo.lock(t, id))!;
      if (!from.includes(post.status)) throw conflict(post, action);
      const updated = await apply(t, post);
      const [view] = await postViews(t, auth.workspaceId, [updated ?? post]);
      return view!;
    });
  }

  return {
    async get(auth: Auth, id: string) {
      const post = await mustFind(db, auth, id);
      const history = await postRepo.events(db, { workspaceId: auth.workspaceId, postId: id, limit: 1000 });
      const [view] = await postViews(db, auth.workspaceId, [post]);
      return { ...view!, history: history.map(toEventView) };
    },

    async list(auth: Auth, q: { vacancyId?: string; campaignId?: string; status?: PostStatus; cursor?: string; limit: number }) {
      if (q.vacancyId) await deps.vacancies.get(auth, q.vacancyId);
      if (q.campaignId && !(await campaignRepo.find(db, auth.workspaceId, q.campaignId))) throw notFound('Campaign');
      const afterId = q.cursor ? decodeCursor(q.cursor, UUID_KEY) : undefined;
      const rows = await postRepo.list(db, { workspaceId: auth.workspaceId, ...q, ...(afterId ? { afterId } : {}), limit: q.limit + 1 });
      const { items, nextCursor } = page(rows, q.limit);
      return { items: await postViews(db, auth.workspaceId, items), nextCursor };
    },

    /** Every post of the workspace across vacancies and campaigns, oldest first, filtered. */
    async listAll(auth: Auth, q: PostFilterInput) {
      const afterId = q.cursor ? decodeCursor(q.cursor, UUID_KEY) : undefined;
      const rows = await postRepo.listFiltered(db, {
        workspaceId: auth.workspaceId,
        statuses: many(q.status),
        network: q.network,
        groupId: q.groupId,
        vacancyId: q.vacancyId,
        campaignId: q.campaignId,
        hold: q.hold,
        dueFrom: instant(q.dueFrom),
        dueTo: instant(q.dueTo),
        afterId,
        limit: q.limit + 1,
      });
      const { items, nextCursor } = page(rows, q.limit);
      return { items: await postViews(db, auth.workspaceId, items), nextCursor };
    },

    async history(auth: Auth, q: { vacancyId?: string; campaignId?: string; cursor?: string; limit: number }) {
      if (q.vacancyId) await deps.vacancies.get(auth, q.vacancyId);
      if (q.campaignId && !(await campaignRepo.find(db, auth.workspaceId, q.campaignId))) throw notFound('Campaign');
      const afterId = q.cursor ? decodeCursor(q.cursor, UUID_KEY) : undefined;
      const rows = await postRepo.events(db, { workspaceId: auth.workspaceId, ...q, ...(afterId ? { afterId } : {}), limit: q.limit + 1 });
      const { items, nextCursor } = page(rows, q.limit);
      return { items: items.map(toEventView), nextCursor };
    },

    /** Posts waiting for a person: text to paste, where to paste it, and the post's own apply link. */
    async assistedTasks(auth: Auth, q: { cursor?: string; limit: number }) {
      const afterId = q.cursor ? decodeCursor(q.cursor, UUID_KEY) : undefined;
      const rows = await postRepo.list(db, { workspaceId: auth.workspaceId, status: 'awaiting_manual', ...(afterId ? { afterId } : {}), limit: q.limit + 1 });
      const { items, nextCursor } = page(rows, q.limit);
      const groupRows = await groupRepo.findByIds(db, auth.workspaceId, [...new Set(items.map((p) => p.groupId))]);
      const byId = new Map(groupRows.map((g) => [g.id, g]));
      return {
        items: items.map((p) => {
          const g = byId.get(p.groupId);
          return {
            postId: p.id,
            vacancyId: p.vacancyId,
            campaignId: p.campaignId,
            network: p.network,
            groupId: p.groupId,
            groupName: g?.name ?? null,
            group: toGroupRef(g!),
            groupUrl: groupUrl(p.network, p.address ?? g?.address ?? null),
            text: p.text ?? '',
            applyUrl: p.applyUrl,
            reason: p.mode === 'assisted' ? 'the network has no API for this group' : (p.lastError ?? 'the network asked for a person'),
            dueAt: p.dueAt.toISOString(),
          };
        }),
        nextCursor,
      };
    },

    /** A person posted it (assisted), or found it on the network (unknown outcome). */
    markPublished(auth: Auth, id: string, input: { permalink: string; networkPostId?: string }) {
      return act(auth, id, 'mark as published', ['awaiting_manual', 'unknown'], (t, post) =>
        postRepo.transition(t, post, ['awaiting_manual', 'unknown'], {
          to: 'published',
          error: null,
          set: { permalink: input.permalink, networkPostId: input.networkPostId ?? post.networkPostId, publishedAt: new Date(), leaseUntil: null },
          note: 'marked as published by a person',
        }),
      );
    },

    /** A person decided it should not be posted. */
    skip(auth: Auth, id: string, input: { reason?: string }) {
      return act(auth, id, 'skip', ['awaiting_manual', 'unknown', 'failed'], (t, post) =>
        postRepo.transition(t, post, ['awaiting_manual', 'unknown', 'failed'], {
          to: 'cancelled',
          note: `skipped by a person${input.reason ? `: ${input.reason}` : ''}`,
        }),
      );
    },

    /** A person checked the network and wants it sent (again): the one way an unknown post is re-sent. */
    resend(auth: Auth, id: string) {
      return act(auth, id, 're-send', ['unknown', 'failed', 'awaiting_manual'], async (t, post) => {
        if (post.mode === 'assisted') throw new Problem(409, 'post-state', 'This group has no API: post it by hand, then confirm it');
        const vacancy = await vacancyRepo.findById(t, auth.workspaceId, post.vacancyId);
        if (vacancy?.status === 'closed') throw new Problem(409, 'vacancy-closed', 'The vacancy is closed');
        const updated = await postRepo.transition(t, post, ['unknown', 'failed', 'awaiting_manual'], {
          to: 'queued',
          set: { dueAt: new Date(), leaseUntil: null, hold: null },
          note: 're-send requested by a person',
        });
        if (updated) await deps.queue.enqueue(t, [updated]);
        return updated;
      });
    },
  };
}

export type PostService = ReturnType<typeof createPostService>;
