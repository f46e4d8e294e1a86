import { startPagerDutySimulator } from '../simulator';
import { SEED } from '../state/seed';

const CLIENT = { clientId: 'pdsim-client', clientSecret: 'pdsim-secret-xyz' };

function tokenRequest(
  url: string,
  fields: Record<string, string>,
): Promise<globalThis.Response> {
  return fetch(`${url}/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  });
}

describe('POST /oauth/token (client credentials)', () => {
  it('issues bearer tokens that the REST API accepts until they expire or are revoked', async () => {
    let now = Date.parse('2025-03-10T12:00:00Z');
    const sim = await startPagerDutySimulator({
      port: 0,
      now: () => new Date(now),
      oauthClients: [{ ...CLIENT, expiresInSeconds: 600 }],
    });
    try {
      const res = await tokenRequest(sim.url, {
        grant_type: 'client_credentials',
        client_id: CLIENT.clientId,
        client_secret: CLIENT.clientSecret,
        scope: 'as_account-us.acme services.read',
      });
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body).toEqual({
        access_token: expect.stringMatching(/^pdsim_oauth_/),
        token_type: 'bearer',
        expires_in: 600,
        scope: 'as_account-us.acme services.read',
      });
      const get = () =>
        fetch(`${sim.url}/services/${SEED.services.checkout}`, {
          headers: { Authorization: `Bearer ${body.access_token}` },
        });
      expect((await get()).status).toBe(200);
      expect(sim.oauth.issuedCount()).toBe(1);
      expect(sim.stats().byRoute['POST /oauth/token']).toBe(1);

      now += 601_000;
      expect((await get()).status).toBe(401);

      const second = await (
        await tokenRequest(sim.url, {
          grant_type: 'client_credentials',
          client_id: CLIENT.clientId,
          client_secret: CLIENT.clientSecret,
          scope: 'as_account-us.acme',
        })
      ).json();
      const withSecond = () =>
        fetch(`${sim.url}/abilities`, {
          headers: { Authorization: `Bearer ${second.access_token}` },
        });
      expect((await withSecond()).status).toBe(200);
      sim.oauth.revokeAll();
      expect((await withSecond()).status).toBe(401);
      sim.reset();
      expect(sim.oauth.issuedCount()).toBe(0);
    } finally {
      await sim.stop();
    }
  });

  it('rejects wrong client credentials, grant types and scopes', async () => {
    const sim = await startPagerDutySimulator({
      port: 0,
      oauthClients: [CLIENT],
    });
    try {
      const base = {
        grant_type: 'client_credentials',
        client_id: CLIENT.clientId,
        client_secret: CLIENT.clientSecret,
        scope: 'as_account-eu.acme',
      };
      const wrongSecret = await tokenRequest(sim.url, {
        ...base,
        client_secret: 'nope',
      });
      expect(wrongSecret.status).toBe(401);
      expect((await wrongSecret.json()).error).toBe('invalid_client');
      const grant = await tokenRequest(sim.url, {
        ...base,
        grant_type: 'password',
      });
      expect(grant.status).toBe(400);
      expect((await grant.json()).error).toBe('unsupported_grant_type');
      const scope = await tokenRequest(sim.url, { ...base, scope: 'read' });
      expect(scope.status).toBe(400);
      expect((await scope.json()).error).toBe('invalid_scope');
      expect(sim.oauth.issuedCount()).toBe(0);
      sim.oauth.expireAll();
    } finally {
      await sim.stop();
    }
  });
});
