import { PagerDutyHealthResponse } from '@backstage-pagerduty/plugin-pagerduty-common';
import {
  PagerDutyApiError,
  PagerDutyClientService,
} from '@backstage-pagerduty/plugin-pagerduty-node';

type AccountHealth = PagerDutyHealthResponse['accounts'][number];

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
  ) {}

  check(): Promise<PagerDutyHealthResponse> {
    if (!this.last || this.now() - this.last.at > this.cacheMs) {
      this.last = { at: this.now(), result: this.run() };
    }
    return this.last.result;
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
        try {
          await this.pagerDuty.forAccount(account.id).checkAccess();
          return { ...base, status: 'ok' };
        } catch (error) {
          if (
            error instanceof PagerDutyApiError &&
            error.kind === 'token-rejected'
          ) {
            return {
              ...base,
              status: 'token-rejected',
              message: 'PagerDuty rejected the credentials',
            };
          }
          if (
            error instanceof PagerDutyApiError &&
            error.kind === 'forbidden'
          ) {
            // Authenticated, but without access to /abilities (e.g. a scoped OAuth client).
            return {
              ...base,
              status: 'ok',
              message: 'credentials accepted; abilities not readable',
            };
          }
          return {
            ...base,
            status: 'unreachable',
            message: error instanceof Error ? error.message : String(error),
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
