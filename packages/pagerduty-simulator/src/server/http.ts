import type { IncomingMessage, ServerResponse } from 'node:http';
import { FaultRule } from '../types';
import { StateError } from '../state/store';
import { parseAuthorization } from './auth';
import { SimulatorContext } from './context';
import { ErrorCodes } from './errors';
import { Response, Route, Router } from './router';

const MAX_BODY = 1024 * 1024;
const JSON_TYPE = 'application/json; charset=utf-8';

function readBody(req: IncomingMessage): Promise<string> {
  if (req.method === 'GET' || req.method === 'HEAD') {
    // Still drain anything a client might send.
    req.resume();
    return Promise.resolve('');
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(
          new StateError(
            413,
            ErrorCodes.invalidInput,
            'Request Entity Too Large',
          ),
        );
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(
  res: ServerResponse,
  r: Response,
  extraHeaders?: Record<string, string>,
) {
  if (res.destroyed || res.headersSent) return;
  const headers: Record<string, string> = { ...extraHeaders, ...r.headers };
  if (r.status === 204 || r.body === undefined) {
    res.writeHead(r.status, headers);
    res.end();
    return;
  }
  const payload = r.raw ? String(r.body) : JSON.stringify(r.body);
  headers['content-type'] ??= JSON_TYPE;
  headers['content-length'] = String(Buffer.byteLength(payload));
  res.writeHead(r.status, headers);
  res.end(payload);
}

function restError(
  status: number,
  code: number,
  message: string,
  errors?: string[],
): Response {
  return {
    status,
    body: {
      error:
        errors && errors.length ? { message, code, errors } : { message, code },
    },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms));
}

/** Builds the response of a fault rule; null for faults that send nothing (timeout, reset). */
function faultResponse(rule: FaultRule, route: Route): Response | null {
  const events = route.kind === 'events';
  switch (rule.mode) {
    case 'error': {
      const status = rule.status ?? 500;
      const message =
        rule.message ??
        (status >= 500 ? 'Internal Server Error' : 'Simulated error');
      return events
        ? { status, body: { status: 'error', message } }
        : restError(
            status,
            status >= 500 ? 2000 : ErrorCodes.invalidInput,
            message,
            ['Injected by the simulator'],
          );
    }
    case 'rate_limit': {
      const headers = {
        'ratelimit-limit': '960',
        'ratelimit-remaining': '0',
        'ratelimit-reset': String(rule.retryAfterSeconds ?? 30),
      };
      return events
        ? {
            status: 429,
            headers,
            body: {
              status: 'throttle event',
              message:
                'Requests for this service are arriving too quickly.  Please retry later.',
            },
          }
        : {
            ...restError(
              429,
              ErrorCodes.rateLimitExceeded,
              'Rate Limit Exceeded',
            ),
            headers,
          };
    }
    case 'forbidden':
      return events
        ? {
            status: 403,
            body: {
              status: 'forbidden',
              message: rule.message ?? 'Access Denied',
            },
          }
        : restError(
            403,
            ErrorCodes.accessDenied,
            rule.message ?? 'Access Denied',
            [
              'The account or token lacks the ability or scope for this request',
            ],
          );
    case 'malformed': {
      const resource = route.template.split('/').filter(Boolean)[0] ?? 'data';
      return {
        status: events ? 202 : 200,
        raw: true,
        headers: { 'content-type': JSON_TYPE },
        body: `{"${resource}": [{"id": "PTRUNC1", "type": "${resource.replace(
          /s$/,
          '',
        )}", "summary": "trunc`,
      };
    }
    default:
      return null;
  }
}

/** The request listener of the simulator (REST, Events v2, admin API, /app pages). */
export function createRequestListener(
  getCtx: () => SimulatorContext,
  router: Router,
) {
  const hanging = new Set<ServerResponse>();

  async function handle(
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const sim = getCtx();
    const started = Date.now();
    const url = req.url ?? '/';
    const qi = url.indexOf('?');
    const path = qi >= 0 ? url.slice(0, qi) : url;
    const query = new URLSearchParams(qi >= 0 ? url.slice(qi + 1) : '');
    const method = (req.method ?? 'GET').toUpperCase();
    const match = router.match(method, path);
    const logLine = (status: number | string) => {
      if (sim.logRequests)
        sim.log(`${method} ${url} -> ${status} (${Date.now() - started} ms)`);
    };

    // Admin API and web pages: no auth, no stats, no faults, no latency.
    if (
      match &&
      (match.route.kind === 'admin' || match.route.kind === 'html')
    ) {
      let r: Response;
      try {
        const rawBody = await readBody(req);
        r = await match.route.handler({
          method,
          path,
          query,
          headers: req.headers,
          params: match.params,
          rawBody,
          token: null,
          sim,
        });
      } catch (err) {
        r =
          err instanceof StateError
            ? restError(err.status, err.code, err.message, err.errors)
            : restError(500, 2000, String((err as Error)?.message ?? err));
      }
      send(res, r);
      return;
    }

    sim.stats.total += 1;
    const routeKey = match ? match.route.key : `${method} (unmatched)`;
    sim.stats.byRoute[routeKey] = (sim.stats.byRoute[routeKey] ?? 0) + 1;
    const latency = sim.latencyMs + sim.faults.extraLatency();

    if (!match) {
      req.resume();
      if (latency > 0) await sleep(latency);
      send(res, restError(404, ErrorCodes.notFound, 'Not Found'));
      logLine(404);
      return;
    }

    const fault = sim.faults.decide(match.route.key);
    if (fault) {
      req.resume();
      if (latency > 0) await sleep(latency);
      if (fault.mode === 'timeout') {
        hanging.add(res);
        res.on('close', () => hanging.delete(res));
        logLine('timeout (fault)');
        return;
      }
      if (fault.mode === 'reset') {
        req.socket.destroy();
        logLine('reset (fault)');
        return;
      }
      const r = faultResponse(fault, match.route)!;
      if (r.status === 429) sim.stats.rateLimited += 1;
      send(res, r);
      logLine(`${r.status} (fault)`);
      return;
    }

    let response: Response;
    let rateHeaders: Record<string, string> | undefined;
    try {
      const rawBody = await readBody(req);
      let token: string | null = null;
      if (match.route.kind === 'rest') {
        token = parseAuthorization(req.headers.authorization);
        if (token !== null)
          sim.stats.byToken[token] = (sim.stats.byToken[token] ?? 0) + 1;
        if (
          token === null ||
          (!sim.tokens.has(token) &&
            !sim.userTokens.has(token) &&
            !sim.oauth.accepts(token))
        ) {
          throw new StateError(
            401,
            ErrorCodes.authenticationFailed,
            'Authentication failed',
            [
              token === null
                ? 'Missing or malformed Authorization header (expected "Token token=<key>" or "Bearer <token>")'
                : 'Invalid API token',
            ],
          );
        }
        if (sim.restLimiter) {
          const rl = sim.restLimiter.hit(token);
          rateHeaders = {
            'ratelimit-limit': String(rl.limit),
            'ratelimit-remaining': String(rl.remaining),
            'ratelimit-reset': String(rl.resetSeconds),
          };
          if (!rl.allowed) {
            sim.stats.rateLimited += 1;
            throw new StateError(
              429,
              ErrorCodes.rateLimitExceeded,
              'Rate Limit Exceeded',
            );
          }
        }
      }
      response = await match.route.handler({
        method,
        path,
        query,
        headers: req.headers,
        params: match.params,
        rawBody,
        token,
        sim,
      });
    } catch (err) {
      if (err instanceof StateError) {
        response = restError(err.status, err.code, err.message, err.errors);
      } else {
        sim.log(
          `internal error on ${method} ${url}: ${(err as Error)?.stack ?? err}`,
        );
        response = restError(
          500,
          2000,
          'An internal error has occurred. PagerDuty team has been notified.',
        );
      }
    }
    if (latency > 0) await sleep(latency);
    send(res, response, rateHeaders);
    logLine(response.status);
  }

  const listener = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch(err => {
      try {
        send(res, restError(500, 2000, String((err as Error)?.message ?? err)));
      } catch {
        res.destroy();
      }
    });
  };
  return Object.assign(listener, {
    /** Ends the requests held open by the timeout fault. */
    releaseHanging: () => {
      for (const r of hanging) r.destroy();
      hanging.clear();
    },
  });
}
