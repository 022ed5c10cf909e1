/** Resolves at `at` (epoch ms) by the given clock; at once when it has passed. */
export function sleepUntil(at: number, now: () => number = Date.now): Promise<void> {
  const wait = at - now();
  return wait > 0 ? new Promise((r) => setTimeout(r, wait)) : Promise.resolve();
}
