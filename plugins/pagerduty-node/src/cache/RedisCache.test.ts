import { randomUUID } from 'node:crypto';
import { mockServices } from '@backstage/backend-test-utils';
import { Redis } from 'ioredis';
import { createRedisClient } from '../budget/redisClient';
import { RedisCache } from './RedisCache';
import { reachable } from '../__testUtils__/reachable';

describe('RedisCache', () => {
  it('stores, expires and deletes JSON under its own prefix', async () => {
    if (!(await reachable(6379))) {
      // eslint-disable-next-line no-console
      console.warn('Redis is not running on 127.0.0.1:6379; skipped');
      return;
    }
    const prefix = `pd-test-${randomUUID()}:pagerduty`;
    const client = createRedisClient(
      'redis://127.0.0.1:6379',
      mockServices.logger.mock(),
    );
    const admin = new Redis('redis://127.0.0.1:6379');
    try {
      await new Promise(r => client.once('ready', r));
      const cache = new RedisCache(client, prefix);
      await cache.set('pd:main:service:P1', { id: 'P1', n: [1, 2] });
      expect(await cache.get('pd:main:service:P1')).toEqual({
        id: 'P1',
        n: [1, 2],
      });
      await cache.set('short', 1, { ttl: { milliseconds: 50 } });
      await new Promise(r => setTimeout(r, 80));
      expect(await cache.get('short')).toBeUndefined();
      await cache.delete('pd:main:service:P1');
      expect(await cache.get('pd:main:service:P1')).toBeUndefined();
      await cache.set('kept', true);
      expect(await admin.keys(`${prefix}:*`)).toEqual([
        `${prefix}:${Buffer.from('kept').toString('base64')}`,
      ]);
    } finally {
      const keys = await admin.keys(`${prefix}:*`);
      if (keys.length) await admin.del(...keys);
      admin.disconnect();
      client.disconnect();
    }
  });
});
