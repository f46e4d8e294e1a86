import {
  AddIncidentNoteRequest,
  PAGERDUTY_CARD_SECTIONS,
  PagerDutyCardSectionName,
  ChangeEventRequest,
  OutboxEventResponse,
  PagerDutyChangeEventsResponse,
  PagerDutyHealthResponse,
  PagerDutyMyOnCallResponse,
  PagerDutyMyServicesResponse,
  PagerDutyIncident,
  PagerDutyIncidentDetailsResponse,
  PagerDutyIncidentNote,
  PagerDutyIncidentsResponse,
  PagerDutyInsightsResponse,
  PagerDutyOnCallResponse,
  PagerDutyServicesResponse,
  PagerDutyUserSearchResponse,
  ReassignIncidentRequest,
  TriggerIncidentRequest,
  TriggerStatusResponse,
} from '@backstage-pagerduty/plugin-pagerduty-common';
import { PagerDutyApi, PagerDutyCardData } from '../src';
import {
  changeEventsResponse,
  incident,
  minutesAgo,
  onCallResponse,
  servicesResponse,
} from '../src/__testUtils__/fixtures';
import { insightsResponse } from '../src/__testUtils__/healthFixtures';

const wait = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/**
 * An in-memory PagerDuty for the dev page: incidents can be acknowledged, resolved and
 * triggered (a trigger is "delivered" after two seconds and then shows up as an incident).
 */
export class MockPagerDutyApi implements PagerDutyApi {
  private incidents: PagerDutyIncident[] = [
    incident(),
    incident({
      id: 'PINC002',
      number: 41,
      title: 'Disk usage above 85 % on checkout-db-2',
      status: 'acknowledged',
      urgency: 'low',
      priority: undefined,
      createdAt: minutesAgo(190),
    }),
  ];
  private triggers = new Map<
    string,
    TriggerStatusResponse & { summary: string }
  >();
  private nextNumber = 43;
  private notes = new Map<string, PagerDutyIncidentNote[]>();

  async getCard(
    _entity: unknown,
    options: { sections?: readonly PagerDutyCardSectionName[] } = {},
  ): Promise<PagerDutyCardData> {
    const load = {
      services: () => this.getServices(),
      incidents: () => this.getIncidents(),
      oncall: () => this.getOnCall(),
      'change-events': () => this.getChangeEvents(),
    };
    const data: Record<string, unknown> = {};
    await Promise.all(
      (options.sections ?? PAGERDUTY_CARD_SECTIONS).map(async name => {
        data[name] = await load[name]().then(
          value => ({ value }),
          error => ({ error }),
        );
      }),
    );
    return data as PagerDutyCardData;
  }

  async getInsights(): Promise<PagerDutyInsightsResponse> {
    await wait(400);
    return insightsResponse();
  }

  async getServices(): Promise<PagerDutyServicesResponse> {
    await wait(300);
    const response = servicesResponse();
    const open = this.incidents.filter(i => i.urgency === 'high').length;
    response.services[0].status = open > 0 ? 'critical' : 'active';
    return response;
  }

  async getIncidents(): Promise<PagerDutyIncidentsResponse> {
    await wait(500);
    return {
      incidents: [...this.incidents],
      errors: [],
      freshness: { fetchedAt: new Date().toISOString(), stale: false },
    };
  }

  async getOnCall(): Promise<PagerDutyOnCallResponse> {
    await wait(400);
    return onCallResponse();
  }

  async getChangeEvents(): Promise<PagerDutyChangeEventsResponse> {
    await wait(600);
    // Shows a per-service failure next to the data of the other service.
    return {
      ...changeEventsResponse(),
      errors: [
        {
          serviceId: 'PSVC002',
          code: 'PAGERDUTY_FORBIDDEN',
          message: 'Change events need a PagerDuty plan that includes them',
        },
      ],
    };
  }

  async triggerIncident(
    entity: unknown,
    request: TriggerIncidentRequest,
  ): Promise<TriggerStatusResponse> {
    await wait(300);
    const id = `trg-${this.triggers.size + 1}`;
    const trigger = {
      id,
      dedupKey: `dev-${Math.random().toString(36).slice(2, 10)}`,
      status: 'queued' as const,
      entityRef: String(entity),
      attempts: 0,
      createdAt: new Date().toISOString(),
      summary: request.summary,
    };
    this.triggers.set(id, trigger);
    return trigger;
  }

  async recordChangeEvent(
    entity: unknown,
    request: ChangeEventRequest,
  ): Promise<OutboxEventResponse> {
    await wait(300);
    return {
      ids: [`chg-${request.summary.length}-${Date.now()}`],
      entityRef: String(entity),
      status: 'queued',
    };
  }

