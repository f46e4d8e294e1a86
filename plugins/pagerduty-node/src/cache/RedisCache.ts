import {
  CacheService,
  CacheServiceOptions,
  CacheServiceSetOptions,
} from '@backstage/backend-plugin-api';
import { JsonValue, durationToMilliseconds } from '@backstage/types';
import type { Redis } from 'ioredis';

/**
 * The plugin's cache in the deployment's Redis (`backend.cache`), through an ioredis client
 * that fails commands at once while disconnected and reconnects by itself.
 *
 * Why not Backstage's own cache client here: with Redis, that client (@keyv/redis on
 * @redis/client 1.x) queues commands while the connection is down and, after a connection
 * loss, throws "Socket closed unexpectedly" as an uncaught exception and stops reconnecting,
 * so the cache never comes back without a restart. Keys are laid out as Backstage lays them
 * out (`<namespace>:<pluginId>:<base64 key>`), so both read the same entries.
 */
export class RedisCache implements CacheService {
  constructor(
    private readonly client: Redis,
    /** e.g. `<backend.cache.redis.client.namespace>:pagerduty` */
    private readonly prefix: string,
    private readonly defaultTtlMs?: number,
  ) {}

  async get<TValue extends JsonValue>(
    key: string,
  ): Promise<TValue | undefined> {
    const raw = await this.client.get(this.key(key));
    if (raw === null) return undefined;
    // Stored as Keyv stores it: { value, expires }.
    const parsed = JSON.parse(raw) as {
      value: TValue;
      expires?: number | null;
    };
    if (typeof parsed.expires === 'number' && parsed.expires < Date.now()) {
      return undefined;
    }
    return parsed.value;
  }

  async set(
    key: string,
    value: JsonValue,
    options?: CacheServiceSetOptions,
  ): Promise<void> {
    const ttl = ttlMs(options?.ttl) ?? this.defaultTtlMs;
    const body = JSON.stringify({
      value,
      expires: ttl ? Date.now() + ttl : null,
    });
    if (ttl) await this.client.set(this.key(key), body, 'PX', Math.ceil(ttl));
    else await this.client.set(this.key(key), body);
  }

  async delete(key: string): Promise<void> {
    await this.client.del(this.key(key));
  }

  withOptions(options: CacheServiceOptions): CacheService {
    return new RedisCache(
      this.client,
      this.prefix,
      ttlMs(options.defaultTtl) ?? this.defaultTtlMs,
    );
  }

  private key(key: string): string {
    return `${this.prefix}:${Buffer.from(key).toString('base64')}`;
  }
}

function ttlMs(ttl: CacheServiceSetOptions['ttl'] | undefined) {
  if (ttl === undefined) return undefined;
  return typeof ttl === 'number' ? ttl : durationToMilliseconds(ttl);
}
