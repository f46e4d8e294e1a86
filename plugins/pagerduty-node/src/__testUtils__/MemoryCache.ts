import { CacheService } from '@backstage/backend-plugin-api';

/**
 * A minimal in-memory CacheService for tests: get/set/delete, entries never expire by
 * themselves (the code under test decides freshness from its own clock).
 */
export class MemoryCache implements CacheService {
  private readonly data = new Map<string, any>();
  async get(key: string) {
    return this.data.get(key);
  }
  async set(key: string, value: any) {
    this.data.set(key, value);
  }
  async delete(key: string) {
    this.data.delete(key);
  }
  withOptions() {
    return this;
  }
}
