import { PagerDutySimulator, startPagerDutySimulator } from '../simulator';
import { SEED } from '../state/seed';
import { client, fixedClock } from '../testing/client';

const ALICE = SEED.users.alice.email;

describe('REST: incidents, notes, log entries, on-calls', () => {
  let sim: PagerDutySimulator;
  let api: ReturnType<typeof client>;
  const clock = fixedClock('2025-03-10T12:00:00Z');

  beforeAll(async () => {
    sim = await startPagerDutySimulator({ port: 0, now: clock });
    api = client(sim.url);
  });
  afterAll(() => sim.stop());
  beforeEach(() => {
    clock.set('2025-03-10T12:00:00Z');
    sim.reset();
  });

  it('lists the open checkout incidents with service_ids[] and statuses[]', async () => {
    const r = await api.get(
      '/incidents?service_ids[]=PCHKOUT&statuses[]=triggered&statuses[]=acknowledged',
    );
    expect(r.status).toBe(200);
    const byId = Object.fromEntries(
      r.json.incidents.map((i: any) => [i.id, i]),
    );
    expect(Object.keys(byId).sort()).toEqual(['PCHKI01', 'PCHKI02']);
    expect(byId.PCHKI01).toMatchObject({
      status: 'triggered',
      urgency: 'high',
      incident_key: 'checkout/error-rate',
    });
    expect(byId.PCHKI01.priority).toMatchObject({ id: 'PPRIO01', name: 'P1' });
    expect(byId.PCHKI02.status).toBe('acknowledged');
    expect(byId.PCHKI02.acknowledgements).toHaveLength(1);
    expect(byId.PCHKI01.assignments[0].assignee.type).toBe('user_reference');
  });

  it('filters by urgencies[], incident_key and answers 400 for bad statuses[]', async () => {
    const low = await api.get(
      '/incidents?urgencies[]=low&statuses[]=triggered',
    );
    expect(low.json.incidents.every((i: any) => i.urgency === 'low')).toBe(
      true,
    );
    expect(low.json.incidents.map((i: any) => i.id)).toContain('PSRCHI1');
    const byKey = await api.get('/incidents?incident_key=checkout/latency');
    expect(byKey.json.incidents.map((i: any) => i.id)).toEqual(['PCHKI02']);
    expect((await api.get('/incidents?statuses[]=open')).status).toBe(400);
  });

  it('applies since/until (default: the last month) and date_range=all', async () => {
    const recent = await api.get(
      '/incidents?since=2025-03-10T11:00:00Z&until=2025-03-10T12:00:00Z',
    );
    expect(recent.json.incidents.map((i: any) => i.id)).toEqual([
      'PSRCHI1',
      'PCHKI01',
    ]);
    clock.set('2025-06-10T12:00:00Z');
    expect((await api.get('/incidents')).json.incidents).toEqual([]);
    expect(
      (await api.get('/incidents?date_range=all&limit=100')).json.incidents
        .length,
    ).toBeGreaterThan(5);
    expect(
      (
        await api.get(
          '/incidents?since=2025-03-10T12:00:00Z&until=2025-03-01T00:00:00Z',
        )
      ).status,
    ).toBe(400);
  });

  it('sorts with sort_by and expands include[]=assignees,services', async () => {
    const r = await api.get(
      '/incidents?sort_by=incident_number:desc&include[]=assignees&include[]=services&limit=100',
    );
    const numbers = r.json.incidents.map((i: any) => i.incident_number);
    expect([...numbers].sort((a: number, b: number) => b - a)).toEqual(numbers);
    const open = r.json.incidents.find((i: any) => i.id === 'PCHKI01');
    expect(open.assignments[0].assignee).toMatchObject({
      type: 'user',
      email: expect.stringContaining('@'),
    });
    expect(open.service).toMatchObject({
      type: 'service',
      name: 'Checkout API',
    });
    expect((await api.get('/incidents?sort_by=title')).status).toBe(400);
  });

  it('requires a From header with a known user email on writes', async () => {
    const body = {
      incident: { type: 'incident_reference', status: 'acknowledged' },
    };
    const missing = await api.put('/incidents/PCHKI01', body);
    expect(missing.status).toBe(400);
    expect(missing.json.error.message).toMatch(/From/);
    const unknown = await api.put('/incidents/PCHKI01', body, {
      from: 'nobody@example.com',
    });
    expect(unknown.status).toBe(400);
    expect(sim.state.incidents.get('PCHKI01')!.status).toBe('triggered');
    const ok = await api.put('/incidents/PCHKI01', body, { from: ALICE });
    expect(ok.status).toBe(200);
    expect(ok.json.incident.status).toBe('acknowledged');
  });

  it('acknowledges and resolves, updating log entries and the service status', async () => {
    await api.put(
      '/incidents/PCHKI01',
      { incident: { type: 'incident', status: 'acknowledged' } },
      { from: ALICE },
    );
    const acked = (await api.get('/incidents/PCHKI01')).json.incident;
    expect(acked.acknowledgements[0].acknowledger).toMatchObject({
      id: 'PALICE1',
      type: 'user_reference',
    });
    expect(acked.last_status_change_by.id).toBe('PALICE1');
    for (const id of ['PCHKI01', 'PCHKI02']) {
      const r = await api.put(
        `/incidents/${id}`,
        {
          incident: {
            type: 'incident',
            status: 'resolved',
            resolution: 'fixed',
          },
        },
        { from: ALICE },
      );
      expect(r.json.incident).toMatchObject({
        status: 'resolved',
        assignments: [],
      });
      expect(r.json.incident.resolved_at).toBe('2025-03-10T12:00:00Z');
    }
    expect((await api.get('/services/PCHKOUT')).json.service.status).toBe(
      'active',
    );
    const log = (await api.get('/incidents/PCHKI01/log_entries')).json
      .log_entries;
    expect(log[0]).toMatchObject({ type: 'resolve_log_entry', note: 'fixed' });
    expect(log.map((e: any) => e.type)).toEqual(
      expect.arrayContaining(['acknowledge_log_entry', 'trigger_log_entry']),
    );
  });

  it('reassigns via assignments and via escalation_policy', async () => {
    const r = await api.put(
      '/incidents/PCHKI02',
      {
        incident: {
          type: 'incident_reference',
          assignments: [
            { assignee: { id: 'PDAVID1', type: 'user_reference' } },
          ],
        },
      },
      { from: ALICE },
    );
    expect(r.json.incident.status).toBe('triggered');
    expect(r.json.incident.assignments.map((a: any) => a.assignee.id)).toEqual([
      'PDAVID1',
    ]);
    const d = await api.put(
      '/incidents/PCHKI02',
      {
        incident: {
          type: 'incident_reference',
          escalation_policy: {
            id: 'PEPGAP1',
            type: 'escalation_policy_reference',
          },
        },
      },
      { from: ALICE },
    );
    expect(d.json.incident.escalation_policy.id).toBe('PEPGAP1');
    expect(d.json.incident.assignments.map((a: any) => a.assignee.id)).toEqual([
      SEED.users.frank.id,
    ]);
    const bad = await api.put(
      '/incidents/PCHKI02',
      {
        incident: {
          type: 'incident_reference',
          assignments: [
            { assignee: { id: 'PNOPE00', type: 'user_reference' } },
          ],
        },
      },
      { from: ALICE },
    );
    expect(bad.status).toBe(400);
    expect(
      (
        await api.put(
          '/incidents/PNOPE00',
          { incident: { type: 'incident' } },
          { from: ALICE },
        )
      ).json.error.code,
    ).toBe(5001);
  });

  it('creates incidents with POST /incidents (201), rejecting duplicate open keys', async () => {
    const body = {
      incident: {
        type: 'incident',
        title: 'Manual incident',
        service: { id: 'PPAYMNT', type: 'service_reference' },
        urgency: 'low',
        incident_key: 'manual-1',
        body: { type: 'incident_body', details: 'free text' },
      },
    };
    const r = await api.post('/incidents', body, { from: ALICE });
    expect(r.status).toBe(201);
    expect(r.json.incident).toMatchObject({
      title: 'Manual incident',
      urgency: 'low',
      status: 'triggered',
      incident_key: 'manual-1',
    });
    expect(r.json.incident.assignments.map((a: any) => a.assignee.id)).toEqual([
      SEED.users.bob.id,
    ]);
    expect((await api.post('/incidents', body, { from: ALICE })).status).toBe(
      400,
    );
    expect((await api.post('/incidents', body)).status).toBe(400);
    expect((await api.get('/services/PPAYMNT')).json.service.status).toBe(
      'warning',
    );
  });

  it('bulk-updates with PUT /incidents', async () => {
    const r = await api.put(
      '/incidents',
      {
        incidents: [
          { id: 'PCHKI01', type: 'incident_reference', status: 'acknowledged' },
          { id: 'PSRCHI1', type: 'incident_reference', status: 'resolved' },
        ],
      },
      { from: ALICE },
    );
    expect(r.status).toBe(200);
    expect(r.json.incidents.map((i: any) => i.status)).toEqual([
      'acknowledged',
      'resolved',
    ]);
    const tooMany = Array.from({ length: 251 }, () => ({
      id: 'PCHKI01',
      type: 'incident_reference',
    }));
    expect(
      (await api.put('/incidents', { incidents: tooMany }, { from: ALICE }))
        .status,
    ).toBe(413);
  });

  it('adds and lists notes', async () => {
    const before = (await api.get('/incidents/PCHKI01/notes')).json.notes;
    expect(before).toHaveLength(1);
    const r = await api.post(
      '/incidents/PCHKI01/notes',
      { note: { content: 'Rolled back' } },
      { from: ALICE },
    );
    expect(r.status).toBe(200);
    expect(r.json.note).toMatchObject({
      content: 'Rolled back',
      user: { id: 'PALICE1' },
    });
    const after = (await api.get('/incidents/PCHKI01/notes')).json.notes;
    expect(after.map((n: any) => n.content)).toEqual([
      before[0].content,
      'Rolled back',
    ]);
    expect(
      (
        await api.post(
          '/incidents/PCHKI01/notes',
          { note: {} },
          { from: ALICE },
        )
      ).status,
    ).toBe(400);
    expect(
      (await api.post('/incidents/PCHKI01/notes', { note: { content: 'x' } }))
        .status,
    ).toBe(400);
  });

  describe('GET /oncalls (computed from the layers and the clock)', () => {
    const levelUsers = async (query: string) => {
      const r = await api.get(`/oncalls?${query}`);
      expect(r.status).toBe(200);
      return r.json.oncalls.map((o: any) => [
        o.escalation_level,
        o.user.id,
        o.schedule?.id ?? null,
        o.start,
        o.end,
      ]);
    };

    it('changes at the weekly hand-off', async () => {
      clock.set('2025-03-10T08:59:00Z');
      const before = await levelUsers('escalation_policy_ids[]=PEPCHK1');
      expect(before[0]).toEqual([
        1,
        'PBOBBY1',
        'PSCHPRI',
        '2025-03-03T09:00:00Z',
        '2025-03-10T09:00:00Z',
      ]);
      clock.set('2025-03-10T09:00:00Z');
      const after = await levelUsers('escalation_policy_ids[]=PEPCHK1');
      expect(after[0]).toEqual([
        1,
        'PCAROL1',
        'PSCHPRI',
        '2025-03-10T09:00:00Z',
        '2025-03-17T09:00:00Z',
      ]);
      expect(after).toContainEqual([2, 'PHEIDI1', null, null, null]);
      expect(after).toContainEqual([3, 'PHEIDI1', null, null, null]);
    });

    it('shows nobody at level 1 of the gap policy at night', async () => {
      clock.set('2025-03-10T03:00:00Z');
      expect(await levelUsers('escalation_policy_ids[]=PEPGAP1')).toEqual([
        [2, 'PDAVID1', null, null, null],
      ]);
      clock.set('2025-03-10T06:30:00Z');
      expect(await levelUsers('escalation_policy_ids[]=PEPGAP1')).toEqual([
        [
          1,
          'PFRANK1',
          'PSCHGAP',
          '2025-03-10T06:00:00Z',
          '2025-03-11T00:00:00Z',
        ],
        [2, 'PDAVID1', null, null, null],
      ]);
    });

    it('honours since/until, schedule_ids[], user_ids[], earliest and include[]=users', async () => {
      const range = await levelUsers(
        'schedule_ids[]=PSCHGAP&since=2025-03-10T12:00:00Z&until=2025-03-12T12:00:00Z',
      );
      expect(range.map((x: any[]) => x[1])).toEqual([
        'PFRANK1',
        'PGRACE1',
        'PFRANK1',
      ]);
      const earliest = await levelUsers(
        'schedule_ids[]=PSCHGAP&since=2025-03-10T12:00:00Z&until=2025-03-12T12:00:00Z&earliest=true',
      );
      expect(earliest.map((x: any[]) => x[1])).toEqual(['PFRANK1', 'PGRACE1']);
      const heidi = await levelUsers('user_ids[]=PHEIDI1');
      expect(heidi.every((x: any[]) => x[1] === 'PHEIDI1')).toBe(true);
      const withUsers = await api.get(
        '/oncalls?escalation_policy_ids[]=PEPPAY1&include[]=users',
      );
      expect(withUsers.json.oncalls[0].user).toMatchObject({
        type: 'user',
        email: 'bob@example.com',
      });
      expect(
        (
          await api.get(
            '/oncalls?since=2025-03-10T00:00:00Z&until=2025-03-01T00:00:00Z',
          )
        ).status,
      ).toBe(400);
    });
  });
});
