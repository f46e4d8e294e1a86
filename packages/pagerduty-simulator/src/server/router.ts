import type { IncomingHttpHeaders } from 'node:http';
import type { SimulatorContext } from './context';

export type RouteKind = 'rest' | 'events' | 'identity' | 'admin' | 'html';

export interface Request {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  params: Record<string, string>;
  /** Raw request body ('' when none). */
  rawBody: string;
  /** The REST token that was accepted (REST routes only). */
  token: string | null;
  sim: SimulatorContext;
}

export interface Response {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Send `body` as-is (a string) instead of JSON. */
  raw?: boolean;
}

export type Handler = (req: Request) => Response | Promise<Response>;

export interface Route {
  method: string;
  /** e.g. "/services/{id}" */
  template: string;
  /** "GET /services/{id}", used in stats and fault rules. */
  key: string;
  kind: RouteKind;
  handler: Handler;
  segments: string[];
}

export interface Match {
  route: Route;
  params: Record<string, string>;
}

export class Router {
  private readonly statics = new Map<string, Route>();
  private readonly dynamic: Route[] = [];

  add(
    kind: RouteKind,
    method: string,
    template: string,
    handler: Handler,
  ): this {
    const route: Route = {
      method,
      template,
      key: `${method} ${template}`,
      kind,
      handler,
      segments: template.split('/').filter(Boolean),
    };
    if (template.includes('{')) this.dynamic.push(route);
    else this.statics.set(route.key, route);
    return this;
  }

  /** All routes (for docs and tests). */
  routes(): Route[] {
    return [...this.statics.values(), ...this.dynamic];
  }

  match(method: string, path: string): Match | undefined {
    const trimmed =
      path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
    const s = this.statics.get(`${method} ${trimmed}`);
    if (s) return { route: s, params: {} };
    const parts = trimmed.split('/').filter(Boolean);
    for (const r of this.dynamic) {
      if (r.method !== method || r.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < parts.length; i++) {
        const seg = r.segments[i];
        if (seg.startsWith('{')) {
          params[seg.slice(1, -1)] = decodeURIComponent(parts[i]);
        } else if (seg !== parts[i]) {
          ok = false;
          break;
        }
      }
      if (ok) return { route: r, params };
    }
    return undefined;
  }

  /** True when some route has this path with another method (405 vs 404). */
  hasPath(path: string): boolean {
    return this.routes().some(r => this.match(r.method, path)?.route === r);
  }
}
