import { LoggerService } from '@backstage/backend-plugin-api';
import {
  RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRes,
} from 'rate-limiter-flexible';
import { withTimeout } from '../http/retry';

/** Answer of {@link BudgetStore.take}. */
export type TakeResult =
  | { ok: true }
  | {
      ok: false;
      /** When to ask again (ms). */
      retryInMs: number;
      /**
       * `budget`: the token's budget (or PagerDuty's 429 pause) is used up for everyone;
       * `share`: this consumer has used its share of the minute, others may go on.
       */
      reason: 'budget' | 'share';
    };

/** Where the counts live, and whether that place currently answers. @public */
export interface BudgetStoreHealth {
  store: 'redis' | 'database' | 'memory';
  /** `degraded`: the shared store did not answer; this process uses its own share. */
  status: 'ok' | 'degraded';
  message?: string;
}

/** Sizes of the limiters built for one store. */
export interface BudgetLimits {
  /** Requests per minute per token, across all replicas. */
  requestsPerMinute: number;
  /** Fraction of a minute's budget one consumer (an entity) may use; 1 = no limit. */
  consumerShare: number;
  /** Replicas expected: while the shared store is down, each uses 1/replicas of the budget. */
  replicas: number;
}

/**
 * The counting windows for a budget. `rate-limiter-flexible` counts in fixed windows; a minute
 * of PagerDuty's overlaps at most 60/S + 1 windows of S seconds, so each window gets
 * floor(requestsPerMinute * S / (60 + S)) slots and no minute, however it falls, goes over
 * the budget. S is chosen (1 to 15 s) to use as much of the budget as the rounding allows:
 * 2 s with 29 slots (870 a minute) for 900, 5 s with 9 slots (108) for 120.
 */
export function budgetWindow(perMinute: number): {
  seconds: number;
  slots: number;
} {
  let best = { seconds: 1, slots: 1 };
  for (let seconds = 1; seconds <= 15; seconds++) {
    const slots = Math.floor((perMinute * seconds) / (60 + seconds));
    if (slots >= 1 && slots / seconds > best.slots / best.seconds) {
      best = { seconds, slots };
    }
  }
  return best;
}

/** Slots per window so that any 60 s holds at most `perMinute`. */
export function slotsPerWindow(perMinute: number): number {
  return budgetWindow(perMinute).slots;
}

/** Late answers in a row after which the store counts as away. */
const LATE_ANSWERS_BEFORE_FALLBACK = 5;

/** Makes the limiters of one store: `rate-limiter-flexible`'s Redis, PostgreSQL or memory. */
export type LimiterFactory = (options: {
  keyPrefix: string;
  points: number;
  duration: number;
}) => RateLimiterAbstract;

/**
 * The counts behind {@link RequestBudget}, kept where every replica sees them (Redis or the
 * plugin's database, through `rate-limiter-flexible`), or in memory for a single process.
 *
 * Every call to the shared store is bounded by `timeoutMs`; when it fails or is late, the
 * process falls back to memory limiters sized to its share (1/replicas) of the budget until
 * the store answers again (checked at most every `retryMs`), and says so in the log.
 */
export class BudgetStore {
  private readonly window: RateLimiterAbstract;
  private readonly shares: RateLimiterAbstract[];
  private readonly fallbackWindow: RateLimiterAbstract;
  private readonly fallbackShares: RateLimiterAbstract[];
  private readonly unlimited: boolean;
  private downSince: number | undefined;
  private lastError: string | undefined;
  private lateInARow = 0;

  constructor(
    readonly kind: BudgetStoreHealth['store'],
    factory: LimiterFactory,
    limits: BudgetLimits,
    private readonly logger: LoggerService,
    private readonly options: {
      timeoutMs?: number;
      retryMs?: number;
      now?: () => number;
    } = {},
  ) {
    this.unlimited = limits.requestsPerMinute <= 0;
    const { seconds, slots } = budgetWindow(limits.requestsPerMinute);
    const replicas = Math.max(1, limits.replicas);
    this.window = factory({
      keyPrefix: 'window',
      points: slots,
      duration: seconds,
    });
    this.fallbackWindow = new RateLimiterMemory({
      keyPrefix: 'window',
      points: Math.max(1, Math.floor(slots / replicas)),
      duration: seconds,
    });
    // A consumer's share: `consumerShare` of a minute's budget, and, so that it cannot take
    // that in one burst while others wait, twice that fraction of any window (half of it by
    // default): another entity's card always finds room in the next window. Small budgets
    // still let one entity load a whole card: at least half a window and 40 a minute.
    const shares =
      limits.consumerShare < 1
        ? [
            {
              keyPrefix: 'share-window',
              points: Math.max(
                Math.ceil(slots / 2),
                Math.floor(slots * Math.min(1, 2 * limits.consumerShare)),
              ),
              duration: seconds,
            },
            {
              keyPrefix: 'share-minute',
              points: Math.max(
                Math.min(limits.requestsPerMinute, 40),
                Math.floor(limits.requestsPerMinute * limits.consumerShare),
              ),
              duration: 60,
            },
          ]
        : [];
    this.shares = shares.map(o => factory(o));
    this.fallbackShares = shares.map(
      o =>
        new RateLimiterMemory({
          ...o,
          points: Math.max(1, Math.floor(o.points / replicas)),
        }),
    );
  }

