/*
 * Insights, standards and SLA deadlines end to end: the plugin in a test backend against the
 * simulator's seeded history, MTTA/MTTR checked against an independent computation from the
 * simulator's own records, and the fallback for an account without analytics.
 */
import {
  PagerDutySimulator,
  SEED,
} from '@backstage-pagerduty/pagerduty-simulator';
import request from 'supertest';
import { expectDocumented } from '../__testUtils__/openapi';
import {
  CATALOG,
  USER,
  simAccount,
  startBackend,
  stopBackends,
  useSimulator,
} from '../__testUtils__/backend';

jest.setTimeout(60_000);

const NOW = Date.parse('2025-03-10T12:20:00Z');
const SINCE = Date.parse('2025-02-08T12:00:00Z');
const UNTIL = Date.parse('2025-03-10T12:00:00Z');

const SLA = {
  urgency: {
    high: { acknowledge: '15m', resolve: '1h' },
    low: { acknowledge: '4h', resolve: '24h' },
  },
  priority: { P1: { acknowledge: '5m', resolve: '30m' } },
};

describe('insights, standards and SLA deadlines', () => {
  let sim: PagerDutySimulator;

  useSimulator(s => (sim = s), { now: () => new Date(NOW) });
  afterEach(stopBackends);

  const start = () =>
    startBackend({
      entities: CATALOG,
      pagerDuty: simAccount(sim, { sla: SLA }),
      now: () => NOW,
    });

  const get = async (server: any, path: string) => {
    const url = `/api/pagerduty/entities/component/default/${path}`;
    const res = await request(server).get(url).set('Authorization', USER);
    expectDocumented(
      'GET',
      url.replace('/api/pagerduty', '').split('?')[0],
      res.status,
      res.body,
    );
    return res;
  };

  /** MTTA/MTTR straight from the simulator's records (log entries), not through any API. */
  function independent(serviceId: string) {
    const mine = [...sim.state.incidents.values()].filter(i => {
      const t = Date.parse(i.createdAt);
      return i.serviceId === serviceId && t >= SINCE && t < UNTIL;
    });
    const ack: number[] = [];
    const res: number[] = [];
    for (const i of mine) {
      const created = Date.parse(i.createdAt);
      const firstAck = i.logEntries
        .filter(e => e.type === 'acknowledge_log_entry')
        .map(e => Date.parse(e.createdAt))
        .sort((a, b) => a - b)[0];
      if (firstAck) ack.push((firstAck - created) / 1000);
      if (i.resolvedAt) res.push((Date.parse(i.resolvedAt) - created) / 1000);
    }
    const mean = (xs: number[]) =>
      Math.round(xs.reduce((a, b) => a + b, 0) / xs.length);
    return {
      count: mine.length,
      high: mine.filter(i => i.urgency === 'high').length,
      mtta: mean(ack),
      mttr: mean(res),
    };
  }

  it("gives checkout-api's 30-day MTTA and MTTR from analytics, matching the seeded history", async () => {
    const { server } = await start();
    const res = await get(server, 'checkout/insights');
    expect(res.status).toBe(200);
    const expected = independent(SEED.services.checkout);
    expect(res.body.insights).toMatchObject({
      source: 'analytics',
      since: new Date(SINCE).toISOString(),
      until: new Date(UNTIL).toISOString(),
      incidentCount: expected.count,
      highUrgencyCount: expected.high,
      mttaSeconds: expected.mtta,
      mttrSeconds: expected.mttr,
    });
    expect(res.body.insights.perDay).toHaveLength(31);
    const sla = res.body.insights.sla;
    expect(sla.acknowledgedInTime.total).toBeGreaterThan(0);
    expect(sla.acknowledgedInTime.met).toBeLessThan(
      sla.acknowledgedInTime.total,
    );
    expect(res.body.standards).toEqual([
      {
        serviceId: SEED.services.checkout,
        passing: 6,
        total: 7,
        failing: [
          expect.objectContaining({ name: 'Service uses dynamic urgency' }),
        ],
      },
    ]);
    // eslint-disable-next-line no-console
    console.log(
      `checkout 30 d: ${expected.count} incidents, MTTA ${expected.mtta} s, MTTR ${expected.mttr} s (independent) = ${res.body.insights.mttaSeconds} s / ${res.body.insights.mttrSeconds} s (plugin)`,
    );
  });

  it('computes the same figures from the incident history for an account without analytics, and says so', async () => {
    sim.state.abilities = sim.state.abilities.filter(a => a !== 'analytics');
    const { server } = await start();
    const res = await get(server, 'checkout/insights');
    expect(res.status).toBe(200);
    const expected = independent(SEED.services.checkout);
    expect(res.body.insights).toMatchObject({
      source: 'incidents',
      incidentCount: expected.count,
      mttaSeconds: expected.mtta,
      mttrSeconds: expected.mttr,
    });
  });

  it('answers 400 for a bad period, naming what is expected', async () => {
    const { server } = await start();
    for (const days of ['0', '91', 'abc', '1.5']) {
      const res = await get(server, `checkout/insights?days=${days}`);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(
        /days must be a whole number from 1 to 90/,
      );
    }
    const week = await get(server, 'checkout/insights?days=7');
    expect(week.status).toBe(200);
    expect(week.body.insights.perDay).toHaveLength(8);
  });

  it('puts acknowledgement, escalation and resolution deadlines on open incidents', async () => {
    const { server } = await start();
    const res = await get(server, 'checkout/incidents');
    expect(res.status).toBe(200);
    const byId = Object.fromEntries(
      res.body.incidents.map((i: any) => [i.id, i]),
    );
    // PCHKI01: triggered 25 min ago (11:55), P1 (5 min / 30 min), policy delays 15, 30, 30.
    expect(byId[SEED.incidents.checkoutTriggered].sla).toEqual({
      target: {
        acknowledgeMinutes: 5,
        resolveMinutes: 30,
        source: 'priority P1',
      },
      acknowledgeBy: '2025-03-10T12:00:00.000Z',
      resolveBy: '2025-03-10T12:25:00.000Z',
      nextEscalation: { level: 3, at: '2025-03-10T12:40:00.000Z' },
    });
    // PCHKI02: acknowledged, P2 has no target: the high-urgency one; no ack deadline.
    expect(byId[SEED.incidents.checkoutAcknowledged].sla).toEqual({
      target: {
        acknowledgeMinutes: 15,
        resolveMinutes: 60,
        source: 'high urgency',
      },
      resolveBy: '2025-03-10T11:20:00.000Z',
    });
  });
});
