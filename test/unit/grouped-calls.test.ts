// groupedCalls (src/lib/grouped-calls.ts): the calls of one tick, and those made while a statement
// runs, are answered by one run each; nothing waits when nothing runs; a failure answers its own group only.
import t from 'tap';
import { groupedCalls } from '../../src/lib/grouped-calls.js';

function recorder(fail?: (keys: number[]) => boolean) {
  const runs: number[][] = [];
  let release: (() => void) | undefined;
  let held = false;
  const run = async (keys: number[]) => {
    runs.push(keys);
    if (held) await new Promise<void>((r) => (release = r));
    if (fail?.(keys)) throw new Error(`no answer for ${keys.join(',')}`);
    return new Map(keys.filter((k) => k !== 404).map((k) => [k, `row ${k}`] as const));
  };
  return {
    runs,
    run,
    hold: () => (held = true),
    letGo: () => {
      held = false;
      release?.();
    },
  };
}

t.test('calls made in one tick go as one run, each answered with its own row', async (t) => {
  const r = recorder();
  const read = groupedCalls(r.run, { maxGroup: 100 });
  const answers = await Promise.all([1, 2, 3, 2, 404].map((k) => read(k)));
  t.same(answers, ['row 1', 'row 2', 'row 3', 'row 2', undefined], 'a key the run leaves out answers undefined');
  t.same(r.runs, [[1, 2, 3, 404]], 'one run, each key once');
});

t.test('calls made while a run is out wait for it and go together in the next', async (t) => {
  const r = recorder();
  const read = groupedCalls(r.run, { maxGroup: 100 });
  r.hold();
  const first = read(1);
  await new Promise((resolve) => setImmediate(resolve));
  t.same(r.runs, [[1]], 'alone, a call goes at once');
  const later = [read(2), read(3), read(4)];
  await new Promise((resolve) => setImmediate(resolve));
  t.same(r.runs, [[1]], 'nothing more runs while the first is out');
  r.letGo();
  t.same(await Promise.all([first, ...later]), ['row 1', 'row 2', 'row 3', 'row 4']);
  t.same(r.runs, [[1], [2, 3, 4]], 'the three that waited went as one');
});

t.test('no run is given more than maxGroup keys', async (t) => {
  const r = recorder();
  const read = groupedCalls(r.run, { maxGroup: 2 });
  const answers = await Promise.all([1, 2, 3, 4, 5].map((k) => read(k)));
  t.same(answers, ['row 1', 'row 2', 'row 3', 'row 4', 'row 5']);
  t.same(r.runs, [[1, 2], [3, 4], [5]]);
});

t.test('a run that fails rejects its own callers, and the next group still runs', async (t) => {
  const r = recorder((keys) => keys.includes(1));
  const read = groupedCalls(r.run, { maxGroup: 2 });
  const outcomes = await Promise.allSettled([1, 2, 3].map((k) => read(k)));
  t.same(outcomes.map((o) => o.status), ['rejected', 'rejected', 'fulfilled']);
  t.match((outcomes[0] as PromiseRejectedResult).reason.message, /no answer for 1,2/);
  t.equal(await read(7), 'row 7', 'later calls are answered');
});
