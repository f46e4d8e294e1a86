import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { randomUUID } from 'node:crypto';
import { migrateDatabase } from './migrations';
import { NewTrigger, OutboxStore } from './OutboxStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

function trigger(over: Partial<NewTrigger> = {}): NewTrigger {
  return {
    id: randomUUID(),
    account: 'default',
    entityRef: 'component:default/checkout',
    serviceId: 'PCHKOUT',
    dedupKey: `k-${randomUUID()}`,
    mode: 'events',
    routingKey: 'key-a',
    request: { summary: 'Disk full', severity: 'error' },
    triggeredBy: 'user:default/alice',
    ...over,
  };
}

const claimOptions = (workerId: string) => ({
  workerId,
  batchSize: 100,
  leaseMs: 120_000,
  perKeyLimit: 5,
  windowMs: 60_000,
});

describe.each(databases.eachSupportedId())('OutboxStore on %p', id => {
  async function open(now?: () => number) {
    const knex = await databases.init(id);
    await migrateDatabase(mockServices.database({ knex }));
    return { knex, store: new OutboxStore(knex, now) };
  }

  it('stores a trigger and reads it back', async () => {
    const { store } = await open();
    const t = trigger({
      request: { summary: 'x', severity: 'info', details: { a: 1 } },
    });
    await store.insert(t);
    const got = await store.get(t.id);
    expect(got).toMatchObject({
      id: t.id,
      dedupKey: t.dedupKey,
      status: 'queued',
      attempts: 0,
      request: { summary: 'x', severity: 'info', details: { a: 1 } },
      rateKey: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('claims no more than the per-key limit in a window and defers the rest', async () => {
    let now = 1_000_000;
    const { store } = await open(() => now);
    for (let i = 0; i < 8; i++) await store.insert(trigger());
    await store.insert(trigger({ routingKey: 'key-b' }));
    await store.insert(trigger({ mode: 'rest', routingKey: undefined }));

    const first = await store.claim(claimOptions('w1'));
    // 5 of key-a, 1 of key-b, 1 REST row (not rate limited here).
    expect(first).toHaveLength(7);
    expect(first.every(r => r.status === 'sending' && r.attempts === 1)).toBe(
      true,
    );
    expect(await store.claim(claimOptions('w1'))).toHaveLength(0);
    // The held rows wait for the window to move on.
    expect(await store.nextDue()).toBe(1_000_000 + 60_000 + 1);

    now += 60_001;
    const second = await store.claim(claimOptions('w1'));
    expect(second).toHaveLength(3);
  });

  it('keeps the rows of a worker that renews its lease, and frees those of one that died', async () => {
    let now = 2_000_000;
    const { store } = await open(() => now);
    for (let i = 0; i < 4; i++) {
      await store.insert(trigger({ routingKey: `key-${i}` }));
    }
    const options = { ...claimOptions('alive'), leaseMs: 15_000, batchSize: 2 };
    const alive = await store.claim(options);
    const dead = await store.claim({ ...options, workerId: 'dead' });
    expect([alive.length, dead.length]).toEqual([2, 2]);
    // Two heartbeats of the live worker; the dead one sends none.
    const renewed = [];
    for (const t of [10_000, 20_000]) {
      now = 2_000_000 + t;
      renewed.push(
        await store.renew(
          'alive',
          alive.map(r => r.id),
          15_000,
          now,
        ),
      );
    }
    expect(renewed).toEqual([2, 2]);
    now = 2_000_000 + 20_001;
    const takenOver = await store.claim({ ...options, workerId: 'other' });
    expect(takenOver.map(r => r.id).sort()).toEqual(dead.map(r => r.id).sort());
    // A renewal for rows the worker lost changes nothing.
    expect(
      await store.renew(
        'dead',
        dead.map(r => r.id),
        15_000,
        now,
      ),
    ).toBe(0);
  });

  it('honours a 429 pause of a routing key', async () => {
    let now = 5_000_000;
    const { store } = await open(() => now);
    const a = trigger();
    await store.insert(a);
    const [claimed] = await store.claim(claimOptions('w1'));
    await store.markRetry(claimed.id, 'w1', {
      nextAttemptAt: now,
      error: '429',
      pauseKey: { rateKey: claimed.rateKey!, until: now + 30_000 },
    });
    expect(await store.claim(claimOptions('w1'))).toHaveLength(0);
    now += 30_001;
    expect(await store.claim(claimOptions('w1'))).toHaveLength(1);
  });

  it('only the worker holding the lease records the outcome; expired leases are reclaimed', async () => {
    let now = 9_000_000;
    const { store } = await open(() => now);
    const t = trigger();
    await store.insert(t);
    await store.claim(claimOptions('w1'));
    now += 120_001;
    const [again] = await store.claim({
      ...claimOptions('w2'),
      perKeyLimit: 100,
    });
    expect(again.id).toBe(t.id);
    expect(again.attempts).toBe(2);
    expect(await store.markDelivered(t.id, 'w1')).toBe(false);
    expect(await store.markDelivered(t.id, 'w2')).toBe(true);
    expect((await store.get(t.id))!.status).toBe('delivered');
  });

  it('gives released rows back to the queue', async () => {
    const { store } = await open();
    const t = trigger();
    await store.insert(t);
    await store.claim(claimOptions('w1'));
    await store.release('w1', [t.id]);
    expect(await store.get(t.id)).toMatchObject({
      status: 'queued',
      attempts: 0,
    });
  });

  if (id.startsWith('POSTGRES')) {
    it('never gives one row to two concurrent claimers, nor exceeds the key limit together', async () => {
      const { knex } = await open();
      const stores = [new OutboxStore(knex), new OutboxStore(knex)];
      for (let i = 0; i < 60; i++)
        await stores[0].insert(
          trigger({ routingKey: i % 2 ? 'key-a' : 'key-b' }),
        );
      const options = (w: string) => ({
        ...claimOptions(w),
        batchSize: 7,
        perKeyLimit: 20,
      });
      const claimed = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          stores[i % 2].claim(options(`w${i}`)),
        ),
      );
      const ids = claimed.flat().map(r => r.id);
      expect(new Set(ids).size).toBe(ids.length);
      // 20 per key, two keys.
      expect(ids.length).toBeLessThanOrEqual(40);
      const counts = await stores[0].counts();
      expect(counts.sending).toBe(ids.length);
    });
  }
});
