import { mockServices } from '@backstage/backend-test-utils';
import { RateLimiterAbstract, RateLimiterMemory } from 'rate-limiter-flexible';
import {
  BudgetStore,
  budgetWindow,
  slotsPerWindow,
} from '../budget/BudgetStore';
import { RequestBudget } from './RequestBudget';

const logger = mockServices.logger.mock();

function memoryStore(requestsPerMinute: number, consumerShare = 1) {
  return new BudgetStore(
    'memory',
    o => new RateLimiterMemory(o),
    { requestsPerMinute, consumerShare, replicas: 1 },
    logger,
  );
}

/** Most timestamps within any `windowMs`. */
function maxInWindow(times: number[], windowMs: number): number {
  let max = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while (times[end] - times[start] >= windowMs) start++;
    max = Math.max(max, end - start + 1);
  }
  return max;
}

describe('RequestBudget', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('never allows more than N requests in any minute, however the minute falls', async () => {
    const budget = new RequestBudget(memoryStore(120), 'token');
    const sent: number[] = [];
    // Ask every 50 ms for three minutes: 20 times the budget.
    for (let t = 0; t < 180_000; t += 50) {
      if (await budget.tryAcquire()) sent.push(Date.now());
      await jest.advanceTimersByTimeAsync(50);
    }
    expect(maxInWindow(sent, 60_000)).toBeLessThanOrEqual(120);
    // ...and still uses what its windows allow (108 a minute for 120).
    const { seconds, slots } = budgetWindow(120);
    expect(sent.length).toBeGreaterThanOrEqual(
      0.95 * 3 * slots * (60 / seconds),
    );
  });

  it('queues waiters in order and gives up after their deadline', async () => {
    const budget = new RequestBudget(memoryStore(31), 'token');
    const slots = slotsPerWindow(31);
    for (let i = 0; i < slots; i++) {
      expect(await budget.tryAcquire()).toBe(true);
    }
    expect(await budget.tryAcquire()).toBe(false);
    const order: string[] = [];
    const short = budget.acquire(500).then(ok => order.push(`short:${ok}`));
    const first = budget.acquire(10_000).then(ok => order.push(`first:${ok}`));
    const second = budget
      .acquire(10_000)
      .then(ok => order.push(`second:${ok}`));
    await jest.advanceTimersByTimeAsync(5_000);
    await Promise.all([short, first, second]);
    expect(order).toEqual(['short:false', 'first:true', 'second:true']);
  });

  it('serves interactive requests before background work', async () => {
    const budget = new RequestBudget(memoryStore(31), 'token');
    while (await budget.tryAcquire());
    const order: string[] = [];
    const waits = [
      budget
        .acquire(60_000, { priority: 'background' })
        .then(() => order.push('background')),
      budget.acquire(60_000).then(() => order.push('interactive')),
    ];
    await jest.advanceTimersByTimeAsync(10_000);
    await Promise.all(waits);
    expect(order).toEqual(['interactive', 'background']);
  });

  it('sends nothing while PagerDuty asked to pause', async () => {
    const budget = new RequestBudget(memoryStore(900), 'token');
    budget.pause(5_000);
    expect(await budget.tryAcquire()).toBe(false);
    const waited = budget.acquire(10_000);
    await jest.advanceTimersByTimeAsync(4_000);
    expect(await budget.tryAcquire()).toBe(false);
    await jest.advanceTimersByTimeAsync(1_100);
    await expect(waited).resolves.toBe(true);
  });

  it('keeps one consumer to its share without holding up the others', async () => {
    // 620/min: 10 per 1 s window; a consumer may use 10% of a minute (62), at most 20% of
    // any window (2).
    const budget = new RequestBudget(memoryStore(620, 0.1), 'token');
    const granted = { hog: 0, others: 0 };
    const waits: Promise<unknown>[] = [];
    for (let t = 0; t < 30_000; t += 100) {
      // The hog asks 10 times per 100 ms; each other entity once.
      for (let i = 0; i < 10; i++) {
        waits.push(
          budget
            .acquire(2_000, { consumer: 'component:default/hog' })
            .then(ok => ok && granted.hog++),
        );
      }
      if (t % 200 === 0) {
        waits.push(
          budget
            .acquire(2_000, { consumer: `component:default/e${t}` })
            .then(ok => ok && granted.others++),
        );
      }
      await jest.advanceTimersByTimeAsync(100);
    }
    // Its refusals say why (for the error message).
    expect(budget.isOverShare('component:default/hog')).toBe(true);
    expect(budget.isOverShare('component:default/e0')).toBe(false);
    await jest.advanceTimersByTimeAsync(3_000);
    await Promise.all(waits);
    expect(granted.hog).toBeLessThanOrEqual(62);
    // Every other entity got its one request.
    expect(granted.others).toBe(150);
  });
});

describe('BudgetStore', () => {
  /** Limiters whose store never answers (like Redis behind a dead proxy). */
  const hanging = (o: {
    keyPrefix: string;
    points: number;
    duration: number;
  }) => {
    const limiter = new RateLimiterMemory(o) as RateLimiterAbstract;
    limiter.consume = () => new Promise(() => {});
    limiter.block = () => new Promise(() => {});
    return limiter;
  };

  it('falls back to this replica’s share within the time limit, and says so', async () => {
    const store = new BudgetStore(
      'redis',
      hanging,
      { requestsPerMinute: 620, consumerShare: 1, replicas: 2 },
      logger,
      { timeoutMs: 100 },
    );
    const started = Date.now();
    const results = [];
    for (let i = 0; i < 20; i++) results.push(await store.take('token'));
    expect(Date.now() - started).toBeLessThan(1_000);
    // Alone it allows itself half of what the two replicas share.
    expect(results.filter(r => r.ok)).toHaveLength(
      Math.floor(slotsPerWindow(620) / 2),
    );
    expect(store.health()).toEqual({
      store: 'redis',
      status: 'degraded',
      message: expect.stringContaining(
        'the redis store of the request budget is unreachable',
      ),
    });
  });

  it('uses the shared store again when it answers', async () => {
    let broken = true;
    const store = new BudgetStore(
      'database',
      o => {
        const limiter = new RateLimiterMemory(o);
        const consume = limiter.consume.bind(limiter);
        limiter.consume = (...args) =>
          broken
            ? Promise.reject(new Error('connection refused'))
            : consume(...args);
        return limiter;
      },
      { requestsPerMinute: 900, consumerShare: 1, replicas: 3 },
      logger,
      { retryMs: 50 },
    );
    await store.take('token');
    expect(store.health().status).toBe('degraded');
    broken = false;
    await new Promise(r => setTimeout(r, 60));
    expect(await store.take('token')).toEqual({ ok: true });
    expect(store.health()).toEqual({ store: 'database', status: 'ok' });
  });
});
