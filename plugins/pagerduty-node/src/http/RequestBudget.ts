/**
 * A per-token request budget: at most `requestsPerMinute` requests in any sliding minute, plus
 * a pause when PagerDuty itself says the limit is reached (429 with `ratelimit-reset`).
 *
 * Requests that find no budget wait in FIFO order, up to a caller-given deadline; callers
 * holding cached data ask with `tryAcquire` and serve that data instead of waiting.
 */
export class RequestBudget {
  private readonly sent: number[] = [];
  private pausedUntil = 0;
  private readonly waiters: Array<{
    deadline: number;
    resolve: (ok: boolean) => void;
  }> = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly requestsPerMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one request slot now if there is one. */
  tryAcquire(): boolean {
    if (this.waiters.length > 0 || this.delayUntilFree() > 0) return false;
    this.sent.push(this.now());
    return true;
  }

  /** Takes one slot, waiting at most `maxWaitMs`; false when none was free in time. */
  acquire(maxWaitMs: number): Promise<boolean> {
    if (this.tryAcquire()) return Promise.resolve(true);
    if (maxWaitMs <= 0) return Promise.resolve(false);
    return new Promise(resolve => {
      this.waiters.push({ deadline: this.now() + maxWaitMs, resolve });
      this.schedule();
    });
  }

  /** PagerDuty answered 429: send nothing on this token before `resetMs` from now. */
  pause(resetMs: number) {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + resetMs);
    this.schedule();
  }

  /** Requests sent in the last minute (for health and tests). */
  usedInLastMinute(): number {
    this.prune();
    return this.sent.length;
  }

  private prune() {
    const cutoff = this.now() - 60_000;
    while (this.sent.length > 0 && this.sent[0] <= cutoff) this.sent.shift();
  }

  private delayUntilFree(): number {
    this.prune();
    const now = this.now();
    let delay = Math.max(0, this.pausedUntil - now);
    if (
      this.requestsPerMinute > 0 &&
      this.sent.length >= this.requestsPerMinute
    ) {
      const oldestThatMustExpire =
        this.sent[this.sent.length - this.requestsPerMinute];
      delay = Math.max(delay, oldestThatMustExpire + 60_000 - now + 1);
    }
    return delay;
  }

  private schedule() {
    if (this.timer || this.waiters.length === 0) return;
    const now = this.now();
    const nextDeadline = Math.min(...this.waiters.map(w => w.deadline));
    const wait = Math.max(
      0,
      Math.min(this.delayUntilFree(), nextDeadline - now),
    );
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.drain();
    }, wait);
    this.timer.unref?.();
  }

  private drain() {
    const now = this.now();
    // Expired waiters give up; the others are served in order while budget lasts.
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      if (this.waiters[i].deadline <= now) {
        this.waiters[i].resolve(false);
        this.waiters.splice(i, 1);
      }
    }
    while (this.waiters.length > 0 && this.delayUntilFree() === 0) {
      this.sent.push(this.now());
      this.waiters.shift()!.resolve(true);
    }
    this.schedule();
  }
}
