import { DateTime } from 'luxon';
import { slaTargetFor } from './sla';
import type {
  PagerDutyInsights,
  PagerDutySlaConfig,
  PagerDutySlaShare,
} from './types';

/**
 * One incident as the insights need it, whether it came from PagerDuty's analytics API or was
 * reconstructed from the incident list and its log entries.
 * @public
 */
export interface PagerDutyInsightIncident {
  id: string;
  urgency: 'high' | 'low';
  priorityName?: string;
  createdAt: string;
  /** First acknowledgement. */
  acknowledgedAt?: string;
  resolvedAt?: string;
  /** Notifications to responders (counted for high-urgency incidents only). */
  interruptions: number;
}

/** @public */
export interface PagerDutyInsightsOptions {
  source: PagerDutyInsights['source'];
  since: string;
  until: string;
  /** IANA zone of the per-day buckets. Default UTC. */
  timeZone?: string;
  sla?: PagerDutySlaConfig;
}

const MINUTE = 60_000;

const meanSeconds = (values: number[]) =>
  values.length
    ? Math.round(values.reduce((a, b) => a + b, 0) / values.length / 1000)
    : undefined;

/**
 * A deadline's outcome: counted as met or missed once it is decided (done in time, or the deadline
 * passed); not counted while still open within the deadline, nor when the incident was resolved
 * before an acknowledgement was due.
 */
function tally(
  share: PagerDutySlaShare,
  deadlineMs: number,
  doneAt: string | undefined,
  endedAt: string | undefined,
  untilMs: number,
) {
  if (doneAt !== undefined) {
    share.total++;
    if (Date.parse(doneAt) <= deadlineMs) share.met++;
  } else if (endedAt !== undefined && Date.parse(endedAt) <= deadlineMs) {
    // Resolved before the acknowledgement was due: no acknowledgement needed.
  } else if (deadlineMs <= untilMs) {
    share.total++;
  }
}

/**
 * Counts, MTTA, MTTR, incidents per day and SLA shares of the incidents created in
 * [since, until).
 * @public
 */
export function computeInsights(
  incidents: PagerDutyInsightIncident[],
  options: PagerDutyInsightsOptions,
): PagerDutyInsights {
  const zone = options.timeZone ?? 'UTC';
  const sinceMs = Date.parse(options.since);
  const untilMs = Date.parse(options.until);
  const inRange = incidents.filter(i => {
    const t = Date.parse(i.createdAt);
    return t >= sinceMs && t < untilMs;
  });
  const days = new Map<string, { count: number; highUrgency: number }>();
  let day = DateTime.fromMillis(sinceMs, { zone }).startOf('day');
  const last = DateTime.fromMillis(untilMs - 1, { zone }).startOf('day');
  while (day <= last) {
    days.set(day.toISODate()!, { count: 0, highUrgency: 0 });
    day = day.plus({ days: 1 });
  }
  const ack: number[] = [];
  const resolve: number[] = [];
  const acknowledgedInTime = { met: 0, total: 0 };
  const resolvedInTime = { met: 0, total: 0 };
  let high = 0;
  let interruptions = 0;
  for (const i of inRange) {
    const created = Date.parse(i.createdAt);
    const bucket = days.get(
      DateTime.fromMillis(created, { zone }).toISODate()!,
    );
    if (bucket) {
      bucket.count++;
      if (i.urgency === 'high') bucket.highUrgency++;
    }
    if (i.urgency === 'high') {
      high++;
      interruptions += i.interruptions;
    }
    if (i.acknowledgedAt) ack.push(Date.parse(i.acknowledgedAt) - created);
    if (i.resolvedAt) resolve.push(Date.parse(i.resolvedAt) - created);
    const target = options.sla ? slaTargetFor(options.sla, i) : undefined;
    if (target?.acknowledgeMinutes !== undefined)
      tally(
        acknowledgedInTime,
        created + target.acknowledgeMinutes * MINUTE,
        i.acknowledgedAt,
        i.resolvedAt,
        untilMs,
      );
    if (target?.resolveMinutes !== undefined)
      tally(
        resolvedInTime,
        created + target.resolveMinutes * MINUTE,
        i.resolvedAt,
        undefined,
        untilMs,
      );
  }
  return {
    source: options.source,
    since: options.since,
    until: options.until,
    timeZone: zone,
    incidentCount: inRange.length,
    highUrgencyCount: high,
    interruptions,
    mttaSeconds: meanSeconds(ack),
    mttrSeconds: meanSeconds(resolve),
    perDay: [...days.entries()].map(([date, d]) => ({ date, ...d })),
    ...(options.sla ? { sla: { acknowledgedInTime, resolvedInTime } } : {}),
  };
}
