import { mockServices } from '@backstage/backend-test-utils';
import { CacheService } from '@backstage/backend-plugin-api';
import { MemoryCache } from '../__testUtils__/MemoryCache';
import { BoundedCache } from './BoundedCache';

const logger = mockServices.logger.mock();

describe('BoundedCache', () => {
  it('answers a miss within the time limit when the store hangs, and recovers', async () => {
    const store = new MemoryCache();
    let hang = false;
    const flaky: CacheService = {
      get: key => (hang ? new Promise(() => {}) : store.get(key)),
      set: (key, value) =>
        hang ? new Promise(() => {}) : store.set(key, value),
      delete: key => (hang ? new Promise(() => {}) : store.delete(key)),
      withOptions: () => flaky,
    };
    const cache = new BoundedCache(flaky, logger, {
      timeoutMs: 100,
      retryMs: 200,
    });
    await cache.set('a', 1);
    expect(await cache.get('a')).toBe(1);

    hang = true;
    let started = Date.now();
    expect(await cache.get('a')).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(500);
    expect(cache.health()).toEqual({
      status: 'degraded',
      message: expect.stringContaining('the cache store is unreachable'),
    });
    // While it is down, calls do not even wait.
    started = Date.now();
    await cache.delete('a');
    expect(await cache.get('a')).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(50);

    hang = false;
    await new Promise(r => setTimeout(r, 250));
    expect(await cache.get('a')).toBe(1);
    expect(cache.health()).toEqual({ status: 'ok' });
    // The invalidation missed during the outage is repeated.
    await new Promise(r => setTimeout(r, 10));
    expect(await store.get('a')).toBeUndefined();
  });
});
