import { CacheService } from '@backstage/backend-plugin-api';
import { JsonValue } from '@backstage/types';
import { PagerDutyApiError } from '../http/errors';
import { PagerDutyTelemetry } from '../telemetry/PagerDutyTelemetry';

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

/** A remembered 403/404 answer. */
interface NegativeEntry {
  /** When PagerDuty answered, epoch ms. */
  t: number;
  kind: 'forbidden' | 'not-found';
  message: string;
  status?: number;
  code?: number;
  details: string[];
}

const negativeKey = (key: string) => `${key}:negative`;

/** Tells the loader whether stale data is at hand, so it need not queue for budget. */
export interface LoadContext {
  haveStale: boolean;
}

/**
 * Cache-aside with stale-while-error over Backstage's CacheService:
 * - fresh entries (younger than the resource's TTL) are served without upstream calls;
 * - identical concurrent loads share one upstream request (single flight, per process);
 * - entries are kept for `staleTtlMs` so the last good data can be served, marked stale,
 *   when PagerDuty fails or the request budget is used up;
 * - a 403 (e.g. no change-events licence, missing scope) or 404 (service not found) is
 *   remembered for `negativeTtlMs` and answered again without asking PagerDuty.
 */
export class ResourceCache {
  private readonly inFlight = new Map<string, Promise<Cached<JsonValue>>>();

  constructor(
    private readonly cache: CacheService,
    private readonly staleTtlMs: number,
    private readonly now: () => number = Date.now,
    private readonly negativeTtlMs: number = 60_000,
    private readonly telemetry: PagerDutyTelemetry = PagerDutyTelemetry.noop(),
  ) {}

  /** The resource part of a key (`pd:<account>:<resource>:…`), a low-cardinality label. */
  private static resource(key: string): string {
    return key.split(':')[2] ?? 'other';
  }

  /** `load` must return JSON-serialisable data: it goes into the cache store as it is. */
  async get<T>(
    key: string,
    ttlMs: number,
    load: (context: LoadContext) => Promise<T>,
  ): Promise<Cached<T>> {
    const entry = await this.read(key);
    const resource = ResourceCache.resource(key);
    if (entry && this.now() - entry.t < ttlMs) {
      this.telemetry.cacheLookup(resource, 'hit');
      return {
        value: entry.v as T,
        fetchedAt: new Date(entry.t).toISOString(),
        stale: false,
      };
    }
    let pending = this.inFlight.get(key);
    if (!pending && this.negativeTtlMs > 0) {
      const negative = await this.readNegative(key);
      if (negative && this.now() - negative.t < this.negativeTtlMs) {
        this.telemetry.cacheLookup(resource, 'negative');
        throw new PagerDutyApiError({
          kind: negative.kind,
          message: negative.message,
          upstreamStatus: negative.status,
          upstreamCode: negative.code,
          details: negative.details,
        });
      }
      pending = this.inFlight.get(key);
    }
    this.telemetry.cacheLookup(resource, 'miss');
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
    await Promise.all([
      this.cache.delete(key),
      this.cache.delete(negativeKey(key)).catch(() => undefined),
    ]);
  }

  private async readNegative(key: string): Promise<NegativeEntry | undefined> {
    try {
      const entry = await this.cache.get<JsonValue>(negativeKey(key));
      if (entry && typeof entry === 'object' && 'kind' in entry) {
        return entry as unknown as NegativeEntry;
      }
    } catch {
      // As in read().
    }
    return undefined;
  }

  private async writeNegative(key: string, error: PagerDutyApiError) {
    if (error.kind !== 'forbidden' && error.kind !== 'not-found') return;
    const entry: NegativeEntry = {
      t: this.now(),
      kind: error.kind,
      message: error.message,
      details: error.details,
      ...(error.upstreamStatus !== undefined
        ? { status: error.upstreamStatus }
        : {}),
      ...(error.upstreamCode !== undefined ? { code: error.upstreamCode } : {}),
    };
    try {
      await this.cache.set(negativeKey(key), entry as unknown as JsonValue, {
        ttl: this.negativeTtlMs,
      });
    } catch {
      // As in write().
    }
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
      if (error instanceof PagerDutyApiError && this.negativeTtlMs > 0) {
        await this.writeNegative(key, error);
      }
      const canServeStale =
        entry !== undefined &&
        error instanceof PagerDutyApiError &&
        (error.kind === 'unavailable' || error.kind === 'rate-limited');
      if (canServeStale) {
        this.telemetry.cacheLookup(ResourceCache.resource(key), 'stale');
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
