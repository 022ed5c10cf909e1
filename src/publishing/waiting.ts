// Waiting for a rate-limit turn inside a worker, shared by the publisher and the closer.
import { sleepUntil } from '../lib/sleep.js';

// How many times one job asks for its turn in-process before booking anew: enough to ride out a
// slow moment, few enough that a job never camps.
const MAX_SOON_ROUNDS = 5;

/** What one ask may wait in-process (RateLimiter.wait's options): what is left of the job's budget. */
export interface TurnWait {
  maySoon: boolean;
  inlineWaitMs: number;
}

/**
 * Sleeps until `booked` (none: asks at once), then asks for the turn; while the answer is "soon",
 * sleeps until then and asks again. From the first ask on, the job waits at most `budgetMs` in all
 * (each ask may wait what is left of it) and asks at most MAX_SOON_ROUNDS times. Returns the first
 * answer that is not "soon". One budget rather than a bound per ask: a call waiting behind two
 * others on its key is told one instant a little further off, instead of asking once per call ahead.
 */
export async function waitForTurn<T extends { kind: string }>(
  booked: number | undefined,
  ask: (wait: TurnWait) => Promise<T | { kind: 'soon'; at: number }>,
  budgetMs: number,
  now: () => number = Date.now,
): Promise<T> {
  let slot = booked;
  let deadline: number | undefined;
  for (let round = 0; ; round++) {
    if (slot !== undefined) await sleepUntil(slot, now);
    deadline ??= now() + budgetMs;
    const left = round < MAX_SOON_ROUNDS ? Math.max(0, deadline - now()) : 0;
    const answer = await ask({ maySoon: left > 0, inlineWaitMs: left });
    if (!isSoon(answer)) return answer;
    slot = answer.at;
  }
}

function isSoon(answer: { kind: string }): answer is { kind: 'soon'; at: number } {
  return answer.kind === 'soon';
}
