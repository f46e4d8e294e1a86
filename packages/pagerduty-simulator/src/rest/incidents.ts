import { AgentRecord, IncidentRecord } from '../state/model';
import { ApiError, ErrorCodes, invalidInput, notFound } from '../server/errors';
import { parsePage, paginate } from '../server/pagination';
import {
  arrayParam,
  boolParam,
  dateParam,
  enumArrayParam,
} from '../server/query';
import { Request, Response, Router } from '../server/router';
import { SimulatorState } from '../state/store';
import { includes, jsonBody, ok, requester } from './common';

const INCIDENT_LIST_INCLUDES = [
  'acknowledgers',
  'agents',
  'assignees',
  'conference_bridge',
  'escalation_policies',
  'first_trigger_log_entries',
  'priorities',
  'services',
  'teams',
  'users',
];
const INCIDENT_INCLUDES = [...INCIDENT_LIST_INCLUDES, 'custom_fields'];
const LOG_ENTRY_INCLUDES = ['incidents', 'services', 'channels', 'teams'];
const SORT_FIELDS = ['incident_number', 'created_at', 'resolved_at', 'urgency'];
const DAY = 86_400_000;
const MAX_RANGE = 183 * DAY;
const MAX_BULK = 250;

function getIncidentOr404(state: SimulatorState, id: string): IncidentRecord {
  const i = state.incidents.get(id);
  if (!i) throw notFound(ErrorCodes.resourceNotFound, 'Incident Not Found');
  return i;
}

function sortIncidents(
  list: IncidentRecord[],
  sortBy: string | null,
): IncidentRecord[] {
  const specs = (sortBy ?? 'created_at:asc')
    .split(',')
    .map(s => s.trim())
    .filter(Boolean);
  if (specs.length > 2)
    throw invalidInput('sort_by accepts at most two fields');
  const parsed = specs.map(s => {
    const [field, dir = 'asc'] = s.split(':');
    if (!SORT_FIELDS.includes(field) || !['asc', 'desc'].includes(dir)) {
      throw invalidInput(`sort_by has an invalid value: ${s}`);
    }
    return { field, sign: dir === 'desc' ? -1 : 1 };
  });
  const value = (i: IncidentRecord, field: string): string | number => {
    switch (field) {
      case 'incident_number':
        return i.number;
      case 'resolved_at':
        return i.resolvedAt ?? '';
      case 'urgency':
        return i.urgency === 'high' ? 1 : 0;
      default:
        return i.createdAt;
    }
  };
  return list.sort((a, b) => {
    for (const { field, sign } of parsed) {
      const va = value(a, field);
      const vb = value(b, field);
      if (va < vb) return -sign;
      if (va > vb) return sign;
    }
    return a.number - b.number;
  });
}

function listIncidents(req: Request): Response {
  const { state, serializer } = req.sim;
  const page = parsePage(req.query);
  const include = includes(req, INCIDENT_LIST_INCLUDES);
  const serviceIds = arrayParam(req.query, 'service_ids');
  const teamIds = arrayParam(req.query, 'team_ids');
  const userIds = arrayParam(req.query, 'user_ids');
  const statuses = enumArrayParam(req.query, 'statuses', [
    'triggered',
    'acknowledged',
    'resolved',
  ]);
  const urgencies = enumArrayParam(req.query, 'urgencies', ['high', 'low']);
  const incidentKey = req.query.get('incident_key');
  const dateRange = req.query.get('date_range');
  if (dateRange !== null && dateRange !== 'all')
    throw invalidInput('date_range must be "all"');
  let since: number | undefined;
  let until: number | undefined;
  if (dateRange !== 'all') {
    const now = state.nowMs();
    const qSince = dateParam(req.query, 'since');
    const qUntil = dateParam(req.query, 'until');
    until =
      qUntil ??
      (qSince !== undefined
        ? Math.min(qSince + 30 * DAY, now + DAY)
        : now + 1000);
    since = qSince ?? until - 30 * DAY;
    if (since > until) throw invalidInput("'since' must be before 'until'");
    if (until - since > MAX_RANGE)
      throw invalidInput('The date range cannot exceed 6 months');
  }
  const list = [...state.incidents.values()].filter(i => {
    if (serviceIds.length && !serviceIds.includes(i.serviceId)) return false;
    if (statuses.length && !statuses.includes(i.status)) return false;
    if (urgencies.length && !urgencies.includes(i.urgency)) return false;
    if (incidentKey !== null && i.incidentKey !== incidentKey) return false;
    if (userIds.length && !i.assignments.some(a => userIds.includes(a.userId)))
      return false;
    if (teamIds.length) {
      const svc = state.services.get(i.serviceId);
      if (!svc || !svc.teamIds.some(t => teamIds.includes(t))) return false;
    }
    if (since !== undefined && until !== undefined) {
      const created = Date.parse(i.createdAt);
      if (created < since || created >= until) return false;
    }
    return true;
  });
  const sorted = sortIncidents(list, req.query.get('sort_by'));
  return ok(
    paginate('incidents', sorted, page, i => serializer.incident(i, include)),
  );
}

