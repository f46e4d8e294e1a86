import { StateError } from '../state/store';

/** An error answered with PagerDuty's REST error body `{error:{message,code,errors}}`. */
export { StateError as ApiError };

/** PagerDuty REST error codes used by the simulator. */
export const ErrorCodes = {
  invalidInput: 2001,
  authenticationFailed: 2006,
  accessDenied: 2010,
  rateLimitExceeded: 2020,
  notFound: 2100,
  /** Incident / escalation policy / log entry / webhook not found. */
  resourceNotFound: 5001,
  /** Service not found. */
  serviceNotFound: 5002,
} as const;

export function invalidInput(...errors: string[]): StateError {
  return new StateError(
    400,
    ErrorCodes.invalidInput,
    'Invalid Input Provided',
    errors,
  );
}

export function notFound(
  code: number = ErrorCodes.notFound,
  what = 'Not Found',
): StateError {
  return new StateError(404, code, what, []);
}

export function accessDenied(...errors: string[]): StateError {
  return new StateError(403, ErrorCodes.accessDenied, 'Access Denied', errors);
}

export function errorBody(
  status: number,
  code: number,
  message: string,
  errors?: string[],
) {
  return {
    status,
    body: { error: errors ? { message, code, errors } : { message, code } },
  };
}
