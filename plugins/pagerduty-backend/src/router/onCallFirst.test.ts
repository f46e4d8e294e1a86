/*
 * The reads behind "who do I call, and how" against the simulator: contact methods and
 * escalation delays in the on-call answer, incident details with notes and log entries, user
 * search, and a reassignment that keeps the incident acknowledged.
 */
import {
  PagerDutySimulator,
  SEED,
} from '@backstage-pagerduty/pagerduty-simulator';
import {
  ALICE,
  TestBackend,
  simAccount,
  useSimulator,
  startBackend,
} from '../__testUtils__/backend';

jest.setTimeout(30_000);

describe('on-call first: reads against the simulator', () => {
  let sim: PagerDutySimulator;
  let backend: TestBackend;

  useSimulator(s => (sim = s));
  beforeEach(async () => {
    backend = await startBackend({
      pagerDuty: simAccount(sim, {
        client: { maxRetries: 0, timeoutMs: 2000 },
      }),
    });
  });
  afterEach(() => backend.stop());

  const get = (path: string) => backend.get(path, ALICE);
  const ENTITY = '/entities/component/default/checkout';
  const openIncident = (status: 'triggered' | 'acknowledged') =>
    [...sim.state.incidents.values()].find(
      i => i.serviceId === SEED.services.checkout && i.status === status,
    )!;

  it('gives every on-call person their phone and SMS in E.164, and each level its delay', async () => {
    const res = await get(`${ENTITY}/oncall`);
    expect(res.status).toBe(200);
    const [policy] = res.body.policies;
    const level1 = policy.levels[0];
    expect(level1.level).toBe(1);
    const person = level1.oncalls[0].user;
    const record = sim.state.users.get(person.id)!;
    expect(person.contactMethods).toEqual([
      { type: 'email', label: 'Default', address: record.email },
      {
        type: 'phone',
        label: 'Mobile',
        address: `+${record.phone!.countryCode}${record.phone!.number}`,
      },
      {
        type: 'sms',
        label: 'Mobile',
        address: `+${record.phone!.countryCode}${record.phone!.number}`,
      },
    ]);
    const rules = sim.state.escalationPolicies.get(
      policy.escalationPolicy.id,
    )!.rules;
    expect(policy.levels.map((l: any) => l.escalationDelayInMinutes)).toEqual(
      policy.levels.map((l: any) => rules[l.level - 1].delayMinutes),
    );
  });

  it('says which account and region the services are on', async () => {
    const res = await get(`${ENTITY}/services`);
    expect(res.body.services[0]).toMatchObject({
      isDefaultAccount: true,
      region: 'us',
    });
  });

  it('gives an incident’s triage context, and its notes and timeline, a note added through the API included', async () => {
    const incident = openIncident('acknowledged');
    const note = await backend.post(
      `${ENTITY}/incidents/${incident.id}/notes`,
      { content: 'Rolled back to v2.3.0' },
      ALICE,
    );
    expect(note.status).toBe(200);
    const list = await get(`${ENTITY}/incidents`);
    const row = list.body.incidents.find((i: any) => i.id === incident.id);
    expect(row.lastStatusChangeAt).toEqual(expect.any(String));
    expect(row.acknowledgements[0].user.name).toEqual(expect.any(String));
    expect(row.alertCounts).toMatchObject({ all: expect.any(Number) });

    const res = await get(`${ENTITY}/incidents/${incident.id}`);
    expect(res.status).toBe(200);
    expect(res.body.incident.id).toBe(incident.id);
    expect(res.body.notes[0]).toMatchObject({
      content: 'Rolled back to v2.3.0',
      user: { id: SEED.users.alice.id },
    });
    const types = res.body.logEntries.map((e: any) => e.type);
    // The overview timeline (is_overview): notes are listed on their own, above.
    expect(types).toContain('trigger');
    expect(types).toContain('acknowledge');
    const times = res.body.logEntries.map((e: any) => e.createdAt);
    expect(times).toEqual([...times].sort().reverse());
  });

  it('answers 404 for the details of an incident of another service, like an unknown one', async () => {
    const other = [...sim.state.incidents.values()].find(
      i => i.serviceId !== SEED.services.checkout,
    )!;
    const foreign = await get(`${ENTITY}/incidents/${other.id}`);
    const unknown = await get(`${ENTITY}/incidents/PNOPE99`);
    expect(foreign.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(foreign.body.error.message).toBe(
      unknown.body.error.message.replace('PNOPE99', other.id),
    );
    expect((await get(`${ENTITY}/incidents/bad%20id`)).status).toBe(400);
  });

  it('finds PagerDuty users by name, and rejects a query too short to be one', async () => {
    const res = await get(`${ENTITY}/users?query=grace`);
    expect(res.status).toBe(200);
    expect(res.body.users.map((u: any) => u.id)).toEqual([SEED.users.grace.id]);
    const short = await get(`${ENTITY}/users?query=g`);
    expect(short.status).toBe(400);
    expect(short.body.error.message).toMatch(/query/);
    expect((await get(`${ENTITY}/users`)).status).toBe(400);
  });

  it('keeps an acknowledged incident acknowledged when it is reassigned', async () => {
    const incident = openIncident('acknowledged');
    const res = await backend.post(
      `${ENTITY}/incidents/${incident.id}/reassign`,
      { userId: SEED.users.bob.id },
      ALICE,
    );
    expect(res.status).toBe(200);
    expect(res.body.incident.status).toBe('acknowledged');
    expect(res.body.incident.assignees.map((a: any) => a.id)).toContain(
      SEED.users.bob.id,
    );
    expect(sim.state.incidents.get(incident.id)!.status).toBe('acknowledged');
  });
});
