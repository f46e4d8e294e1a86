import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { registerAdminRoutes } from './admin/admin';
import { registerHtmlRoutes } from './admin/html';
import { registerEventsRoutes } from './events/enqueue';
import { FaultController, validateFaultSpec } from './faults/faults';
import { OAuthIssuer, registerOAuthRoutes } from './oauth/oauth';
import { FixedWindowLimiter, SlidingWindowLimiter } from './ratelimit/limiter';
import { registerAnalyticsRoutes } from './rest/analytics';
import { registerDirectoryRoutes } from './rest/directory';
import { registerIncidentRoutes } from './rest/incidents';
import { registerOncallRoutes } from './rest/oncalls';
import { Serializer } from './rest/serialize';
import { registerServiceRoutes } from './rest/services';
import { registerServiceWriteRoutes } from './rest/serviceWrites';
import { registerServiceCustomFieldRoutes } from './rest/serviceCustomFields';
import { registerCurrentUserRoutes } from './rest/currentUser';
import { registerStandardsRoutes } from './rest/standards';
import { registerWebhookSubscriptionRoutes } from './rest/webhookSubscriptions';
import { SimulatorContext, emptyStats, zeroStats } from './server/context';
import { createRequestListener } from './server/http';
import { Router } from './server/router';
import { seedState } from './state/seed';
import { addGeneratedServices } from './state/generatedServices';
import { registerServiceDependencyRoutes } from './rest/serviceDependencies';
import { SimulatorState } from './state/store';
import {
  DEMO_TOKEN,
  FaultSpec,
  PagerDutySimulatorOptions,
  SimulatorStats,
} from './types';
import { WebhookDispatcher } from './webhooks/dispatcher';

/** @public */
export interface PagerDutySimulator {
  /** e.g. http://127.0.0.1:7300 — REST at url, Events v2 at url + '/v2/enqueue'. */
  url: string;
  port: number;
  /** The data; read or modify it directly in tests. */
  state: SimulatorState;
  /** Same JSON as GET /_simulator/stats. */
  stats(): SimulatorStats;
  /** Same as POST /_simulator/faults (throws on an invalid spec). */
  setFaults(faults: FaultSpec): void;
  clearFaults(): void;
  /** Back to the seeded state, counters zeroed, faults cleared. */
  reset(): void;
  /** The OAuth token endpoint (`POST /oauth/token`): issued tokens, expiry and revocation. */
  oauth: {
    /** Tokens issued since the start or the last reset. */
    issuedCount(): number;
    /** Every issued token is expired from now on (the REST API answers 401 to it). */
    expireAll(): void;
    /** Every issued token is revoked (the REST API answers 401 to it). */
    revokeAll(): void;
  };
  /** Resolves when all queued webhooks were delivered or dropped (extra, for tests). */
  waitForWebhooks(): Promise<void>;
  stop(): Promise<void>;
}

/** The port of `pagerduty-simulator` and of the demo's embedded simulator. @public */
export const DEFAULT_PORT = 7300;

/** Every REST and Events route of the simulator, as "METHOD /template". */
export function createRouter(): Router {
  const router = new Router();
  registerServiceRoutes(router);
  registerServiceDependencyRoutes(router);
  registerServiceCustomFieldRoutes(router);
  registerServiceWriteRoutes(router);
  registerCurrentUserRoutes(router);
  registerIncidentRoutes(router);
  registerOncallRoutes(router);
  registerDirectoryRoutes(router);
  registerWebhookSubscriptionRoutes(router);
  registerAnalyticsRoutes(router);
  registerStandardsRoutes(router);
  registerEventsRoutes(router);
  registerOAuthRoutes(router);
  registerAdminRoutes(router);
  registerHtmlRoutes(router);
  return router;
}

