import { validateFaultSpec } from '../faults/faults';
import { newWebhookSecret } from '../rest/webhookSubscriptions';
import { ErrorCodes, invalidInput, notFound } from '../server/errors';
import { Request, Response, Router } from '../server/router';
import { AgentRecord, IncidentRecord } from '../state/model';
import { FaultSpec } from '../types';

function body(req: Request): Record<string, any> {
  if (!req.rawBody.trim()) return {};
  try {
    const v = JSON.parse(req.rawBody);
    if (typeof v !== 'object' || v === null || Array.isArray(v))
      throw new Error('not an object');
    return v;
  } catch {
    throw invalidInput('The request body is not a valid JSON object');
  }
}

function incidentOr404(req: Request): IncidentRecord {
  const i = req.sim.state.incidents.get(req.params.id);
  if (!i) throw notFound(ErrorCodes.resourceNotFound, 'Incident Not Found');
  return i;
}

/** The acting user: `{"from": "<email>"}` in the body, else the first assignee, else the service. */
function actor(req: Request, incident: IncidentRecord): AgentRecord {
  const b = body(req);
  if (typeof b.from === 'string') {
    const u = req.sim.state.findUserByEmail(b.from);
    if (!u) throw invalidInput(`No user with the email "${b.from}"`);
    return { type: 'user', id: u.id };
  }
  const first = incident.assignments[0]?.userId;
  return first
    ? { type: 'user', id: first }
    : { type: 'service', id: incident.serviceId };
}

export function registerAdminRoutes(r: Router): void {
  r.add('admin', 'GET', '/_simulator/stats', req => ({
    status: 200,
    body: req.sim.stats,
  }));
  r.add('admin', 'POST', '/_simulator/reset', req => {
    req.sim.reset();
    return { status: 200, body: { status: 'reset' } };
  });
  r.add('admin', 'GET', '/_simulator/faults', req => ({
    status: 200,
    body: req.sim.faults.current(),
  }));
  r.add('admin', 'POST', '/_simulator/faults', req => {
    const spec = body(req);
    const problems = validateFaultSpec(spec);
    if (problems.length) throw invalidInput(...problems);
    req.sim.faults.set(spec as FaultSpec);
    return { status: 200, body: req.sim.faults.current() };
  });
  r.add('admin', 'DELETE', '/_simulator/faults', req => {
    req.sim.faults.clear();
    return { status: 204 };
  });
  r.add('admin', 'GET', '/_simulator/routes', () => ({
    status: 200,
    body: {
      routes: r
        .routes()
        .filter(x => x.kind === 'rest' || x.kind === 'events')
        .map(x => x.key),
    },
  }));
  const action =
    (name: 'acknowledge' | 'resolve' | 'unacknowledge' | 'escalate') =>
    (req: Request): Response => {
      const { state, serializer } = req.sim;
      const incident = incidentOr404(req);
      const agent = actor(req, incident);
      if (name === 'acknowledge') state.acknowledge(incident, agent);
      if (name === 'unacknowledge') state.unacknowledge(incident, agent);
      if (name === 'resolve' && incident.status !== 'resolved')
        state.resolve(incident, agent);
      if (name === 'escalate') {
        const policy = state.escalationPolicies.get(
          incident.escalationPolicyId,
        );
        const next = Math.min(
          incident.escalationLevel + 1,
          policy?.rules.length ?? 1,
        );
        state.escalate(incident, next, agent);
      }
      return { status: 200, body: { incident: serializer.incident(incident) } };
    };
  r.add(
    'admin',
    'POST',
    '/_simulator/incidents/{id}/acknowledge',
    action('acknowledge'),
  );
  r.add(
    'admin',
    'POST',
    '/_simulator/incidents/{id}/unacknowledge',
    action('unacknowledge'),
  );
  r.add(
    'admin',
    'POST',
    '/_simulator/incidents/{id}/resolve',
    action('resolve'),
  );
  r.add(
    'admin',
    'POST',
    '/_simulator/incidents/{id}/escalate',
    action('escalate'),
  );
  r.add(
    'admin',
    'POST',
    '/_simulator/webhook_subscriptions/{id}/rotate_secret',
    req => {
      const w = req.sim.state.webhookSubscriptions.get(req.params.id);
      if (!w) throw notFound(ErrorCodes.resourceNotFound, 'Webhook Not Found');
      const secret =
        typeof body(req).secret === 'string'
          ? body(req).secret
          : newWebhookSecret();
      w.secrets.push(secret);
      return { status: 200, body: { id: w.id, secrets: w.secrets } };
    },
  );
  r.add(
    'admin',
    'POST',
    '/_simulator/webhook_subscriptions/{id}/drop_old_secrets',
    req => {
      const w = req.sim.state.webhookSubscriptions.get(req.params.id);
      if (!w) throw notFound(ErrorCodes.resourceNotFound, 'Webhook Not Found');
      w.secrets.splice(0, w.secrets.length - 1);
      return { status: 200, body: { id: w.id, secrets: w.secrets } };
    },
  );
}
