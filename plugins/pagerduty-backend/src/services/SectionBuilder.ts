import {
  PagerDutyFreshness,
  PagerDutyPartialError,
} from '@backstage-pagerduty/plugin-pagerduty-common';
import { Cached } from '@backstage-pagerduty/plugin-pagerduty-node';
import { toRouteError } from '../errors/toRouteError';

/** Collects per-service outcomes into one section: partial errors, oldest freshness. */
export class SectionBuilder {
  private readonly freshness: Cached<unknown>[] = [];
  readonly errors: PagerDutyPartialError[] = [];
  private firstError: unknown;

  use<T>(cached: Cached<T>): T {
    this.freshness.push(cached);
    return cached.value;
  }

  fail(error: unknown, serviceId?: string) {
    const mapped = toRouteError(error, { serviceId });
    // A bug is not a partial error of one service: the whole answer is a 500.
    if (mapped.code === 'PAGERDUTY_INTERNAL_ERROR') throw error;
    this.firstError ??= mapped;
    this.errors.push({ serviceId, code: mapped.code, message: mapped.message });
  }

  /** The section's freshness; throws the first error when nothing at all could be loaded. */
  finish(loadedAnything: boolean): {
    freshness: PagerDutyFreshness;
    errors: PagerDutyPartialError[];
  } {
    if (!loadedAnything && this.firstError) throw this.firstError;
    const oldest = this.freshness.reduce<string | undefined>(
      (min, c) => (min === undefined || c.fetchedAt < min ? c.fetchedAt : min),
      undefined,
    );
    return {
      freshness: {
        fetchedAt: oldest ?? new Date().toISOString(),
        stale: this.freshness.some(c => c.stale),
      },
      errors: this.errors,
    };
  }
}
