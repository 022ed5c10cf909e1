// Counters the fakes use to enforce the networks' published limits.

// At most `limit` events per `windowMs` per key (sliding window over exact timestamps).
export class SlidingWindow {
  private readonly hits = new Map<string, number[]>();
  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  // 0 when an event may happen now, otherwise ms until it may.
  waitMs(key: string, now: number): number {
    const list = this.hits.get(key);
    if (!list) return 0;
    while (list.length > 0 && list[0]! <= now - this.windowMs) list.shift();
    return list.length < this.limit ? 0 : list[0]! + this.windowMs - now;
  }

  record(key: string, now: number): void {
    const list = this.hits.get(key);
    if (list) list.push(now);
    else this.hits.set(key, [now]);
  }

  clear(): void {
    this.hits.clear();
  }
}

// At most `limit` events per calendar day per key, the day starting at local midnight.
export class DailyCounter {
  private readonly counts = new Map<string, number>();
  constructor(
    readonly limit: number,
    readonly utcOffsetHours: number,
  ) {}

  private slot(key: string, now: number): string {
    return `${key}|${Math.floor((now + this.utcOffsetHours * 3_600_000) / 86_400_000)}`;
  }

  exhausted(key: string, now: number): boolean {
    return (this.counts.get(this.slot(key, now)) ?? 0) >= this.limit;
  }

  record(key: string, now: number): void {
    const slot = this.slot(key, now);
    this.counts.set(slot, (this.counts.get(slot) ?? 0) + 1);
  }

  clear(): void {
    this.counts.clear();
  }
}
