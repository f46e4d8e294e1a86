import { randomUUID } from 'node:crypto';
import { LoggerService } from '@backstage/backend-plugin-api';
import { PagerDutyErrorBody } from '@backstage-pagerduty/plugin-pagerduty-common';
import { ErrorRequestHandler, Request } from 'express';
import { toRouteError } from '../errors/toRouteError';

/**
 * The one place that turns errors into answers, mounted after every route of the plugin
 * (read, write, webhook receiver, subscriptions). Each answer is Backstage's error JSON,
 * `{ error: { name, message, code }, request, response }`, with a stable `error.code`.
 *
 * An error that is not a known client or PagerDuty failure is a bug: it answers 500 with a
 * request id, and the log gets the id, the route and the error (never the request body).
 */
export function errorHandler(logger: LoggerService): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const { status, body } = errorAnswer(error, req, logger);
    res.status(status).json(body);
  };
}

/**
 * The answer to an error, logged as described above: also used for the sections of the
 * combined card read, which carry their errors inside a 200.
 */
export function errorAnswer(
  error: unknown,
  req: Request,
  logger: LoggerService,
): { status: number; body: PagerDutyErrorBody & { request: object } } {
  const mapped = toRouteError(error);
  let message = mapped.message;
  if (mapped.code === 'PAGERDUTY_INTERNAL_ERROR') {
    const requestId = randomUUID();
    message = `Unexpected error; request id ${requestId}`;
    // Only name, message and stack: errors of parsers and clients may carry the body.
    const original = mapped.cause ?? error;
    const cause =
      original instanceof Error ? original : new Error(String(original));
    const logged = new Error(cause.message);
    logged.name = cause.name;
    logged.stack = cause.stack;
    logger.error(
      `Unexpected error in ${req.method} ${req.baseUrl}${req.path} (request ${requestId})`,
      logged,
    );
  } else if (mapped.statusCode >= 500) {
    logger.warn(
      `${req.method} ${req.baseUrl}${req.path} answered ${mapped.statusCode} ${mapped.code}: ${mapped.message}`,
    );
  }
  return {
    status: mapped.statusCode,
    body: {
      error: { name: mapped.name, message, code: mapped.code },
      request: { method: req.method, url: req.originalUrl },
      response: { statusCode: mapped.statusCode },
    },
  };
}