function getIncident(req: Request): Response {
  const { state, serializer } = req.sim;
  const include = includes(req, INCIDENT_INCLUDES);
  const incident = getIncidentOr404(state, req.params.id);
  return ok({ incident: serializer.incident(incident, include) });
}

function refId(value: unknown, types: string[], what: string): string {
  const v = value as { id?: unknown; type?: unknown } | undefined;
  if (!v || typeof v !== 'object' || typeof v.id !== 'string' || !v.id) {
    throw invalidInput(`${what} must be a reference with an id`);
  }
  if (v.type !== undefined && !types.includes(String(v.type))) {
    throw invalidInput(`${what}.type must be one of ${types.join(', ')}`);
  }
  return v.id;
}

function priorityId(state: SimulatorState, value: unknown): string | null {
  if (value === null) return null;
  if (typeof value === 'string') {
    const byName = [...state.priorities.values()]
      .filter(p => p.name === value)
      .sort((a, b) => b.order - a.order)[0];
    if (!byName) throw invalidInput('Invalid Priority');
    return byName.id;
  }
  const id = refId(value, ['priority', 'priority_reference'], 'priority');
  if (!state.priorities.has(id)) throw invalidInput('Invalid Priority');
  return id;
}

function assigneeIds(state: SimulatorState, value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw invalidInput('assignments must be a non-empty array');
  }
  return value.map((a, idx) => {
    const id = refId(
      a?.assignee,
      ['user_reference', 'user'],
      `assignments[${idx}].assignee`,
    );
    if (!state.users.has(id)) throw invalidInput('Assigned To User Not Found');
    return id;
  });
}

function incidentDetails(details: unknown): Record<string, unknown> | null {
  if (details === undefined || details === null) return null;
  if (typeof details === 'object') return details as Record<string, unknown>;
  return { details: String(details) };
}

function createIncident(req: Request): Response {
  const { state, serializer } = req.sim;
  const user = requester(req);
  const body = jsonBody(req);
  const inc = body.incident;
  if (!inc || typeof inc !== 'object')
    throw invalidInput('incident is required');
  if (inc.type !== 'incident')
    throw invalidInput('incident.type must be "incident"');
  if (typeof inc.title !== 'string' || !inc.title.trim())
    throw invalidInput('incident.title is required');
  const serviceId = refId(
    inc.service,
    ['service_reference', 'service'],
    'incident.service',
  );
  const service = state.services.get(serviceId);
  if (!service) throw invalidInput('Service Not Found');
  if (service.status === 'disabled') throw invalidInput('Service is disabled');
  if (inc.urgency !== undefined && !['high', 'low'].includes(inc.urgency)) {
    throw invalidInput('incident.urgency must be high or low');
  }
  if (inc.assignments !== undefined && inc.escalation_policy !== undefined) {
    throw invalidInput(
      'assignments cannot be specified together with an escalation_policy',
    );
  }
  const key =
    inc.incident_key === undefined ? undefined : String(inc.incident_key);
  if (key !== undefined && state.openIncidentByKey(service.id, key)) {
    throw invalidInput(
      `Open incident with key '${key}' already exists for this service`,
    );
  }
  let escalationPolicyId: string | undefined;
  if (inc.escalation_policy !== undefined) {
    escalationPolicyId = refId(
      inc.escalation_policy,
      ['escalation_policy_reference', 'escalation_policy'],
      'incident.escalation_policy',
    );
    if (!state.escalationPolicies.has(escalationPolicyId))
      throw invalidInput('Escalation Policy Not Found');
  }
  const details = inc.body?.details;
  const incident = state.createIncident({
    serviceId,
    title: inc.title,
    urgency: inc.urgency,
    incidentKey: key,
    details: incidentDetails(details),
    priorityId:
      inc.priority !== undefined ? priorityId(state, inc.priority) : null,
    assigneeIds:
      inc.assignments !== undefined
        ? assigneeIds(state, inc.assignments)
        : undefined,
    escalationPolicyId,
    conferenceBridge: inc.conference_bridge ?? null,
    agent: { type: 'user', id: user.id },
    channel: { type: 'api', summary: inc.title, details: details ?? {} },
  });
  return ok({ incident: serializer.incident(incident) }, 201);
}

