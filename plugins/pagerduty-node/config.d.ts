export interface Config {
  /**
   * PagerDuty connection. The keys are compatible with PagerDuty's own Backstage plugin.
   */
  pagerDuty?: {
    /**
     * REST API key of the default account (`Authorization: Token token=...`).
     * @visibility secret
     */
    apiToken?: string;
    /** OAuth client credentials of the default account (instead of apiToken). */
    oauth?: {
      clientId: string;
      /** @visibility secret */
      clientSecret: string;
      /** The account's subdomain, e.g. "acme" for acme.pagerduty.com. */
      subDomain: string;
      /** us (default) or eu. */
      region?: string;
      /**
       * Token endpoint of the client-credentials grant; default
       * https://identity.pagerduty.com/oauth/token (EU: https://identity.eu.pagerduty.com/oauth/token).
       */
      tokenUrl?: string;
    };
    /** REST API base URL; default https://api.pagerduty.com (EU: https://api.eu.pagerduty.com). */
    apiBaseUrl?: string;
    /** Events API base URL; default https://events.pagerduty.com (EU: https://events.eu.pagerduty.com). */
    eventsBaseUrl?: string;
    /** Sets both base URLs: us (default) or eu. */
    region?: 'us' | 'eu';
    /** Several accounts, selected per entity with the pagerduty.com/account annotation. */
    accounts?: Array<{
      /** Account id used in the pagerduty.com/account annotation. */
      id: string;
      /** The account used by entities without pagerduty.com/account. */
      isDefault?: boolean;
      /** @visibility secret */
      apiToken?: string;
      oauth?: {
        clientId: string;
        /** @visibility secret */
        clientSecret: string;
        subDomain: string;
        region?: string;
        /** Token endpoint; default PagerDuty's identity service of the region. */
        tokenUrl?: string;
      };
      apiBaseUrl?: string;
      eventsBaseUrl?: string;
      region?: 'us' | 'eu';
    }>;
    /** HTTP discipline towards PagerDuty. */
    client?: {
      /** Per-request timeout in milliseconds (default 10000). */
      timeoutMs?: number;
      /** Retries on 429, 5xx and network errors (default 3). */
      maxRetries?: number;
      /**
       * Requests per minute per token the plugin allows itself across all replicas (default
       * 900; PagerDuty allows 960). 0 turns the budget off.
       */
      requestsPerMinute?: number;
      /**
       * Where the budget is counted: auto (default: Redis when backend.cache is Redis, else the
       * plugin's database when it is PostgreSQL, else memory), redis, database or memory.
       */
      budgetStore?: 'auto' | 'redis' | 'database' | 'memory';
      /**
       * Longest wait for the budget store in ms (default 250); a store that fails, or answers
       * late 5 times in a row, is left for 2 s while the replica uses its own share.
       */
      budgetStoreTimeoutMs?: number;
      /** Number of backend replicas; while the budget store is down each uses 1/replicas (default 1). */
      replicas?: number;
      /**
       * Fraction of the budget one entity's card may use, in any 2-second window and so in any
       * minute (default 0.25), so that one entity cannot starve the others.
       */
      entityShare?: number;
      /** Most PagerDuty services shown for one entity (default 10); the others are reported as errors. */
      maxServicesPerEntity?: number;
      /** How long a request may wait for budget before failing or serving cached data (ms, default 5000). */
      maxQueueWaitMs?: number;
    };
    /** Cache freshness per resource, in seconds. */
    cache?: {
      servicesTtlSeconds?: number;
      incidentsTtlSeconds?: number;
      oncallTtlSeconds?: number;
      changeEventsTtlSeconds?: number;
      /** How long the last good data is kept to be served when PagerDuty fails (default 86400). */
      staleTtlSeconds?: number;
      /**
       * How long a 403 (e.g. no change-events licence, missing scope) or a 404 (service not
       * found) is remembered before PagerDuty is asked again (default 60; 0 turns it off).
       */
      negativeTtlSeconds?: number;
      /**
       * How long insights (30-day counts, MTTA, MTTR) are kept, in seconds. Default 21600 (6 h):
       * they change slowly and cost up to one request per incident without analytics.
       */
      insightsTtlSeconds?: number;
      /** How long standards scores and escalation rules are kept, in seconds. Default 3600. */
      standardsTtlSeconds?: number;
    };
  };
}
