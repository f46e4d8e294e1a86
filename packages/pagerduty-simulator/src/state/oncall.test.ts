import { SEED } from './seed';
import { seedState } from './seed';
import { SimulatorState } from './store';
import {
  computeShifts,
  escalationPolicyOncalls,
  onCallUserAt,
  restrictionWindows,
  usersOnCallAtLevel,
} from './oncall';

const t = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

function seeded(now = '2025-03-10T12:00:00Z') {
  const state = new SimulatorState(() => new Date(now), 1);
  seedState(state, 1);
  return state;
}

describe('on-call computation', () => {
  const state = seeded();
  const schedule = (id: string) => state.schedules.get(id)!;
  const U = SEED.users;

  it('hands the weekly checkout rotation over on Monday 09:00 UTC', () => {
    const primary = schedule(SEED.schedules.checkoutPrimary);
    expect(onCallUserAt(primary, t('2025-03-10T08:59:59Z'))).toBe(U.bob.id);
    expect(onCallUserAt(primary, t('2025-03-10T09:00:00Z'))).toBe(U.carol.id);
    const [before] = computeShifts(
      primary,
      t('2025-03-10T08:00:00Z'),
      t('2025-03-10T08:00:00Z'),
    );
    expect([iso(before.start), iso(before.end)]).toEqual([
      '2025-03-03T09:00:00Z',
      '2025-03-10T09:00:00Z',
    ]);
    const across = computeShifts(
      primary,
      t('2025-03-10T08:00:00Z'),
      t('2025-03-10T10:00:00Z'),
    );
    expect(across.map(s => [s.userId, iso(s.start), iso(s.end)])).toEqual([
      [U.bob.id, '2025-03-03T09:00:00Z', '2025-03-10T09:00:00Z'],
      [U.carol.id, '2025-03-10T09:00:00Z', '2025-03-17T09:00:00Z'],
    ]);
  });

  it('leaves nobody on call in the gap schedule between 00:00 and 06:00 UTC', () => {
    const gap = schedule(SEED.schedules.gap);
    expect(onCallUserAt(gap, t('2025-03-10T05:59:59Z'))).toBeNull();
    expect(onCallUserAt(gap, t('2025-03-10T00:00:00Z'))).toBeNull();
    expect(onCallUserAt(gap, t('2025-03-10T06:00:00Z'))).toBe(U.frank.id);
    expect(onCallUserAt(gap, t('2025-03-10T23:59:59Z'))).toBe(U.frank.id);
    expect(onCallUserAt(gap, t('2025-03-11T00:00:00Z'))).toBeNull();
    expect(onCallUserAt(gap, t('2025-03-11T06:00:00Z'))).toBe(U.grace.id);
    const shifts = computeShifts(
      gap,
      t('2025-03-10T12:00:00Z'),
      t('2025-03-11T12:00:00Z'),
    );
    expect(shifts.map(s => [s.userId, iso(s.start), iso(s.end)])).toEqual([
      [U.frank.id, '2025-03-10T06:00:00Z', '2025-03-11T00:00:00Z'],
      [U.grace.id, '2025-03-11T06:00:00Z', '2025-03-12T00:00:00Z'],
    ]);
  });

  it('lets a later layer with a weekly restriction override the earlier layer', () => {
    const search = schedule(SEED.schedules.search);
    // Friday: the daily layer; Saturday (America/New_York): the weekend cover layer.
    expect(onCallUserAt(search, t('2025-03-07T12:00:00Z'))).toBe(U.frank.id);
    expect(onCallUserAt(search, t('2025-03-08T12:00:00Z'))).toBe(U.grace.id);
    expect(onCallUserAt(search, t('2025-03-09T20:00:00Z'))).toBe(U.grace.id);
  });

  it('computes restriction windows in the schedule time zone', () => {
    const windows = restrictionWindows(
      [
        {
          type: 'daily_restriction',
          startTimeOfDay: '09:00:00',
          durationSeconds: 3600,
        },
      ],
      'Europe/Berlin',
      t('2025-07-01T00:00:00Z'),
      t('2025-07-01T23:00:00Z'),
    );
    expect(windows.map(([s, e]) => [iso(s), iso(e)])).toContainEqual([
      '2025-07-01T07:00:00Z',
      '2025-07-01T08:00:00Z',
    ]);
  });

  it('lets overrides win over layers', () => {
    const primary = { ...schedule(SEED.schedules.checkoutPrimary) };
    primary.overrides = [
      {
        id: 'O1',
        userId: U.heidi.id,
        start: '2025-03-10T10:00:00Z',
        end: '2025-03-10T11:00:00Z',
      },
    ];
    expect(onCallUserAt(primary, t('2025-03-10T10:30:00Z'))).toBe(U.heidi.id);
    expect(onCallUserAt(primary, t('2025-03-10T11:00:00Z'))).toBe(U.carol.id);
  });

  it('lists every level of an escalation policy, direct users without start/end', () => {
    const policy = state.escalationPolicies.get(
      SEED.escalationPolicies.checkout,
    )!;
    const now = t('2025-03-10T12:00:00Z');
    const entries = escalationPolicyOncalls(policy, state.schedules, now, now);
    expect(
      entries.map(e => [e.escalationLevel, e.userId, e.scheduleId]),
    ).toEqual([
      [1, U.carol.id, SEED.schedules.checkoutPrimary],
      [2, U.alice.id, SEED.schedules.checkoutSecondary],
      [2, U.heidi.id, null],
      [3, U.heidi.id, null],
    ]);
    expect(entries[2].start).toBeNull();
    // heidi is on call at two levels of the same policy
    expect(
      new Set(
        entries
          .filter(e => e.userId === U.heidi.id)
          .map(e => e.escalationLevel),
      ),
    ).toEqual(new Set([2, 3]));
  });

  it('has bob twice at level 1 of the payments policy (two schedules)', () => {
    const policy = state.escalationPolicies.get(
      SEED.escalationPolicies.payments,
    )!;
    const now = t('2025-03-10T12:00:00Z');
    const level1 = escalationPolicyOncalls(
      policy,
      state.schedules,
      now,
      now,
    ).filter(e => e.escalationLevel === 1);
    expect(level1.map(e => [e.userId, e.scheduleId])).toEqual([
      [U.bob.id, SEED.schedules.paymentsPrimary],
      [U.bob.id, SEED.schedules.paymentsBackup],
    ]);
    // ...but is assigned once.
    expect(usersOnCallAtLevel(policy, 1, state.schedules, now)).toEqual([
      U.bob.id,
    ]);
  });

  it('escalates past an empty level when assigning (gap policy at night)', () => {
    const night = seeded('2025-03-10T03:00:00Z');
    expect(night.escalationTargetsNow(SEED.escalationPolicies.gap)).toEqual({
      level: 2,
      userIds: [U.david.id],
    });
    const day = seeded('2025-03-10T07:00:00Z');
    expect(day.escalationTargetsNow(SEED.escalationPolicies.gap)).toEqual({
      level: 1,
      userIds: [U.frank.id],
    });
  });
});
