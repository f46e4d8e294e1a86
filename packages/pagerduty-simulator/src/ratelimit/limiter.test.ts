import { startPagerDutySimulator } from '../simulator';
import { SEED } from '../state/seed';
import { client } from '../testing/client';
import { FixedWindowLimiter, SlidingWindowLimiter } from './limiter';

describe('FixedWindowLimiter', () => {
  it('allows `limit` hits per window and per key, then resets', () => {
    let now = 1_000_000;
    const l = new FixedWindowLimiter(3, 60_000, () => now);
    expect([1, 2, 3].map(() => l.hit('a').remaining)).toEqual([2, 1, 0]);
    const denied = l.hit('a');
    expect(denied).toMatchObject({
      allowed: false,
      remaining: 0,
      limit: 3,
      resetSeconds: 60,
    });
    expect(l.hit('b').allowed).toBe(true);
    now += 45_000;
    expect(l.hit('a').resetSeconds).toBe(15);
    now += 15_000;
    expect(l.hit('a')).toMatchObject({ allowed: true, remaining: 2 });
  });
});

describe('SlidingWindowLimiter', () => {
  it('counts hits over the last window', () => {
    let now = 0;
    const l = new SlidingWindowLimiter(2, 60_000, () => now);
    expect(l.hit('k').allowed).toBe(true);
    now = 30_000;
    expect(l.hit('k').allowed).toBe(true);
    now = 59_999;
    expect(l.hit('k').allowed).toBe(false);
    now = 60_000; // the first hit left the window
    expect(l.hit('k').allowed).toBe(true);
    expect(l.hit('k').allowed).toBe(false);
  });
});

describe('rate limits over HTTP', () => {
  it('limits REST per token with ratelimit-* headers and 429 code 2020', async () => {
    const sim = await startPagerDutySimulator({
      port: 0,
      tokens: ['t1', 't2'],
      rateLimits: { restPerMinute: 3 },
    });
    try {
      const api = client(sim.url);
      const first = await api.get('/abilities', { token: 't1' });
      expect(first.headers['ratelimit-limit']).toBe('3');
      expect(first.headers['ratelimit-remaining']).toBe('2');
      expect(Number(first.headers['ratelimit-reset'])).toBeGreaterThan(0);
      await api.get('/abilities', { token: 't1' });
      await api.get('/abilities', { token: 't1' });
      const limited = await api.get('/abilities', { token: 't1' });
      expect(limited.status).toBe(429);
      expect(limited.json).toEqual({
        error: { message: 'Rate Limit Exceeded', code: 2020 },
      });
      expect(limited.headers['ratelimit-remaining']).toBe('0');
      expect((await api.get('/abilities', { token: 't2' })).status).toBe(200);
      expect(sim.stats().rateLimited).toBe(1);
      sim.reset();
      expect((await api.get('/abilities', { token: 't1' })).status).toBe(200);
    } finally {
      await sim.stop();
    }
  });

  it('limits Events v2 per routing key', async () => {
    const sim = await startPagerDutySimulator({
      port: 0,
      rateLimits: { eventsPerMinutePerRoutingKey: 2 },
    });
    try {
      const api = client(sim.url);
      const ev = (key: string) => ({
        routing_key: key,
        event_action: 'trigger',
        payload: { summary: 's', source: 'src', severity: 'info' },
      });
      expect(
        (await api.post('/v2/enqueue', ev(SEED.integrationKeys.payments)))
          .status,
      ).toBe(202);
      expect(
        (await api.post('/v2/enqueue', ev(SEED.integrationKeys.payments)))
          .status,
      ).toBe(202);
      const limited = await api.post(
        '/v2/enqueue',
        ev(SEED.integrationKeys.payments),
      );
      expect(limited.status).toBe(429);
      expect(limited.json.status).toBe('throttle event');
      expect(
        (await api.post('/v2/enqueue', ev(SEED.integrationKeys.search))).status,
      ).toBe(202);
      expect(sim.stats().rateLimited).toBe(1);
    } finally {
      await sim.stop();
    }
  });

  it('can be switched off', async () => {
    const sim = await startPagerDutySimulator({ port: 0, rateLimits: false });
    try {
      const r = await client(sim.url).get('/abilities');
      expect(r.status).toBe(200);
      expect(r.headers['ratelimit-limit']).toBeUndefined();
    } finally {
      await sim.stop();
    }
  });
});
