import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { readPagerDutyAccounts } from '@backstage-pagerduty/plugin-pagerduty-node';

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

function nonNegative(
  config: Config | undefined,
  key: string,
  fallback: number,
): number {
  const value = config?.getOptionalNumber(key);
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0) {
    throw new InputError(
      `pagerDuty.webhooks.${key} is ${value}; expected a number of at least 0`,
    );
  }
  return value;
}

function readSecrets(config: Config | undefined, where: string): string[] {
  const secrets = config?.getOptionalStringArray('secrets') ?? [];
  return secrets.map((secret, i) => {
    const trimmed = secret.trim();
    if (!trimmed) {
      throw new InputError(`${where}.secrets[${i}] is empty`);
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
export function readWebhookConfig(root: Config): WebhookConfig {
  const webhooks = root.getOptionalConfig('pagerDuty.webhooks');
  let accounts: Array<{ id: string; isDefault: boolean }> = [];
  try {
    accounts = readPagerDutyAccounts(root);
  } catch {
    // A broken account configuration is reported by the client service; the secrets that
    // can still be attributed are used.
  }
  const defaultAccount = accounts.find(a => a.isDefault)?.id ?? 'default';

  const secrets: WebhookSecret[] = readSecrets(
    webhooks,
    'pagerDuty.webhooks',
  ).map(secret => ({ account: defaultAccount, secret }));
  (root.getOptionalConfigArray('pagerDuty.accounts') ?? []).forEach((c, i) => {
    const account = c.getOptionalString('id');
    const own = readSecrets(
      c.getOptionalConfig('webhooks'),
      `pagerDuty.accounts[${i}].webhooks`,
    );
    if (own.length && !account) {
      throw new InputError(`pagerDuty.accounts[${i}] has no id`);
    }
    for (const secret of own) secrets.push({ account: account!, secret });
  });

  const seen = new Map<string, string>();
  for (const { account, secret } of secrets) {
    const other = seen.get(secret);
    if (other !== undefined && other !== account) {
      throw new InputError(
        `The same webhook secret is configured for the PagerDuty accounts "${other}" and "${account}"; each account needs its own`,
      );
    }
    seen.set(secret, account);
  }

  return {
    secrets,
    incidentsTtlSeconds: nonNegative(webhooks, 'incidentsTtlSeconds', 300),
    healthyWindowSeconds: nonNegative(webhooks, 'healthyWindowSeconds', 1800),
    dedupRetentionHours: nonNegative(webhooks, 'dedupRetentionHours', 72),
    maxBodyBytes: 256 * 1024,
  };
}
