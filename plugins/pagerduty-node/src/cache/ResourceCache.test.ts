import { PagerDutyApiError } from '../http/errors';
import { ResourceCache } from './ResourceCache';
import { MemoryCache } from '../__testUtils__/MemoryCache';

const unavailable = () =>
  new PagerDutyApiError({
    kind: 'unavailable',
    message: 'down',
    upstreamStatus: 503,
  });

describe('ResourceCache', () => {
  let now: number;
  let cache: ResourceCache;

  beforeEach(() => {
    now = Date.parse('2026-01-01T00:00:00Z');
    cache = new ResourceCache(new MemoryCache(), 3_600_000, () => now);
  });

  it('serves fresh data without loading again within the TTL', async () => {
    const load = jest.fn().mockResolvedValue({ n: 1 });
    await cache.get('k', 1_000, load);
    now += 999;
    const second = await cache.get('k', 1_000, load);
    expect(load).toHaveBeenCalledTimes(1);
    expect(second).toEqual({
      value: { n: 1 },
      fetchedAt: '2026-01-01T00:00:00.000Z',
      stale: false,
    });
  });

  it('coalesces concurrent loads of the same key into one', async () => {
    let release: (v: number) => void = () => {};
    const load = jest.fn(() => new Promise<number>(r => (release = r)));
    const all = Promise.all(
      Array.from({ length: 50 }, () => cache.get('k', 1_000, load)),
    );
    await new Promise(r => setImmediate(r));
    release(7);
    const results = await all;
    expect(load).toHaveBeenCalledTimes(1);
    expect(results.every(r => r.value === 7)).toBe(true);
  });

  it('serves the last good data marked stale when the upstream fails', async () => {
    await cache.get('k', 1_000, async () => 'good');
    now += 5_000;
    const load = jest.fn(async () => {
      throw unavailable();
    });
    const result = await cache.get('k', 1_000, load);
    expect(load).toHaveBeenCalledWith({ haveStale: true });
    expect(result).toEqual({
      value: 'good',
      fetchedAt: '2026-01-01T00:00:00.000Z',
      stale: true,
    });
  });

  it('passes errors through when nothing is cached, and never hides a 4xx', async () => {
    await expect(
      cache.get('k', 1_000, async () => Promise.reject(unavailable())),
    ).rejects.toThrow('down');
    await cache.get('k2', 1_000, async () => 'good');
    now += 5_000;
    const notFound = new PagerDutyApiError({
      kind: 'not-found',
      message: 'gone',
    });
    await expect(
      cache.get('k2', 1_000, async () => Promise.reject(notFound)),
    ).rejects.toBe(notFound);
  });

  it('loads again after invalidation', async () => {
    const load = jest.fn().mockResolvedValueOnce(1).mockResolvedValueOnce(2);
    await cache.get('k', 60_000, load);
    await cache.invalidate('k');
    expect((await cache.get('k', 60_000, load)).value).toBe(2);
  });

  it('remembers a 403 or 404 for the negative TTL, then asks again', async () => {
    const denied = new PagerDutyApiError({
      kind: 'forbidden',
      message: 'no licence',
      upstreamStatus: 403,
      upstreamCode: 2010,
    });
    const load = jest
      .fn()
      .mockRejectedValueOnce(denied)
      .mockResolvedValueOnce(['event']);
    await expect(cache.get('k', 1_000, load)).rejects.toBe(denied);
    now += 59_000;
    await expect(cache.get('k', 1_000, load)).rejects.toMatchObject({
      kind: 'forbidden',
      message: 'no licence',
      upstreamStatus: 403,
      upstreamCode: 2010,
    });
    expect(load).toHaveBeenCalledTimes(1);
    now += 1_000;
    expect((await cache.get('k', 1_000, load)).value).toEqual(['event']);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('does not remember 5xx answers, and forgets a 404 on invalidation', async () => {
    const load = jest
      .fn()
      .mockRejectedValueOnce(unavailable())
      .mockRejectedValueOnce(
        new PagerDutyApiError({ kind: 'not-found', message: 'gone' }),
      )
      .mockResolvedValueOnce('back');
    await expect(cache.get('k', 1_000, load)).rejects.toThrow('down');
    await expect(cache.get('k', 1_000, load)).rejects.toThrow('gone');
    await expect(cache.get('k', 1_000, load)).rejects.toThrow('gone');
    expect(load).toHaveBeenCalledTimes(2);
    await cache.invalidate('k');
    expect((await cache.get('k', 1_000, load)).value).toBe('back');
  });
});
