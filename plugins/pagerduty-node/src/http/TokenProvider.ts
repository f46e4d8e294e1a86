import { PagerDutyAuthConfig } from '../config/accounts';
import { PagerDutyApiError } from './errors';

/** Gives the Authorization header of one account. */
export interface TokenProvider {
  authorizationHeader(options?: { forceRefresh?: boolean }): Promise<string>;
  /** True when a rejected token may be fixed by fetching a new one (OAuth). */
  readonly canRefresh: boolean;
}

/** A REST API key: `Authorization: Token token=<key>`. */
export class ApiTokenProvider implements TokenProvider {
  readonly canRefresh = false;
  constructor(private readonly token: string) {}
  async authorizationHeader() {
    return `Token token=${this.token}`;
  }
}

/**
 * OAuth client credentials (scoped OAuth app): fetched lazily on first use, refreshed a minute
 * before expiry and once more when PagerDuty rejects the token. Concurrent callers share one
 * token request.
 */
export class OAuthTokenProvider implements TokenProvider {
  readonly canRefresh = true;
  private token?: { value: string; expiresAt: number };
  private pending?: Promise<string>;

  constructor(
    private readonly auth: Extract<PagerDutyAuthConfig, { type: 'oauth' }>,
    private readonly timeoutMs: number,
    private readonly now: () => number = Date.now,
    private readonly fetchImpl: typeof fetch = globalThis.fetch,
  ) {}

  async authorizationHeader(options?: { forceRefresh?: boolean }) {
    const fresh = this.token && this.token.expiresAt - 60_000 > this.now();
    if (!options?.forceRefresh && fresh) return `Bearer ${this.token!.value}`;
    this.pending ??= this.fetchToken().finally(() => {
      this.pending = undefined;
    });
    return `Bearer ${await this.pending}`;
  }

  private async fetchToken(): Promise<string> {
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: this.auth.clientId,
      client_secret: this.auth.clientSecret,
      scope: `as_account-${this.auth.region}.${this.auth.subDomain}`,
    });
    let response: Response;
    try {
      response = await this.fetchImpl(this.auth.tokenUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new PagerDutyApiError({
        kind: 'unavailable',
        message: `PagerDuty OAuth token request failed: ${
          (error as Error).name
        }`,
      });
    }
    if (!response.ok) {
      throw new PagerDutyApiError({
        kind: response.status >= 500 ? 'unavailable' : 'token-rejected',
        upstreamStatus: response.status,
        message: `PagerDuty rejected the OAuth client credentials (HTTP ${response.status})`,
      });
    }
    let json: { access_token?: unknown; expires_in?: unknown };
    try {
      json = (await response.json()) ?? {};
    } catch {
      throw new PagerDutyApiError({
        kind: 'unavailable',
        upstreamStatus: response.status,
        message: 'PagerDuty OAuth token response is not JSON',
      });
    }
    if (typeof json.access_token !== 'string') {
      throw new PagerDutyApiError({
        kind: 'unavailable',
        message: 'PagerDuty OAuth token response has no access_token',
      });
    }
    const expiresIn =
      typeof json.expires_in === 'number' ? json.expires_in : 3600;
    this.token = {
      value: json.access_token,
      expiresAt: this.now() + expiresIn * 1000,
    };
    return json.access_token;
  }
}
