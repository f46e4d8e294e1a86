import { Entity } from '@backstage/catalog-model';
import {
  PagerDutyChangeEventsResponse,
  PagerDutyIncident,
  PagerDutyIncidentsResponse,
  PagerDutyOnCallResponse,
  PagerDutyServicesResponse,
  TriggerStatusResponse,
} from '@backstage-pagerduty/plugin-pagerduty-common';

/** An ISO timestamp `minutes` before (negative: after) now. */
export function minutesAgo(minutes: number): string {
  return new Date(Date.now() - minutes * 60_000).toISOString();
}

const fresh = () => ({ fetchedAt: new Date().toISOString(), stale: false });

export const annotatedEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'checkout',
    title: 'Checkout',
    annotations: { 'pagerduty.com/service-id': 'PSVC001' },
  },
  spec: { type: 'service', owner: 'team-payments', lifecycle: 'production' },
};

/** A Backstage User entity with the same email as the level-1 responder, and a Slack id. */
export const adaUserEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: {
    name: 'ada',
    namespace: 'default',
    annotations: { 'slack.com/user_id': 'U0ADA01' },
  },
  spec: { profile: { email: 'Ada@Example.com', displayName: 'Ada L.' } },
};

export const unannotatedEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'no-pager' },
  spec: { type: 'service', owner: 'team-payments', lifecycle: 'production' },
};

export const servicesResponse = (): PagerDutyServicesResponse => ({
  services: [
    {
      account: 'default',
      id: 'PSVC001',
      name: 'Checkout API',
      status: 'critical',
      htmlUrl: 'https://acme.pagerduty.com/service-directory/PSVC001',
      escalationPolicy: {
        id: 'PEP0001',
        name: 'Payments escalation',
        htmlUrl: 'https://acme.pagerduty.com/escalation_policies/PEP0001',
      },
      teams: [{ id: 'PTEAM01', name: 'Payments' }],
    },
  ],
  errors: [],
  freshness: fresh(),
});

export const incident = (
  overrides: Partial<PagerDutyIncident> = {},
): PagerDutyIncident => ({
  id: 'PINC001',
  serviceId: 'PSVC001',
  number: 42,
  title: 'Checkout latency above 2 s',
  status: 'triggered',
  urgency: 'high',
  priority: { id: 'PPRIO1', name: 'P1', color: 'a8171c' },
  createdAt: minutesAgo(7),
  htmlUrl: 'https://acme.pagerduty.com/incidents/PINC001',
  assignees: [
    {
      id: 'PUSER01',
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      avatarUrl: 'https://example.com/ada.png',
    },
  ],
  ...overrides,
});

export const incidentsResponse = (
  incidents: PagerDutyIncident[] = [incident()],
): PagerDutyIncidentsResponse => ({
  incidents,
  errors: [],
  freshness: fresh(),
});

export const onCallResponse = (): PagerDutyOnCallResponse => ({
  policies: [
    {
      escalationPolicy: {
        id: 'PEP0001',
        name: 'Payments escalation',
        htmlUrl: 'https://acme.pagerduty.com/escalation_policies/PEP0001',
      },
      serviceIds: ['PSVC001'],
      // Deliberately out of order: the card must sort them.
      levels: [
        {
          level: 2,
          escalationDelayInMinutes: 15,
          oncalls: [
            {
              user: {
                id: 'PUSER02',
                name: 'Grace Hopper',
                email: 'grace@example.com',
              },
              schedule: { id: 'PSCH002', name: 'Payments secondary' },
              until: minutesAgo(-120),
            },
          ],
        },
        {
          level: 1,
          escalationDelayInMinutes: 30,
          oncalls: [
            {
              user: {
                id: 'PUSER01',
                name: 'Ada Lovelace',
                email: 'ada@example.com',
                avatarUrl: 'https://example.com/ada.png',
                contactMethods: [
                  { type: 'phone', label: 'Mobile', address: '+14155550101' },
                  { type: 'sms', label: 'Mobile', address: '+14155550101' },
                  { type: 'email', label: 'Work', address: 'ada@example.com' },
                ],
              },
              schedule: { id: 'PSCH001', name: 'Payments primary' },
              until: minutesAgo(-60),
            },
            // The same person twice (PagerDuty lists one entry per rule): shown once.
            {
              user: {
                id: 'PUSER01',
                name: 'Ada Lovelace',
                email: 'ada@example.com',
              },
              schedule: { id: 'PSCH001', name: 'Payments primary' },
              until: minutesAgo(-60),
            },
          ],
        },
        {
          level: 3,
          oncalls: [
            {
              user: { id: 'PUSER03', name: 'Alan Turing' },
              schedule: { id: 'PSCH003', name: 'Managers' },
              from: minutesAgo(-180),
              until: minutesAgo(-600),
            },
          ],
        },
      ],
    },
  ],
  errors: [],
  freshness: fresh(),
});

export const changeEventsResponse = (): PagerDutyChangeEventsResponse => ({
  changeEvents: [
    {
      id: 'PCHG001',
      serviceId: 'PSVC001',
      summary: 'Deployed checkout v2.3.1',
      timestamp: minutesAgo(30),
      source: 'GitHub Actions',
      htmlUrl: 'https://acme.pagerduty.com/change_events/PCHG001',
      links: [
        { href: 'https://github.com/acme/checkout/pull/12', text: 'PR #12' },
      ],
    },
  ],
  errors: [],
  freshness: fresh(),
});

export const triggerStatus = (
  overrides: Partial<TriggerStatusResponse> = {},
): TriggerStatusResponse => ({
  id: 'trg-1',
  dedupKey: 'dedup-abc-123',
  status: 'queued',
  entityRef: 'component:default/checkout',
  serviceId: 'PSVC001',
  attempts: 0,
  createdAt: new Date().toISOString(),
  ...overrides,
});

/** A Backstage error JSON body. */
export function errorBody(
  statusCode: number,
  name: string,
  message: string,
  code?: string,
) {
  return {
    error: { name, message, ...(code ? { code } : {}) },
    request: { method: 'GET', url: '/api/pagerduty/...' },
    response: { statusCode },
  };
}
