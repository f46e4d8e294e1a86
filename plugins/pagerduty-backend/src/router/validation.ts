import { InputError } from '@backstage/errors';
import express from 'express';
import { z } from 'zod';
import { PagerDutyRouteError } from '../errors/PagerDutyRouteError';
import { toRouteError } from '../errors/toRouteError';
import { EntityParams } from '../services/EntityResolver';

/** Turns a zod error into a 400 whose message names the field. */
export function inputErrorOf(error: z.ZodError, what: string): InputError {
  const parts = error.issues.map(issue => {
    const field = issue.path.join('.');
    if (issue.code === 'unrecognized_keys') {
      return `unknown field(s) ${issue.keys.join(', ')}`;
    }
    return field && !issue.message.startsWith(field)
      ? `${field}: ${issue.message}`
      : issue.message;
  });
  return new InputError(`Invalid ${what}: ${parts.join('; ')}`);
}

/** Parses a JSON body with a schema, or throws a 400 naming the field. */
export function parseBody<T>(
  schema: z.ZodType<T>,
  body: unknown,
  what: string,
): T {
  if (body === undefined || body === null || typeof body !== 'object') {
    throw new InputError(`Invalid ${what}: the body must be a JSON object`);
  }
  const result = schema.safeParse(body);
  if (!result.success) throw inputErrorOf(result.error, what);
  return result.data;
}

/** NUL and the other control characters: never part of an entity ref or an id. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Rejects a path segment that cannot be part of an entity ref. */
export function validateEntityParams(
  params: Record<string, string>,
): EntityParams {
  const { kind, namespace, name } = params;
  for (const [key, value] of Object.entries({ kind, namespace, name })) {
    if (!value || value.length > 253 || /[\s/:]/.test(value)) {
      throw new InputError(
        `Invalid entity ${key} "${value}" in the path; expected 1 to 253 characters without spaces, "/" or ":"`,
      );
    }
  }
  return { kind, namespace, name };
}

const INCIDENT_ID = /^[A-Za-z0-9]{1,64}$/;

/** A PagerDuty incident id from the path. */
export function validateIncidentId(incidentId: string): string {
  if (!INCIDENT_ID.test(incidentId)) {
    throw new InputError(
      `Invalid incident id "${incidentId}" in the path; expected 1 to 64 letters and digits`,
    );
  }
  return incidentId;
}

/**
 * Checks every path parameter of a router before any handler runs: control characters
 * (`%00`, …) and absurd lengths are a 400 that names the parameter, whatever the route.
 */
export function checkPathParams(router: express.Router, names: string[]) {
  for (const name of names) {
    router.param(name, (_req, _res, next, value: string) => {
      if (CONTROL.test(value) || value.length > 1024) {
        next(
          new InputError(
            `Invalid path parameter ${name}: it contains a control character (such as %00) or is longer than 1024 characters`,
          ),
        );
        return;
      }
      next();
    });
  }
}

/**
 * A JSON body of at most `limit` bytes. A request without a body gets `undefined`; a body
 * that is not `application/json` (or `+json`) is a 415; the parser's errors (malformed JSON
 * 400, too large 413, other charset or Content-Encoding 415) become answers naming `what`.
 */
export function jsonBody(options: {
  limit: number;
  what?: string;
}): express.RequestHandler {
  const what = options.what ?? 'request body';
  const parse = express.json({ limit: options.limit, strict: true });
  return (req, res, next) => {
    const contentLength = req.headers['content-length'];
    const hasBody =
      req.headers['transfer-encoding'] !== undefined ||
      (contentLength !== undefined && contentLength !== '0');
    if (!hasBody) {
      req.body = undefined;
      next();
      return;
    }
    if (!req.is(['application/json', '+json'])) {
      next(
        new PagerDutyRouteError(
          415,
          'PAGERDUTY_UNSUPPORTED_MEDIA_TYPE',
          `The ${what} has Content-Type "${
            req.headers['content-type'] ?? '(none)'
          }"; expected application/json`,
          { name: 'UnsupportedMediaTypeError' },
        ),
      );
      return;
    }
    // body-parser reads any `utf-*` charset; JSON in HTTP is UTF-8 (RFC 8259).
    const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(
      req.headers['content-type'] ?? '',
    )?.[1];
    if (charset && charset.toLowerCase() !== 'utf-8') {
      next(
        toRouteError(
          Object.assign(new Error(`unsupported charset "${charset}"`), {
            type: 'charset.unsupported',
            charset,
          }),
          { body: what },
        ),
      );
      return;
    }
    parse(req, res, error =>
      next(error ? toRouteError(error, { body: what }) : undefined),
    );
  };
}
