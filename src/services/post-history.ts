// Targeting's view of where a vacancy already went: the last post into each group.
import type { Db } from '../db/database.js';
import { postRepo } from '../repositories/post-repo.js';
import type { PostHistory } from '../targeting/types.js';

export async function postHistory(db: Db, workspaceId: string, vacancyId: string): Promise<PostHistory> {
  const last = await postRepo.lastPostTimes(db, workspaceId, vacancyId);
  return { lastPostedAt: (groupId) => last.get(groupId) };
}
