import { randomUUID } from 'node:crypto';
import { LoggerService } from '@backstage/backend-plugin-api';
import { ErrorRequestHandler } from 'express';
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
    if (res.headersSent) {
      next(error);
      return;
    }
    res.status(mapped.statusCode).json({
      error: { name: mapped.name, message, code: mapped.code },
      request: { method: req.method, url: req.originalUrl },
      response: { statusCode: mapped.statusCode },
    });
  };
}
