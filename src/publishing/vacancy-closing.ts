// What closing a vacancy does, inside the closing transaction: its campaigns end, posts not yet
// out are cancelled, and each published post gets a job that edits or deletes it per the
// workspace's close policy (the job knows each network's rules, e.g. Telegram's 48 hours).
import { and, eq, inArray, isNull, type SQL } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { posts, workspaces } from '../db/schema.js';
import type { JobQueue } from '../jobs/job-queue.js';
import { campaignRepo } from '../repositories/campaign-repo.js';
import { postRepo } from '../repositories/post-repo.js';

export type ClosePolicy = 'edit' | 'delete' | 'leave';

export async function closePolicyOf(tx: Db, workspaceId: string): Promise<ClosePolicy> {
  const [row] = await tx.select({ policy: workspaces.closePolicy }).from(workspaces).where(eq(workspaces.id, workspaceId));
  return row?.policy ?? 'edit';
}

export function createVacancyClosing(deps: { jobs: JobQueue }) {
  return async function onVacancyClosed(tx: Db, auth: { workspaceId: string }, vacancyId: string): Promise<void> {
    const ofVacancy = and(eq(posts.workspaceId, auth.workspaceId), eq(posts.vacancyId, vacancyId))!;
    await campaignRepo.endForVacancy(tx, auth.workspaceId, vacancyId, 'vacancy_closed');
    await postRepo.cancelPending(tx, ofVacancy, 'the vacancy was closed');
    await planClosingChanges(tx, deps.jobs, auth.workspaceId, ofVacancy);
  };
}

/** Enqueues a close job for each post out on a network, and notes the hand-posted ones. */
export async function planClosingChanges(tx: Db, jobs: JobQueue, workspaceId: string, where: SQL): Promise<void> {
  const policy = await closePolicyOf(tx, workspaceId);
  if (policy === 'leave') return;
  const out = await tx
    .select()
    .from(posts)
    .where(and(where, inArray(posts.status, ['published', 'suggested']), isNull(posts.closedEditAt)));
  for (const post of out) {
    if (post.mode === 'assisted' || !post.networkPostId) {
      await postRepo.recordEvent(tx, post, post.status, `the vacancy closed: ${policy === 'delete' ? 'delete' : 'edit'} this post by hand (posted without an API)`);
    } else {
      await jobs.enqueue(tx, 'post.close', { postId: post.id });
    }
  }
}
