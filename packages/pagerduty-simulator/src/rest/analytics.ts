import { DateTime, IANAZone } from 'luxon';
import { ApiError, invalidInput } from '../server/errors';
import { Request, Response, Router } from '../server/router';
import {
  AnalyticsFilters,
  IncidentFigures,
  aggregateMetrics,
  selectIncidents,
} from '../state/analytics';
import { jsonBody, ok } from './common';

/** The account ability the analytics API needs (GET /abilities lists it when present). */
export const ANALYTICS_ABILITY = 'analytics';
const MAX_RANGE_MS = 366 * 86_400_000;

/** 402 as PagerDuty answers an account whose plan lacks the feature. */
function requireAnalytics(req: Request): void {
  if (!req.sim.state.abilities.includes(ANALYTICS_ABILITY)) {
    throw new ApiError(
      402,
      2014,
      'Account does not have the abilities to perform the action',
      ['The analytics API requires the "analytics" ability'],
    );
  }
}

const stringArray = (v: unknown, name: string): string[] | undefined => {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.some(x => typeof x !== 'string'))
    throw invalidInput(`filters.${name} must be an array of strings`);
  return v;
};
const nonNegativeInt = (v: unknown, name: string): number | undefined => {
  if (v === undefined) return undefined;
  if (!Number.isInteger(v) || (v as number) < 0)
    throw invalidInput(`filters.${name} must be a non-negative integer`);
  return v as number;
};

function parseTimeZone(body: Record<string, any>): string {
  const zone = body.time_zone ?? 'Etc/UTC';
  if (typeof zone !== 'string' || !IANAZone.isValidZone(zone))
    throw invalidInput('time_zone must be an IANA time zone');
  return zone;
}

function parseFilters(body: Record<string, any>): AnalyticsFilters {
  const f = body.filters;
  if (typeof f !== 'object' || f === null || Array.isArray(f))
    throw invalidInput(
      'filters is required, with created_at_start and created_at_end',
    );
  const date = (name: string) => {
    const v = f[name];
    const ms = typeof v === 'string' ? Date.parse(v) : NaN;
    if (Number.isNaN(ms))
      throw invalidInput(`filters.${name} must be an ISO 8601 date-time`);
    return ms;
  };
  const createdAtStart = date('created_at_start');
  const createdAtEnd = date('created_at_end');
  if (createdAtEnd <= createdAtStart)
    throw invalidInput('filters.created_at_end must be after created_at_start');
  if (createdAtEnd - createdAtStart > MAX_RANGE_MS)
    throw invalidInput('The date range may not exceed one year');
  if (f.urgency !== undefined && !['high', 'low'].includes(f.urgency))
    throw invalidInput('filters.urgency must be "high" or "low"');
  return {
    createdAtStart,
    createdAtEnd,
    urgency: f.urgency,
    serviceIds: stringArray(f.service_ids, 'service_ids'),
    teamIds: stringArray(f.team_ids, 'team_ids'),
    escalationPolicyIds: stringArray(
      f.escalation_policy_ids,
      'escalation_policy_ids',
    ),
    priorityIds: stringArray(f.priority_ids, 'priority_ids'),
    priorityNames: stringArray(f.priority_names, 'priority_names'),
    minAcknowledgements: nonNegativeInt(
      f.min_ackowledgements,
      'min_ackowledgements',
    ),
    minTimeoutEscalations: nonNegativeInt(
      f.min_timeout_escalations,
      'min_timeout_escalations',
    ),
    minManualEscalations: nonNegativeInt(
      f.min_manual_escalations,
      'min_manual_escalations',
    ),
  };
}

function parseOrder(body: Record<string, any>): 'asc' | 'desc' {
  const order = body.order ?? 'desc';
  if (!['asc', 'desc'].includes(order))
    throw invalidInput('order must be "asc" or "desc"');
  return order;
}

function compare(x: string | number, y: string | number): number {
  if (x < y) return -1;
  return x > y ? 1 : 0;
}

/** POST /analytics/metrics/incidents/services: aggregated metrics per service (and period). */
function serviceMetrics(req: Request): Response {
  requireAnalytics(req);
  const body = jsonBody(req);
  const filters = parseFilters(body);
  const zone = parseTimeZone(body);
  const order = parseOrder(body);
  const unit = body.aggregate_unit ?? null;
  if (unit !== null && !['day', 'week', 'month'].includes(unit))
    throw invalidInput('aggregate_unit must be "day", "week" or "month"');
  const orderBy = body.order_by ?? 'service_id';
  if (typeof orderBy !== 'string')
    throw invalidInput('order_by must be a string');
  const { state } = req.sim;
  const groups = new Map<string, IncidentFigures[]>();
  for (const fig of selectIncidents(state, filters, zone)) {
    const period = unit
      ? DateTime.fromISO(fig.incident.createdAt, { zone })
          .startOf(unit)
          .toISO({ suppressMilliseconds: true })!
      : '';
    const key = `${fig.incident.serviceId}|${period}`;
    groups.set(key, [...(groups.get(key) ?? []), fig]);
  }
  const data = [...groups.entries()].map(([key, figs]) => {
    const [serviceId, period] = key.split('|');
    const service = state.services.get(serviceId);
    const team = service?.teamIds[0]
      ? state.teams.get(service.teamIds[0])
      : undefined;
    return {
      service_id: serviceId,
      service_name: service?.name ?? serviceId,
      ...(team ? { team_id: team.id, team_name: team.name } : {}),
      ...(unit ? { range_start: period } : {}),
      ...aggregateMetrics(figs),
    };
  });
  const sortKey = (row: Record<string, any>) => row[orderBy] ?? '';
  data.sort((a, b) => {
    const c = compare(sortKey(a), sortKey(b));
    return (
      (order === 'asc' ? c : -c) ||
      (a.range_start ?? '').localeCompare(b.range_start ?? '')
    );
  });
  return ok({
    data,
    filters: body.filters,
    time_zone: zone,
    order,
    order_by: orderBy,
    // Echoed only when given (the document's enum has no null).
    ...(unit ? { aggregate_unit: unit } : {}),
  });
}

