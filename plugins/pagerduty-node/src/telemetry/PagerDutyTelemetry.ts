import type {
  MetricsService,
  MetricsServiceCounter,
  MetricsServiceHistogram,
  MetricsServiceObservableGauge,
} from '@backstage/backend-plugin-api/alpha';

/** A request budget as telemetry observes it. @public */
export interface ObservedBudget {
  /** The accounts sharing the token (never the token itself). */
  accounts: string[];
  limitPerMinute: number;
  usedInLastMinute(): number;
}

/** Snapshot of the trigger outbox, read when metrics are collected. @public */
export interface PagerDutyOutboxSnapshot {
  depth: number;
  /** Age in seconds of the oldest undelivered trigger (0 when empty). */
  oldestAgeSeconds: number;
}

/**
 * The plugin's OpenTelemetry instruments, created once through Backstage's metrics service (the
 * `metricsServiceRef`, an OpenTelemetry meter named `backstage-plugin-<pluginId>`). Every method
 * is cheap and never throws; without a metrics service it does nothing.
 *
 * Names (Prometheus: dots become underscores, counters end in `_total`) are listed in the
 * backend README.
 * @public
 */
export class PagerDutyTelemetry {
  private readonly requests?: MetricsServiceCounter;
  private readonly duration?: MetricsServiceHistogram;
  private readonly rateLimitedCounter?: MetricsServiceCounter;
  private readonly cacheLookups?: MetricsServiceCounter;
  private readonly budgetUsed?: MetricsServiceObservableGauge;
  private readonly budgetLimit?: MetricsServiceObservableGauge;
  private readonly deliveries?: MetricsServiceHistogram;
  private readonly webhookLag?: MetricsServiceHistogram;
  private readonly webhooksReceived?: MetricsServiceCounter;
  private readonly syncErrors?: MetricsServiceCounter;
  private readonly outboxDepth?: MetricsServiceObservableGauge;
  private readonly outboxAge?: MetricsServiceObservableGauge;
  private readonly budgets: ObservedBudget[] = [];
  private outboxSources: Array<() => Promise<PagerDutyOutboxSnapshot>> = [];

  /** Does nothing: for code paths (and tests) without a metrics service. */
  static noop(): PagerDutyTelemetry {
    return new PagerDutyTelemetry(undefined);
  }

  constructor(metrics: MetricsService | undefined) {
    if (!metrics) return;
    this.requests = metrics.createCounter('pagerduty.client.requests', {
      description:
        'Requests sent to PagerDuty (REST and Events API), by account, route and HTTP status ("error" when no answer)',
    });
    this.duration = metrics.createHistogram(
      'pagerduty.client.request.duration',
      {
        description: 'Time until PagerDuty answered, by account and route',
        unit: 's',
      },
    );
    this.rateLimitedCounter = metrics.createCounter(
      'pagerduty.client.rate_limited',
      {
        description:
          'Requests refused for rate limits: source "pagerduty" (HTTP 429) or "budget" (the plugin\'s own per-token budget was used up)',
      },
    );
    this.cacheLookups = metrics.createCounter('pagerduty.cache.lookups', {
      description:
        'Reads of cached PagerDuty data by resource and result (hit, miss, stale, negative)',
    });
    this.budgetUsed = metrics.createObservableGauge(
      'pagerduty.client.budget.used',
      {
        description:
          'Requests sent in the last minute on one token (accounts sharing it listed in "accounts")',
      },
    );
    this.budgetLimit = metrics.createObservableGauge(
      'pagerduty.client.budget.limit',
      { description: 'Requests per minute allowed on one token' },
    );
    this.budgetUsed.addCallback(result => {
      for (const b of this.budgets)
        result.observe(b.usedInLastMinute(), {
          accounts: b.accounts.join(','),
        });
    });
    this.budgetLimit.addCallback(result => {
      for (const b of this.budgets)
        result.observe(b.limitPerMinute, { accounts: b.accounts.join(',') });
    });
    this.outboxDepth = metrics.createObservableGauge('pagerduty.outbox.depth', {
      description: 'Triggers waiting in the durable outbox',
    });
    this.outboxAge = metrics.createObservableGauge(
      'pagerduty.outbox.oldest_age',
      {
        description: 'Age of the oldest trigger waiting in the outbox',
        unit: 's',
      },
    );
    this.outboxDepth.addCallback(async result => {
      for (const s of await this.snapshots()) result.observe(s.depth);
    });
    this.outboxAge.addCallback(async result => {
      for (const s of await this.snapshots())
        result.observe(s.oldestAgeSeconds);
    });
    this.deliveries = metrics.createHistogram(
      'pagerduty.outbox.delivery.duration',
      {
        description:
          'Time from accepting a trigger to PagerDuty accepting it, by outcome',
        unit: 's',
      },
    );
    this.webhookLag = metrics.createHistogram('pagerduty.webhooks.lag', {
      description:
        "Time from PagerDuty's occurred_at of a webhook event to its handling here",
      unit: 's',
    });
    this.webhooksReceived = metrics.createCounter(
      'pagerduty.webhooks.received',
      {
        description: 'Webhook deliveries received, by event type and result',
      },
    );
    this.syncErrors = metrics.createCounter('pagerduty.sync.errors', {
      description:
        'Failed background syncs (catalog ingest, dependency sync, webhook handling), by task',
    });
  }

