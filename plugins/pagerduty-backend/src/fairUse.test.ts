/*
 * Fair use of the shared request budget: an entity annotated with 2,000 PagerDuty services,
 * viewed over and over, must not make the cards of other entities fail.
 */
import {
  PagerDutySimulator,
  SEED,
} from '@backstage-pagerduty/pagerduty-simulator';
import request from 'supertest';
import {
  CATALOG,
  USER,
  component,
  simAccount,
  startBackend,
  stopBackends,
  useSimulator,
} from './__testUtils__/backend';

jest.setTimeout(90_000);

const SECTIONS = ['services', 'incidents', 'oncall', 'change-events'];
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

describe('an entity with 2,000 services', () => {
  let sim: PagerDutySimulator;
  // PagerDuty's own limit (960 a minute) is on.
  useSimulator(s => (sim = s), { rateLimits: undefined, reset: false });
  afterEach(stopBackends);

  it('cannot make the views of other entities fail', async () => {
    const real = [...sim.state.services.keys()];
    const ids = [
      ...real,
      ...Array.from({ length: 2000 - real.length }, (_, i) => `PFAKE${i}`),
    ];
    const hog = component('hog', { 'pagerduty.com/service-id': ids.join(',') });
    const { server } = await startBackend({
      entities: [...CATALOG, hog],
      pagerDuty: {
        ...simAccount(sim),
        // Every view asks PagerDuty again: the worst case for the budget.
        cache: {
          servicesTtlSeconds: 0,
          incidentsTtlSeconds: 0,
          oncallTtlSeconds: 0,
          changeEventsTtlSeconds: 0,
        },
      },
    });
    const view = async (name: string) =>
      Promise.all(
        SECTIONS.map(section =>
          request(server)
            .get(`/api/pagerduty/entities/component/default/${name}/${section}`)
            .set('Authorization', USER),
        ),
      );

    const first = await view('hog');
    const tooMany = first[0].body.errors.filter(
      (e: { code: string }) => e.code === 'PAGERDUTY_TOO_MANY_SERVICES',
    );
    // 10 services shown, the 1,990 others reported one by one, with what to do about it.
    expect(first[0].status).toBe(200);
    expect(first[0].body.services).toHaveLength(10);
    expect(tooMany).toHaveLength(1990);
    expect(tooMany[0].message).toContain(
      'lists 2000 PagerDuty services and at most 10 are shown (pagerDuty.client.maxServicesPerEntity)',
    );

    // 8 s: the hog viewed twice every 200 ms (about 400 PagerDuty requests a second wanted,
    // 25 times the budget), three other entities once every second each.
    const started = Date.now();
    const hogAnswers: number[] = [];
    const others: Array<{ name: string; status: number }> = [];
    const pending: Promise<void>[] = [];
    let tick = 0;
    while (Date.now() - started < 8_000) {
      for (let i = 0; i < 2; i++) {
        pending.push(
          view('hog').then(rs => {
            hogAnswers.push(...rs.map(r => r.status));
          }),
        );
      }
      if (tick % 5 === 0) {
        for (const name of ['checkout', 'multi', 'gap']) {
          pending.push(
            view(name).then(rs => {
              others.push(...rs.map(r => ({ name, status: r.status })));
            }),
          );
        }
      }
      tick++;
      await sleep(200);
    }
    await Promise.all(pending);
    const stats = sim.stats();
    const failed = others.filter(o => o.status !== 200);
    // eslint-disable-next-line no-console
    console.log(
      `2,000-service entity: ${hogAnswers.length} answers to its views (${
        hogAnswers.filter(s => s === 200).length
      } 200, ${
        hogAnswers.filter(s => s === 503).length
      } 503); other entities: ${others.length} answers, ${
        failed.length
      } not 200; PagerDuty requests ${stats.total}, 429s ${stats.rateLimited}`,
    );
    expect(failed).toEqual([]);
    expect(stats.rateLimited).toBe(0);
    // The whole run stayed within the budget (900 a minute).
    expect(stats.total).toBeLessThanOrEqual(900);
    // SEED is the simulator the catalog entities point at.
    expect(real).toContain(SEED.services.checkout);
  });
});
