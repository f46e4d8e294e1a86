import { HumanDuration } from '@backstage/types';

export interface Config {
  pagerDuty?: {
    /**
     * Email named as `From:` on PagerDuty REST writes (acknowledge, resolve, reassign, note,
     * REST-created incidents) when the signed-in user's catalog User entity has no
     * `spec.profile.email`, or when a service (not a user) calls.
     */
    defaultFromEmail?: string;
    /**
     * Card reads reuse a user's read of an entity (the catalog's answer, with the catalog's
     * read-permission decision) for this long, so a burst of card views asks the catalog once
     * per user and entity. The trade-off: a user who loses read access to an entity keeps
     * seeing its PagerDuty card for at most this long. Writes always ask the catalog.
     * Default 5 seconds; 0 turns the reuse off.
     */
    entityCache?: {
      ttl?: HumanDuration | string;
    };
    /** The trigger outbox and its delivery worker. */
    triggers?: {
      /** Events per routing key within `windowSeconds`; default 120 (PagerDuty's limit). */
      eventsPerRoutingKey?: number;
      /** Length of the sliding rate window; default 61 seconds. */
      window?: HumanDuration | string;
      /** @deprecated Use `window`. Seconds. */
      windowSeconds?: number;
      /** Rows claimed per round; default 200. */
      batchSize?: number;
      /** Deliveries in flight at once per backend instance; default 20. */
      concurrency?: number;
      /**
       * How long a claimed row stays reserved to one instance; default 15 seconds. The instance
       * renews it while it sends (every third of it), so a replica that dies (kill -9, crash)
       * delays its triggers by about this long before another replica sends them.
       */
      lease?: HumanDuration | string;
      /** @deprecated Use `lease`. Seconds. */
      leaseSeconds?: number;
      /** First retry delay after 429/5xx/network errors; default 1000 ms, doubled each time. */
      backoffInitialMs?: number;
      /** Longest retry delay; default 60000 ms. */
      backoffMaxMs?: number;
      /** A trigger not delivered after this long is failed; default 24 hours. */
      maxAge?: HumanDuration | string;
      /** @deprecated Use `maxAge`. Hours. */
      maxAgeHours?: number;
      /** Longest pause between two looks at the outbox; default 5000 ms. */
      pollIntervalMs?: number;
      /** Delivered and failed rows are kept this long; default 7 days. */
      retention?: HumanDuration | string;
      /** @deprecated Use `retention`. Days. */
      retentionDays?: number;
    };
    /**
     * PagerDuty Webhooks v3 received at `/api/pagerduty/webhooks` (live card updates).
     * The secret that verifies a webhook's signature names its account: these secrets belong
     * to the default account, `accounts[].webhooks.secrets` to their account.
     */
    webhooks?: {
      /**
       * Signing secrets of the webhook subscriptions (several while rotating: a webhook is
       * accepted when any `v1=` signature matches any secret).
       * @visibility secret
       */
      secrets?: string[];
      /** Incidents cache TTL while webhooks are healthy; default 5 minutes. */
      incidentsTtl?: HumanDuration | string;
      /** @deprecated Use `incidentsTtl`. Seconds. */
      incidentsTtlSeconds?: number;
      /**
       * Webhooks count as healthy while a valid one arrived within this window; default
       * 30 minutes. Otherwise `pagerDuty.cache.incidentsTtlSeconds` applies.
       */
      healthyWindow?: HumanDuration | string;
      /** @deprecated Use `healthyWindow`. Seconds. */
      healthyWindowSeconds?: number;
      /** Received webhook ids are kept this long for de-duplication; default 72 hours. */
      dedupRetention?: HumanDuration | string;
      /** @deprecated Use `dedupRetention`. Hours. */
      dedupRetentionHours?: number;
    };
    accounts?: Array<{
      /** Webhooks v3 of this account. */
      webhooks?: {
        /**
         * Signing secrets of this account's webhook subscriptions.
         * @visibility secret
         */
        secrets?: string[];
      };
    }>;
    /**
     * SLA targets: "ack due in 7 min" timers on open incidents, the share of incidents
     * acknowledged and resolved in time in the insights, and breach notifications. A priority's
     * target (by priority name) wins over the urgency's.
     */
    sla?: {
      urgency?: {
        high?: {
          acknowledge?: HumanDuration | string;
          resolve?: HumanDuration | string;
        };
        low?: {
          acknowledge?: HumanDuration | string;
          resolve?: HumanDuration | string;
        };
      };
      /** By PagerDuty priority name, e.g. `P1`. */
      priority?: {
        [name: string]: {
          acknowledge?: HumanDuration | string;
          resolve?: HumanDuration | string;
        };
      };
      /**
       * Urgency of an incident that a trigger creates through the REST API (a service without
       * an Events v2 integration), for each severity; default critical and error high, else
       * low. Through an integration PagerDuty sets the urgency by the service's urgency rule.
       */
      severityUrgency?: {
        critical?: 'high' | 'low';
        error?: 'high' | 'low';
        warning?: 'high' | 'low';
        info?: 'high' | 'low';
      };
    };
    /** Backstage notifications to the owning group of the entities of a PagerDuty service. */
    notifications?: {
      /** Default false. Needs the notifications backend plugin. */
      enabled?: boolean;
      /** When an incident triggers on the service (from webhooks); default true. */
      onTrigger?: boolean;
      /** When an open incident misses its SLA target; default true. */
      onSlaBreach?: boolean;
    };
  };
}
