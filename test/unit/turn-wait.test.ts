// waitForTurn (src/publishing/waiting.ts): a job waits in-process for its rate-limit turn within one
// budget counted from its first ask, in at most five asks; each ask may wait what is left of it.
import t from 'tap';
import { waitForTurn, type TurnWait } from '../../src/publishing/waiting.js';

// A clock the test moves: sleepUntil waits (at - now()) real milliseconds, so every wait here is 0.
function fakeClock(start: number) {
  let time = start;
  return { now: () => time, advance: (ms: number) => (time += ms) };
}

t.test('each ask may wait what is left of the budget; past it, the ask may not wait at all', async (t) => {
  const clock = fakeClock(1_000_000);
  const asked: TurnWait[] = [];
  const answer = await waitForTurn(
    undefined,
    async (wait) => {
      asked.push(wait);
      // Each ask finds the turn 4 s off, and is told so; the clock moves there before the next ask.
      if (!wait.maySoon) return { kind: 'later' as const };
      const at = clock.now() + 4_000;
      clock.advance(4_000);
      return { kind: 'soon' as const, at };
    },
    10_000,
    clock.now,
  );
  t.same(answer, { kind: 'later' });
  t.same(asked, [
    { maySoon: true, inlineWaitMs: 10_000 },
    { maySoon: true, inlineWaitMs: 6_000 },
    { maySoon: true, inlineWaitMs: 2_000 },
    { maySoon: false, inlineWaitMs: 0 },
  ], 'the budget runs from the first ask: 10, 6, 2 s left, then none');
});

t.test('the budget starts at the first ask, not while sleeping until the booked slot', async (t) => {
  const clock = fakeClock(1_000_000);
  const asked: TurnWait[] = [];
  // The slot has passed by the time the job runs: nothing to sleep, and the whole budget is left.
  await waitForTurn(clock.now() - 500, async (wait) => {
    asked.push(wait);
    return { kind: 'now' as const };
  }, 10_000, clock.now);
  t.same(asked, [{ maySoon: true, inlineWaitMs: 10_000 }]);
});

t.test('at most five asks may wait, however short each wait', async (t) => {
  const clock = fakeClock(1_000_000);
  const asked: TurnWait[] = [];
  await waitForTurn(
    undefined,
    async (wait) => {
      asked.push(wait);
      if (!wait.maySoon) return { kind: 'later' as const };
      clock.advance(10);
      return { kind: 'soon' as const, at: clock.now() };
    },
    10_000,
    clock.now,
  );
  t.equal(asked.length, 6, 'five asks that waited, and a sixth that may not');
  t.same(asked.map((a) => a.maySoon), [true, true, true, true, true, false]);
  t.same(asked.map((a) => a.inlineWaitMs).slice(0, 5), [10_000, 9_990, 9_980, 9_970, 9_960]);
});
