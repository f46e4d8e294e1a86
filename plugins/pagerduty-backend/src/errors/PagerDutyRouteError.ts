import { CustomErrorBase } from '@backstage/errors';
import { PagerDutyErrorCode } from '@backstage-pagerduty/plugin-pagerduty-common';

/**
 * An error the PagerDuty routes answer with: a Backstage error JSON body whose `error.code`
 * is one of the stable {@link PagerDutyErrorCode}s the frontend tells apart. `name` is the
 * Backstage error name where one fits (`InputError`, `NotFoundError`, …), so clients that
 * look at the name keep working; `PagerDutyError` otherwise.
 */
export class PagerDutyRouteError extends CustomErrorBase {
  readonly statusCode: number;
  readonly code: PagerDutyErrorCode;

  constructor(
    statusCode: number,
    code: PagerDutyErrorCode,
    message: string,
    options: { name?: string; cause?: unknown } = {},
  ) {
    super(message, options.cause as Error | undefined);
    this.name = options.name ?? 'PagerDutyError';
    this.statusCode = statusCode;
    this.code = code;
  }
}
