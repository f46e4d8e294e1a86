import { PagerDutyIncident } from '@backstage-pagerduty/plugin-pagerduty-common';

/** How many incidents the card lists before "Show all N". */
export const INCIDENTS_SHOWN = 4;

const STATUS_RANK = { triggered: 0, acknowledged: 1, resolved: 2 } as const;
const URGENCY_RANK = { high: 0, low: 1 } as const;

/** "P1" → 1; names without a number sort after those with one. */
function priorityRank(incident: PagerDutyIncident): number {
  if (!incident.priority) return Number.MAX_SAFE_INTEGER;
  const match = /(\d+)/.exec(incident.priority.name);
  return match ? Number(match[1]) : Number.MAX_SAFE_INTEGER - 1;
}

/**
 * Triage order: triggered before acknowledged, then high urgency, then priority (P1 first, none
 * last), then the oldest first (it has waited longest and escalates soonest).
 */
export function triageOrder(
  incidents: readonly PagerDutyIncident[],
): PagerDutyIncident[] {
  return [...incidents].sort(
    (a, b) =>
      STATUS_RANK[a.status] - STATUS_RANK[b.status] ||
      URGENCY_RANK[a.urgency] - URGENCY_RANK[b.urgency] ||
      priorityRank(a) - priorityRank(b) ||
      Date.parse(a.createdAt) - Date.parse(b.createdAt),
  );
}
