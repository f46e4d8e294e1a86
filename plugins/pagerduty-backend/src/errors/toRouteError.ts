import { PagerDutyErrorCode } from '@backstage-pagerduty/plugin-pagerduty-common';
import {
  PagerDutyApiError,
  PagerDutyConfigError,
} from '@backstage-pagerduty/plugin-pagerduty-node';
import { PagerDutyRouteError } from './PagerDutyRouteError';

/** What the failing request was about; it makes the messages precise. */
export interface ErrorContext {
  /** The PagerDuty service the failed call was about. */
  serviceId?: string;
  /** The incident a write was about: PagerDuty's 404 and 400 then speak of it. */
  incidentId?: string;
  /** What the body is, for body errors ("request body", "webhook body"). */
  body?: string;
}

/** Codes and names of the Backstage errors (`@backstage/errors`) and HTTP statuses. */
const BY_STATUS: Record<number, { code: PagerDutyErrorCode; name: string }> = {
  400: { code: 'PAGERDUTY_INVALID_REQUEST', name: 'InputError' },
  401: { code: 'PAGERDUTY_UNAUTHENTICATED', name: 'AuthenticationError' },
  403: { code: 'PAGERDUTY_NOT_ALLOWED', name: 'NotAllowedError' },
  404: { code: 'PAGERDUTY_NOT_FOUND', name: 'NotFoundError' },
  409: { code: 'PAGERDUTY_CONFLICT', name: 'ConflictError' },
  413: { code: 'PAGERDUTY_PAYLOAD_TOO_LARGE', name: 'PayloadTooLargeError' },
  415: {
    code: 'PAGERDUTY_UNSUPPORTED_MEDIA_TYPE',
    name: 'UnsupportedMediaTypeError',
  },
  503: {
    code: 'PAGERDUTY_SERVICE_UNAVAILABLE',
    name: 'ServiceUnavailableError',
  },
};

const STATUS_BY_NAME: Record<string, number> = {
  InputError: 400,
  AuthenticationError: 401,
  NotAllowedError: 403,
  NotFoundError: 404,
  ConflictError: 409,
  ServiceUnavailableError: 503,
};

const kb = (bytes: number) => `${Math.round(bytes / 1024)} KB`;

/** Errors of body-parser (`express.json`, `express.raw`): they carry a `type`. */
function fromBodyParser(
  error: { type?: string; message?: string; limit?: number; charset?: string },
  what: string,
): PagerDutyRouteError | undefined {
  const make = (status: number, code: PagerDutyErrorCode, message: string) =>
    new PagerDutyRouteError(status, code, message, {
      name: BY_STATUS[status].name,
    });
  switch (error.type) {
    case 'entity.parse.failed':
      return make(
        400,
        'PAGERDUTY_MALFORMED_JSON',
        `The ${what} is not valid JSON (${error.message}); expected a JSON object`,
      );
    case 'entity.too.large':
      return make(
        413,
        'PAGERDUTY_PAYLOAD_TOO_LARGE',
        `The ${what} is larger than ${kb(error.limit ?? 0)}`,
      );
    case 'charset.unsupported':
      return make(
        415,
        'PAGERDUTY_UNSUPPORTED_MEDIA_TYPE',
        `The ${what} is in charset "${error.charset}"; expected UTF-8 (Content-Type: application/json; charset=utf-8)`,
      );
    case 'encoding.unsupported':
      return make(
        415,
        'PAGERDUTY_UNSUPPORTED_MEDIA_TYPE',
        `The ${what} has an unsupported Content-Encoding (${error.message}); expected identity, gzip or deflate`,
      );
    case 'request.aborted':
    case 'request.size.invalid':
      return make(
        400,
        'PAGERDUTY_INVALID_REQUEST',
        `The ${what} was cut off or does not match its Content-Length (${error.message})`,
      );
    default:
      return undefined;
  }
}

