import { PagerDutyInsightIncident, computeInsights } from './insights';

const inc = (
  id: string,
  createdAt: string,
  minutesToAck: number | undefined,
  minutesToResolve: number | undefined,
  urgency: 'high' | 'low' = 'high',
  extra: Partial<PagerDutyInsightIncident> = {},
): PagerDutyInsightIncident => {
  const t = Date.parse(createdAt);
  const at = (m: number | undefined) =>
    m === undefined ? undefined : new Date(t + m * 60_000).toISOString();
  return {
    id,
    urgency,
    createdAt,
    acknowledgedAt: at(minutesToAck),
    resolvedAt: at(minutesToResolve),
    interruptions: urgency === 'high' ? 2 : 1,
    ...extra,
  };
};

const options = {
  source: 'incidents' as const,
  since: '2025-03-01T00:00:00Z',
  until: '2025-03-04T00:00:00Z',
};

describe('computeInsights', () => {
  const incidents = [
    inc('A', '2025-03-01T10:00:00Z', 10, 70),
    inc('B', '2025-03-01T23:30:00Z', 20, 40, 'low'),
    inc('C', '2025-03-03T08:00:00Z', undefined, 10, 'low'),
    inc('D', '2025-03-03T09:00:00Z', 4, undefined, 'high', {
      priorityName: 'P1',
    }),
    inc('old', '2025-02-27T09:00:00Z', 1, 2),
    inc('later', '2025-03-04T00:00:00Z', 1, 2),
  ];

  it('counts the incidents created in the period, with MTTA and MTTR over those that have them', () => {
    const r = computeInsights(incidents, options);
    expect(r).toMatchObject({
      source: 'incidents',
      incidentCount: 4,
      highUrgencyCount: 2,
      interruptions: 4,
      // (10 + 20 + 4) / 3 minutes; (70 + 40 + 10) / 3 minutes
      mttaSeconds: Math.round((34 * 60) / 3),
      mttrSeconds: Math.round((120 * 60) / 3),
    });
    expect(r.sla).toBeUndefined();
  });

  it('buckets incidents per day in the time zone, every day listed', () => {
    expect(computeInsights(incidents, options).perDay).toEqual([
      { date: '2025-03-01', count: 2, highUrgency: 1 },
      { date: '2025-03-02', count: 0, highUrgency: 0 },
      { date: '2025-03-03', count: 2, highUrgency: 1 },
    ]);
    const berlin = computeInsights(incidents, {
      ...options,
      timeZone: 'Europe/Berlin',
    }).perDay;
    // 23:30 UTC on the 1st is the 2nd in Berlin; the period runs from 01:00 on the 1st to 01:00 on the 4th in Berlin.
    expect(berlin.map(d => [d.date, d.count])).toEqual([
      ['2025-03-01', 1],
      ['2025-03-02', 1],
      ['2025-03-03', 2],
      ['2025-03-04', 0],
    ]);
  });

  it('reports the share acknowledged and resolved within their targets', () => {
    const r = computeInsights(incidents, {
      ...options,
      sla: {
        urgency: {
          high: { acknowledgeMinutes: 15, resolveMinutes: 60 },
          low: { acknowledgeMinutes: 15, resolveMinutes: 60 },
        },
        priority: { P1: { acknowledgeMinutes: 5, resolveMinutes: 30 } },
      },
    });
    // ack: A met, B missed, C resolved before ack was due (not counted), D met (P1, 4 <= 5)
    expect(r.sla!.acknowledgedInTime).toEqual({ met: 2, total: 3 });
    // resolve: A missed (70 > 60), B met, C met, D never resolved and past its deadline
    expect(r.sla!.resolvedInTime).toEqual({ met: 2, total: 4 });
  });

  it('leaves MTTA/MTTR out without data', () => {
    const r = computeInsights([], options);
    expect(r.incidentCount).toBe(0);
    expect(r.mttaSeconds).toBeUndefined();
    expect(r.perDay).toHaveLength(3);
  });
});
