import { LifecycleService, LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { Redis } from 'ioredis';

/** The deployment's Redis, when `backend.cache` is Redis: URL and key namespace. */
export function readRedisCacheConfig(
  config: Config,
): { url: string; namespace?: string } | undefined {
  if (config.getOptionalString('backend.cache.store') !== 'redis') {
    return undefined;
  }
  const url = config.getOptionalString('backend.cache.connection');
  if (!url) return undefined;
  return {
    url,
    namespace: config.getOptionalString('backend.cache.redis.client.namespace'),
  };
}

/**
 * An ioredis client for the plugin's cache and request budget. No offline queue: while Redis
 * is away a command fails at once instead of waiting; ioredis reconnects by itself.
 */
export function createRedisClient(
  url: string,
  logger: LoggerService,
  lifecycle?: LifecycleService,
): Redis {
  const client = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    retryStrategy: times => Math.min(times * 200, 2_000),
  });
  let lastErrorLog = 0;
  client.on('error', error => {
    // The cache and the budget report the outage themselves; keep this log quiet.
    if (Date.now() - lastErrorLog > 60_000) {
      lastErrorLog = Date.now();
      logger.debug(`PagerDuty Redis client: ${error.message}`);
    }
  });
  lifecycle?.addShutdownHook(() => {
    client.disconnect();
  });
  return client;
}
