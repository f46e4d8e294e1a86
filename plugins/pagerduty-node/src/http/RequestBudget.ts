import { BudgetStore, TakeResult } from '../budget/BudgetStore';

/** Who asks for a request slot, for fair use of the budget. @public */
export interface BudgetClaim {
  /**
   * What the request is for, e.g. an entity ref: one consumer may use at most
   * `pagerDuty.client.entityShare` of a minute's budget, so one entity cannot starve others.
   */
  consumer?: string;
  /** `interactive` (a user waits; default) is served before `background` work. */
  priority?: 'interactive' | 'background';
}

interface Waiter {
  deadline: number;
  claim: BudgetClaim;
  resolve: (ok: boolean) => void;
}

/**
 * A per-token request budget shared by all replicas: at most `requestsPerMinute` requests in
 * any minute across the processes that share the budget store, plus a pause for
 * everyone when PagerDuty itself says the limit is reached (429 with `ratelimit-reset`).
 *
 * Requests that find no budget wait, interactive ones before background ones and each kind in
 * FIFO order, up to a caller-given deadline; callers holding cached data ask with `tryAcquire`
 * and serve that data instead of waiting. A consumer that has used its share waits (or is
 * refused) without holding up the others.
 *
 * @public
 */
export class RequestBudget {
  private readonly waiters: Waiter[] = [];
  /** When this process sent its requests (for health and benchmarks). */
  private readonly sent: number[] = [];
  private pausedUntil = 0;
  private timer: NodeJS.Timeout | undefined;
  private draining = false;
  /** Consumers the store last refused for their share, until when (for error messages). */
  private readonly overShare = new Map<string, number>();

  /** @internal */
  constructor(
    private readonly store: BudgetStore,
    /** The store key of the token (a digest, never the token). */
    private readonly key: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one request slot now if there is one and nobody is waiting for it. */
  async tryAcquire(claim: BudgetClaim = {}): Promise<boolean> {
    if (this.waiters.length > 0 || this.now() < this.pausedUntil) return false;
    const result = await this.store.take(this.key, claim.consumer);
    if (result.ok) this.record();
    else this.noteRefusal(claim.consumer, result);
    return result.ok;
  }

  /** True when `consumer` was refused because it used its share of the minute. */
  isOverShare(consumer: string | undefined): boolean {
    if (consumer === undefined) return false;
    const until = this.overShare.get(consumer);
    if (until === undefined) return false;
    if (until > this.now()) return true;
    this.overShare.delete(consumer);
    return false;
  }

  private noteRefusal(consumer: string | undefined, result: TakeResult) {
    if (consumer === undefined || result.ok) return;
    if (result.reason === 'share') {
      if (this.overShare.size > 10_000) this.overShare.clear();
      this.overShare.set(consumer, this.now() + result.retryInMs);
    } else {
      this.overShare.delete(consumer);
    }
  }

  /** Takes one slot, waiting at most `maxWaitMs`; false when none was free in time. */
  async acquire(maxWaitMs: number, claim: BudgetClaim = {}): Promise<boolean> {
    if (await this.tryAcquire(claim)) return true;
    if (maxWaitMs <= 0) return false;
    return new Promise(resolve => {
      const waiter = { deadline: this.now() + maxWaitMs, claim, resolve };
      // Interactive before background; FIFO within each.
      const background = claim.priority === 'background';
      const at = background
        ? this.waiters.length
        : this.waiters.findIndex(w => w.claim.priority === 'background');
      this.waiters.splice(at === -1 ? this.waiters.length : at, 0, waiter);
      this.schedule(0);
    });
  }

  /** PagerDuty answered 429: no replica sends on this token before `resetMs` from now. */
  pause(resetMs: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + resetMs);
    void this.store.pause(this.key, resetMs).catch(() => undefined);
    this.schedule(resetMs);
  }

  /** Requests this process sent in the last minute (for health and benchmarks). */
  usedInLastMinute(): number {
    const cutoff = this.now() - 60_000;
    while (this.sent.length > 0 && this.sent[0] <= cutoff) this.sent.shift();
    return this.sent.length;
  }

  /** Requests waiting for a slot in this process. */
  waiting(): number {
    return this.waiters.length;
  }

  private record() {
    this.sent.push(this.now());
    if (this.sent.length > 10_000) this.usedInLastMinute();
  }

  private schedule(delayMs: number) {
    if (this.waiters.length === 0 || this.draining) return;
    const nextDeadline = Math.min(...this.waiters.map(w => w.deadline));
    const wait = Math.max(
      0,
      Math.min(
        Math.max(delayMs, this.pausedUntil - this.now()),
        nextDeadline - this.now(),
      ),
    );
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.drain();
    }, wait);
    this.timer.unref?.();
  }

  private async drain() {
    if (this.draining) return;
    this.draining = true;
    let retryInMs = 0;
    try {
      this.expire();
      // Consumers that used their share in this pass; others behind them may go on.
      const overShare = new Map<string, number>();
      for (let i = 0; i < this.waiters.length; ) {
        if (this.now() < this.pausedUntil) {
          retryInMs = this.pausedUntil - this.now();
          break;
        }
        const waiter = this.waiters[i];
        const consumer = waiter.claim.consumer;
        if (consumer !== undefined && overShare.has(consumer)) {
          i++;
          continue;
        }
        const result = await this.store.take(this.key, consumer);
        if (result.ok) {
          this.waiters.splice(i, 1);
          this.record();
          waiter.resolve(true);
          continue;
        }
        this.noteRefusal(consumer, result);
        if (result.reason === 'share' && consumer !== undefined) {
          overShare.set(consumer, result.retryInMs);
          i++;
          continue;
        }
        retryInMs = result.retryInMs;
        break;
      }
      if (retryInMs === 0 && overShare.size > 0) {
        retryInMs = Math.min(...overShare.values());
      }
      this.expire();
    } finally {
      this.draining = false;
    }
    this.schedule(retryInMs);
  }

  /** Waiters past their deadline give up. */
  private expire() {
    const now = this.now();
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      if (this.waiters[i].deadline <= now) {
        this.waiters[i].resolve(false);
        this.waiters.splice(i, 1);
      }
    }
  }
}
