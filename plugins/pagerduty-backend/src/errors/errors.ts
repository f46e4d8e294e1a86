import { CustomErrorBase, NotFoundError } from '@backstage/errors';
import { PagerDutyErrorCode } from '@backstage-pagerduty/plugin-pagerduty-common';
import {
  PagerDutyApiError,
  PagerDutyConfigError,
} from '@backstage-pagerduty/plugin-pagerduty-node';

/**
 * An error the PagerDuty routes answer with: a Backstage error JSON body whose `error.code`
 * is one of the stable {@link PagerDutyErrorCode}s the frontend tells apart.
 */
export class PagerDutyRouteError extends CustomErrorBase {
  readonly statusCode: number;
  readonly code: PagerDutyErrorCode;

  constructor(
    statusCode: number,
    code: PagerDutyErrorCode,
    message: string,
    cause?: unknown,
  ) {
    super(message, cause as Error | undefined);
    this.name = 'PagerDutyError';
    this.statusCode = statusCode;
    this.code = code;
  }
}

/** Maps failures of the client and config to route errors; other errors pass unchanged. */
export function toRouteError(
  error: unknown,
  context: { serviceId?: string } = {},
): unknown {
  if (error instanceof PagerDutyRouteError || error instanceof NotFoundError)
    return error;
  if (error instanceof PagerDutyConfigError) {
    return error.reason === 'not-configured'
      ? new PagerDutyRouteError(503, 'PAGERDUTY_NOT_CONFIGURED', error.message)
      : new PagerDutyRouteError(
          400,
          'PAGERDUTY_UNKNOWN_ACCOUNT',
          error.message,
        );
  }
  if (error instanceof PagerDutyApiError) {
    const about = context.serviceId ? ` (service ${context.serviceId})` : '';
    switch (error.kind) {
      case 'token-rejected':
        return new PagerDutyRouteError(
          502,
          'PAGERDUTY_TOKEN_REJECTED',
          `PagerDuty rejected the configured credentials${about}; an administrator must renew pagerDuty.apiToken or the OAuth client`,
        );
      case 'forbidden':
        return new PagerDutyRouteError(
          403,
          'PAGERDUTY_FORBIDDEN',
          `PagerDuty denied access${about}: the token's account or scopes do not allow this (${error.message})`,
        );
      case 'not-found':
        return new PagerDutyRouteError(
          404,
          'PAGERDUTY_SERVICE_NOT_FOUND',
          context.serviceId
            ? `PagerDuty has no service ${context.serviceId} in this account; check the entity's pagerduty.com/service-id annotation`
            : error.message,
        );
      case 'rate-limited':
        return new PagerDutyRouteError(
          503,
          'PAGERDUTY_RATE_LIMITED',
          `PagerDuty's rate limit is reached and nothing is cached yet${about}; try again in a minute`,
        );
      case 'unavailable':
        return new PagerDutyRouteError(
          503,
          'PAGERDUTY_UNAVAILABLE',
          `PagerDuty is unavailable and nothing is cached yet${about}: ${error.message}`,
        );
      default:
        return new PagerDutyRouteError(
          502,
          'PAGERDUTY_REQUEST_FAILED',
          error.message,
        );
    }
  }
  return error;
}