/** Applies one incident update (PUT /incidents/{id} and each item of PUT /incidents). */
function applyUpdate(
  state: SimulatorState,
  incident: IncidentRecord,
  u: Record<string, any>,
  agent: AgentRecord,
) {
  if (u.type !== 'incident' && u.type !== 'incident_reference') {
    throw invalidInput('type must be "incident" or "incident_reference"');
  }
  if (
    u.status !== undefined &&
    !['triggered', 'acknowledged', 'resolved'].includes(u.status)
  ) {
    throw invalidInput('Invalid Status Provided');
  }
  if (u.urgency !== undefined && !['high', 'low'].includes(u.urgency)) {
    throw invalidInput('urgency must be high or low');
  }
  if (u.assignments !== undefined && u.escalation_policy !== undefined) {
    throw invalidInput(
      'assignments cannot be specified together with an escalation_policy',
    );
  }
  // Validate everything before changing anything.
  const newPriority =
    u.priority !== undefined ? priorityId(state, u.priority) : undefined;
  const newAssignees =
    u.assignments !== undefined ? assigneeIds(state, u.assignments) : undefined;
  const newPolicy =
    u.escalation_policy !== undefined
      ? refId(
          u.escalation_policy,
          ['escalation_policy_reference', 'escalation_policy'],
          'escalation_policy',
        )
      : undefined;
  if (newPolicy !== undefined && !state.escalationPolicies.has(newPolicy)) {
    throw invalidInput('Escalation Policy Not Found');
  }
  if (
    u.escalation_level !== undefined &&
    (!Number.isInteger(u.escalation_level) || u.escalation_level < 1)
  ) {
    throw invalidInput('escalation_level must be a positive integer');
  }
  if (typeof u.title === 'string' && u.title.trim())
    state.setTitle(incident, u.title, agent);
  if (u.urgency !== undefined) state.setUrgency(incident, u.urgency, agent);
  if (newPriority !== undefined)
    state.setPriority(incident, newPriority, agent);
  if (u.conference_bridge !== undefined)
    incident.conferenceBridge = u.conference_bridge;
  if (u.status === 'triggered' && incident.status === 'resolved')
    state.reopen(incident, 'triggered', agent);
  if (newPolicy !== undefined) state.delegate(incident, newPolicy, agent);
  if (newAssignees !== undefined) state.reassign(incident, newAssignees, agent);
  if (u.escalation_level !== undefined)
    state.escalate(incident, u.escalation_level, agent);
  if (u.status === 'acknowledged') state.acknowledge(incident, agent);
  if (u.status === 'triggered' && incident.status === 'acknowledged')
    state.unacknowledge(incident, agent);
  if (u.status === 'resolved' && incident.status !== 'resolved')
    state.resolve(incident, agent, u.resolution);
}

function updateIncident(req: Request): Response {
  const { state, serializer } = req.sim;
  const incident = getIncidentOr404(state, req.params.id);
  const user = requester(req);
  const body = jsonBody(req);
  if (!body.incident || typeof body.incident !== 'object')
    throw invalidInput('incident is required');
  applyUpdate(state, incident, body.incident, { type: 'user', id: user.id });
  return ok({ incident: serializer.incident(incident) });
}

