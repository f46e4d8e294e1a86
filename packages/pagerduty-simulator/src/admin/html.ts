import { Request, Response, Router } from '../server/router';

function escape(s: string): string {
  return s.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`);
}

function page(title: string, json: unknown): Response {
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>${escape(
    title,
  )} · PagerDuty simulator</title>
<style>body{font-family:sans-serif;margin:2em}pre{background:#f4f4f4;padding:1em;overflow:auto}</style></head>
<body><p>PagerDuty simulator</p><h1>${escape(title)}</h1><pre>${escape(
    JSON.stringify(json, null, 2),
  )}</pre></body></html>`;
  return {
    status: 200,
    raw: true,
    headers: { 'content-type': 'text/html; charset=utf-8' },
    body: html,
  };
}

function notFoundPage(): Response {
  return {
    status: 404,
    raw: true,
    headers: { 'content-type': 'text/html; charset=utf-8' },
    body: '<h1>Not found</h1>',
  };
}

/** Minimal pages behind the `html_url`s of the simulated objects (no auth). */
export function registerHtmlRoutes(r: Router): void {
  r.add('html', 'GET', '/', (req: Request) => {
    const { state } = req.sim;
    return page('PagerDuty simulator', {
      services: [...state.services.values()].map(
        s => `${s.id} ${s.name} (${s.status})`,
      ),
      admin: ['/_simulator/stats', '/_simulator/faults', '/_simulator/reset'],
    });
  });
  r.add('html', 'GET', '/app/incidents/{id}', req => {
    const i = req.sim.state.incidents.get(req.params.id);
    return i
      ? page(`[#${i.number}] ${i.title}`, req.sim.serializer.incident(i))
      : notFoundPage();
  });
  r.add('html', 'GET', '/app/service-directory/{id}', req => {
    const s = req.sim.state.services.get(req.params.id);
    return s ? page(s.name, req.sim.serializer.service(s)) : notFoundPage();
  });
  r.add('html', 'GET', '/app/users/{id}', req => {
    const u = req.sim.state.users.get(req.params.id);
    return u ? page(u.name, req.sim.serializer.user(u)) : notFoundPage();
  });
  r.add('html', 'GET', '/app/schedules/{id}', req => {
    const s = req.sim.state.schedules.get(req.params.id);
    const now = req.sim.state.nowMs();
    return s
      ? page(
          s.name,
          req.sim.serializer.schedule(s, {
            from: now,
            to: now + 7 * 86_400_000,
          }),
        )
      : notFoundPage();
  });
  r.add('html', 'GET', '/app/escalation_policies/{id}', req => {
    const p = req.sim.state.escalationPolicies.get(req.params.id);
    return p
      ? page(p.name, req.sim.serializer.escalationPolicy(p))
      : notFoundPage();
  });
  r.add('html', 'GET', '/app/teams/{id}', req => {
    const t = req.sim.state.teams.get(req.params.id);
    return t ? page(t.name, req.sim.serializer.team(t)) : notFoundPage();
  });
}
