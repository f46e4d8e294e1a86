import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import {
  PagerDutySimulator,
  SEED,
  startPagerDutySimulator,
} from '@backstage-pagerduty/pagerduty-simulator';
import { DefaultPagerDutyClientService } from './PagerDutyClientService';
import { MemoryCache } from '../__testUtils__/MemoryCache';

const OAUTH = {
  clientId: 'backstage-oauth-client',
  clientSecret: 'oauth_client_secret_s3cr3t_value',
};

describe('DefaultPagerDutyClientService against the simulator', () => {
  let sim: PagerDutySimulator;
  let now = Date.parse('2025-03-10T12:00:00Z');

  beforeAll(async () => {
    sim = await startPagerDutySimulator({
      port: 0,
      rateLimits: false,
      now: () => new Date(now),
      oauthClients: [{ ...OAUTH, expiresInSeconds: 3600 }],
    });
  });
  afterAll(() => sim.stop());
  beforeEach(() => {
    now = Date.parse('2025-03-10T12:00:00Z');
    sim.reset();
  });

  function service(pagerDuty: JsonObject, fetchImpl?: typeof fetch) {
    return DefaultPagerDutyClientService.fromConfig(
      new ConfigReader({ pagerDuty }),
      {
        logger: mockServices.logger.mock(),
        cache: new MemoryCache() as any,
        now: () => now,
        fetch: fetchImpl,
      },
    );
  }

  const oauthConfig = (overrides: JsonObject = {}) => ({
    oauth: {
      ...OAUTH,
      subDomain: 'acme',
      tokenUrl: `${sim.url}/oauth/token`,
      ...overrides,
    },
    apiBaseUrl: sim.url,
    eventsBaseUrl: sim.url,
    // Every read goes upstream, so each one needs the token.
    cache: { servicesTtlSeconds: 0, negativeTtlSeconds: 0 },
    client: { maxRetries: 0 },
  });

  describe('OAuth client credentials', () => {
    it('fetches the token lazily, once for concurrent requests, and reuses it', async () => {
      const pd = service(oauthConfig());
      expect(sim.oauth.issuedCount()).toBe(0);
      const client = pd.forAccount();
      expect(sim.oauth.issuedCount()).toBe(0);

      const results = await Promise.all(
        [SEED.services.checkout, SEED.services.search, SEED.services.gap].map(
          id => client.getService(id),
        ),
      );
      expect(results.map(r => r.value.id)).toEqual([
        SEED.services.checkout,
        SEED.services.search,
        SEED.services.gap,
      ]);
      expect(sim.oauth.issuedCount()).toBe(1);
      expect(sim.stats().byRoute['POST /oauth/token']).toBe(1);

      now += 30 * 60_000;
      await client.getService(SEED.services.checkout);
      expect(sim.oauth.issuedCount()).toBe(1);
    });

    it('refreshes the token before it expires', async () => {
      const client = service(oauthConfig()).forAccount();
      await client.getService(SEED.services.checkout);
      expect(sim.oauth.issuedCount()).toBe(1);
      // 59 minutes 30 s later: the token is still valid for 30 s, less than the margin.
      now += 3600_000 - 30_000;
      await client.getService(SEED.services.checkout);
      expect(sim.oauth.issuedCount()).toBe(2);
      // The new token is used: no further token request and no 401.
      now += 10 * 60_000;
      await client.getService(SEED.services.checkout);
      expect(sim.oauth.issuedCount()).toBe(2);
      expect(sim.stats().byRoute['GET /services/{id}']).toBe(3);
    });

    it('fetches a new token once when PagerDuty rejects the current one', async () => {
      const client = service(oauthConfig()).forAccount();
      await client.getService(SEED.services.checkout);
      sim.oauth.revokeAll();
      const again = await client.getService(SEED.services.checkout);
      expect(again.value.id).toBe(SEED.services.checkout);
      expect(sim.oauth.issuedCount()).toBe(2);
      // The rejected request and its single retry.
      expect(sim.stats().byRoute['GET /services/{id}']).toBe(3);
    });

    it('gives up after one refresh when PagerDuty keeps rejecting tokens', async () => {
      const client = service(oauthConfig()).forAccount();
      await client.getService(SEED.services.checkout);
      sim.setFaults({
        rules: [{ route: 'GET /services/{id}', mode: 'error', status: 401 }],
      });
      await expect(
        client.getService(SEED.services.checkout),
      ).rejects.toMatchObject({ kind: 'token-rejected' });
      expect(sim.oauth.issuedCount()).toBe(2);
      expect(sim.stats().byRoute['GET /services/{id}']).toBe(3);
    });

    it('says the client credentials were rejected, without the secret', async () => {
      const client = service(
        oauthConfig({ clientSecret: 'wrong_secret_abcdef_123456' }),
      ).forAccount();
      const error = await client
        .getService(SEED.services.checkout)
        .catch(e => e);
      expect(error).toMatchObject({ kind: 'token-rejected' });
      expect(error.message).toContain('OAuth client credentials');
      expect(JSON.stringify({ ...error, message: error.message })).not.toMatch(
        /wrong_secret_abcdef_123456|oauth_client_secret/,
      );
      expect(sim.stats().byRoute['GET /services/{id}']).toBeUndefined();
    });
  });

  describe('EU region', () => {
    it('sends REST, Events and OAuth token requests to the EU hosts when only region: eu is set', async () => {
      const seen: string[] = [];
      // Stands in for DNS: the EU hosts resolve to the simulator. No request leaves the machine.
      const toSimulator: typeof fetch = (input, init) => {
        const url = new URL(String(input));
        seen.push(`${url.origin}${url.pathname}`);
        return fetch(`${sim.url}${url.pathname}${url.search}`, init);
      };
      const pd = service(
        {
          accounts: [
            {
              id: 'eu-token',
              region: 'eu',
              apiToken: 'pdsim_demo_token_0123456789',
            },
            {
              id: 'eu-oauth',
              oauth: { ...OAUTH, subDomain: 'acme', region: 'eu' },
            },
          ],
        },
        toSimulator,
      );
      expect(
        pd.accounts().map(a => [a.id, a.apiBaseUrl, a.eventsBaseUrl]),
      ).toEqual([
        [
          'eu-token',
          'https://api.eu.pagerduty.com',
          'https://events.eu.pagerduty.com',
        ],
        [
          'eu-oauth',
          'https://api.eu.pagerduty.com',
          'https://events.eu.pagerduty.com',
        ],
      ]);
      await pd.forAccount('eu-token').getService(SEED.services.checkout);
      await pd.forAccount('eu-token').sendEvent({
        routing_key: SEED.integrationKeys.checkout,
        event_action: 'trigger',
        dedup_key: 'eu-test',
        payload: { summary: 'EU test', source: 'test', severity: 'info' },
      } as any);
      await pd.forAccount('eu-oauth').getService(SEED.services.search);
      expect(seen).toEqual([
        `https://api.eu.pagerduty.com/services/${SEED.services.checkout}`,
        'https://events.eu.pagerduty.com/v2/enqueue',
        'https://identity.eu.pagerduty.com/oauth/token',
        `https://api.eu.pagerduty.com/services/${SEED.services.search}`,
      ]);
    });
  });
});
