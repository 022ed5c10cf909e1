// A dead token parks its account's pending posts instead of failing them; new credentials (or a
// passing check) hand them back to the queue. Posts are found through their group, because a post
// learns its account only when it is sent and the group's account is the one it will use.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { groups, posts } from '../db/schema.js';
import type { PublishQueue } from './publish-queue.js';
import { postRepo } from '../repositories/post-repo.js';

const ofAccount = (workspaceId: string, accountId: string) =>
  and(
    eq(posts.workspaceId, workspaceId),
    inArray(posts.groupId, sql`(select ${groups.id} from ${groups} where ${groups.accountId} = ${accountId})`),
  )!;

export async function holdAccountPosts(tx: Db, workspaceId: string, accountId: string): Promise<number> {
  const held = await postRepo.setHold(tx, ofAccount(workspaceId, accountId), 'account_needs_reauth', 'held: the account needs new credentials');
  return held.length;
}

export async function releaseAccountPosts(tx: Db, queue: PublishQueue, workspaceId: string, accountId: string): Promise<number> {
  const released = await postRepo.setHold(
    tx,
    and(ofAccount(workspaceId, accountId), eq(posts.hold, 'account_needs_reauth'))!,
    null,
    'released: the account works again',
  );
  await queue.enqueue(tx, released);
  return released.length;
}
