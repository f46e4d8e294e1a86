/** What went wrong talking to PagerDuty, as the plugin tells users. @public */
export type PagerDutyFailureKind =
  | 'token-rejected'
  | 'forbidden'
  | 'not-found'
  | 'invalid-request'
  | 'rate-limited'
  | 'unavailable';

/**
 * An error answer from PagerDuty (or no answer). Never carries credentials: the message is
 * built from the method, the path template and PagerDuty's own error message.
 * @public
 */
export class PagerDutyApiError extends Error {
  readonly kind: PagerDutyFailureKind;
  /** HTTP status PagerDuty answered with; undefined for network errors and timeouts. */
  readonly upstreamStatus?: number;
  /** PagerDuty's error code (2006, 2010, 2020, 2100, ...), when it sent one. */
  readonly upstreamCode?: number;
  /** PagerDuty's detailed errors (e.g. "Incident Already Resolved"). */
  readonly details: string[];
  /** How long PagerDuty asked us to wait (429), in ms. */
  readonly retryAfterMs?: number;

  constructor(options: {
    kind: PagerDutyFailureKind;
    message: string;
    upstreamStatus?: number;
    upstreamCode?: number;
    details?: string[];
    retryAfterMs?: number;
    cause?: unknown;
  }) {
    super(options.message, { cause: options.cause });
    this.name = 'PagerDutyApiError';
    this.kind = options.kind;
    this.upstreamStatus = options.upstreamStatus;
    this.upstreamCode = options.upstreamCode;
    this.details = options.details ?? [];
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** Kind of failure for an HTTP status from PagerDuty. */
export function failureKindForStatus(status: number): PagerDutyFailureKind {
  if (status === 401) return 'token-rejected';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 429) return 'rate-limited';
  if (status >= 500) return 'unavailable';
  return 'invalid-request';
}

/**
 * True for failures worth another attempt: 429, 5xx and no answer at all.
 * @public
 */
export function isRetryable(error: PagerDutyApiError): boolean {
  return error.kind === 'rate-limited' || error.kind === 'unavailable';
}

/**
 * Reads PagerDuty's error body, `{"error":{"message","code","errors"}}`, tolerating the forms
 * seen in the wild (`errors` as a string or an object) and Events API bodies
 * (`{"status":"invalid event","message","errors":[...]}`).
 */
export function parseErrorBody(body: unknown): {
  message?: string;
  code?: number;
  details: string[];
} {
  if (!body || typeof body !== 'object') return { details: [] };
  const outer = body as Record<string, unknown>;
  const inner = (
    outer.error && typeof outer.error === 'object' ? outer.error : outer
  ) as Record<string, unknown>;
  const message = typeof inner.message === 'string' ? inner.message : undefined;
  const code = typeof inner.code === 'number' ? inner.code : undefined;
  const errors = inner.errors;
  let details: string[] = [];
  if (Array.isArray(errors)) {
    details = errors.map(e => (typeof e === 'string' ? e : JSON.stringify(e)));
  } else if (typeof errors === 'string') {
    details = [errors];
  } else if (errors && typeof errors === 'object') {
    details = Object.entries(errors).map(
      ([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`,
    );
  }
  return { message, code, details };
}
