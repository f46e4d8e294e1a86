import { LoggerService } from '@backstage/backend-plugin-api';
import { PagerDutyAccountInfo } from '../config/accounts';
import {
  PagerDutyApiError,
  failureKindForStatus,
  isRetryable,
  parseErrorBody,
} from './errors';
import { PagerDutyTelemetry } from '../telemetry/PagerDutyTelemetry';
import { currentBudgetClaim } from '../budget/claim';
import { BackoffPolicy, backoffDelay, sleep } from './retry';
import { RequestBudget } from './RequestBudget';
import { TokenProvider } from './TokenProvider';

/** Query values: arrays become PagerDuty's repeated `key[]=` parameters. */
export type QueryValue = string | number | boolean | string[] | undefined;

/** One request to the REST API. */
export interface PagerDutyRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path with ids filled in, e.g. `/services/PABC123`. */
  path: string;
  /** Path template for logs and errors, e.g. `GET /services/{id}`. */
  route: string;
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** `From:` header (a user's email), required by PagerDuty on most writes. */
  from?: string;
  /** Fail at once instead of waiting when the per-token budget is used up. */
  noWait?: boolean;
  /**
   * `events` sends to the Events API v2 (no token, not counted in the REST budget; the
   * caller keeps to the per-routing-key limit) with a single attempt.
   */
  api?: 'rest' | 'events';
}

/** Tunables. */
export interface PagerDutyHttpOptions {
  timeoutMs: number;
  maxRetries: number;
  maxQueueWaitMs: number;
  /** Base delay of the exponential backoff (ms). */
  backoffBaseMs?: number;
  /** Longest single backoff (ms). */
  backoffMaxMs?: number;
  /** Default: the global fetch. */
  fetch?: typeof fetch;
  /** Request, 429 and budget metrics. */
  telemetry?: PagerDutyTelemetry;
}

const ACCEPT = 'application/vnd.pagerduty+json;version=2';

function buildQuery(query: Record<string, QueryValue> | undefined): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      for (const item of value) params.append(`${key}[]`, item);
    } else {
      params.append(key, String(value));
    }
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Seconds PagerDuty asks us to wait, from `Retry-After` or `ratelimit-reset`. */
function retryAfterMs(response: Response): number | undefined {
  for (const header of ['retry-after', 'ratelimit-reset']) {
    const value = response.headers.get(header);
    if (value === null) continue;
    const seconds = Number(value);
    if (Number.isFinite(seconds) && seconds >= 0)
      return Math.min(seconds * 1000, 60_000);
    const date = Date.parse(value);
    if (!Number.isNaN(date))
      return Math.min(Math.max(0, date - Date.now()), 60_000);
  }
  return undefined;
}

/**
 * HTTP discipline for one PagerDuty account: timeouts, retries with the shared exponential backoff on 429/5xx/network errors (honouring `Retry-After`/`ratelimit-reset`), no retry on
 * other 4xx, a per-token request budget, and one token refresh on 401 for OAuth.
 */
export class PagerDutyHttpClient {
  private readonly backoff: BackoffPolicy;

  constructor(
    /** Where and as whom: no credentials (those stay in the token provider). */
    readonly account: PagerDutyAccountInfo,
    private readonly tokens: TokenProvider,
    readonly budget: RequestBudget,
    private readonly options: PagerDutyHttpOptions,
    private readonly logger: LoggerService,
  ) {
    this.backoff = {
      initialMs: options.backoffBaseMs ?? 250,
      maxMs: options.backoffMaxMs ?? 8_000,
    };
  }

