import { LiveUpdates } from './LiveUpdates';

describe('LiveUpdates', () => {
  function setUp() {
    const calls: string[] = [];
    const pagerDuty = {
      forAccount: (account: string) => ({
        invalidateService: async (id: string, parts: string[]) => {
          calls.push(`${account}:invalidate:${id}:${parts.join(',')}`);
        },
        invalidateOnCall: async (id: string) => {
          calls.push(`${account}:oncall:${id}`);
        },
      }),
    } as any;
    const published: any[] = [];
    const live = new LiveUpdates({
      pagerDuty,
      signals: { publish: async (s: any) => void published.push(s) },
    });
    return { live, calls, published };
  }

  it('drops the cache of the changed sections, then signals on the service’s channel', async () => {
    const { live, calls, published } = setUp();
    const signal = await live.announce({
      account: 'main',
      serviceId: 'PSVC1',
      eventType: 'incident.escalated',
      sections: ['incidents', 'services', 'oncall'],
      incidentId: 'PINC1',
      escalationPolicyId: 'PEP1',
    });
    expect(calls).toEqual([
      'main:invalidate:PSVC1:incidents,service',
      'main:oncall:PEP1',
    ]);
    expect(published).toEqual([
      {
        recipients: { type: 'broadcast' },
        channel: 'pagerduty:main:PSVC1',
        message: signal,
      },
    ]);
    expect(signal).toEqual({
      account: 'main',
      serviceId: 'PSVC1',
      eventType: 'incident.escalated',
      sections: ['incidents', 'services', 'oncall'],
      incidentId: 'PINC1',
    });
  });

  it('invalidates only what changed', async () => {
    const { live, calls } = setUp();
    await live.announce({
      account: 'eu',
      serviceId: 'PSVC2',
      eventType: 'service.updated',
      sections: ['services', 'oncall'],
    });
    expect(calls).toEqual(['eu:invalidate:PSVC2:service']);
  });
});
