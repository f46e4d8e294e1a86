import { PagerDutyHealthResponse } from '@backstage-pagerduty/plugin-pagerduty-common';
import { PagerDutyClientService } from '@backstage-pagerduty/plugin-pagerduty-node';
import { toRouteError } from '../errors/toRouteError';

type AccountHealth = PagerDutyHealthResponse['accounts'][number];
type Infrastructure = NonNullable<PagerDutyHealthResponse['infrastructure']>;

/**
 * "Test connection" for each configured account: one cheap authenticated call, remembered for
 * a short while so that polling the route cannot use up the request budget.
 */
export class HealthService {
  private last?: { at: number; result: Promise<PagerDutyHealthResponse> };

  constructor(
    private readonly pagerDuty: PagerDutyClientService,
    private readonly cacheMs = 30_000,
    private readonly now: () => number = Date.now,
    /** Whether signals cross replicas (see `liveUpdatesAcrossReplicas`). */
    private readonly liveUpdates: Infrastructure['liveUpdates'] = {
      acrossReplicas: true,
    },
    /** The accounts that send webhooks (they have a secret), and when each last sent one. */
    private readonly webhooks?: {
      accounts: string[];
      health: { lastValidAt(account: string): number | undefined };
    },
  ) {}

  /** Whether a signal sent by this replica reaches browsers connected to the others. */
  liveUpdatesAcrossReplicas(): boolean {
    return this.liveUpdates.acrossReplicas;
  }

  /** The accounts' check (remembered a while) with the infrastructure as it is right now. */
  async check(): Promise<PagerDutyHealthResponse> {
    if (!this.last || this.now() - this.last.at > this.cacheMs) {
      this.last = { at: this.now(), result: this.run() };
    }
    const result = this.withLiveFigures(await this.last.result);
    const infra = this.pagerDuty.infrastructure?.();
    if (!infra || result.status === 'not-configured') return result;
    const infrastructure: Infrastructure = {
      cache: infra.cache,
      budget: infra.budget,
      liveUpdates: this.liveUpdates,
    };
    const degraded =
      infra.cache.status !== 'ok' || infra.budget.status !== 'ok';
    return {
      ...result,
      status: result.status === 'ok' && degraded ? 'degraded' : result.status,
      infrastructure,
    };
  }

  /** Webhook arrivals and budget use change every second: read now, not from the remembered check. */
  private withLiveFigures(
    result: PagerDutyHealthResponse,
  ): PagerDutyHealthResponse {
    return {
      ...result,
      accounts: result.accounts.map(account => {
        const lastAt = this.webhooks?.health.lastValidAt(account.id);
        return {
          ...account,
          webhooks: {
            configured: this.webhooks?.accounts.includes(account.id) ?? false,
            ...(lastAt !== undefined
              ? { lastReceivedAt: new Date(lastAt).toISOString() }
              : {}),
          },
          budget: this.pagerDuty.forAccount(account.id).budgetUsage(),
        };
      }),
    };
  }

  private async run(): Promise<PagerDutyHealthResponse> {
    if (!this.pagerDuty.isConfigured()) {
      return { status: 'not-configured', accounts: [] };
    }
    const accounts = await Promise.all(
      this.pagerDuty.accounts().map(async (account): Promise<AccountHealth> => {
        const base = {
          id: account.id,
          isDefault: account.isDefault,
          region: account.region,
          auth: account.auth,
        };
        const started = performance.now();
        const latency = () => ({
          latencyMs: Math.round(performance.now() - started),
        });
        try {
          await this.pagerDuty.forAccount(account.id).checkAccess();
          return { ...base, ...latency(), status: 'ok' };
        } catch (error) {
          // The plugin's one error mapping names the failure; health reports it as data.
          const { code, message } = toRouteError(error);
          if (code === 'PAGERDUTY_TOKEN_REJECTED') {
            return { ...base, ...latency(), status: 'token-rejected', message };
          }
          if (code === 'PAGERDUTY_FORBIDDEN') {
            // Authenticated, but without access to /abilities (e.g. a scoped OAuth client).
            return {
              ...base,
              ...latency(),
              status: 'ok',
              message: 'credentials accepted; abilities not readable',
            };
          }
          return {
            ...base,
            status: 'unreachable',
            message:
              code === 'PAGERDUTY_INTERNAL_ERROR' && error instanceof Error
                ? error.message
                : message,
          };
        }
      }),
    );
    return {
      status: accounts.every(a => a.status === 'ok') ? 'ok' : 'degraded',
      accounts,
    };
  }
}