  async request<T>(req: PagerDutyRequest): Promise<T> {
    const method = req.method ?? 'GET';
    // A POST that PagerDuty may have processed is not repeated, except after a 429 (rejected
    // before processing) or when no connection was made.
    const idempotent = method !== 'POST';
    let refreshed = false;
    if (req.api === 'events') return this.attempt<T>(req, method);
    const claim = currentBudgetClaim();
    for (let attempt = 0; ; attempt++) {
      const acquired = req.noWait
        ? await this.budget.tryAcquire(claim)
        : await this.budget.acquire(this.options.maxQueueWaitMs, claim);
      if (!acquired) {
        this.options.telemetry?.budgetExhausted({
          account: this.account.id,
          route: req.route,
        });
        throw new PagerDutyApiError({
          kind: 'rate-limited',
          message: this.budget.isOverShare(claim.consumer)
            ? `${req.route}: ${claim.consumer} has used its share (pagerDuty.client.entityShare) of the PagerDuty request budget of account "${this.account.id}" for this minute; try again shortly`
            : `${req.route}: the plugin's PagerDuty request budget for account "${this.account.id}" is used up; try again shortly`,
        });
      }
      try {
        return await this.attempt<T>(req, method);
      } catch (error) {
        if (!(error instanceof PagerDutyApiError)) throw error;
        if (
          error.kind === 'token-rejected' &&
          this.tokens.canRefresh &&
          !refreshed
        ) {
          refreshed = true;
          await this.tokens.authorizationHeader({ forceRefresh: true });
          continue;
        }
        // PagerDuty asks for a pause longer than a caller may wait (or the caller has cached
        // data to serve instead): give up now; the budget stays paused until the reset, so
        // the next requests fail fast (or serve cached data) without asking PagerDuty.
        if (
          error.kind === 'rate-limited' &&
          (req.noWait ||
            (error.retryAfterMs ?? 0) > this.options.maxQueueWaitMs)
        ) {
          throw error;
        }
        const mayRepeat =
          idempotent ||
          error.kind === 'rate-limited' ||
          error.upstreamStatus === undefined;
        if (
          !isRetryable(error) ||
          !mayRepeat ||
          attempt >= this.options.maxRetries
        ) {
          throw error;
        }
        const delay = backoffDelay(attempt, this.backoff, error.retryAfterMs);
        this.logger.debug(
          `PagerDuty ${req.route} failed (${
            error.upstreamStatus ?? error.kind
          }); retry ${attempt + 1}/${this.options.maxRetries} in ${Math.round(
            delay,
          )} ms`,
        );
        await sleep(delay);
      }
    }
  }

  private async attempt<T>(req: PagerDutyRequest, method: string): Promise<T> {
    const events = req.api === 'events';
    const base = events ? this.account.eventsBaseUrl : this.account.apiBaseUrl;
    const url = `${base}${req.path}${buildQuery(req.query)}`;
    const headers: Record<string, string> = events
      ? { Accept: 'application/json' }
      : {
          Accept: ACCEPT,
          Authorization: await this.tokens.authorizationHeader(),
        };
    if (req.body !== undefined) headers['Content-Type'] = 'application/json';
    if (req.from) headers.From = req.from;

    const started = Date.now();
    let response: Response;
    try {
      response = await (this.options.fetch ?? fetch)(url, {
        method,
        headers,
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (cause) {
      this.options.telemetry?.request({
        account: this.account.id,
        route: req.route,
        status: 'error',
        durationMs: Date.now() - started,
      });
      const timedOut = (cause as Error)?.name === 'TimeoutError';
      throw new PagerDutyApiError({
        kind: 'unavailable',
        message: timedOut
          ? `PagerDuty did not answer ${req.route} within ${this.options.timeoutMs} ms`
          : `PagerDuty could not be reached for ${req.route}`,
      });
    }

    this.options.telemetry?.request({
      account: this.account.id,
      route: req.route,
      status: response.status,
      durationMs: Date.now() - started,
    });
    let text: string;
    try {
      text = await response.text();
    } catch {
      throw new PagerDutyApiError({
        kind: 'unavailable',
        upstreamStatus: response.status,
        message: `PagerDuty's answer to ${req.route} was cut off`,
      });
    }
    this.logger.debug(
      `PagerDuty ${req.route} -> ${response.status} in ${
        Date.now() - started
      } ms`,
    );

    let json: unknown = undefined;
    if (text.length > 0) {
      try {
        json = JSON.parse(text);
      } catch {
        if (response.ok) {
          throw new PagerDutyApiError({
            kind: 'unavailable',
            upstreamStatus: response.status,
            message: `PagerDuty answered ${req.route} with a body that is not JSON`,
          });
        }
      }
    }

    if (response.ok) return json as T;

    const parsed = parseErrorBody(json);
    let retryAfter: number | undefined;
    if (response.status === 429) {
      retryAfter = retryAfterMs(response) ?? 1000;
      if (!events) this.budget.pause(retryAfter);
    }
    throw new PagerDutyApiError({
      kind: failureKindForStatus(response.status),
      retryAfterMs: retryAfter,
      upstreamStatus: response.status,
      upstreamCode: parsed.code,
      details: parsed.details,
      message: `PagerDuty answered ${req.route} with HTTP ${response.status}${
        parsed.message ? `: ${parsed.message}` : ''
      }${parsed.details.length ? ` (${parsed.details.join('; ')})` : ''}`,
    });
  }
}
