import { PagerDutyClientService } from '@backstage-pagerduty/plugin-pagerduty-node';
import { WebhookConfig } from '../config/readBackendConfig';

/**
 * When a valid webhook last arrived, per PagerDuty account. An account's webhooks are
 * "healthy" while one arrived within the window; the backend then caches incidents longer,
 * since webhooks invalidate the cache on every change.
 *
 * Each replica records what it receives and, through a scheduled task, what the others
 * recorded in the database (the de-duplication table).
 */
export class WebhookHealth {
  private readonly lastValid = new Map<string, number>();

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  record(account: string, at: number = this.now()): void {
    if ((this.lastValid.get(account) ?? 0) < at)
      this.lastValid.set(account, at);
  }

  merge(lastReceived: Map<string, number>): void {
    for (const [account, at] of lastReceived) this.record(account, at);
  }

  lastValidAt(account: string): number | undefined {
    return this.lastValid.get(account);
  }

  isHealthy(account: string): boolean {
    const at = this.lastValid.get(account);
    return at !== undefined && this.now() - at <= this.windowMs;
  }
}

/**
 * Lets each account with webhook secrets cache its incidents for `incidentsTtlSeconds` while
 * its webhooks are healthy (they invalidate the cache on every change); the client's own TTL
 * applies otherwise. Returns the accounts that receive webhooks.
 */
export function followWebhookHealth(
  pagerDuty: PagerDutyClientService,
  config: WebhookConfig,
  health: WebhookHealth,
): string[] {
  const accounts = [...new Set(config.secrets.map(s => s.account))];
  if (!pagerDuty.isConfigured()) return accounts;
  for (const account of pagerDuty.accounts()) {
    if (!accounts.includes(account.id)) continue;
    pagerDuty
      .forAccount(account.id)
      .setIncidentsTtl(() =>
        health.isHealthy(account.id) ? config.incidentsTtlSeconds : undefined,
      );
  }
  return accounts;
}
