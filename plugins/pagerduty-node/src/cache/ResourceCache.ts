import { CacheService } from '@backstage/backend-plugin-api';
import { JsonValue } from '@backstage/types';
import { PagerDutyApiError } from '../http/errors';

/** Data with its age. @public */
export interface Cached<T> {
  value: T;
  /** When the data was fetched from PagerDuty (ISO 8601). */
  fetchedAt: string;
  /** True when the data is older than its TTL and PagerDuty could not give fresh data. */
  stale: boolean;
}

interface Entry {
  v: JsonValue;
  /** fetchedAt, epoch ms */
  t: number;
}

/** Tells the loader whether stale data is at hand, so it need not queue for budget. */
export interface LoadContext {
  haveStale: boolean;
}

/**
 * Cache-aside with stale-while-error over Backstage's CacheService:
 * - fresh entries (younger than the resource's TTL) are served without upstream calls;
 * - identical concurrent loads share one upstream request (single flight, per process);
 * - entries are kept for `staleTtlMs` so the last good data can be served, marked stale,
 *   when PagerDuty fails or the request budget is used up.
 */
export class ResourceCache {
  private readonly inFlight = new Map<string, Promise<Cached<JsonValue>>>();

  constructor(
    private readonly cache: CacheService,
    private readonly staleTtlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** `load` must return JSON-serialisable data: it goes into the cache store as it is. */
  async get<T>(
    key: string,
    ttlMs: number,
    load: (context: LoadContext) => Promise<T>,
  ): Promise<Cached<T>> {
    const entry = await this.read(key);
    if (entry && this.now() - entry.t < ttlMs) {
      return {
        value: entry.v as T,
        fetchedAt: new Date(entry.t).toISOString(),
        stale: false,
      };
    }
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.load(
        key,
        entry,
        load as (c: LoadContext) => Promise<JsonValue>,
      ).finally(() => {
        if (this.inFlight.get(key) === pending) this.inFlight.delete(key);
      });
      this.inFlight.set(key, pending);
    }
    return (await pending) as Cached<unknown> as Cached<T>;
  }

  /** Stores fresh data fetched by another request (e.g. a service found in a listing). */
  async prime(key: string, value: JsonValue): Promise<void> {
    await this.write(key, value, this.now());
  }

  /** Drops an entry (after a write, or a webhook saying it changed). */
  async invalidate(key: string): Promise<void> {
    this.inFlight.delete(key);
    await this.cache.delete(key);
  }

  private async read(key: string): Promise<Entry | undefined> {
    try {
      const entry = await this.cache.get<JsonValue>(key);
      if (
        entry &&
        typeof entry === 'object' &&
        !Array.isArray(entry) &&
        't' in entry
      ) {
        return entry as unknown as Entry;
      }
    } catch {
      // A cache store outage must not take the card down; carry on uncached.
    }
    return undefined;
  }

  private async write(key: string, value: JsonValue, t: number) {
    try {
      await this.cache.set(key, { v: value, t }, { ttl: this.staleTtlMs });
    } catch {
      // As in read(): the data is still returned to the caller.
    }
  }

  private async load(
    key: string,
    entry: Entry | undefined,
    load: (context: LoadContext) => Promise<JsonValue>,
  ): Promise<Cached<JsonValue>> {
    try {
      const value = await load({ haveStale: entry !== undefined });
      const t = this.now();
      await this.write(key, value, t);
      return { value, fetchedAt: new Date(t).toISOString(), stale: false };
    } catch (error) {
      const canServeStale =
        entry !== undefined &&
        error instanceof PagerDutyApiError &&
        (error.kind === 'unavailable' || error.kind === 'rate-limited');
      if (canServeStale) {
        return {
          value: entry.v,
          fetchedAt: new Date(entry.t).toISOString(),
          stale: true,
        };
      }
      throw error;
    }
  }
}
