import { PagerDutySimulator, startPagerDutySimulator } from '../simulator';
import { SEED } from '../state/seed';
import { client, fixedClock } from '../testing/client';

describe('REST: users, their contact methods and user search', () => {
  let sim: PagerDutySimulator;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    sim = await startPagerDutySimulator({
      port: 0,
      now: fixedClock('2025-03-10T12:00:00Z'),
    });
    api = client(sim.url);
  });
  afterAll(() => sim.stop());

  it('lists email, phone and SMS contact methods, phones split into country code and number', async () => {
    const r = await api.get(`/users/${SEED.users.alice.id}/contact_methods`);
    expect(r.status).toBe(200);
    const [email, phone, sms] = r.json.contact_methods;
    expect(email).toMatchObject({
      type: 'email_contact_method',
      address: SEED.users.alice.email,
    });
    expect(phone).toMatchObject({
      type: 'phone_contact_method',
      label: 'Mobile',
      country_code: 1,
      address: expect.stringMatching(/^4155550\d{3}$/),
    });
    expect(sms).toMatchObject({
      type: 'sms_contact_method',
      address: phone.address,
    });
    const one = await api.get(
      `/users/${SEED.users.alice.id}/contact_methods/${phone.id}`,
    );
    expect(one.json.contact_method).toEqual(phone);
  });

  it('embeds full contact methods only with include[]=contact_methods', async () => {
    const refs = await api.get(`/users/${SEED.users.bob.id}`);
    expect(
      refs.json.user.contact_methods.map((m: any) => [m.type, m.address]),
    ).toEqual([
      ['email_contact_method_reference', undefined],
      ['phone_contact_method_reference', undefined],
      ['sms_contact_method_reference', undefined],
    ]);
    const full = await api.get(
      `/users/${SEED.users.bob.id}?include[]=contact_methods`,
    );
    expect(full.json.user.contact_methods[1].country_code).toBe(1);
  });

  it('answers 404 for the contact methods of an unknown user or method', async () => {
    expect((await api.get('/users/PNOPE00/contact_methods')).status).toBe(404);
    expect(
      (await api.get(`/users/${SEED.users.alice.id}/contact_methods/PNOPE`))
        .status,
    ).toBe(404);
  });

  it('finds users by part of their name or email, case-insensitively', async () => {
    const byName = await api.get('/users?query=GRAC');
    expect(byName.json.users.map((u: any) => u.id)).toEqual([
      SEED.users.grace.id,
    ]);
    const byEmail = await api.get('/users?query=heidi@example');
    expect(byEmail.json.users.map((u: any) => u.id)).toEqual([
      SEED.users.heidi.id,
    ]);
    expect((await api.get('/users?query=zzzz')).json.users).toEqual([]);
  });
});