  async getTriggerStatus(triggerId: string): Promise<TriggerStatusResponse> {
    const trigger = this.triggers.get(triggerId);
    if (!trigger) {
      throw new Error(`No trigger ${triggerId}`);
    }
    if (
      trigger.status === 'queued' &&
      Date.now() - Date.parse(trigger.createdAt) > 2000
    ) {
      trigger.status = 'delivered';
      trigger.attempts = 1;
      trigger.deliveredAt = new Date().toISOString();
      this.incidents.unshift(
        incident({
          id: `PINC${this.nextNumber}`,
          number: this.nextNumber++,
          title: trigger.summary,
          createdAt: new Date().toISOString(),
          assignees: [],
          priority: undefined,
        }),
      );
    }
    return { ...trigger };
  }

  private async change(
    incidentId: string,
    update: (i: PagerDutyIncident) => PagerDutyIncident,
  ): Promise<PagerDutyIncident> {
    await wait(400);
    const current = this.incidents.find(i => i.id === incidentId);
    if (!current) {
      throw new Error(`No incident ${incidentId}`);
    }
    const updated = update(current);
    this.incidents =
      updated.status === 'resolved'
        ? this.incidents.filter(i => i.id !== incidentId)
        : this.incidents.map(i => (i.id === incidentId ? updated : i));
    return updated;
  }

  acknowledgeIncident(_entity: unknown, incidentId: string) {
    return this.change(incidentId, i => ({ ...i, status: 'acknowledged' }));
  }

  resolveIncident(_entity: unknown, incidentId: string) {
    return this.change(incidentId, i => ({ ...i, status: 'resolved' }));
  }

  reassignIncident(
    _entity: unknown,
    incidentId: string,
    _request: ReassignIncidentRequest,
  ) {
    return this.change(incidentId, i => i);
  }

  addIncidentNote(
    _entity: unknown,
    incidentId: string,
    request: AddIncidentNoteRequest,
  ) {
    const notes = this.notes.get(incidentId) ?? [];
    notes.unshift({
      id: `N${notes.length + 1}`,
      content: request.content,
      createdAt: new Date().toISOString(),
      user: { id: 'PGUEST1', name: 'Guest' },
    });
    this.notes.set(incidentId, notes);
    return this.change(incidentId, i => i);
  }

  async getIncidentDetails(
    _entity: unknown,
    incidentId: string,
  ): Promise<PagerDutyIncidentDetailsResponse> {
    await wait(300);
    const found = this.incidents.find(i => i.id === incidentId);
    if (!found) throw new Error(`No incident ${incidentId}`);
    return {
      incident: found,
      notes: this.notes.get(incidentId) ?? [],
      logEntries: [
        {
          id: `L${incidentId}`,
          type: 'trigger',
          summary: 'Triggered through the API.',
          createdAt: found.createdAt,
        },
      ],
    };
  }

  async searchUsers(
    _entity: unknown,
    query: string,
  ): Promise<PagerDutyUserSearchResponse> {
    await wait(300);
    const people = onCallResponse().policies.flatMap(p =>
      p.levels.flatMap(l => l.oncalls.map(o => o.user)),
    );
    const q = query.toLowerCase();
    return {
      users: [...new Map(people.map(u => [u.id, u])).values()].filter(u =>
        u.name.toLowerCase().includes(q),
      ),
    };
  }

  async getMyOnCall(): Promise<PagerDutyMyOnCallResponse> {
    const now = Date.now();
    return {
      email: 'alice@example.com',
      users: [{ account: 'default', id: 'PALICE1', name: 'Alice Anders' }],
      shifts: [
        {
          account: 'default',
          escalationPolicy: { id: 'PEPCHK1', name: 'Checkout Escalation' },
          level: 1,
          schedule: { id: 'PSCHCHK', name: 'Checkout Primary' },
          start: new Date(now - 3_600_000).toISOString(),
          end: new Date(now + 7 * 3_600_000).toISOString(),
        },
      ],
      errors: [],
      freshness: { fetchedAt: new Date(now).toISOString(), stale: false },
    };
  }

  async getMyServices(): Promise<PagerDutyMyServicesResponse> {
    return {
      truncated: false,
      entities: [
        {
          entityRef: 'component:default/checkout-api',
          title: 'checkout-api',
          openIncidents: 2,
          triggered: 1,
          highUrgency: 2,
        },
      ],
    };
  }

  async getHealth(): Promise<PagerDutyHealthResponse> {
    return {
      status: 'ok',
      accounts: [
        {
          id: 'default',
          isDefault: true,
          region: 'us',
          auth: 'api-token',
          status: 'ok',
        },
      ],
    };
  }
}
