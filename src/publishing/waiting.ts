// Waiting for a rate-limit turn inside a worker, shared by the publisher and the closer.
import { sleepUntil } from '../lib/sleep.js';

// How many times one job waits in-process for calls ahead of it that ran late, before booking anew
// (see RateLimiter.turn): enough to ride out a slow moment, few enough that a job never camps.
const MAX_SOON_ROUNDS = 5;

/**
 * Sleeps until `booked` (none: asks at once), then asks for the turn; while the answer is "soon",
 * sleeps until then and asks again, at most MAX_SOON_ROUNDS times (`maySoon` is false after that).
 * Returns the first answer that is not "soon".
 */
export async function waitForTurn<T extends { kind: string }>(
  booked: number | undefined,
  ask: (maySoon: boolean) => Promise<T | { kind: 'soon'; at: number }>,
  now: () => number = Date.now,
): Promise<T> {
  let slot = booked;
  for (let round = 0; ; round++) {
    if (slot !== undefined) await sleepUntil(slot, now);
    const answer = await ask(round < MAX_SOON_ROUNDS);
    if (!isSoon(answer)) return answer;
    slot = answer.at;
  }
}

/** The longest a job waits in-process for its turn: every "soon" round at its longest. */
export const longestTurnWaitMs = (inlineWaitMs: number) => MAX_SOON_ROUNDS * inlineWaitMs;

function isSoon(answer: { kind: string }): answer is { kind: 'soon'; at: number } {
  return answer.kind === 'soon';
}
