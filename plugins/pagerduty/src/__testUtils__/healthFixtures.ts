import {
  PagerDutyIncidentSla,
  PagerDutyInsightsResponse,
} from '@backstage-pagerduty/plugin-pagerduty-common';

const DAY = 86_400_000;

/** An entity's insights: 30 days, analytics, with SLA shares and one failing standard. */
export const insightsResponse = (
  overrides: Partial<PagerDutyInsightsResponse['insights']> = {},
): PagerDutyInsightsResponse => {
  const until = Date.parse('2025-03-10T12:00:00Z');
  const perDay = Array.from({ length: 30 }, (_, i) => {
    const count = [0, 1, 0, 2, 0, 0, 3][i % 7];
    return {
      date: new Date(until - (30 - i) * DAY).toISOString().slice(0, 10),
      count,
      highUrgency: Math.min(count, 1),
    };
  });
  return {
    insights: {
      source: 'analytics',
      since: new Date(until - 30 * DAY).toISOString(),
      until: new Date(until).toISOString(),
      timeZone: 'UTC',
      incidentCount: perDay.reduce((n, d) => n + d.count, 0),
      highUrgencyCount: perDay.reduce((n, d) => n + d.highUrgency, 0),
      interruptions: 31,
      mttaSeconds: 412,
      mttrSeconds: 4380,
      perDay,
      sla: {
        acknowledgedInTime: { met: 20, total: 24 },
        resolvedInTime: { met: 15, total: 24 },
      },
      ...overrides,
    },
    standards: [
      {
        serviceId: 'PCHKOUT',
        passing: 6,
        total: 7,
        failing: [
          {
            id: 'S5',
            name: 'Service uses dynamic urgency',
            description: 'Urgency follows the event severity.',
          },
        ],
      },
    ],
    errors: [],
    freshness: { fetchedAt: '2025-03-10T12:00:00Z', stale: false },
  };
};

/** Deadlines of a triggered high-urgency incident created at `createdAt`. */
export const triggeredSla = (createdAt: string): PagerDutyIncidentSla => {
  const t = Date.parse(createdAt);
  const at = (minutes: number) => new Date(t + minutes * 60_000).toISOString();
  return {
    target: {
      acknowledgeMinutes: 15,
      resolveMinutes: 60,
      source: 'high urgency',
    },
    acknowledgeBy: at(15),
    resolveBy: at(60),
    nextEscalation: { level: 2, at: at(15) },
  };
};
