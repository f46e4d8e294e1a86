import { Config } from '@backstage/config';

/** Region of a PagerDuty account. @public */
export type PagerDutyRegion = 'us' | 'eu';

/** How the plugin authenticates to one account. @public */
export type PagerDutyAuthConfig =
  | { type: 'api-token'; token: string }
  | {
      type: 'oauth';
      clientId: string;
      clientSecret: string;
      subDomain: string;
      region: PagerDutyRegion;
      /** Token endpoint; `oauth.tokenUrl`, else PagerDuty's identity service of the region. */
      tokenUrl: string;
    };

/** One configured PagerDuty account. @public */
export interface PagerDutyAccountConfig {
  id: string;
  isDefault: boolean;
  region: PagerDutyRegion;
  apiBaseUrl: string;
  eventsBaseUrl: string;
  auth: PagerDutyAuthConfig;
}

const BASE_URLS: Record<
  PagerDutyRegion,
  { api: string; events: string; identity: string }
> = {
  us: {
    api: 'https://api.pagerduty.com',
    events: 'https://events.pagerduty.com',
    identity: 'https://identity.pagerduty.com',
  },
  eu: {
    api: 'https://api.eu.pagerduty.com',
    events: 'https://events.eu.pagerduty.com',
    identity: 'https://identity.eu.pagerduty.com',
  },
};

/** A configured account as it may be shown to users and other plugins: no credentials. @public */
export interface PagerDutyAccountInfo {
  id: string;
  isDefault: boolean;
  region: PagerDutyRegion;
  auth: 'api-token' | 'oauth';
  apiBaseUrl: string;
  eventsBaseUrl: string;
}

/** The credential-free view of an account. @public */
export function toAccountInfo(
  account: PagerDutyAccountConfig,
): PagerDutyAccountInfo {
  return {
    id: account.id,
    isDefault: account.isDefault,
    region: account.region,
    auth: account.auth.type,
    apiBaseUrl: account.apiBaseUrl,
    eventsBaseUrl: account.eventsBaseUrl,
  };
}

/**
 * The `pagerDuty` configuration is present but wrong; the message names the key and what is
 * expected. Thrown at startup, never answered to an HTTP caller.
 * @public
 */
export class PagerDutyConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PagerDutyConfigurationError';
  }
}

/**
 * Id given to the account configured directly under `pagerDuty` (no `accounts` list).
 * @public
 */
export const DEFAULT_ACCOUNT_ID = 'default';

function readRegion(
  config: Config,
  key: string,
  where: string,
): PagerDutyRegion | undefined {
  const region = config.getOptionalString(key);
  if (region === undefined) return undefined;
  if (region !== 'us' && region !== 'eu') {
    throw new PagerDutyConfigurationError(
      `${where}.${key} is "${region}"; expected "us" or "eu"`,
    );
  }
  return region;
}

function readUrl(
  config: Config,
  key: string,
  where: string,
): string | undefined {
  const value = config.getOptionalString(key);
  if (value === undefined) return undefined;
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new Error('protocol');
  } catch {
    throw new PagerDutyConfigurationError(
      `${where}.${key} is not an http(s) URL: "${value}"`,
    );
  }
  return value.replace(/\/+$/, '');
}

function readAccount(
  config: Config,
  where: string,
  id: string,
  isDefault: boolean,
) {
  const token = config.getOptionalString('apiToken')?.trim();
  const oauthConfig = config.getOptionalConfig('oauth');
  if (token && oauthConfig) {
    throw new PagerDutyConfigurationError(
      `${where} has both apiToken and oauth; configure only one of them`,
    );
  }

  const oauthRegion = oauthConfig
    ? readRegion(oauthConfig, 'region', `${where}.oauth`)
    : undefined;
  const region = readRegion(config, 'region', where) ?? oauthRegion ?? 'us';
  const urls = BASE_URLS[region];

  let auth: PagerDutyAuthConfig;
  if (oauthConfig) {
    auth = {
      type: 'oauth',
      clientId: oauthConfig.getString('clientId'),
      clientSecret: oauthConfig.getString('clientSecret'),
      subDomain: oauthConfig.getString('subDomain'),
      region: oauthRegion ?? region,
      tokenUrl:
        readUrl(oauthConfig, 'tokenUrl', `${where}.oauth`) ??
        `${BASE_URLS[oauthRegion ?? region].identity}/oauth/token`,
    };
  } else if (token) {
    auth = { type: 'api-token', token };
  } else {
    throw new PagerDutyConfigurationError(
      `${where} has no credentials; set ${where}.apiToken (a PagerDuty REST API key) or ${where}.oauth`,
    );
  }

  return {
    id,
    isDefault,
    region,
    apiBaseUrl: readUrl(config, 'apiBaseUrl', where) ?? urls.api,
    eventsBaseUrl: readUrl(config, 'eventsBaseUrl', where) ?? urls.events,
    auth,
  };
}

