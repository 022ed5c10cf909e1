// Applications, the end of the funnel: an ATS (or a person) says a candidate applied, and through
// what — the tracked link's code, the post, or the utm_* tags of a direct link — and the application
// is attributed to that post and so to its group. The same external id twice records one.
import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { applications, groups, posts } from '../db/schema.js';
import { Problem } from '../lib/problem.js';
import { uuidv7 } from '../lib/uuid7.js';
import type { AuthContext } from '../services/api-key-service.js';
import type { ApplicationInput } from './schemas.js';

type Auth = Pick<AuthContext, 'workspaceId'>;
type Attributed = { id: string; vacancyId: string; groupId: string; campaignId: string };

const postColumns = { id: posts.id, vacancyId: posts.vacancyId, groupId: posts.groupId, campaignId: posts.campaignId };

function notFound(field: string, detail: string): Problem {
  return new Problem(422, 'unknown-source', detail, { errors: [{ field, in: 'body', message: detail }] });
}

async function attribute(db: Db, workspaceId: string, input: ApplicationInput): Promise<{ post: Attributed; via: 'link_code' | 'post_id' | 'utm' }> {
  if (input.code !== undefined) {
    const [post] = await db.select(postColumns).from(posts).where(and(eq(posts.workspaceId, workspaceId), eq(posts.linkCode, input.code)));
    if (!post) throw notFound('code', 'no post of this workspace has this tracked link');
    return { post, via: 'link_code' };
  }
  if (input.postId !== undefined) {
    const [post] = await db.select(postColumns).from(posts).where(and(eq(posts.workspaceId, workspaceId), eq(posts.id, input.postId)));
    if (!post) throw notFound('postId', 'no such post in this workspace');
    return { post, via: 'post_id' };
  }
  const utm = input.utm!;
  // A recurring campaign posts to a group many times: the application goes to the latest occurrence.
  const [post] = await db
    .select(postColumns)
    .from(posts)
    .innerJoin(groups, eq(groups.id, posts.groupId))
    .where(and(eq(posts.workspaceId, workspaceId), eq(posts.campaignId, utm.campaign), eq(groups.slug, utm.content)))
    .orderBy(desc(posts.occurrence))
    .limit(1);
  if (!post) throw notFound('utm.content', 'no post of this campaign went to a group with this slug');
  return { post, via: 'utm' };
}

type ApplicationRow = typeof applications.$inferSelect;
const view = (row: ApplicationRow) => ({
  id: row.id,
  externalId: row.externalId,
  candidate: row.candidate,
  appliedAt: row.appliedAt.toISOString(),
  via: row.via,
  postId: row.postId,
  vacancyId: row.vacancyId,
  groupId: row.groupId,
  campaignId: row.campaignId,
  createdAt: row.createdAt.toISOString(),
});

export function createApplications(deps: { db: Db }) {
  const { db } = deps;
  return {
    /** Records the application; `created` is false when its external id was recorded before (that one is returned). */
    async record(auth: Auth, input: ApplicationInput) {
      const existing = async () =>
        (await db.select().from(applications).where(and(eq(applications.workspaceId, auth.workspaceId), eq(applications.externalId, input.externalId))))[0];
      const before = await existing();
      if (before) return { created: false, application: view(before) };
      const { post, via } = await attribute(db, auth.workspaceId, input);
      const [row] = await db
        .insert(applications)
        .values({
          id: uuidv7(),
          workspaceId: auth.workspaceId,
          externalId: input.externalId,
          postId: post.id,
          vacancyId: post.vacancyId,
          groupId: post.groupId,
          campaignId: post.campaignId,
          candidate: input.candidate ?? null,
          appliedAt: input.appliedAt ? new Date(input.appliedAt) : new Date(),
          via,
        })
        .onConflictDoNothing({ target: [applications.workspaceId, applications.externalId] })
        .returning();
      // Lost a race with the same id recorded at the same moment: that one stands.
      if (!row) return { created: false, application: view((await existing())!) };
      return { created: true, application: view(row) };
    },
  };
}

export type Applications = ReturnType<typeof createApplications>;
