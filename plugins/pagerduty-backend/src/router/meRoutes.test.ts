/*
 * The home page's routes against the simulator: the signed-in user's on-call shifts (PagerDuty
 * user found by the email of their catalog entity) and their services' open incidents.
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  PagerDutySimulator,
  SEED,
} from '@backstage-pagerduty/pagerduty-simulator';
import {
  ALICE,
  CATALOG,
  TestBackend,
  component,
  simAccount,
  startBackend,
  stopBackends,
  useSimulator,
} from '../__testUtils__/backend';
import { expectDocumented } from '../__testUtils__/openapi';

const NOMAIL = mockCredentials.user.header('user:default/nomail');

/** A component owned by `owner` (as the catalog's relations say). */
function owned(name: string, owner: string, serviceId: string): Entity {
  return {
    ...component(name, { 'pagerduty.com/service-id': serviceId }),
    relations: [{ type: 'ownedBy', targetRef: owner }],
  };
}

describe('GET /me/oncall and /me/services', () => {
  let sim: PagerDutySimulator;
  let backend: TestBackend;
  useSimulator(s => (sim = s));
  beforeEach(async () => {
    backend = await startBackend({
      pagerDuty: simAccount(sim),
      entities: [
        ...CATALOG,
        owned('alices-checkout', 'user:default/alice', SEED.services.checkout),
        owned('alices-gap', 'user:default/alice', SEED.services.gap),
        owned('bobs-payments', 'user:default/bob', SEED.services.payments),
      ],
    });
  });
  afterEach(() => stopBackends());

  it("lists the user's shifts for a week, as PagerDuty has them for the user's email", async () => {
    const res = await backend.get('/me/oncall', ALICE);
    expect(res.status).toBe(200);
    expectDocumented('get', '/me/oncall', res.status, res.body);
    expect(res.body.email).toBe(SEED.users.alice.email);
    expect(res.body.users).toEqual([
      expect.objectContaining({ account: 'default', id: SEED.users.alice.id }),
    ]);
    // Independently: what PagerDuty answers for the user over the same week.
    const since = new Date();
    const until = new Date(since.getTime() + 7 * 24 * 3_600_000);
    const direct = await fetch(
      `${sim.url}/oncalls?user_ids[]=${
        SEED.users.alice.id
      }&since=${since.toISOString()}&until=${until.toISOString()}&limit=100`,
      { headers: { Authorization: 'Token token=pdsim_demo_token_0123456789' } },
    ).then(r => r.json());
    const key = (s: {
      escalationPolicy: { id: string };
      level: number;
      start?: string;
    }) => `${s.escalationPolicy.id}/${s.level}/${s.start ?? 'always'}`;
    expect(res.body.shifts.map(key).sort()).toEqual(
      direct.oncalls
        .map((o: any) =>
          key({
            escalationPolicy: o.escalation_policy,
            level: o.escalation_level,
            start: o.start ?? undefined,
          }),
        )
        .sort(),
    );
    expect(res.body.shifts.length).toBeGreaterThan(0);
    // Current shifts first.
    const starts = res.body.shifts.map((s: any) =>
      s.start ? Date.parse(s.start) : 0,
    );
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });

  it('finds nobody, without asking PagerDuty, for a user without an email', async () => {
    const before = sim.stats().total;
    const res = await backend.get('/me/oncall', NOMAIL);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ users: [], shifts: [], errors: [] });
    expect(res.body.email).toBeUndefined();
    expect(sim.stats().total).toBe(before);
  });

  it("lists the user's services with their open incidents, triggered ones first", async () => {
    const res = await backend.get('/me/services', ALICE);
    expect(res.status).toBe(200);
    expectDocumented('get', '/me/services', res.status, res.body);
    const open = (serviceId: string) =>
      [...sim.state.incidents.values()].filter(
        i => i.serviceId === serviceId && i.status !== 'resolved',
      );
    expect(res.body).toEqual({
      truncated: false,
      entities: [
        {
          entityRef: 'component:default/alices-checkout',
          title: 'alices-checkout',
          openIncidents: open(SEED.services.checkout).length,
          triggered: open(SEED.services.checkout).filter(
            i => i.status === 'triggered',
          ).length,
          highUrgency: open(SEED.services.checkout).filter(
            i => i.urgency === 'high',
          ).length,
        },
        {
          entityRef: 'component:default/alices-gap',
          title: 'alices-gap',
          openIncidents: open(SEED.services.gap).length,
          triggered: open(SEED.services.gap).filter(
            i => i.status === 'triggered',
          ).length,
          highUrgency: open(SEED.services.gap).filter(i => i.urgency === 'high')
            .length,
        },
      ],
    });
    expect(res.body.entities[0].openIncidents).toBeGreaterThan(0);
  });

  it('is for signed-in users only', async () => {
    expect((await backend.get('/me/oncall', null)).status).toBe(401);
    const service = mockCredentials.service.header();
    expect((await backend.get('/me/services', service)).status).toBe(403);
  });
});
