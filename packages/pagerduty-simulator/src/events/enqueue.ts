import { Request, Response, Router } from '../server/router';
import { IntegrationRecord } from '../state/model';

const SEVERITIES = ['critical', 'error', 'warning', 'info'];
const ACTIONS = ['trigger', 'acknowledge', 'resolve'];

export function eventsError(
  status: number,
  statusText: string,
  message: string,
  errors?: string[],
): Response {
  return {
    status,
    body: errors
      ? { status: statusText, message, errors }
      : { status: statusText, message },
  };
}

export function invalidEvent(errors: string[]): Response {
  return eventsError(400, 'invalid event', 'Event object is invalid', errors);
}

export function throttled(): Response {
  return eventsError(
    429,
    'throttle event',
    'Requests for this service are arriving too quickly.  Please retry later.',
  );
}

/** Parses the body; a Response when it is not a JSON object. */
function parse(
  req: Request,
): { body: Record<string, any> } | { error: Response } {
  try {
    const v = JSON.parse(req.rawBody);
    if (typeof v === 'object' && v !== null && !Array.isArray(v))
      return { body: v };
  } catch {
    // fall through
  }
  return {
    error: eventsError(
      400,
      'Unrecognized object',
      'Event object format is unrecognized',
      ['JSON parse error'],
    ),
  };
}

/** Counts the event in the stats and applies the per-routing-key rate limit. */
function admit(req: Request, routingKey: unknown): Response | undefined {
  if (typeof routingKey !== 'string' || !routingKey) return undefined;
  const { stats, eventsLimiter } = req.sim;
  stats.byRoutingKey[routingKey] = (stats.byRoutingKey[routingKey] ?? 0) + 1;
  if (eventsLimiter && !eventsLimiter.hit(routingKey).allowed) {
    stats.rateLimited += 1;
    return throttled();
  }
  return undefined;
}

function findIntegration(
  req: Request,
  routingKey: unknown,
  errors: string[],
): IntegrationRecord | undefined {
  if (typeof routingKey !== 'string' || !routingKey.trim()) {
    errors.push("'routing_key' is missing or blank");
    return undefined;
  }
  if (routingKey.length !== 32) {
    errors.push("'routing_key' must be 32 characters");
    return undefined;
  }
  const integration = req.sim.state.findIntegrationByKey(routingKey);
  if (
    !integration ||
    integration.type !== 'events_api_v2_inbound_integration'
  ) {
    errors.push('Invalid routing key');
    return undefined;
  }
  return integration;
}

function checkString(
  errors: string[],
  value: unknown,
  name: string,
  max?: number,
  required = true,
) {
  if (
    value === undefined ||
    value === null ||
    (typeof value === 'string' && !value.trim())
  ) {
    if (required) errors.push(`'${name}' is missing or blank`);
    return;
  }
  if (typeof value !== 'string') errors.push(`'${name}' must be a string`);
  else if (max !== undefined && value.length > max)
    errors.push(`'${name}' must be at most ${max} characters`);
}

function contexts(body: Record<string, any>): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  if (Array.isArray(body.links)) {
    for (const l of body.links)
      if (l && typeof l.href === 'string')
        out.push({ type: 'link', href: l.href, text: l.text });
  }
  if (Array.isArray(body.images)) {
    for (const i of body.images) {
      if (i && typeof i.src === 'string')
        out.push({ type: 'image', src: i.src, href: i.href, text: i.alt });
    }
  }
  return out;
}