  private async snapshots(): Promise<PagerDutyOutboxSnapshot[]> {
    const out: PagerDutyOutboxSnapshot[] = [];
    for (const source of this.outboxSources) {
      try {
        out.push(await source());
      } catch {
        // A failing database read must not break the whole metrics scrape.
      }
    }
    return out;
  }

  /** One answer (or failure to answer) from PagerDuty. */
  request(a: {
    account: string;
    route: string;
    status: number | 'error';
    durationMs: number;
  }): void {
    const attributes = {
      account: a.account,
      route: a.route,
      status: String(a.status),
    };
    this.requests?.add(1, attributes);
    this.duration?.record(a.durationMs / 1000, {
      account: a.account,
      route: a.route,
    });
    if (a.status === 429)
      this.rateLimitedCounter?.add(1, {
        account: a.account,
        route: a.route,
        source: 'pagerduty',
      });
  }

  /** The plugin's own budget refused a request. */
  budgetExhausted(a: { account: string; route: string }): void {
    this.rateLimitedCounter?.add(1, { ...a, source: 'budget' });
  }

  cacheLookup(
    resource: string,
    result: 'hit' | 'miss' | 'stale' | 'negative',
  ): void {
    this.cacheLookups?.add(1, { resource, result });
  }

  observeBudget(budget: ObservedBudget): void {
    this.budgets.push(budget);
  }

  /** Registers the outbox to observe (called by the backend once its store exists). */
  observeOutbox(read: () => Promise<PagerDutyOutboxSnapshot>): () => void {
    this.outboxSources.push(read);
    return () => {
      this.outboxSources = this.outboxSources.filter(s => s !== read);
    };
  }

  triggerDelivered(a: {
    seconds: number;
    outcome: 'delivered' | 'failed';
  }): void {
    this.deliveries?.record(a.seconds, { outcome: a.outcome });
  }

  webhookReceived(a: {
    eventType: string;
    result: 'handled' | 'duplicate' | 'rejected' | 'failed';
    lagSeconds?: number;
  }): void {
    this.webhooksReceived?.add(1, {
      event_type: a.eventType,
      result: a.result,
    });
    if (a.lagSeconds !== undefined && a.lagSeconds >= 0)
      this.webhookLag?.record(a.lagSeconds, { event_type: a.eventType });
  }

  syncError(task: string): void {
    this.syncErrors?.add(1, { task });
  }
}