  /** Takes one request slot of `key` (a token) for `consumer` if both have one free. */
  async take(key: string, consumer?: string): Promise<TakeResult> {
    if (this.unlimited) return { ok: true };
    return this.guarded(shared => this.takeOn(shared, key, consumer));
  }

  /** PagerDuty answered 429: no replica sends on `key` for `ms`. */
  async pause(key: string, ms: number): Promise<void> {
    const seconds = Math.max(1, Math.ceil(ms / 1000));
    await this.guarded(async shared => {
      await (shared ? this.window : this.fallbackWindow).block(key, seconds);
    });
  }

  health(): BudgetStoreHealth {
    if (this.downSince === undefined) return { store: this.kind, status: 'ok' };
    return {
      store: this.kind,
      status: 'degraded',
      message: `the ${
        this.kind
      } store of the request budget is unreachable since ${new Date(
        this.downSince,
      ).toISOString()} (${
        this.lastError
      }); this replica uses its own share of the budget`,
    };
  }

  private async takeOn(
    shared: boolean,
    key: string,
    consumer: string | undefined,
  ): Promise<TakeResult> {
    const window = shared ? this.window : this.fallbackWindow;
    let shares: RateLimiterAbstract[] = [];
    if (consumer) shares = shared ? this.shares : this.fallbackShares;
    const shareKey = `${key}:${consumer}`;
    const taken: RateLimiterAbstract[] = [];
    const giveBack = () =>
      Promise.all(taken.map(l => l.reward(shareKey).catch(() => undefined)));
    for (const share of shares) {
      const refused = await rejection(share.consume(shareKey));
      if (refused) {
        await giveBack();
        return {
          ok: false,
          reason: 'share',
          retryInMs: Math.max(1, refused.msBeforeNext),
        };
      }
      taken.push(share);
    }
    const refused = await rejection(window.consume(key));
    if (!refused) return { ok: true };
    await giveBack();
    return {
      ok: false,
      reason: 'budget',
      retryInMs: Math.max(1, refused.msBeforeNext),
    };
  }

  /**
   * Runs `op` on the shared store within the time limit. When the store fails (refused
   * connection, no connection) the memory fallback answers at once. A late answer is not a
   * failure of the store by itself (a busy process answers late too, and the slot may well
   * have been counted there): it is a refusal, to be asked again shortly, until several in a
   * row show the store is really away.
   */
  private async guarded<T>(op: (shared: boolean) => Promise<T>): Promise<T> {
    const now = this.options.now ?? Date.now;
    if (this.kind === 'memory') return op(true);
    const retryMs = this.options.retryMs ?? 2_000;
    const down = this.downSince;
    if (down !== undefined && now() - down < retryMs) return op(false);
    const timeoutMs = this.options.timeoutMs ?? 250;
    let timedOut = false;
    try {
      const result = await withTimeout(op(true), timeoutMs, () => {
        timedOut = true;
        return new Error(`no answer within ${timeoutMs} ms`);
      });
      this.lateInARow = 0;
      if (this.downSince !== undefined) {
        this.logger.info(
          `PagerDuty request budget: the ${this.kind} store answers again; the budget is shared across replicas again`,
        );
        this.downSince = undefined;
        this.lastError = undefined;
      }
      return result;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (timedOut && ++this.lateInARow < LATE_ANSWERS_BEFORE_FALLBACK) {
        const refusal: TakeResult = {
          ok: false,
          reason: 'budget',
          retryInMs: 50,
        };
        return refusal as unknown as T;
      }
      if (this.downSince === undefined) {
        this.logger.warn(
          `PagerDuty request budget: the ${this.kind} store failed (${message}); this replica falls back to its own share of the budget until it answers`,
        );
      }
      // Restart the retry period: the next attempt at the store is retryMs from now.
      this.downSince = now();
      this.lastError = message;
      return op(false);
    }
  }
}

/** The limiter's refusal, or undefined when the point was consumed. Store errors throw. */
async function rejection(
  consumed: Promise<RateLimiterRes>,
): Promise<RateLimiterRes | undefined> {
  try {
    await consumed;
    return undefined;
  } catch (error) {
    if (error instanceof RateLimiterRes) return error;
    throw error;
  }
}
