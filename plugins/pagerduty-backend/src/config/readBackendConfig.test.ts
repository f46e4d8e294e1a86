import { ConfigReader } from '@backstage/config';
import { PagerDutyAccountInfo } from '@backstage-pagerduty/plugin-pagerduty-node';
import { readBackendConfig } from './readBackendConfig';

const ACCOUNTS = [
  { id: 'main', isDefault: true },
  { id: 'eu', isDefault: false },
] as PagerDutyAccountInfo[];

const read = (pagerDuty: object) =>
  readBackendConfig(new ConfigReader({ pagerDuty }), ACCOUNTS);

describe('readBackendConfig', () => {
  it('has defaults', () => {
    const config = read({});
    expect(config.triggers).toMatchObject({
      perKeyLimit: 120,
      windowMs: 61_000,
      leaseMs: 15_000,
      maxAgeMs: 24 * 3_600_000,
      retentionMs: 7 * 86_400_000,
    });
    expect(config.webhooks).toMatchObject({
      secrets: [],
      incidentsTtlSeconds: 300,
      healthyWindowSeconds: 1800,
      dedupRetentionHours: 72,
    });
  });

  it('reads durations as Backstage durations, and the older number keys', () => {
    const config = read({
      triggers: { maxAge: { hours: 2 }, retention: '3d', leaseSeconds: 30 },
      webhooks: { incidentsTtl: 'PT10M', dedupRetentionHours: 24 },
    });
    expect(config.triggers.maxAgeMs).toBe(2 * 3_600_000);
    expect(config.triggers.retentionMs).toBe(3 * 86_400_000);
    expect(config.triggers.leaseMs).toBe(30_000);
    expect(config.webhooks.incidentsTtlSeconds).toBe(600);
    expect(config.webhooks.dedupRetentionHours).toBe(24);
  });

  it('reads the entity cache window: 5 s by default, a duration, or 0 for off', () => {
    expect(read({}).entityCacheTtlMs).toBe(5000);
    expect(read({ entityCache: { ttl: '2s' } }).entityCacheTtlMs).toBe(2000);
    expect(
      read({ entityCache: { ttl: { milliseconds: 500 } } }).entityCacheTtlMs,
    ).toBe(500);
    expect(read({ entityCache: { ttl: 0 } }).entityCacheTtlMs).toBe(0);
    expect(() => read({ entityCache: { ttl: 5 } })).toThrow(
      /pagerDuty\.entityCache\.ttl is not a duration.*expected e\.g\./,
    );
  });

  it('gives each secret its account: the default one, or its own', () => {
    expect(
      read({
        webhooks: { secrets: [' a '] },
        accounts: [{ id: 'eu', webhooks: { secrets: ['b'] } }],
      }).webhooks.secrets,
    ).toEqual([
      { account: 'main', secret: 'a' },
      { account: 'eu', secret: 'b' },
    ]);
  });

  it.each([
    [
      { triggers: { concurrency: 0 } },
      'pagerDuty.triggers.concurrency is 0; expected a number of at least 1',
    ],
    [
      { triggers: { backoffMaxMs: -5 } },
      'pagerDuty.triggers.backoffMaxMs is -5; expected a number of at least 0',
    ],
    [
      { triggers: { maxAge: 'soon' } },
      /^pagerDuty.triggers.maxAge is not a duration .*expected e.g./,
    ],
    [
      { webhooks: { healthyWindowSeconds: -1 } },
      'pagerDuty.webhooks.healthyWindowSeconds is -1',
    ],
    [
      { webhooks: { secrets: ['  '] } },
      'pagerDuty.webhooks.secrets[0] is empty',
    ],
    [
      {
        webhooks: { secrets: ['s'] },
        accounts: [{ id: 'eu', webhooks: { secrets: ['s'] } }],
      },
      'The same webhook secret is configured for the PagerDuty accounts "main" and "eu"',
    ],
  ])('names the key of a wrong value: %j', (pagerDuty, message) => {
    const pattern =
      typeof message === 'string'
        ? new RegExp(message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        : message;
    expect(() => read(pagerDuty)).toThrow(
      expect.objectContaining({
        name: 'PagerDutyConfigurationError',
        message: expect.stringMatching(pattern),
      }),
    );
  });
});
