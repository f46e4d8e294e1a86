import { FaultController } from '../faults/faults';
import { OAuthIssuer } from '../oauth/oauth';
import { FixedWindowLimiter, SlidingWindowLimiter } from '../ratelimit/limiter';
import { Serializer } from '../rest/serialize';
import { SimulatorState } from '../state/store';
import { SimulatorStats } from '../types';
import { WebhookDispatcher } from '../webhooks/dispatcher';

/** Everything a handler may need; one per running simulator. */
export interface SimulatorContext {
  state: SimulatorState;
  serializer: Serializer;
  faults: FaultController;
  stats: SimulatorStats;
  tokens: Set<string>;
  /** User-level API keys: token -> user id (`GET /users/me`, writes without `From`). */
  userTokens: Map<string, string>;
  /** OAuth client-credentials tokens issued by POST /oauth/token. */
  oauth: OAuthIssuer;
  restLimiter: FixedWindowLimiter | null;
  eventsLimiter: SlidingWindowLimiter | null;
  webhooks: WebhookDispatcher;
  latencyMs: number;
  seed: number;
  log: (line: string) => void;
  /** False when no logger was given (skips building request log lines). */
  logRequests: boolean;
  /** Back to the seeded state (admin reset). */
  reset: () => void;
}

export function emptyStats(): SimulatorStats {
  return {
    total: 0,
    byRoute: {},
    byToken: {},
    byRoutingKey: {},
    rateLimited: 0,
    webhooksSent: 0,
    webhookFailures: 0,
  };
}

export function zeroStats(stats: SimulatorStats): void {
  stats.total = 0;
  stats.byRoute = {};
  stats.byToken = {};
  stats.byRoutingKey = {};
  stats.rateLimited = 0;
  stats.webhooksSent = 0;
  stats.webhookFailures = 0;
}
