import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import {
  PagerDutyAccountInfo,
  PagerDutyConfigurationError,
} from '@backstage-pagerduty/plugin-pagerduty-node';

/** Tunables of the trigger outbox worker (`pagerDuty.triggers`). */
export interface TriggerConfig {
  /** Events per routing key in `windowMs` (PagerDuty: about 120 per minute). */
  perKeyLimit: number;
  windowMs: number;
  /** Rows claimed per round. */
  batchSize: number;
  /** Deliveries in flight at once. */
  concurrency: number;
  /** How long a claimed row is reserved to the worker that claimed it. */
  leaseMs: number;
  backoffInitialMs: number;
  backoffMaxMs: number;
  /** After this long a trigger still not delivered is failed. */
  maxAgeMs: number;
  /** Longest sleep between two looks at the outbox. */
  pollIntervalMs: number;
  /** Delivered and failed rows are deleted after this long. */
  retentionMs: number;
}

/** A webhook signing secret and the PagerDuty account its webhooks belong to. */
export interface WebhookSecret {
  account: string;
  secret: string;
}

/** `pagerDuty.webhooks` (and `pagerDuty.accounts[].webhooks`), read with defaults. */
export interface WebhookConfig {
  /** Every configured secret; the one that verifies a webhook names its account. */
  secrets: WebhookSecret[];
  /** Incidents TTL while an account's webhooks are healthy (seconds). */
  incidentsTtlSeconds: number;
  /** An account's webhooks are healthy while a valid one arrived within this window (seconds). */
  healthyWindowSeconds: number;
  /** How long received webhook ids are kept for de-duplication (hours). */
  dedupRetentionHours: number;
  /** Largest accepted body, bytes. */
  maxBodyBytes: number;
}

/** Everything the backend plugin reads from config, besides the accounts (pagerduty-node). */
export interface BackendConfig {
  triggers: TriggerConfig;
  webhooks: WebhookConfig;
  /** `app.baseUrl`, for links from PagerDuty back to the entity. */
  appBaseUrl: string;
  /** `pagerDuty.defaultFromEmail`. */
  defaultFromEmail?: string;
  /**
   * `pagerDuty.entityCache.ttl`: how long a user's read of an entity (the catalog's answer and
   * its permission decision) is reused by that user's card reads; 0 turns it off.
   */
  entityCacheTtlMs: number;
}

/** A number of at least 0 (`min`), or the fallback; anything else names the key. */
function readNumber(
  config: Config | undefined,
  where: string,
  key: string,
  fallback: number,
  min = 0,
): number {
  const value = config?.getOptionalNumber(key);
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < min) {
    throw new PagerDutyConfigurationError(
      `${where}.${key} is ${value}; expected a number of at least ${min}`,
    );
  }
  return value;
}

/**
 * A duration in ms: the key as a Backstage duration (`{ minutes: 5 }`, `'5m'`, ISO 8601), or
 * the older key as a number of `unitMs`, or the fallback.
 */
function readDurationMs(
  config: Config | undefined,
  where: string,
  key: string,
  old: { key: string; unitMs: number } | undefined,
  fallbackMs: number,
): number {
  if (config?.has(key)) {
    let ms: number;
    try {
      ms = durationToMilliseconds(readDurationFromConfig(config, { key }));
    } catch (error) {
      throw new PagerDutyConfigurationError(
        `${where}.${key} is not a duration (${
          (error as Error).message
        }); expected e.g. { minutes: 5 }, '5m' or 'PT5M'`,
      );
    }
    if (!(ms >= 0)) {
      throw new PagerDutyConfigurationError(
        `${where}.${key} is negative; expected a duration of at least 0`,
      );
    }
    return ms;
  }
  if (!old) return fallbackMs;
  return (
    readNumber(config, where, old.key, fallbackMs / old.unitMs) * old.unitMs
  );
}

const SECOND = 1000;
const HOUR = 3_600_000;

function readTriggers(root: Config): TriggerConfig {
  const where = 'pagerDuty.triggers';
  const c = root.getOptionalConfig(where);
  const n = (key: string, fallback: number, min = 0) =>
    readNumber(c, where, key, fallback, min);
  return {
    perKeyLimit: n('eventsPerRoutingKey', 120, 1),
    // One second on top of PagerDuty's minute: the window there starts at arrival, here at send.
    windowMs: readDurationMs(
      c,
      where,
      'window',
      { key: 'windowSeconds', unitMs: SECOND },
      61 * SECOND,
    ),
    batchSize: n('batchSize', 200, 1),
    concurrency: n('concurrency', 20, 1),
    leaseMs: readDurationMs(
      c,
      where,
      'lease',
      { key: 'leaseSeconds', unitMs: SECOND },
      15 * SECOND,
    ),
    backoffInitialMs: n('backoffInitialMs', 1000),
    backoffMaxMs: n('backoffMaxMs', 60_000),
    maxAgeMs: readDurationMs(
      c,
      where,
      'maxAge',
      { key: 'maxAgeHours', unitMs: HOUR },
      24 * HOUR,
    ),
    pollIntervalMs: n('pollIntervalMs', 5000),
    retentionMs: readDurationMs(
      c,
      where,
      'retention',
      { key: 'retentionDays', unitMs: 24 * HOUR },
      7 * 24 * HOUR,
    ),
  };
}

