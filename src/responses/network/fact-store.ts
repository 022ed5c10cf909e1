// Records what a network told us, on the post it concerns, once per delivery: the delivery's key
// (Telegram update_id, VK event_id) is written in the same transaction as its facts, so a repeated
// delivery, even one racing the first on another process, changes nothing. A fact about a post that
// is not ours (a reply in a chat we never posted to) is dropped: the network still gets its answer.
import { sql } from 'drizzle-orm';
import { inTransaction, rowsOf, type Db } from '../../db/database.js';
import { uuidv7 } from '../../lib/uuid7.js';
import type { PostLocator, ResponseFact } from './facts.js';

interface PostRow { id: string; vacancy_id: string; group_id: string; network: string }

// Only the posts the hook's own account made: a hook's secret vouches for its bot, community or Page, and
// the same event reaching the hooks of two accounts (two bots in one group) is counted by one of them.
async function findPost(tx: Db, workspaceId: string, accountId: string, where: PostLocator): Promise<PostRow | undefined> {
  // A Telegram post's address is the chat's numeric id or its @username, as the recruiter gave it.
  // A Facebook post id already names its Page.
  const addressed =
    where.network === 'telegram'
      ? sql`(p.address = ${where.chatId} or (${where.username ?? null}::text is not null and lower(p.address) = lower('@' || ${where.username ?? null}::text)))`
      : where.network === 'vk'
        ? sql`p.address = ${where.groupId}`
        : sql`true`;
  const postId = where.network === 'telegram' ? where.messageId : where.postId;
  const [row] = rowsOf<PostRow>(
    await tx.execute(sql`select p.id, p.vacancy_id, p.group_id, p.network from posts p
      where p.network_post_id = ${postId} and p.workspace_id = ${workspaceId} and p.account_id = ${accountId} and p.network = ${where.network} and ${addressed}
      order by p.published_at desc nulls last limit 1`),
  );
  return row;
}

// Counters pushed between polls: the row is made on the first one.
async function moveCounters(tx: Db, workspaceId: string, post: PostRow, at: Date, set: 'reactions_total' | 'reactions' | 'reposts', value: number) {
  const initial = { reactions: set === 'reposts' ? null : Math.max(0, value), reposts: set === 'reposts' ? value : null };
  const update =
    set === 'reactions_total'
      ? // Telegram sends updates in parallel: an older total arriving late does not replace a newer one.
        sql`reactions = case when excluded.read_at >= coalesce(post_counters.read_at, '-infinity') then excluded.reactions else post_counters.reactions end`
      : set === 'reactions'
        ? sql`reactions = greatest(0, coalesce(post_counters.reactions, 0) + ${value})`
        : sql`reposts = coalesce(post_counters.reposts, 0) + ${value}`;
  await tx.execute(sql`insert into post_counters (post_id, workspace_id, vacancy_id, group_id, reactions, reposts, read_at)
    values (${post.id}, ${workspaceId}, ${post.vacancy_id}, ${post.group_id}, ${initial.reactions}, ${initial.reposts}, ${at})
    on conflict (post_id) do update set ${update}, read_at = greatest(post_counters.read_at, excluded.read_at)`);
}

async function apply(tx: Db, workspaceId: string, post: PostRow, fact: ResponseFact) {
  switch (fact.kind) {
    case 'comment':
      await tx.execute(sql`insert into comments (id, workspace_id, post_id, vacancy_id, group_id, network, external_id, author_name, author_url, text, at)
        values (${uuidv7()}, ${workspaceId}, ${post.id}, ${post.vacancy_id}, ${post.group_id}, ${post.network}, ${fact.externalId}, ${fact.authorName}, ${fact.authorUrl}, ${fact.text}, ${fact.at})
        on conflict (post_id, external_id) do nothing`);
      return;
    case 'comment_edited':
      // An edit of a comment whose creation we missed is still a comment.
      await tx.execute(sql`insert into comments (id, workspace_id, post_id, vacancy_id, group_id, network, external_id, text, at, edited_at)
        values (${uuidv7()}, ${workspaceId}, ${post.id}, ${post.vacancy_id}, ${post.group_id}, ${post.network}, ${fact.externalId}, ${fact.text}, ${fact.at}, ${fact.at})
        on conflict (post_id, external_id) do update set text = excluded.text, edited_at = excluded.edited_at`);
      return;
    case 'comment_deleted':
      await tx.execute(sql`update comments set deleted_at = ${fact.at} where post_id = ${post.id} and external_id = ${fact.externalId}`);
      return;
    case 'reactions_total':
      return moveCounters(tx, workspaceId, post, fact.at, 'reactions_total', fact.total);
    case 'reactions_changed':
      return moveCounters(tx, workspaceId, post, fact.at, 'reactions', fact.delta);
    case 'reposted':
      return moveCounters(tx, workspaceId, post, fact.at, 'reposts', 1);
  }
}

export interface Delivery {
  /** The hook it came through: its workspace and account are the only ones it may touch. */
  hook: { id: string; workspaceId: string; accountId: string };
  /** The network's id of the delivery; a second one with the same key is ignored. */
  eventKey: string;
  facts: ResponseFact[];
}

export function createFactStore(db: Db) {
  return {
    async record(delivery: Delivery): Promise<{ duplicate: boolean; matched: number }> {
      return inTransaction(db, async (tx) => {
        const fresh = rowsOf(
          await tx.execute(sql`insert into hook_events (hook_id, event_key) values (${delivery.hook.id}, ${delivery.eventKey}) on conflict do nothing returning 1 as taken`),
        );
        if (fresh.length === 0) return { duplicate: true, matched: 0 };
        await tx.execute(sql`update network_hooks set last_event_at = now() where id = ${delivery.hook.id}`);
        let matched = 0;
        for (const fact of delivery.facts) {
          const post = await findPost(tx, delivery.hook.workspaceId, delivery.hook.accountId, fact.post);
          if (!post) continue;
          await apply(tx, delivery.hook.workspaceId, post, fact);
          matched += 1;
        }
        return { duplicate: false, matched };
      });
    },
  };
}

export type FactStore = ReturnType<typeof createFactStore>;
