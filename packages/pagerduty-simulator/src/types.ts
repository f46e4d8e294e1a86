/*
 * Public types of the PagerDuty simulator.
 */

/**
 * Token accepted by the simulator when no `tokens` option is given.
 * @public
 */
export const DEMO_TOKEN = 'pdsim_demo_token_0123456789';

/** @public */
export interface WebhookSubscriptionOption {
  /** Where the webhooks are POSTed. */
  url: string;
  /** Signing secret (HMAC-SHA256). */
  secret: string;
  /** Event types (e.g. `incident.triggered`); all incident events when omitted. */
  events?: string[];
}

/** @public */
export interface WebhookDeliveryOptions {
  /** Attempts per webhook, including the first one. Default 4. */
  maxAttempts?: number;
  /** Delay before the first retry; doubled on each further retry. Default 500 ms. */
  backoffMs?: number;
  /** Per-attempt timeout. Default 5000 ms (PagerDuty expects a 2xx within 5 s). */
  timeoutMs?: number;
}

/** An OAuth client (scoped OAuth app) accepted by `POST /oauth/token`. @public */
export interface OAuthClientOption {
  clientId: string;
  clientSecret: string;
  /** Lifetime of the issued access tokens. Default 3600 s. */
  expiresInSeconds?: number;
}

/** @public */
export interface PagerDutySimulatorOptions {
  /** Default 7300; 0 = random free port. */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 1; the generated data is deterministic for a seed. */
  seed?: number;
  /**
   * Grow the account to at least this many services with generated ones (names such as
   * "Amber Ledger 0042", teams and integrations), e.g. for catalog-sync benchmarks. The seeded
   * data is unchanged.
   */
  services?: number;
  /** Default 0, added to every REST/Events response. */
  latencyMs?: number;
  /** Accepted REST tokens (`Token token=X` or `Bearer X`); default [DEMO_TOKEN]. */
  tokens?: string[];
  /**
   * User-level API keys, token to user id (e.g. `{ mytoken: 'PUSER01' }`): accepted like
   * `tokens`, `GET /users/me` answers their user, and writes made with them need no `From`.
   */
  userTokens?: Record<string, string>;
  /**
   * The account's subdomain: `html_url`s become `https://<subdomain>.pagerduty.com/...`, as
   * PagerDuty answers them. Without it (and without `htmlBaseUrl`) they point at the
   * simulator's own minimal pages under `/app`, so links work locally.
   */
  subdomain?: string;
  /** Base of every `html_url` (overrides `subdomain`), e.g. `https://acme.eu.pagerduty.com`. */
  htmlBaseUrl?: string;
  /** Default on: 960 REST requests/minute per token and 120 events/minute per routing key. */
  rateLimits?:
    | false
    | { restPerMinute?: number; eventsPerMinutePerRoutingKey?: number };
  /**
   * OAuth clients accepted by the client-credentials grant at `POST /oauth/token`; the tokens
   * it issues are accepted as `Bearer` by the REST API until they expire. Default: none.
   */
  oauthClients?: OAuthClientOption[];
  /** Webhook v3 subscriptions (account-wide) created at start. */
  webhookSubscriptions?: WebhookSubscriptionOption[];
  /** Retry policy of the outgoing webhooks. */
  webhookDelivery?: WebhookDeliveryOptions;
  /** Clock used for on-call computation and timestamps (default: the real clock). */
  now?: () => Date;
  /**
   * Default true. False: the account has no analytics (no `analytics` ability; the analytics
   * API answers 402), as on plans without it.
   */
  analytics?: boolean;
  /** Receives one line per request and per webhook delivery. */
  logger?: (line: string) => void;
}

/** @public */
export interface SimulatorStats {
  /** Requests received on the REST and Events APIs (admin calls excluded). */
  total: number;
  /** Per route template, e.g. `GET /services/{id}`, `POST /v2/enqueue`. */
  byRoute: Record<string, number>;
  /** Per REST token that was presented (valid or not). */
  byToken: Record<string, number>;
  /** Per Events v2 routing key. */
  byRoutingKey: Record<string, number>;
  /** 429 responses sent (rate limiters and fault injection). */
  rateLimited: number;
  /** Webhook deliveries answered with a 2xx. */
  webhooksSent: number;
  /** Webhook delivery attempts that failed (non-2xx, timeout, network error). */
  webhookFailures: number;
}

/**
 * Error mode of a fault rule.
 * - `error`: answers `status` (default 500) with PagerDuty's error body.
 * - `rate_limit`: answers 429 with code 2020 and the `ratelimit-*` headers (a 429 storm).
 * - `timeout`: never answers (the socket stays open until the client gives up or the simulator stops).
 * - `reset`: destroys the connection without an answer (ECONNRESET on the client).
 * - `malformed`: answers 200 with a truncated, unparsable JSON body.
 * - `forbidden`: answers 403 with code 2010 ("Access Denied"), as for a missing ability or scope.
 * @public
 */
export type FaultMode =
  | 'error'
  | 'rate_limit'
  | 'timeout'
  | 'reset'
  | 'malformed'
  | 'forbidden';

/** @public */
export interface FaultRule {
  /**
   * Route template(s) the rule applies to: `GET /incidents`, `PUT /incidents/{id}`,
   * `POST /v2/enqueue`, `GET *` (every GET), or `*` (every REST and Events route).
   */
  route: string | string[];
  mode: FaultMode;
  /** Probability (0..1) that a matching request is faulted. Default 1. */
  rate?: number;
  /** Apply at most N times, then the rule is spent. Default: unlimited. */
  count?: number;
  /** HTTP status for mode `error` (default 500). */
  status?: number;
  /** Error message in the body (modes error/forbidden). */
  message?: string;
  /** `ratelimit-reset` seconds for mode `rate_limit` (default 30). */
  retryAfterSeconds?: number;
}

/** @public */
export interface FaultSpec {
  /** Extra latency added to every REST/Events response: fixedMs + uniform random [0, jitterMs]. */
  latency?: { fixedMs?: number; jitterMs?: number };
  /** Error rules, evaluated in order; the first one that fires wins. */
  rules?: FaultRule[];
  /**
   * Services whose `GET /services/{id}/change_events` answers 403 (code 2010).
   * Default (when omitted): [SEED.services.noChangeEvents]. `[]` lifts the denial.
   */
  changeEventsDeniedServices?: string[];
}