function readSecrets(config: Config | undefined, where: string): string[] {
  const secrets = config?.getOptionalStringArray('secrets') ?? [];
  return secrets.map((secret, i) => {
    const trimmed = secret.trim();
    if (!trimmed) {
      throw new PagerDutyConfigurationError(`${where}.secrets[${i}] is empty`);
    }
    return trimmed;
  });
}

/**
 * Reads the webhook settings. Which account a webhook belongs to is decided by the secret that
 * verifies its signature:
 *
 * - `pagerDuty.accounts[].webhooks.secrets` belong to that account;
 * - `pagerDuty.webhooks.secrets` belong to the default account (the `isDefault` one, the first
 *   one, or the single account configured directly under `pagerDuty`).
 *
 * The same secret may not be given to two accounts (PagerDuty generates one per subscription).
 */
function readWebhooks(
  root: Config,
  accounts: PagerDutyAccountInfo[],
): WebhookConfig {
  const where = 'pagerDuty.webhooks';
  const webhooks = root.getOptionalConfig(where);
  const defaultAccount = accounts.find(a => a.isDefault)?.id ?? 'default';

  const secrets: WebhookSecret[] = readSecrets(webhooks, where).map(secret => ({
    account: defaultAccount,
    secret,
  }));
  (root.getOptionalConfigArray('pagerDuty.accounts') ?? []).forEach((c, i) => {
    const account = c.getOptionalString('id');
    const own = readSecrets(
      c.getOptionalConfig('webhooks'),
      `pagerDuty.accounts[${i}].webhooks`,
    );
    if (own.length && !account) {
      throw new PagerDutyConfigurationError(
        `pagerDuty.accounts[${i}] has no id`,
      );
    }
    for (const secret of own) secrets.push({ account: account!, secret });
  });

  const seen = new Map<string, string>();
  for (const { account, secret } of secrets) {
    const other = seen.get(secret);
    if (other !== undefined && other !== account) {
      throw new PagerDutyConfigurationError(
        `The same webhook secret is configured for the PagerDuty accounts "${other}" and "${account}"; each account needs its own`,
      );
    }
    seen.set(secret, account);
  }

  const seconds = (key: string, old: string, fallback: number) =>
    readDurationMs(
      webhooks,
      where,
      key,
      { key: old, unitMs: SECOND },
      fallback * SECOND,
    ) / SECOND;
  return {
    secrets,
    incidentsTtlSeconds: seconds('incidentsTtl', 'incidentsTtlSeconds', 300),
    healthyWindowSeconds: seconds(
      'healthyWindow',
      'healthyWindowSeconds',
      1800,
    ),
    dedupRetentionHours:
      readDurationMs(
        webhooks,
        where,
        'dedupRetention',
        { key: 'dedupRetentionHours', unitMs: HOUR },
        72 * HOUR,
      ) / HOUR,
    maxBodyBytes: 256 * 1024,
  };
}

/** `pagerDuty.entityCache.ttl`: a duration, or a plain 0 to turn the reuse off. */
function readEntityCacheTtl(root: Config): number {
  const where = 'pagerDuty.entityCache';
  const c = root.getOptionalConfig(where);
  if (c?.getOptional('ttl') === 0) return 0;
  return readDurationMs(c, where, 'ttl', undefined, 5 * SECOND);
}

/**
 * The one reader of the plugin's configuration. Wrong values throw a
 * `PagerDutyConfigurationError` naming the key (at startup, never as an HTTP answer); the
 * accounts themselves are read once, by the client service of pagerduty-node.
 */
export function readBackendConfig(
  root: Config,
  accounts: PagerDutyAccountInfo[],
): BackendConfig {
  return {
    triggers: readTriggers(root),
    webhooks: readWebhooks(root, accounts),
    appBaseUrl: root.getOptionalString('app.baseUrl') ?? '',
    defaultFromEmail: root.getOptionalString('pagerDuty.defaultFromEmail'),
    entityCacheTtlMs: readEntityCacheTtl(root),
  };
}
