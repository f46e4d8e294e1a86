import type {
  PagerDutyDue,
  PagerDutyIncidentSla,
  PagerDutySlaConfig,
  PagerDutySlaTarget,
} from './types';

const MINUTE = 60_000;

/** What {@link incidentSla} needs to know about an incident. @public */
export interface PagerDutySlaIncidentInput {
  status: 'triggered' | 'acknowledged' | 'resolved';
  urgency: 'high' | 'low';
  priorityName?: string;
  createdAt: string;
  /**
   * Current escalation level (1 = first). PagerDuty's incident does not carry it: when absent,
   * the level is derived from the time since `levelSince` and the rule delays (timeouts
   * escalate automatically), which needs `nowMs`.
   */
  escalationLevel?: number;
  /** When the incident entered its current level (its creation for level 1). */
  levelSince?: string;
}

/** The target of an incident: its priority's (by name) if configured, else its urgency's. @public */
export function slaTargetFor(
  config: PagerDutySlaConfig,
  incident: { urgency: 'high' | 'low'; priorityName?: string },
): (PagerDutySlaTarget & { source: string }) | undefined {
  const byPriority =
    incident.priorityName !== undefined
      ? config.priority[incident.priorityName]
      : undefined;
  if (byPriority)
    return { ...byPriority, source: `priority ${incident.priorityName}` };
  const byUrgency = config.urgency[incident.urgency];
  if (byUrgency) return { ...byUrgency, source: `${incident.urgency} urgency` };
  return undefined;
}

const plusMinutes = (iso: string, minutes: number) =>
  new Date(Date.parse(iso) + minutes * MINUTE).toISOString();

/**
 * The deadlines of an open incident: acknowledgement (while triggered), resolution, and the next
 * escalation from the escalation policy's rule delays (`escalationDelaysMinutes[0]` is level 1's).
 * @public
 */
export function incidentSla(
  incident: PagerDutySlaIncidentInput,
  config: PagerDutySlaConfig | undefined,
  escalationDelaysMinutes?: number[],
  nowMs?: number,
): PagerDutyIncidentSla {
  const sla: PagerDutyIncidentSla = {};
  if (incident.status === 'resolved') return sla;
  const target = config ? slaTargetFor(config, incident) : undefined;
  if (target) {
    sla.target = target;
    if (
      incident.status === 'triggered' &&
      target.acknowledgeMinutes !== undefined
    )
      sla.acknowledgeBy = plusMinutes(
        incident.createdAt,
        target.acknowledgeMinutes,
      );
    if (target.resolveMinutes !== undefined)
      sla.resolveBy = plusMinutes(incident.createdAt, target.resolveMinutes);
  }
  const delays = escalationDelaysMinutes ?? [];
  if (incident.status !== 'triggered') return sla;
  const since = incident.levelSince ?? incident.createdAt;
  if (incident.escalationLevel !== undefined) {
    const level = incident.escalationLevel;
    if (level < delays.length)
      sla.nextEscalation = {
        level: level + 1,
        at: plusMinutes(since, delays[level - 1]),
      };
  } else if (nowMs !== undefined) {
    let at = Date.parse(since);
    for (let level = 1; level < delays.length; level++) {
      at += delays[level - 1] * MINUTE;
      if (at > nowMs) {
        sla.nextEscalation = {
          level: level + 1,
          at: new Date(at).toISOString(),
        };
        break;
      }
    }
  }
  return sla;
}

/** Where a deadline stands at `nowMs`: "due in N min" or "overdue by N min" (N ≥ 1). @public */
export function dueState(deadline: string, nowMs: number): PagerDutyDue {
  const ms = Date.parse(deadline) - nowMs;
  return {
    state: ms >= 0 ? 'due' : 'overdue',
    minutes: Math.max(1, Math.round(Math.abs(ms) / MINUTE)),
  };
}