function enqueue(req: Request): Response {
  const parsed = parse(req);
  if ('error' in parsed) return parsed.error;
  const body = parsed.body;
  const limited = admit(req, body.routing_key);
  if (limited) return limited;

  const errors: string[] = [];
  const integration = findIntegration(req, body.routing_key, errors);
  const action = body.event_action;
  if (!ACTIONS.includes(action)) {
    errors.push(
      "'event_action' is invalid (must be one of: trigger, acknowledge, resolve)",
    );
  }
  checkString(errors, body.dedup_key, 'dedup_key', 255, action !== 'trigger');
  const p = body.payload;
  if (action === 'trigger') {
    if (!p || typeof p !== 'object' || Array.isArray(p)) {
      errors.push("'payload' is missing or blank");
    } else {
      checkString(errors, p.summary, 'payload.summary', 1024);
      checkString(errors, p.source, 'payload.source', 255);
      if (!SEVERITIES.includes(p.severity)) {
        errors.push(
          "'payload.severity' is invalid (must be one of: critical, error, warning, info)",
        );
      }
      if (
        p.timestamp !== undefined &&
        Number.isNaN(Date.parse(String(p.timestamp)))
      ) {
        errors.push("'payload.timestamp' is not a valid ISO 8601 timestamp");
      }
      if (
        p.custom_details !== undefined &&
        (typeof p.custom_details !== 'object' || p.custom_details === null)
      ) {
        if (typeof p.custom_details !== 'string')
          errors.push("'payload.custom_details' must be an object");
      }
    }
  }
  if (errors.length || !integration) return invalidEvent(errors);

  const { state } = req.sim;
  const service = state.services.get(integration.serviceId)!;
  const dedupKey: string = body.dedup_key ?? state.rng.hex32();
  const success: Response = {
    status: 202,
    body: {
      status: 'success',
      message: 'Event processed',
      dedup_key: dedupKey,
    },
  };
  // Services in maintenance or disabled accept events but open no incidents.
  if (service.status === 'maintenance' || service.status === 'disabled')
    return success;

  const open = state.openIncidentByKey(service.id, dedupKey);
  const agent = { type: 'service' as const, id: service.id };
  const client = typeof body.client === 'string' ? { name: body.client } : null;
  if (action === 'trigger') {
    let details: Record<string, unknown> = {};
    if (typeof p.custom_details === 'object') details = p.custom_details;
    else if (p.custom_details !== undefined)
      details = { details: p.custom_details };
    const channel = {
      type: 'api',
      summary: p.summary,
      description: p.summary,
      incident_key: dedupKey,
      service_key: body.routing_key,
      client: body.client,
      client_url: body.client_url,
      details,
      cef_details: {
        client: body.client,
        client_url: body.client_url,
        contexts: contexts(body),
        dedup_key: dedupKey,
        description: p.summary,
        details,
        event_class: p.class,
        message: p.summary,
        mutations: [],
        reporter_component: p.component,
        severity: p.severity,
        source_component: p.component,
        source_origin: p.source,
        service_group: p.group,
        summary: p.summary,
        timestamp: p.timestamp,
      },
    };
    if (open && open.routingKey === body.routing_key) {
      state.addAlert(open, agent, channel);
      return success;
    }
    const severe = p.severity === 'critical' || p.severity === 'error';
    let urgency: 'high' | 'low' =
      service.urgencyRule === 'low' ? 'low' : 'high';
    if (service.urgencyRule === 'severity_based')
      urgency = severe ? 'high' : 'low';
    state.createIncident({
      serviceId: service.id,
      title: p.summary,
      urgency,
      incidentKey: dedupKey,
      details,
      agent,
      channel,
      contexts: contexts(body),
      routingKey: body.routing_key,
      client,
    });
    return success;
  }
  // acknowledge / resolve act on the open incident of the same routing key, else are dropped.
  if (open && open.routingKey === body.routing_key) {
    if (action === 'acknowledge' && open.status === 'triggered')
      state.acknowledge(open, agent, client);
    if (action === 'resolve') state.resolve(open, agent, undefined, client);
  }
  return success;
}

function changeEnqueue(req: Request): Response {
  const parsed = parse(req);
  if ('error' in parsed) return parsed.error;
  const body = parsed.body;
  const limited = admit(req, body.routing_key);
  if (limited) return limited;
  const errors: string[] = [];
  const integration = findIntegration(req, body.routing_key, errors);
  const p = body.payload;
  if (!p || typeof p !== 'object') errors.push("'payload' is missing or blank");
  else {
    checkString(errors, p.summary, 'payload.summary', 1024);
    if (
      p.timestamp !== undefined &&
      Number.isNaN(Date.parse(String(p.timestamp)))
    ) {
      errors.push("'payload.timestamp' is not a valid ISO 8601 timestamp");
    }
  }
  if (errors.length || !integration) return invalidEvent(errors);
  const { state } = req.sim;
  state.addChangeEvent({
    summary: p.summary,
    timestamp: p.timestamp
      ? new Date(Date.parse(p.timestamp)).toISOString().replace('.000Z', 'Z')
      : state.nowIso(),
    source: typeof p.source === 'string' ? p.source : null,
    serviceIds: [integration.serviceId],
    integrationId: integration.id,
    routingKey: body.routing_key,
    customDetails:
      typeof p.custom_details === 'object' && p.custom_details !== null
        ? p.custom_details
        : {},
    links: Array.isArray(body.links)
      ? body.links.filter((l: any) => l && typeof l.href === 'string')
      : [],
    images: Array.isArray(body.images)
      ? body.images.filter((i: any) => i && typeof i.src === 'string')
      : [],
  });
  return {
    status: 202,
    body: { status: 'success', message: 'Change event processed' },
  };
}

export function registerEventsRoutes(r: Router): void {
  r.add('events', 'POST', '/v2/enqueue', enqueue);
  r.add('events', 'POST', '/v2/change/enqueue', changeEnqueue);
}
