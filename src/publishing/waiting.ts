// Waiting for a rate-limit turn inside a worker, shared by the publisher and the closer.

// How many times one job waits in-process for calls ahead of it that ran late, before booking anew
// (see RateLimiter.turn): enough to ride out a slow moment, few enough that a job never camps.
export const MAX_SOON_ROUNDS = 5;

export function sleepUntil(at: number, now: () => number = Date.now): Promise<void> {
  const wait = at - now();
  return wait > 0 ? new Promise((r) => setTimeout(r, wait)) : Promise.resolve();
}
