import { DateTime } from 'luxon';
import { IncidentRecord } from './model';
import { SimulatorState } from './store';

/**
 * Per-incident figures of PagerDuty's analytics, derived from the incident's log entries (the only
 * record that survives resolution): time to first acknowledgement, time to resolve, escalations
 * (timeout and manual) and interruptions (a notification to a user for a high-urgency incident,
 * split by the hour it happened in the requested time zone).
 */
export interface IncidentFigures {
  incident: IncidentRecord;
  secondsToFirstAck: number | null;
  secondsToResolve: number | null;
  acknowledgementCount: number;
  assignmentCount: number;
  escalationCount: number;
  timeoutEscalationCount: number;
  manualEscalationCount: number;
  notifications: number;
  interruptions: number;
  businessHourInterruptions: number;
  offHourInterruptions: number;
  sleepHourInterruptions: number;
  acknowledgedUserIds: string[];
  assignedUserIds: string[];
  resolvedByUserId: string | null;
}

const seconds = (fromIso: string, toIso: string) =>
  Math.round((Date.parse(toIso) - Date.parse(fromIso)) / 1000);

/** Business hours: 09:00–17:00 Monday–Friday; sleep hours 22:00–08:00; the rest is off hours. */
function hourKind(iso: string, zone: string): 'business' | 'off' | 'sleep' {
  const t = DateTime.fromISO(iso, { zone });
  if (t.hour >= 22 || t.hour < 8) return 'sleep';
  if (t.weekday <= 5 && t.hour >= 9 && t.hour < 17) return 'business';
  return 'off';
}

export function incidentFigures(
  incident: IncidentRecord,
  zone: string,
): IncidentFigures {
  const entries = [...incident.logEntries].sort((a, b) =>
    a.createdAt.localeCompare(b.createdAt),
  );
  const acks = entries.filter(e => e.type === 'acknowledge_log_entry');
  const escalations = entries.filter(e => e.type === 'escalate_log_entry');
  const assigning = entries.filter(e =>
    ['assign_log_entry', 'escalate_log_entry', 'delegate_log_entry'].includes(
      e.type,
    ),
  );
  const figures: IncidentFigures = {
    incident,
    secondsToFirstAck: acks.length
      ? seconds(incident.createdAt, acks[0].createdAt)
      : null,
    secondsToResolve: incident.resolvedAt
      ? seconds(incident.createdAt, incident.resolvedAt)
      : null,
    acknowledgementCount: acks.length,
    assignmentCount: assigning.reduce(
      (n, e) => n + (e.assigneeIds?.length ?? 0),
      0,
    ),
    escalationCount: escalations.length,
    timeoutEscalationCount: escalations.filter(
      e => e.channel.type === 'timeout',
    ).length,
    manualEscalationCount: escalations.filter(e => e.channel.type !== 'timeout')
      .length,
    notifications: 0,
    interruptions: 0,
    businessHourInterruptions: 0,
    offHourInterruptions: 0,
    sleepHourInterruptions: 0,
    acknowledgedUserIds: [
      ...new Set(
        acks.flatMap(a => (a.agent?.type === 'user' ? [a.agent.id] : [])),
      ),
    ],
    assignedUserIds: [...new Set(assigning.flatMap(e => e.assigneeIds ?? []))],
    resolvedByUserId: null,
  };
  const resolve = entries.find(e => e.type === 'resolve_log_entry');
  if (resolve?.agent?.type === 'user')
    figures.resolvedByUserId = resolve.agent.id;
  for (const e of assigning) {
    const n = e.assigneeIds?.length ?? 0;
    figures.notifications += n;
    if (incident.urgency !== 'high') continue;
    figures.interruptions += n;
    const kind = hourKind(e.createdAt, zone);
    if (kind === 'business') figures.businessHourInterruptions += n;
    else if (kind === 'sleep') figures.sleepHourInterruptions += n;
    else figures.offHourInterruptions += n;
  }
  return figures;
}

export interface AnalyticsFilters {
  createdAtStart: number;
  createdAtEnd: number;
  urgency?: 'high' | 'low';
  serviceIds?: string[];
  teamIds?: string[];
  escalationPolicyIds?: string[];
  priorityIds?: string[];
  priorityNames?: string[];
  minAcknowledgements?: number;
  minTimeoutEscalations?: number;
  minManualEscalations?: number;
}

/** The incidents analytics counts: created in [start, end) and matching every filter. */
export function selectIncidents(
  state: SimulatorState,
  f: AnalyticsFilters,
  zone: string,
): IncidentFigures[] {
  const out: IncidentFigures[] = [];
  for (const i of state.incidents.values()) {
    const created = Date.parse(i.createdAt);
    if (created < f.createdAtStart || created >= f.createdAtEnd) continue;
    if (f.urgency && i.urgency !== f.urgency) continue;
    if (f.serviceIds?.length && !f.serviceIds.includes(i.serviceId)) continue;
    const service = state.services.get(i.serviceId);
    if (
      f.teamIds?.length &&
      !service?.teamIds.some(t => f.teamIds!.includes(t))
    )
      continue;
    if (
      f.escalationPolicyIds?.length &&
      !f.escalationPolicyIds.includes(i.escalationPolicyId)
    )
      continue;
    if (
      f.priorityIds?.length &&
      (!i.priorityId || !f.priorityIds.includes(i.priorityId))
    )
      continue;
    if (f.priorityNames?.length) {
      const name = i.priorityId && state.priorities.get(i.priorityId)?.name;
      if (!name || !f.priorityNames.includes(name)) continue;
    }
    const fig = incidentFigures(i, zone);
    if (fig.acknowledgementCount < (f.minAcknowledgements ?? 0)) continue;
    if (fig.timeoutEscalationCount < (f.minTimeoutEscalations ?? 0)) continue;
    if (fig.manualEscalationCount < (f.minManualEscalations ?? 0)) continue;
    out.push(fig);
  }
  return out;
}

const mean = (values: Array<number | null>): number | undefined => {
  const present = values.filter((v): v is number => v !== null);
  return present.length
    ? Math.round(present.reduce((a, b) => a + b, 0) / present.length)
    : undefined;
};
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** The "Analytics Incident Metrics" of a group of incidents (one service, one period). */
export function aggregateMetrics(figures: IncidentFigures[]) {
  return {
    mean_assignment_count: mean(figures.map(f => f.assignmentCount)),
    mean_seconds_to_first_ack: mean(figures.map(f => f.secondsToFirstAck)),
    mean_seconds_to_resolve: mean(figures.map(f => f.secondsToResolve)),
    total_business_hour_interruptions: sum(
      figures.map(f => f.businessHourInterruptions),
    ),
    total_escalation_count: sum(figures.map(f => f.escalationCount)),
    total_incident_count: figures.length,
    total_incidents_acknowledged: figures.filter(
      f => f.acknowledgementCount > 0,
    ).length,
    total_incidents_manual_escalated: figures.filter(
      f => f.manualEscalationCount > 0,
    ).length,
    total_incidents_timeout_escalated: figures.filter(
      f => f.timeoutEscalationCount > 0,
    ).length,
    total_interruptions: sum(figures.map(f => f.interruptions)),
    total_notifications: sum(figures.map(f => f.notifications)),
    total_off_hour_interruptions: sum(figures.map(f => f.offHourInterruptions)),
    total_sleep_hour_interruptions: sum(
      figures.map(f => f.sleepHourInterruptions),
    ),
    total_snoozed_seconds: 0,
  };
}
