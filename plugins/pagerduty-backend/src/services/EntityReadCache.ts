/**
 * Reuses a resolution of an entity for one caller for a short time, so that a burst of card
 * views (and the sections of one view) asks the catalog once per caller and entity.
 *
 * Why in process, not the Backstage cache service: the point is to save the CPU of a catalog
 * read (~5 ms: tokens signed and verified, a permission decision, a database read); a shared
 * cache would add a network round trip and a JSON decode of the entity to every hit, and
 * sharing a seconds-long window across replicas saves little.
 *
 * The window starts when the catalog was asked, not when it answered, so a reused decision is
 * never older than `ttlMs`. Concurrent resolutions of the same key share one catalog read.
 * Failures are not kept: the next read asks again.
 */
export class EntityReadCache<T> {
  private readonly entries = new Map<
    string,
    { expires: number; value: Promise<T> }
  >();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxEntries = 10_000,
  ) {}

  get enabled(): boolean {
    return this.ttlMs > 0;
  }

  get(key: string, load: () => Promise<T>): Promise<T> {
    if (!this.enabled) return load();
    const started = this.now();
    const hit = this.entries.get(key);
    if (hit && hit.expires > started) return hit.value;
    if (hit) this.entries.delete(key);

    const value = load();
    const entry = { expires: started + this.ttlMs, value };
    this.entries.set(key, entry);
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    if (this.entries.size > this.maxEntries) this.prune(started);
    return value;
  }

  /** Drops expired entries, then the oldest ones (a Map iterates in insertion order). */
  private prune(now: number) {
    for (const [key, entry] of this.entries) {
      if (entry.expires <= now) this.entries.delete(key);
    }
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(key);
    }
  }
}
