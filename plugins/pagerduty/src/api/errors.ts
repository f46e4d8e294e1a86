import { ResponseError } from '@backstage/errors';
import {
  PAGERDUTY_ACCOUNT_ANNOTATION,
  PagerDutyErrorCode,
  PagerDutyPartialError,
} from '@backstage-pagerduty/plugin-pagerduty-common';

/**
 * Thrown by the {@link PagerDutyClient} when `/api/pagerduty` answers 404 with something that is
 * not a Backstage error body (an empty body or an HTML page): the PagerDuty backend plugin is not
 * installed in the Backstage backend.
 * @public
 */
export class PagerDutyBackendNotInstalledError extends Error {
  readonly name = 'PagerDutyBackendNotInstalledError';
  /** The URL that was requested. */
  readonly url: string;
  readonly statusCode: number;

  constructor(url: string, statusCode: number) {
    super(
      `The PagerDuty backend plugin is not installed: ${url} answered ${statusCode} without a Backstage error body`,
    );
    this.url = url;
    this.statusCode = statusCode;
  }

  /** Recognises the error across package copies. */
  static is(error: unknown): error is PagerDutyBackendNotInstalledError {
    return (
      typeof error === 'object' &&
      error !== null &&
      (error as Error).name === 'PagerDutyBackendNotInstalledError'
    );
  }
}

/**
 * What went wrong, as the card tells it.
 * @public
 */
export type PagerDutyProblemKind =
  | 'backend-not-installed'
  | 'backend-unreachable'
  | 'not-configured'
  | 'token-rejected'
  | 'forbidden'
  | 'service-not-found'
  | 'unavailable'
  | 'rate-limited'
  | 'invalid-annotation'
  | 'no-annotation'
  | 'unknown-account'
  | 'permission-denied'
  | 'unknown';

/**
 * A user-facing description of an error.
 * @public
 */
export interface PagerDutyProblem {
  kind: PagerDutyProblemKind;
  /** Short headline. */
  title: string;
  /** One sentence for anyone looking at the card (no scopes, HTTP codes or config keys). */
  summary: string;
  /** What happened and what to do about it, for whoever runs Backstage. */
  message: string;
  /** The server's own message, when it adds something. */
  detail?: string;
  /**
   * True when the problem affects every section of the card (configuration, installation,
   * permission), so it is shown once instead of once per section.
   */
  global: boolean;
}

const GLOBAL_KINDS: PagerDutyProblemKind[] = [
  'backend-not-installed',
  'backend-unreachable',
  'not-configured',
  'token-rejected',
  'service-not-found',
  'invalid-annotation',
  'no-annotation',
  'unknown-account',
  'permission-denied',
];

const CODE_KINDS: Record<PagerDutyErrorCode, PagerDutyProblemKind> = {
  PAGERDUTY_NOT_CONFIGURED: 'not-configured',
  PAGERDUTY_TOKEN_REJECTED: 'token-rejected',
  PAGERDUTY_FORBIDDEN: 'forbidden',
  PAGERDUTY_SERVICE_NOT_FOUND: 'service-not-found',
  PAGERDUTY_UNAVAILABLE: 'unavailable',
  PAGERDUTY_RATE_LIMITED: 'rate-limited',
  PAGERDUTY_INVALID_ANNOTATION: 'invalid-annotation',
  PAGERDUTY_NO_ANNOTATION: 'no-annotation',
  PAGERDUTY_UNKNOWN_ACCOUNT: 'unknown-account',
  PAGERDUTY_TOO_MANY_SERVICES: 'invalid-annotation',
  PAGERDUTY_REQUEST_FAILED: 'unknown',
  PAGERDUTY_INVALID_REQUEST: 'unknown',
  PAGERDUTY_MALFORMED_JSON: 'unknown',
  PAGERDUTY_PAYLOAD_TOO_LARGE: 'unknown',
  PAGERDUTY_UNSUPPORTED_MEDIA_TYPE: 'unknown',
  PAGERDUTY_UNAUTHENTICATED: 'unknown',
  PAGERDUTY_NOT_ALLOWED: 'permission-denied',
  // The entity (or incident) is not in the catalog or not visible: as before the codes.
  PAGERDUTY_NOT_FOUND: 'service-not-found',
  PAGERDUTY_CONFLICT: 'unknown',
  PAGERDUTY_SERVICE_UNAVAILABLE: 'unavailable',
  PAGERDUTY_WEBHOOKS_NOT_CONFIGURED: 'unknown',
  PAGERDUTY_INTERNAL_ERROR: 'unknown',
};

const TEXTS: Record<
  PagerDutyProblemKind,
  { title: string; summary: string; message: string }