function addConfiguredSubscriptions(
  state: SimulatorState,
  options: PagerDutySimulatorOptions,
) {
  if (options.analytics === false)
    state.abilities = state.abilities.filter(a => a !== 'analytics');
  (options.webhookSubscriptions ?? []).forEach((s, i) => {
    const id = `PWHSIM${i + 1}`;
    state.webhookSubscriptions.set(id, {
      id,
      url: s.url,
      secrets: [s.secret],
      events: s.events ?? [],
      description: 'Configured at start',
      filter: { type: 'account_reference' },
      active: true,
      customHeaders: [],
    });
  });
}

/**
 * Starts a simulated PagerDuty (REST v2, Events v2 and outgoing Webhooks v3) on one HTTP server.
 * @public
 */
export async function startPagerDutySimulator(
  options: PagerDutySimulatorOptions = {},
): Promise<PagerDutySimulator> {
  const seed = options.seed ?? 1;
  const clock = options.now ?? (() => new Date());
  const host = options.host ?? '127.0.0.1';
  const state = new SimulatorState(clock, seed);
  seedState(state, seed);
  addGeneratedServices(state, options.services ?? 0, seed);
  addConfiguredSubscriptions(state, options);
  const stats = emptyStats();
  const faults = new FaultController();
  const oauth = new OAuthIssuer(options.oauthClients ?? [], () =>
    clock().getTime(),
  );
  const limits = options.rateLimits === false ? null : options.rateLimits ?? {};
  const restLimiter = limits
    ? new FixedWindowLimiter(limits.restPerMinute ?? 960)
    : null;
  const eventsLimiter = limits
    ? new SlidingWindowLimiter(limits.eventsPerMinutePerRoutingKey ?? 120)
    : null;
  const log = options.logger ?? (() => {});

  const router = createRouter();
  const ctxRef: { current?: SimulatorContext } = {};
  const listener = createRequestListener(() => ctxRef.current!, router);
  const server = http.createServer({ keepAliveTimeout: 30_000 }, listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_PORT, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  let urlHost = host.includes(':') ? `[${host}]` : host;
  if (host === '0.0.0.0' || host === '::') urlHost = '127.0.0.1';
  const url = `http://${urlHost}:${port}`;
  const htmlBase = (
    options.htmlBaseUrl ??
    (options.subdomain
      ? `https://${options.subdomain}.pagerduty.com`
      : `${url}/app`)
  ).replace(/\/+$/, '');
  const serializer = new Serializer(state, url, htmlBase);
  const webhooks = new WebhookDispatcher(
    state,
    e => serializer.webhookEvent(e),
    stats,
    options.webhookDelivery,
    log,
  );
  const reset = () => {
    seedState(state, seed);
    addGeneratedServices(state, options.services ?? 0, seed);
    addConfiguredSubscriptions(state, options);
    zeroStats(stats);
    faults.clear();
    oauth.reset();
    restLimiter?.reset();
    eventsLimiter?.reset();
    webhooks.clear();
  };
  ctxRef.current = {
    state,
    serializer,
    faults,
    stats,
    tokens: new Set(
      options.tokens && options.tokens.length ? options.tokens : [DEMO_TOKEN],
    ),
    userTokens: new Map(Object.entries(options.userTokens ?? {})),
    oauth,
    restLimiter,
    eventsLimiter,
    webhooks,
    latencyMs: options.latencyMs ?? 0,
    seed,
    log,
    logRequests: !!options.logger,
    reset,
  };

  let stopped: Promise<void> | undefined;
  return {
    url,
    port,
    state,
    stats: () => JSON.parse(JSON.stringify(stats)),
    setFaults(spec: FaultSpec) {
      const problems = validateFaultSpec(spec);
      if (problems.length)
        throw new Error(`Invalid fault spec: ${problems.join('; ')}`);
      faults.set(spec);
    },
    clearFaults: () => faults.clear(),
    oauth: {
      issuedCount: () => oauth.issuedCount(),
      expireAll: () => oauth.expireAll(),
      revokeAll: () => oauth.revokeAll(),
    },
    reset,
    waitForWebhooks: () => webhooks.idle(),
    stop() {
      stopped ??= new Promise<void>(resolve => {
        webhooks.stop();
        listener.releaseHanging();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return stopped;
    },
  };
}
