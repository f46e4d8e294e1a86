import {
  CacheService,
  CacheServiceOptions,
  CacheServiceSetOptions,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { JsonValue } from '@backstage/types';
import { withTimeout } from '../http/retry';

/** State of the cache store as the plugin sees it. @public */
export interface CacheHealth {
  status: 'ok' | 'degraded';
  /** What failed, naming the cache (never PagerDuty). */
  message?: string;
}

/**
 * Backstage's CacheService with every call bounded: a call that fails or takes longer than
 * `timeoutMs` counts as a miss (reads) or is dropped (writes), so a Redis outage slows nothing
 * down. After a failure the store is left alone for `retryMs` (no commands pile up in the
 * client's queue while it is away), then tried again with the next call: the replica recovers
 * by itself when the store returns.
 */
export class BoundedCache implements CacheService {
  private downSince: number | undefined;
  private lastTry = 0;
  private lastError = '';
  private readonly missedDeletes = new Set<string>();

  constructor(
    private readonly cache: CacheService,
    private readonly logger: LoggerService,
    private readonly options: {
      timeoutMs?: number;
      retryMs?: number;
      now?: () => number;
    } = {},
  ) {}

  async get<TValue extends JsonValue>(
    key: string,
  ): Promise<TValue | undefined> {
    return this.call('read', () => this.cache.get<TValue>(key), undefined);
  }

  async set(
    key: string,
    value: JsonValue,
    options?: CacheServiceSetOptions,
  ): Promise<void> {
    await this.call(
      'write',
      () => this.cache.set(key, value, options),
      undefined,
    );
  }

  async delete(key: string): Promise<void> {
    const done = await this.call(
      'delete',
      async () => {
        await this.cache.delete(key);
        return true;
      },
      false,
    );
    // An invalidation the store missed is repeated when it answers again, so a change that
    // happened during the outage does not stay hidden behind an old entry.
    if (!done && this.missedDeletes.size < 10_000) this.missedDeletes.add(key);
  }

  withOptions(options: CacheServiceOptions): CacheService {
    return new BoundedCache(
      this.cache.withOptions(options),
      this.logger,
      this.options,
    );
  }

  health(): CacheHealth {
    if (this.downSince === undefined) return { status: 'ok' };
    return {
      status: 'degraded',
      message: `the cache store is unreachable since ${new Date(
        this.downSince,
      ).toISOString()} (${
        this.lastError
      }); PagerDuty data is fetched uncached until it answers`,
    };
  }

  /** True while the store is considered down (for error messages). */
  isDegraded(): boolean {
    return this.downSince !== undefined;
  }

  private now() {
    return (this.options.now ?? Date.now)();
  }

  private async call<T>(
    what: string,
    op: () => Promise<T>,
    fallback: T,
  ): Promise<T> {
    const retryMs = this.options.retryMs ?? 2_000;
    if (this.downSince !== undefined && this.now() - this.lastTry < retryMs) {
      return fallback;
    }
    this.lastTry = this.now();
    const timeoutMs = this.options.timeoutMs ?? 200;
    try {
      const result = await withTimeout(
        op(),
        timeoutMs,
        () => new Error(`no answer within ${timeoutMs} ms`),
      );
      if (this.downSince !== undefined) {
        this.logger.info('PagerDuty cache: the cache store answers again');
        this.downSince = undefined;
        const missed = [...this.missedDeletes];
        this.missedDeletes.clear();
        for (const key of missed) void this.delete(key);
      }
      return result;
    } catch (error) {
      this.lastError = `${what} failed: ${
        error instanceof Error ? error.message : String(error)
      }`;
      if (this.downSince === undefined) {
        this.downSince = this.now();
        this.logger.warn(
          `PagerDuty cache: the cache store failed (${this.lastError}); serving uncached until it answers`,
        );
      }
      return fallback;
    }
  }
}
