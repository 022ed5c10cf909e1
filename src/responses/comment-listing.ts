// The comments a vacancy's (or one post's) posts received, newest first, with the group they were
// made in. Comments are public data on the network; a deleted one is left out.
import { and, desc, eq, isNull, lt, or, type SQL } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { comments, groups, posts, vacancies } from '../db/schema.js';
import { decodeCursor, encodeCursor } from '../lib/cursor.js';
import { notFound } from '../lib/problem.js';
import type { AuthContext } from '../services/api-key-service.js';

type Auth = Pick<AuthContext, 'workspaceId'>;
type Page = { cursor?: string; limit: number };

// The cursor is the last comment's time and id: "<epoch ms>~<uuid>".
const CURSOR_KEY = /^\d{1,16}~[0-9a-f-]{36}$/;

export function createCommentListing(deps: { db: Db }) {
  const { db } = deps;

  async function page(auth: Auth, scope: SQL, query: Page) {
    let after: SQL | undefined;
    if (query.cursor) {
      const [ms, id] = decodeCursor(query.cursor, CURSOR_KEY).split('~') as [string, string];
      const at = new Date(Number(ms));
      after = or(lt(comments.at, at), and(eq(comments.at, at), lt(comments.id, id)));
    }
    const rows = await db
      .select({
        id: comments.id,
        postId: comments.postId,
        groupId: comments.groupId,
        groupName: groups.name,
        network: comments.network,
        authorName: comments.authorName,
        authorUrl: comments.authorUrl,
        text: comments.text,
        at: comments.at,
        editedAt: comments.editedAt,
        permalink: posts.permalink,
      })
      .from(comments)
      .innerJoin(groups, eq(groups.id, comments.groupId))
      .innerJoin(posts, eq(posts.id, comments.postId))
      .where(and(eq(comments.workspaceId, auth.workspaceId), scope, isNull(comments.deletedAt), after))
      .orderBy(desc(comments.at), desc(comments.id))
      .limit(query.limit + 1);
    const items = rows.slice(0, query.limit).map(({ permalink, at, editedAt, ...r }) => ({
      ...r,
      at: at.toISOString(),
      editedAt: editedAt?.toISOString() ?? null,
      postPermalink: permalink,
    }));
    const last = rows.length > query.limit ? rows[query.limit - 1] : undefined;
    return { items, nextCursor: last ? encodeCursor(`${last.at.getTime()}~${last.id}`) : null };
  }

  return {
    async forVacancy(auth: Auth, vacancyId: string, query: Page) {
      const [vacancy] = await db.select({ id: vacancies.id }).from(vacancies).where(and(eq(vacancies.workspaceId, auth.workspaceId), eq(vacancies.id, vacancyId)));
      if (!vacancy) throw notFound('Vacancy');
      return page(auth, eq(comments.vacancyId, vacancyId), query);
    },
    async forPost(auth: Auth, postId: string, query: Page) {
      const [post] = await db.select({ id: posts.id }).from(posts).where(and(eq(posts.workspaceId, auth.workspaceId), eq(posts.id, postId)));
      if (!post) throw notFound('Post');
      return page(auth, eq(comments.postId, postId), query);
    },
  };
}

export type CommentListing = ReturnType<typeof createCommentListing>;
