/** Result of a rate-limit check. */
export interface LimitResult {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets (REST) or a slot frees up (Events). */
  resetSeconds: number;
}

/**
 * Fixed one-minute windows per key (PagerDuty's REST limit: 960 requests/minute per token,
 * announced with `ratelimit-limit`, `ratelimit-remaining`, `ratelimit-reset`).
 */
export class FixedWindowLimiter {
  private readonly windows = new Map<
    string,
    { start: number; count: number }
  >();

  constructor(
    readonly limit: number,
    private readonly windowMs = 60_000,
    private readonly clock: () => number = Date.now,
  ) {}

  hit(key: string): LimitResult {
    const now = this.clock();
    let w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    }
    const resetSeconds = Math.max(
      1,
      Math.ceil((w.start + this.windowMs - now) / 1000),
    );
    if (w.count >= this.limit) {
      return { allowed: false, limit: this.limit, remaining: 0, resetSeconds };
    }
    w.count += 1;
    return {
      allowed: true,
      limit: this.limit,
      remaining: this.limit - w.count,
      resetSeconds,
    };
  }

  reset(): void {
    this.windows.clear();
  }
}

/**
 * Sliding window looking back `windowMs` from now (the Events API's ~120 events/minute per
 * routing key "calculated over a 60 second window looking back from the current time").
 */
export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    readonly limit: number,
    private readonly windowMs = 60_000,
    private readonly clock: () => number = Date.now,
  ) {}

  hit(key: string): LimitResult {
    const now = this.clock();
    let list = this.hits.get(key);
    if (!list) {
      list = [];
      this.hits.set(key, list);
    }
    while (list.length && list[0] <= now - this.windowMs) list.shift();
    const resetSeconds = list.length
      ? Math.max(1, Math.ceil((list[0] + this.windowMs - now) / 1000))
      : 0;
    if (list.length >= this.limit) {
      return { allowed: false, limit: this.limit, remaining: 0, resetSeconds };
    }
    list.push(now);
    return {
      allowed: true,
      limit: this.limit,
      remaining: this.limit - list.length,
      resetSeconds: Math.max(
        1,
        Math.ceil((list[0] + this.windowMs - now) / 1000),
      ),
    };
  }

  reset(): void {
    this.hits.clear();
  }
}