/**
 * Reads the PagerDuty accounts from config. Returns an empty list when PagerDuty is not
 * configured at all (the plugin then starts and reports "not configured"); throws a
 * PagerDutyConfigurationError naming the key when the configuration is present but wrong.
 * @public
 */
export function readPagerDutyAccounts(root: Config): PagerDutyAccountConfig[] {
  const config = root.getOptionalConfig('pagerDuty');
  if (!config) return [];

  const accountConfigs = config.getOptionalConfigArray('accounts');
  if (accountConfigs && accountConfigs.length > 0) {
    const accounts = accountConfigs.map((c, i) => {
      const id = c.getString('id');
      return readAccount(
        c,
        `pagerDuty.accounts[${i}]`,
        id,
        c.getOptionalBoolean('isDefault') ?? false,
      );
    });
    const ids = new Set<string>();
    for (const account of accounts) {
      if (ids.has(account.id)) {
        throw new PagerDutyConfigurationError(
          `pagerDuty.accounts has the id "${account.id}" more than once`,
        );
      }
      ids.add(account.id);
    }
    const defaults = accounts.filter(a => a.isDefault);
    if (defaults.length > 1) {
      throw new PagerDutyConfigurationError(
        `pagerDuty.accounts marks ${defaults
          .map(a => `"${a.id}"`)
          .join(', ')} as isDefault; at most one may be`,
      );
    }
    if (defaults.length === 0) {
      // Like PagerDuty's plugin: a single account is the default; otherwise the first one.
      accounts[0].isDefault = true;
    }
    return accounts;
  }

  if (!config.has('apiToken') && !config.has('oauth')) {
    return [];
  }
  return [readAccount(config, 'pagerDuty', DEFAULT_ACCOUNT_ID, true)];
}

/** Tunables of the client and the cache, with their defaults. @public */
export interface PagerDutyClientOptions {
  timeoutMs: number;
  maxRetries: number;
  requestsPerMinute: number;
  maxQueueWaitMs: number;
  ttls: {
    services: number;
    incidents: number;
    oncall: number;
    changeEvents: number;
    stale: number;
    /** How long a 403 or 404 answer is remembered (seconds). */
    negative: number;
    /** Insights (analytics or computed from the incident history). */
    insights: number;
    /** Standards scores and escalation policies' rules. */
    standards: number;
  };
}

function positive(
  config: Config | undefined,
  key: string,
  where: string,
  fallback: number,
) {
  const value = config?.getOptionalNumber(key);
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0) {
    throw new PagerDutyConfigurationError(
      `${where}.${key} is ${value}; expected a number of at least 0`,
    );
  }
  return value;
}

/** Reads `pagerDuty.client` and `pagerDuty.cache`. @public */
export function readPagerDutyClientOptions(
  root: Config,
): PagerDutyClientOptions {
  const client = root.getOptionalConfig('pagerDuty.client');
  const cache = root.getOptionalConfig('pagerDuty.cache');
  return {
    timeoutMs: positive(client, 'timeoutMs', 'pagerDuty.client', 10_000),
    maxRetries: positive(client, 'maxRetries', 'pagerDuty.client', 3),
    requestsPerMinute: positive(
      client,
      'requestsPerMinute',
      'pagerDuty.client',
      900,
    ),
    maxQueueWaitMs: positive(
      client,
      'maxQueueWaitMs',
      'pagerDuty.client',
      5_000,
    ),
    ttls: {
      services: positive(cache, 'servicesTtlSeconds', 'pagerDuty.cache', 300),
      incidents: positive(cache, 'incidentsTtlSeconds', 'pagerDuty.cache', 30),
      oncall: positive(cache, 'oncallTtlSeconds', 'pagerDuty.cache', 120),
      changeEvents: positive(
        cache,
        'changeEventsTtlSeconds',
        'pagerDuty.cache',
        120,
      ),
      stale: positive(cache, 'staleTtlSeconds', 'pagerDuty.cache', 86_400),
      negative: positive(cache, 'negativeTtlSeconds', 'pagerDuty.cache', 60),
      insights: positive(
        cache,
        'insightsTtlSeconds',
        'pagerDuty.cache',
        6 * 3600,
      ),
      standards: positive(
        cache,
        'standardsTtlSeconds',
        'pagerDuty.cache',
        3600,
      ),
    },
  };
}