function bulkUpdate(req: Request): Response {
  const { state, serializer } = req.sim;
  const user = requester(req);
  const body = jsonBody(req);
  const list = body.incidents;
  if (!Array.isArray(list) || list.length === 0)
    throw invalidInput('incidents must be a non-empty array');
  if (list.length > MAX_BULK) {
    throw new ApiError(
      413,
      ErrorCodes.invalidInput,
      'Request Entity Too Large',
      [`At most ${MAX_BULK} incidents may be updated at a time`],
    );
  }
  const targets = list.map((u: any, idx: number) => {
    if (!u || typeof u !== 'object' || typeof u.id !== 'string') {
      throw invalidInput(`incidents[${idx}].id is required`);
    }
    const incident = state.incidents.get(u.id);
    if (!incident) throw invalidInput(`Incident ${u.id} not found`);
    return { incident, update: u };
  });
  const agent: AgentRecord = { type: 'user', id: user.id };
  for (const t of targets) applyUpdate(state, t.incident, t.update, agent);
  const incidents = targets.map(t => t.incident);
  return ok({
    incidents: incidents.map(i => serializer.incident(i)),
    limit: incidents.length,
    offset: 0,
    more: false,
    total: null,
  });
}

function listNotes(req: Request): Response {
  const { state, serializer } = req.sim;
  const incident = getIncidentOr404(state, req.params.id);
  return ok({ notes: incident.notes.map(n => serializer.note(n)) });
}

function createNote(req: Request): Response {
  const { state, serializer } = req.sim;
  const incident = getIncidentOr404(state, req.params.id);
  const user = requester(req);
  const body = jsonBody(req);
  const content = body.note?.content;
  if (typeof content !== 'string' || !content.trim())
    throw invalidInput('note.content is required');
  if (content.length > 25_000) throw invalidInput('note.content is too long');
  if (incident.notes.length >= 2000)
    throw invalidInput('An incident cannot have more than 2000 notes');
  const note = state.addNote(incident, user.id, content);
  return ok({ note: serializer.note(note) });
}

const OVERVIEW_TYPES = new Set([
  'trigger_log_entry',
  'acknowledge_log_entry',
  'resolve_log_entry',
  'assign_log_entry',
  'escalate_log_entry',
  'delegate_log_entry',
  'unacknowledge_log_entry',
]);

function listLogEntries(req: Request): Response {
  const { state, serializer } = req.sim;
  const incident = getIncidentOr404(state, req.params.id);
  const page = parsePage(req.query);
  const include = includes(req, LOG_ENTRY_INCLUDES);
  const overview = boolParam(req.query, 'is_overview') ?? false;
  const since = dateParam(req.query, 'since');
  const until = dateParam(req.query, 'until');
  const entries = incident.logEntries
    .filter(e => !overview || OVERVIEW_TYPES.has(e.type))
    .filter(e => since === undefined || Date.parse(e.createdAt) >= since)
    .filter(e => until === undefined || Date.parse(e.createdAt) < until)
    .map((e, idx) => ({ e, idx }))
    // Newest first; entries with the same timestamp keep their order of creation reversed.
    .sort((a, b) => b.e.createdAt.localeCompare(a.e.createdAt) || b.idx - a.idx)
    .map(x => x.e);
  return ok(
    paginate('log_entries', entries, page, e =>
      serializer.logEntry(incident, e, include),
    ),
  );
}

export function registerIncidentRoutes(r: Router): void {
  r.add('rest', 'GET', '/incidents', listIncidents);
  r.add('rest', 'POST', '/incidents', createIncident);
  r.add('rest', 'PUT', '/incidents', bulkUpdate);
  r.add('rest', 'GET', '/incidents/{id}', getIncident);
  r.add('rest', 'PUT', '/incidents/{id}', updateIncident);
  r.add('rest', 'GET', '/incidents/{id}/notes', listNotes);
  r.add('rest', 'POST', '/incidents/{id}/notes', createNote);
  r.add('rest', 'GET', '/incidents/{id}/log_entries', listLogEntries);
}
