import http from 'node:http';
import { DEMO_TOKEN } from '../types';

export interface TestResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: any;
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Authorization token; null sends no Authorization header. Default DEMO_TOKEN. */
  token?: string | null;
  from?: string;
  timeoutMs?: number;
}

/** A tiny HTTP client for tests (no keep-alive, explicit errors for resets and timeouts). */
export function request(
  baseUrl: string,
  path: string,
  opts: RequestOptions = {},
): Promise<TestResponse> {
  const headers: Record<string, string> = {
    accept: 'application/vnd.pagerduty+json;version=2',
    ...opts.headers,
  };
  const token = opts.token === undefined ? DEMO_TOKEN : opts.token;
  if (token !== null) headers.authorization = `Token token=${token}`;
  if (opts.from) headers.from = opts.from;
  let payload: string | undefined;
  if (opts.body !== undefined) {
    payload =
      typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    headers['content-type'] = 'application/json';
  }
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${baseUrl}${path}`,
      {
        method: opts.method ?? (payload ? 'POST' : 'GET'),
        headers,
        agent: false,
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', c => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: any;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text,
            json,
          });
        });
      },
    );
    if (opts.timeoutMs) {
      req.setTimeout(opts.timeoutMs, () =>
        req.destroy(new Error('client timeout')),
      );
    }
    req.on('error', reject);
    req.end(payload);
  });
}

/** Binds `request` to one simulator. */
export function client(baseUrl: string) {
  return {
    get: (path: string, opts: RequestOptions = {}) =>
      request(baseUrl, path, { ...opts, method: 'GET' }),
    post: (path: string, body: unknown, opts: RequestOptions = {}) =>
      request(baseUrl, path, { ...opts, method: 'POST', body }),
    put: (path: string, body: unknown, opts: RequestOptions = {}) =>
      request(baseUrl, path, { ...opts, method: 'PUT', body }),
    del: (path: string, opts: RequestOptions = {}) =>
      request(baseUrl, path, { ...opts, method: 'DELETE' }),
  };
}

/** A fixed, mutable clock for tests. */
export function fixedClock(iso: string) {
  let t = Date.parse(iso);
  const fn = () => new Date(t);
  return Object.assign(fn, {
    set: (next: string) => {
      t = Date.parse(next);
    },
    advance: (ms: number) => {
      t += ms;
    },
  });
}
