// Group commit for a statement many jobs run at once: the calls made in the same tick, or while the
// previous statement of the kind is running, go to the database together as one statement. When
// nothing is running a call goes at once (after the current tick), so nobody waits for a timer; under
// load one statement answers many callers. Embedded PGlite runs one statement at a time on the
// process's one thread, where a statement's fixed cost (parse, plan, protocol) dwarfs the rows it reads.
//
// Only for statements that stand alone (not inside a caller's transaction): every call in a group
// sees the database as of the one statement, which starts after each of them was made.

export interface GroupedCallsOptions {
  /** The most keys one statement is given; more calls wait for the next. */
  maxGroup: number;
}

/** `run` answers the keys it was given; a key it leaves out answers undefined. */
export function groupedCalls<K, V>(run: (keys: K[]) => Promise<Map<K, V>>, options: GroupedCallsOptions): (key: K) => Promise<V | undefined> {
  type Waiter = { key: K; resolve(value: V | undefined): void; reject(err: unknown): void };
  let waiting: Waiter[] = [];
  let running = false;
  let scheduled = false;

  function pump(): void {
    if (running || waiting.length === 0) return;
    const group = waiting.slice(0, options.maxGroup);
    waiting = waiting.slice(group.length);
    running = true;
    run([...new Set(group.map((w) => w.key))]).then(
      (answers) => {
        for (const w of group) w.resolve(answers.get(w.key));
      },
      (err: unknown) => {
        for (const w of group) w.reject(err);
      },
    ).finally(() => {
      running = false;
      pump();
    });
  }

  return (key) =>
    new Promise<V | undefined>((resolve, reject) => {
      waiting.push({ key, resolve, reject });
      if (scheduled) return;
      scheduled = true;
      // After the current tick: the jobs of a fetched batch start together and ask together.
      queueMicrotask(() => {
        scheduled = false;
        pump();
      });
    });
}
