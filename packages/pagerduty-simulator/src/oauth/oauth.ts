import { randomBytes } from 'node:crypto';
import { Request, Response, Router } from '../server/router';
import { OAuthClientOption } from '../types';

interface IssuedToken {
  clientId: string;
  scope: string;
  /** Epoch ms on the simulator's clock. */
  expiresAt: number;
}

/**
 * The OAuth 2.0 client-credentials grant of PagerDuty's identity service
 * (`POST https://identity.pagerduty.com/oauth/token`), for scoped OAuth apps. Issued tokens are
 * accepted as `Authorization: Bearer <token>` by the REST API until they expire (on the
 * simulator's clock) or are revoked.
 */
export class OAuthIssuer {
  private readonly clients = new Map<string, OAuthClientOption>();
  private readonly issued = new Map<string, IssuedToken>();
  private counter = 0;

  constructor(
    clients: OAuthClientOption[],
    private readonly now: () => number,
  ) {
    for (const c of clients) this.clients.set(c.clientId, c);
  }

  /** True when `token` was issued here and is still valid. */
  accepts(token: string): boolean {
    const t = this.issued.get(token);
    if (!t) return false;
    if (t.expiresAt <= this.now()) {
      this.issued.delete(token);
      return false;
    }
    return true;
  }

  /** Tokens issued so far (valid or not). */
  issuedCount(): number {
    return this.counter;
  }

  /** Makes every issued token expired (as if their lifetime had passed). */
  expireAll(): void {
    for (const t of this.issued.values()) t.expiresAt = 0;
  }

  /** Forgets every issued token (a revocation): the REST API answers 401 to them. */
  revokeAll(): void {
    this.issued.clear();
  }

  reset(): void {
    this.issued.clear();
    this.counter = 0;
  }

  handle(req: Request): Response {
    const type = String(req.headers['content-type'] ?? '');
    const form = type.includes('application/json')
      ? new URLSearchParams(
          Object.entries(safeJson(req.rawBody)).map(([k, v]) => [k, String(v)]),
        )
      : new URLSearchParams(req.rawBody);
    const grantType = form.get('grant_type');
    if (grantType !== 'client_credentials') {
      return oauthError(
        400,
        'unsupported_grant_type',
        'Only grant_type=client_credentials is supported',
      );
    }
    const clientId = form.get('client_id') ?? '';
    const client = this.clients.get(clientId);
    if (!client || client.clientSecret !== form.get('client_secret')) {
      return oauthError(401, 'invalid_client', 'Client authentication failed');
    }
    const scope = form.get('scope') ?? '';
    if (!/^as_account-(us|eu)\.[A-Za-z0-9-]+( .+)?$/.test(scope)) {
      return oauthError(
        400,
        'invalid_scope',
        'scope must start with as_account-<region>.<subdomain>',
      );
    }
    const expiresIn = client.expiresInSeconds ?? 3600;
    const token = `pdsim_oauth_${randomBytes(16).toString('hex')}`;
    this.issued.set(token, {
      clientId,
      scope,
      expiresAt: this.now() + expiresIn * 1000,
    });
    this.counter += 1;
    return {
      status: 200,
      body: {
        access_token: token,
        token_type: 'bearer',
        expires_in: expiresIn,
        scope,
      },
    };
  }
}

function safeJson(text: string): Record<string, unknown> {
  try {
    const v = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? v : {};
  } catch {
    return {};
  }
}

function oauthError(
  status: number,
  error: string,
  description: string,
): Response {
  return { status, body: { error, error_description: description } };
}

/** `POST /oauth/token` (counted in the stats under that key; no REST token needed). */
export function registerOAuthRoutes(r: Router): void {
  r.add('identity', 'POST', '/oauth/token', req => req.sim.oauth.handle(req));
}
