import { dueState, incidentSla, slaTargetFor } from './sla';
import type { PagerDutySlaConfig } from './types';

const config: PagerDutySlaConfig = {
  urgency: {
    high: { acknowledgeMinutes: 15, resolveMinutes: 60 },
    low: { acknowledgeMinutes: 240 },
  },
  priority: { P1: { acknowledgeMinutes: 5, resolveMinutes: 30 } },
};
const NOW = Date.parse('2025-03-10T12:00:00Z');

describe('slaTargetFor', () => {
  it('prefers the priority target, then the urgency target', () => {
    expect(
      slaTargetFor(config, { urgency: 'high', priorityName: 'P1' }),
    ).toEqual({
      acknowledgeMinutes: 5,
      resolveMinutes: 30,
      source: 'priority P1',
    });
    expect(
      slaTargetFor(config, { urgency: 'high', priorityName: 'P3' }),
    ).toEqual({
      acknowledgeMinutes: 15,
      resolveMinutes: 60,
      source: 'high urgency',
    });
    expect(
      slaTargetFor({ urgency: {}, priority: {} }, { urgency: 'low' }),
    ).toBeUndefined();
  });
});

describe('incidentSla', () => {
  it('gives a triggered incident its acknowledgement, resolution and escalation deadlines', () => {
    const sla = incidentSla(
      {
        status: 'triggered',
        urgency: 'high',
        createdAt: '2025-03-10T11:52:00Z',
        escalationLevel: 1,
      },
      config,
      [15, 30, 30],
    );
    expect(sla).toEqual({
      target: {
        acknowledgeMinutes: 15,
        resolveMinutes: 60,
        source: 'high urgency',
      },
      acknowledgeBy: '2025-03-10T12:07:00.000Z',
      resolveBy: '2025-03-10T12:52:00.000Z',
      nextEscalation: { level: 2, at: '2025-03-10T12:07:00.000Z' },
    });
    expect(dueState(sla.acknowledgeBy!, NOW)).toEqual({
      state: 'due',
      minutes: 7,
    });
  });

  it('counts the escalation from the time the incident reached its level; none at the last level', () => {
    const atTwo = incidentSla(
      {
        status: 'triggered',
        urgency: 'low',
        createdAt: '2025-03-10T10:00:00Z',
        escalationLevel: 2,
        levelSince: '2025-03-10T11:50:00Z',
      },
      config,
      [15, 30, 30],
    );
    expect(atTwo.nextEscalation).toEqual({
      level: 3,
      at: '2025-03-10T12:20:00.000Z',
    });
    const atLast = incidentSla(
      {
        status: 'triggered',
        urgency: 'low',
        createdAt: '2025-03-10T10:00:00Z',
        escalationLevel: 3,
      },
      config,
      [15, 30, 30],
    );
    expect(atLast.nextEscalation).toBeUndefined();
  });

  it('has no acknowledgement deadline or escalation once acknowledged, and nothing once resolved', () => {
    const acked = incidentSla(
      {
        status: 'acknowledged',
        urgency: 'high',
        createdAt: '2025-03-10T10:00:00Z',
      },
      config,
      [15, 30],
    );
    expect(acked.acknowledgeBy).toBeUndefined();
    expect(acked.nextEscalation).toBeUndefined();
    expect(dueState(acked.resolveBy!, NOW)).toEqual({
      state: 'overdue',
      minutes: 60,
    });
    expect(
      incidentSla(
        {
          status: 'resolved',
          urgency: 'high',
          createdAt: '2025-03-10T10:00:00Z',
        },
        config,
        [15],
      ),
    ).toEqual({});
  });

  it('says overdue by at least a minute', () => {
    expect(dueState('2025-03-10T11:57:00Z', NOW)).toEqual({
      state: 'overdue',
      minutes: 3,
    });
    expect(dueState('2025-03-10T11:59:50Z', NOW)).toEqual({
      state: 'overdue',
      minutes: 1,
    });
  });

  it('derives the level from the time since the incident was triggered when PagerDuty does not say', () => {
    const input = {
      status: 'triggered' as const,
      urgency: 'high' as const,
      createdAt: '2025-03-10T11:00:00Z',
    };
    // 15 min at level 1, then 30 at level 2: at 11:20 the next escalation is level 3 at 11:45.
    expect(
      incidentSla(
        input,
        undefined,
        [15, 30, 30],
        Date.parse('2025-03-10T11:20:00Z'),
      ).nextEscalation,
    ).toEqual({ level: 3, at: '2025-03-10T11:45:00.000Z' });
    expect(
      incidentSla(
        input,
        undefined,
        [15, 30, 30],
        Date.parse('2025-03-10T11:05:00Z'),
      ).nextEscalation,
    ).toEqual({ level: 2, at: '2025-03-10T11:15:00.000Z' });
    // Past the last level: no further escalation.
    expect(
      incidentSla(
        input,
        undefined,
        [15, 30, 30],
        Date.parse('2025-03-10T13:00:00Z'),
      ).nextEscalation,
    ).toBeUndefined();
  });
});