> = {
  'backend-not-installed': {
    title: 'PagerDuty backend plugin not installed',
    summary:
      'PagerDuty is not set up in this Backstage yet. Tell your Backstage administrators.',
    message:
      'The Backstage backend has no PagerDuty plugin at /api/pagerduty. Add @backstage-pagerduty/plugin-pagerduty-backend to the backend (backend.add(import(...)) in packages/backend/src/index.ts) and restart it.',
  },
  'backend-unreachable': {
    title: 'Backstage backend unreachable',
    summary: 'Backstage could not be reached. Try again in a moment.',
    message:
      'The request to the Backstage backend failed before it answered. Check that the backend is running and reachable.',
  },
  'not-configured': {
    title: 'PagerDuty is not configured',
    summary:
      'PagerDuty is not set up in this Backstage yet. Tell your Backstage administrators.',
    message:
      'The PagerDuty backend plugin is installed but has no PagerDuty account configured. Set pagerDuty.apiToken (or pagerDuty.oauth, or pagerDuty.accounts) in app-config.yaml.',
  },
  'token-rejected': {
    title: 'PagerDuty rejected the API token',
    summary:
      'Backstage cannot sign in to PagerDuty right now. Tell your Backstage administrators.',
    message:
      'PagerDuty refused the credentials configured in the backend (HTTP 401). Ask a Backstage administrator to renew the PagerDuty token.',
  },
  forbidden: {
    title: 'PagerDuty refused access',
    summary:
      'PagerDuty does not let Backstage show this. Tell your Backstage administrators.',
    message:
      'The configured PagerDuty token is missing a scope, or the PagerDuty plan does not include this feature.',
  },
  'service-not-found': {
    title: 'PagerDuty service not found',
    summary:
      'The PagerDuty service named by this entity does not exist. Its owner should check the annotation.',
    message:
      'PagerDuty has no service with the id in the pagerduty.com/service-id annotation (or the token cannot see it). Check the annotation.',
  },
  unavailable: {
    title: 'PagerDuty is unreachable',
    summary: 'PagerDuty is not answering. The card tries again on its own.',
    message:
      'PagerDuty did not answer in time or is down. The card will try again.',
  },
  'rate-limited': {
    title: 'PagerDuty rate limit reached',
    summary: 'PagerDuty is busy. The card tries again shortly.',
    message:
      'Too many requests were sent to PagerDuty. The card will try again shortly.',
  },
  'invalid-annotation': {
    title: 'Invalid PagerDuty annotation',
    summary: 'The PagerDuty annotation of this entity is malformed.',
    message: 'A PagerDuty annotation of this entity is malformed.',
  },
  'no-annotation': {
    title: 'No PagerDuty annotation',
    summary: 'This entity is not linked to PagerDuty.',
    message:
      'This entity has neither a pagerduty.com/service-id nor a pagerduty.com/integration-key annotation.',
  },
  'unknown-account': {
    title: 'Unknown PagerDuty account',
    summary:
      'This entity names a PagerDuty account Backstage does not know. Its owner should check the annotation.',
    message: `The ${PAGERDUTY_ACCOUNT_ANNOTATION} annotation names an account that is not configured in the backend.`,
  },
  'permission-denied': {
    title: 'No permission',
    summary: 'You are not allowed to do this for this entity.',
    message: 'You are not allowed to do this for this entity.',
  },
  unknown: {
    title: 'Could not load PagerDuty data',
    summary:
      'Something went wrong loading PagerDuty data. Try again in a moment.',
    message: 'The PagerDuty backend plugin answered with an unexpected error.',
  },
};

/**
 * A problem of the given kind, with the standard title and message.
 * @public
 */
export function pagerDutyProblem(
  kind: PagerDutyProblemKind,
  detail?: string,
): PagerDutyProblem {
  const texts = TEXTS[kind];
  // Invalid annotations are only useful with the server's or parser's message, which names the
  // annotation, so that one replaces the generic text.
  if (kind === 'invalid-annotation' && detail) {
    return {
      kind,
      title: texts.title,
      summary: detail,
      message: detail,
      global: true,
    };
  }
  return {
    kind,
    ...texts,
    detail: detail && detail !== texts.message ? detail : undefined,
    global: GLOBAL_KINDS.includes(kind),
  };
}

/**
 * True when the problem carries its kind's standard summary (translatable by kind); false when
 * the summary is specific, such as the parser's message naming a malformed annotation.
 */
export function hasStandardSummary(problem: PagerDutyProblem): boolean {
  return problem.summary === TEXTS[problem.kind]?.summary;
}

function isPagerDutyErrorCode(code: unknown): code is PagerDutyErrorCode {
  return typeof code === 'string' && code in CODE_KINDS;
}

/**
 * Turns an error thrown by the {@link PagerDutyApi} into a user-facing description.
 * @public
 */
export function describePagerDutyError(error: unknown): PagerDutyProblem {
  if (PagerDutyBackendNotInstalledError.is(error)) {
    return pagerDutyProblem('backend-not-installed');
  }
  if (ResponseError.is(error)) {
    const cause = error.body?.error ?? error.cause;
    const code = (cause as { code?: unknown } | undefined)?.code;
    const message = cause?.message;
    if (isPagerDutyErrorCode(code)) {
      return pagerDutyProblem(CODE_KINDS[code], message);
    }
    if (cause?.name === 'NotAllowedError' || error.statusCode === 403) {
      return pagerDutyProblem('permission-denied', message);
    }
    if (cause?.name === 'NotFoundError' || error.statusCode === 404) {
      return pagerDutyProblem('service-not-found', message);
    }
    if (error.statusCode === 503) {
      return pagerDutyProblem('unavailable', message);
    }
    return pagerDutyProblem('unknown', message ?? error.message);
  }
  if (error instanceof TypeError) {
    // fetch() rejects with a TypeError when no answer came at all.
    return pagerDutyProblem('backend-unreachable', error.message);
  }
  return pagerDutyProblem(
    'unknown',
    error instanceof Error ? error.message : String(error),
  );
}

/**
 * Describes a failure limited to one service of a section response.
 * @public
 */
export function describePartialError(
  error: PagerDutyPartialError,
): PagerDutyProblem {
  const kind = isPagerDutyErrorCode(error.code)
    ? CODE_KINDS[error.code]
    : 'unknown';
  return pagerDutyProblem(kind, error.message);
}