/** PagerDuty's own answers, as the plugin's users are told about them. */
function fromPagerDuty(
  error: PagerDutyApiError,
  context: ErrorContext,
): PagerDutyRouteError {
  const { serviceId, incidentId } = context;
  const about = serviceId ? ` (service ${serviceId})` : '';
  if (incidentId && error.kind === 'not-found') {
    return new PagerDutyRouteError(
      404,
      'PAGERDUTY_NOT_FOUND',
      `PagerDuty has no incident ${incidentId}`,
      { name: 'NotFoundError' },
    );
  }
  if (incidentId && error.kind === 'invalid-request') {
    const detail = error.details.length
      ? error.details.join('; ')
      : error.message;
    const text = [error.message, ...error.details].join(' ');
    return /already|resolved|cannot|can't|not allowed/i.test(text)
      ? new PagerDutyRouteError(
          409,
          'PAGERDUTY_CONFLICT',
          `PagerDuty refused the change to incident ${incidentId}: ${detail}`,
          { name: 'ConflictError' },
        )
      : new PagerDutyRouteError(
          400,
          'PAGERDUTY_INVALID_REQUEST',
          `PagerDuty rejected the change to incident ${incidentId}: ${detail}`,
          { name: 'InputError' },
        );
  }
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
        serviceId
          ? `PagerDuty has no service ${serviceId} in this account; check the entity's pagerduty.com/service-id annotation`
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

/**
 * The one mapping from anything thrown while serving a request to the answer: a status, a
 * stable code and a message that says what was wrong. Used by the error middleware for every
 * route, and by the card's sections for their per-service errors. Anything not recognised is
 * a 500 `PAGERDUTY_INTERNAL_ERROR` (the original is kept as the cause, for the log only).
 */
export function toRouteError(
  error: unknown,
  context: ErrorContext = {},
): PagerDutyRouteError {
  if (error instanceof PagerDutyRouteError) return error;
  if (error instanceof PagerDutyApiError) return fromPagerDuty(error, context);
  if (error instanceof PagerDutyConfigError) {
    return error.reason === 'not-configured'
      ? new PagerDutyRouteError(503, 'PAGERDUTY_NOT_CONFIGURED', error.message)
      : new PagerDutyRouteError(
          400,
          'PAGERDUTY_UNKNOWN_ACCOUNT',
          error.message,
        );
  }
  const e = (error ?? {}) as {
    name?: string;
    message?: string;
    type?: string;
    status?: unknown;
    statusCode?: unknown;
  };
  const parsed = fromBodyParser(e, context.body ?? 'request body');
  if (parsed) return parsed;
  // Reading a body failed otherwise (e.g. `Content-Encoding: gzip` over bytes that are not).
  if (context.body && e.status === 400) {
    return new PagerDutyRouteError(
      400,
      'PAGERDUTY_INVALID_REQUEST',
      `The ${context.body} could not be read (${
        (e as { code?: string }).code ?? e.message
      }); expected bytes encoded as its Content-Encoding says`,
      { name: 'InputError' },
    );
  }
  // Express could not decode a path parameter (a bad percent-escape such as `%E0%A4%A`).
  if (error instanceof URIError && e.status === 400) {
    return new PagerDutyRouteError(
      400,
      'PAGERDUTY_INVALID_REQUEST',
      `A path segment is not valid percent-encoded UTF-8 (${e.message}); expected an entity kind, namespace and name, or an id`,
      { name: 'InputError' },
    );
  }
  // Backstage errors by name; other errors with a 4xx status (e.g. the catalog's
  // ResponseError) keep their status: a client mistake stays a client mistake.
  const declared = [e.statusCode, e.status].find(
    (s): s is number => typeof s === 'number' && s >= 400 && s < 500,
  );
  const status =
    (e.name !== undefined ? STATUS_BY_NAME[e.name] : undefined) ?? declared;
  if (status !== undefined) {
    const known = BY_STATUS[status] ?? BY_STATUS[400];
    return new PagerDutyRouteError(
      status,
      known.code,
      e.message || `Request failed with status ${status}`,
      { name: STATUS_BY_NAME[e.name ?? ''] ? e.name : known.name },
    );
  }
  return new PagerDutyRouteError(
    500,
    'PAGERDUTY_INTERNAL_ERROR',
    'Unexpected error',
    { name: 'PagerDutyInternalError', cause: error },
  );
}