/** POST /analytics/raw/incidents: one row per incident, cursor-paginated. */
function rawIncidents(req: Request): Response {
  requireAnalytics(req);
  const body = jsonBody(req);
  const filters = parseFilters(body);
  const zone = parseTimeZone(body);
  const order = parseOrder(body);
  const orderBy = body.order_by ?? 'created_at';
  if (!['created_at', 'seconds_to_resolve'].includes(orderBy))
    throw invalidInput('order_by must be "created_at" or "seconds_to_resolve"');
  const limit = body.limit ?? 20;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
    throw invalidInput('limit must be an integer from 1 to 1000');
  const { state } = req.sim;
  const rows = selectIncidents(state, filters, zone).map(f => rawRow(req, f));
  rows.sort((a, b) => {
    const c =
      compare((a as any)[orderBy] ?? 0, (b as any)[orderBy] ?? 0) ||
      a.id.localeCompare(b.id);
    return order === 'asc' ? c : -c;
  });
  let start = 0;
  if (body.starting_after !== undefined) {
    if (typeof body.starting_after !== 'string')
      throw invalidInput('starting_after must be a cursor string');
    const i = rows.findIndex(r => r.id === body.starting_after);
    if (i < 0) throw invalidInput('starting_after is not a valid cursor');
    start = i + 1;
  }
  const page = rows.slice(start, start + limit);
  return ok({
    first: page[0]?.id ?? '',
    last: page[page.length - 1]?.id ?? '',
    limit,
    more: start + limit < rows.length,
    order,
    order_by: orderBy,
    filters: body.filters,
    time_zone: zone,
    data: page,
  });
}

function rawRow(req: Request, f: IncidentFigures) {
  const { state } = req.sim;
  const i = f.incident;
  const service = state.services.get(i.serviceId);
  const policy = state.escalationPolicies.get(i.escalationPolicyId);
  const team = service?.teamIds[0]
    ? state.teams.get(service.teamIds[0])
    : undefined;
  const priority = i.priorityId
    ? state.priorities.get(i.priorityId)
    : undefined;
  const name = (id: string) => state.users.get(id)?.name ?? id;
  return {
    id: i.id,
    incident_number: i.number,
    created_at: i.createdAt,
    updated_at: i.updatedAt,
    ...(i.resolvedAt ? { resolved_at: i.resolvedAt } : {}),
    status: i.status,
    urgency: i.urgency,
    major: false,
    service_id: i.serviceId,
    service_name: service?.name ?? i.serviceId,
    escalation_policy_id: i.escalationPolicyId,
    escalation_policy_name: policy?.name ?? i.escalationPolicyId,
    team_id: team?.id ?? null,
    team_name: team?.name ?? null,
    priority_id: priority?.id ?? null,
    priority_name: priority?.name ?? null,
    priority_order: priority?.order ?? null,
    acknowledgement_count: f.acknowledgementCount,
    acknowledged_user_ids: f.acknowledgedUserIds,
    acknowledged_user_names: f.acknowledgedUserIds.map(name),
    assignment_count: f.assignmentCount,
    assigned_user_ids: f.assignedUserIds,
    assigned_user_names: f.assignedUserIds.map(name),
    auto_resolved: i.status === 'resolved' && !f.resolvedByUserId,
    escalation_count: f.escalationCount,
    timeout_escalation_count: f.timeoutEscalationCount,
    manual_escalation_count: f.manualEscalationCount,
    ...(f.secondsToFirstAck !== null
      ? { seconds_to_first_ack: f.secondsToFirstAck }
      : {}),
    ...(f.secondsToResolve !== null
      ? { seconds_to_resolve: f.secondsToResolve }
      : {}),
    ...(f.resolvedByUserId
      ? {
          resolved_by_user_id: f.resolvedByUserId,
          resolved_by_user_name: name(f.resolvedByUserId),
        }
      : {}),
    total_interruptions: f.interruptions,
    business_hour_interruptions: f.businessHourInterruptions,
    off_hour_interruptions: f.offHourInterruptions,
    sleep_hour_interruptions: f.sleepHourInterruptions,
    total_notifications: f.notifications,
    snoozed_seconds: 0,
    user_defined_effort_seconds: null,
  };
}

export function registerAnalyticsRoutes(r: Router): void {
  r.add(
    'rest',
    'POST',
    '/analytics/metrics/incidents/services',
    serviceMetrics,
  );
  r.add('rest', 'POST', '/analytics/raw/incidents', rawIncidents);
}
