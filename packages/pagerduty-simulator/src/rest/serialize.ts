import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import {
  AgentRecord,
  ChangeEventRecord,
  EscalationPolicyRecord,
  IncidentRecord,
  IntegrationRecord,
  LogEntryRecord,
  NoteRecord,
  PriorityRecord,
  ScheduleLayerRecord,
  ScheduleRecord,
  ServiceRecord,
  TeamRecord,
  UserRecord,
  WebhookSubscriptionRecord,
} from '../state/model';
import { OncallEntry, Shift, computeShifts } from '../state/oncall';
import { isoSeconds } from '../state/random';
import {
  DomainEvent,
  ServiceDomainEvent,
  SimulatorState,
} from '../state/store';

export type Json = Record<string, unknown>;

/** Account id used in webhook filters of type account_reference. */
export const ACCOUNT_ID = 'PSIMACC';

/**
 * Turns records into PagerDuty's JSON. `self` points at the simulator's REST API,
 * `html_url` at the simulator's minimal web pages under /app.
 */
export class Serializer {
  constructor(
    private readonly state: SimulatorState,
    readonly apiBase: string,
    readonly htmlBase: string,
  ) {}

  private ref(
    type: string,
    id: string,
    summary: string | null,
    apiPath: string,
    htmlPath: string | null,
  ): Json {
    return {
      id,
      type: `${type}_reference`,
      summary,
      self: `${this.apiBase}/${apiPath}`,
      html_url: htmlPath === null ? null : `${this.htmlBase}/${htmlPath}`,
    };
  }

  // ---- references -----------------------------------------------------------------------

  teamRef(id: string): Json {
    return this.ref(
      'team',
      id,
      this.state.teams.get(id)?.name ?? null,
      `teams/${id}`,
      `teams/${id}`,
    );
  }

  userRef(id: string): Json {
    return this.ref(
      'user',
      id,
      this.state.users.get(id)?.name ?? null,
      `users/${id}`,
      `users/${id}`,
    );
  }

  scheduleRef(id: string): Json {
    return this.ref(
      'schedule',
      id,
      this.state.schedules.get(id)?.name ?? null,
      `schedules/${id}`,
      `schedules/${id}`,
    );
  }

  escalationPolicyRef(id: string): Json {
    return this.ref(
      'escalation_policy',
      id,
      this.state.escalationPolicies.get(id)?.name ?? null,
      `escalation_policies/${id}`,
      `escalation_policies/${id}`,
    );
  }

  serviceRef(id: string): Json {
    return this.ref(
      'service',
      id,
      this.state.services.get(id)?.name ?? null,
      `services/${id}`,
      `service-directory/${id}`,
    );
  }

  integrationRef(i: IntegrationRecord): Json {
    return this.ref(
      i.type,
      i.id,
      i.name,
      `services/${i.serviceId}/integrations/${i.id}`,
      `services/${i.serviceId}/integrations/${i.id}`,
    );
  }

  incidentRef(i: IncidentRecord): Json {
    return this.ref(
      'incident',
      i.id,
      `[#${i.number}] ${i.title}`,
      `incidents/${i.id}`,
      `incidents/${i.id}`,
    );
  }

  priorityRef(id: string): Json {
    return this.ref(
      'priority',
      id,
      this.state.priorities.get(id)?.name ?? null,
      `priorities/${id}`,
      'account/incident_priorities',
    );
  }

  agentRef(agent: AgentRecord): Json {
    if (agent.type === 'user') return this.userRef(agent.id);
    if (agent.type === 'service') return this.serviceRef(agent.id);
    return this.ref(
      'integration',
      agent.id,
      'Integration',
      `integrations/${agent.id}`,
      null,
    );
  }

  logEntryRef(incident: IncidentRecord, e: LogEntryRecord): Json {
    return this.ref(
      e.type,
      e.id,
      e.summary,
      `log_entries/${e.id}`,
      `incidents/${incident.id}/log_entries/${e.id}`,
    );
  }

  // ---- full objects -------------------------------------------------------------------

  team(t: TeamRecord): Json {
    return {
      id: t.id,
      type: 'team',
      summary: t.name,
      self: `${this.apiBase}/teams/${t.id}`,
      html_url: `${this.htmlBase}/teams/${t.id}`,
      name: t.name,
      description: t.description,
      default_role: 'manager',
    };
  }

  /** A user's contact methods: the login email, and a mobile as phone and SMS when they have one. */
  contactMethods(u: UserRecord): Json[] {
    const base = (suffix: string, type: string, label: string) => {
      const id = `PC${u.id.slice(1, 5)}${suffix}`;
      return {
        id,
        type,
        summary: label,
        self: `${this.apiBase}/users/${u.id}/contact_methods/${id}`,
        html_url: null,
        label,
      };
    };
    const methods: Json[] = [
      {
        ...base('E', 'email_contact_method', 'Default'),
        address: u.email,
        send_short_email: false,
      },
    ];
    if (u.phone) {
      for (const [suffix, type] of [
        ['P', 'phone_contact_method'],
        ['S', 'sms_contact_method'],
      ] as const) {
        methods.push({
          ...base(suffix, type, 'Mobile'),
          address: u.phone.number,
          country_code: u.phone.countryCode,
          enabled: true,
          blacklisted: false,
        });
      }
    }
    return methods;
  }

  user(u: UserRecord, include: Set<string> = new Set()): Json {
    const email = u.email.trim().toLowerCase();
    return {
      id: u.id,
      type: 'user',
      summary: u.name,
      self: `${this.apiBase}/users/${u.id}`,
      html_url: `${this.htmlBase}/users/${u.id}`,
      name: u.name,
      email: u.email,
      time_zone: u.timeZone,
      color: u.color,
      role: u.role,
      avatar_url: `https://secure.gravatar.com/avatar/${createHash('md5')
        .update(email)
        .digest('hex')}.png?d=mm&r=PG`,
      description: u.description,
      invitation_sent: false,
      job_title: u.jobTitle,
      teams: u.teamIds
        .filter(id => this.state.teams.has(id))
        .map(id =>
          include.has('teams')
            ? this.team(this.state.teams.get(id)!)
            : this.teamRef(id),
        ),
      contact_methods: this.contactMethods(u).map(m =>
        include.has('contact_methods')
          ? m
          : {
              id: m.id,
              type: `${m.type}_reference`,
              summary: m.summary,
              self: m.self,
              html_url: null,
            },
      ),
      notification_rules: [],
    };
  }

  private renderShifts(
    shifts: Shift[],
    from: number,
    to: number,
    tz?: string,
  ): Json[] {
    return shifts.map(s => ({
      user: this.userRef(s.userId),
      start: this.time(Math.max(s.start, from), tz),
      end: this.time(Math.min(s.end, to), tz),
    }));
  }

  private coverage(shifts: Shift[], from: number, to: number): number {
    if (to <= from) return 0;
    const covered = shifts.reduce(
      (sum, s) => sum + Math.min(s.end, to) - Math.max(s.start, from),
      0,
    );
    return Math.round((covered / (to - from)) * 10000) / 100;
  }

  /** Formats an epoch-ms time in `tz` (UTC "Z" form by default). */
  time(ms: number, tz?: string): string {
    if (!tz || tz === 'UTC') return isoSeconds(ms);
    return (
      DateTime.fromMillis(ms, { zone: tz }).toISO({
        suppressMilliseconds: true,
      }) ?? isoSeconds(ms)
    );
  }

  private layer(
    s: ScheduleRecord,
    l: ScheduleLayerRecord,
    from: number,
    to: number,
    tz?: string,
  ): Json {
    const shifts = computeShifts(
      { ...s, layers: [l], overrides: [] },
      from,
      to,
    );
    const out: Json = {
      id: l.id,
      name: l.name,
      start: l.start,
      users: l.userIds.map(id => ({ user: this.userRef(id) })),
      restrictions: l.restrictions.map(r => ({
        type: r.type,
        start_time_of_day: r.startTimeOfDay,
        duration_seconds: r.durationSeconds,
        ...(r.type === 'weekly_restriction'
          ? { start_day_of_week: r.startDayOfWeek }
          : {}),
      })),
      rotation_virtual_start: l.rotationVirtualStart,
      rotation_turn_length_seconds: l.rotationTurnLengthSeconds,
      rendered_schedule_entries: this.renderShifts(shifts, from, to, tz),
      rendered_coverage_percentage: this.coverage(shifts, from, to),
    };
    if (l.end) out.end = l.end;
    return out;
  }

  schedule(
    s: ScheduleRecord,
    range: { from: number; to: number; tz?: string },
  ): Json {
    const { from, to, tz } = range;
    const final = computeShifts(s, from, to);
    const userIds = [...new Set(s.layers.flatMap(l => l.userIds))];
    const policies = [...this.state.escalationPolicies.values()].filter(p =>
      p.rules.some(r =>
        r.targets.some(t => t.type === 'schedule' && t.id === s.id),
      ),
    );
    return {
      id: s.id,
      type: 'schedule',
      summary: s.name,
      self: `${this.apiBase}/schedules/${s.id}`,
      html_url: `${this.htmlBase}/schedules/${s.id}`,
      name: s.name,
      description: s.description,
      time_zone: s.timeZone,
      schedule_layers: [...s.layers]
        .reverse()
        .map(l => this.layer(s, l, from, to, tz)),
      final_schedule: {
        name: 'Final Schedule',
        rendered_schedule_entries: this.renderShifts(final, from, to, tz),
        rendered_coverage_percentage: this.coverage(final, from, to),
      },
      overrides_subschedule: {
        name: 'Overrides',
        rendered_schedule_entries: s.overrides
          .filter(o => Date.parse(o.start) < to && Date.parse(o.end) > from)
          .map(o => ({
            user: this.userRef(o.userId),
            start: this.time(Date.parse(o.start), tz),
            end: this.time(Date.parse(o.end), tz),
          })),
        rendered_coverage_percentage: 0,
      },
      escalation_policies: policies.map(p => this.escalationPolicyRef(p.id)),
      users: userIds.map(id => this.userRef(id)),
      teams: s.teamIds.map(id => this.teamRef(id)),
    };
  }

  escalationPolicy(
    p: EscalationPolicyRecord,
    include: Set<string> = new Set(),
  ): Json {
    const services = [...this.state.services.values()].filter(
      s => s.escalationPolicyId === p.id,
    );
    return {
      id: p.id,
      type: 'escalation_policy',
      summary: p.name,
      self: `${this.apiBase}/escalation_policies/${p.id}`,
      html_url: `${this.htmlBase}/escalation_policies/${p.id}`,
      name: p.name,
      description: p.description,
      num_loops: p.numLoops,
      on_call_handoff_notifications: 'if_has_services',
      escalation_rules: p.rules.map(r => ({
        id: r.id,
        escalation_delay_in_minutes: r.delayMinutes,
        targets: r.targets.map(t => {
          if (include.has('targets')) {
            if (t.type === 'user' && this.state.users.has(t.id))
              return this.user(this.state.users.get(t.id)!);
            if (t.type === 'schedule' && this.state.schedules.has(t.id)) {
              const now = this.state.nowMs();
              return this.schedule(this.state.schedules.get(t.id)!, {
                from: now,
                to: now,
              });
            }
          }
          return t.type === 'user'
            ? this.userRef(t.id)
            : this.scheduleRef(t.id);
        }),
        escalation_rule_assignment_strategy: 'assign_to_everyone',
      })),
      services: services.map(s =>
        include.has('services') ? this.service(s) : this.serviceRef(s.id),
      ),
      teams: p.teamIds.map(id =>
        include.has('teams') && this.state.teams.has(id)
          ? this.team(this.state.teams.get(id)!)
          : this.teamRef(id),
      ),
    };
  }

  integration(i: IntegrationRecord): Json {
    const out: Json = {
      id: i.id,
      type: i.type,
      summary: i.name,
      self: `${this.apiBase}/services/${i.serviceId}/integrations/${i.id}`,
      html_url: `${this.htmlBase}/services/${i.serviceId}/integrations/${i.id}`,
      name: i.name,
      service: this.serviceRef(i.serviceId),
      created_at: i.createdAt,
    };
    if (i.integrationKey !== null) out.integration_key = i.integrationKey;
    if (i.integrationEmail !== null) out.integration_email = i.integrationEmail;
    return out;
  }

  service(s: ServiceRecord, include: Set<string> = new Set()): Json {
    let lastIncident: string | undefined;
    for (const i of this.state.incidents.values()) {
      if (i.serviceId === s.id && (!lastIncident || i.createdAt > lastIncident))
        lastIncident = i.createdAt;
    }
    const policy = this.state.escalationPolicies.get(s.escalationPolicyId);
    const out: Json = {
      id: s.id,
      type: 'service',
      summary: s.name,
      self: `${this.apiBase}/services/${s.id}`,
      html_url: `${this.htmlBase}/service-directory/${s.id}`,
      name: s.name,
      description: s.description,
      auto_resolve_timeout: s.autoResolveTimeout,
      acknowledgement_timeout: s.acknowledgementTimeout,
      created_at: s.createdAt,
      status: s.status,
      escalation_policy:
        include.has('escalation_policies') && policy
          ? this.escalationPolicy(policy)
          : this.escalationPolicyRef(s.escalationPolicyId),
      response_play: null,
      teams: s.teamIds.map(id =>
        include.has('teams') && this.state.teams.has(id)
          ? this.team(this.state.teams.get(id)!)
          : this.teamRef(id),
      ),
      integrations: s.integrations.map(i =>
        include.has('integrations')
          ? this.integration(i)
          : this.integrationRef(i),
      ),
      incident_urgency_rule:
        s.urgencyRule === 'severity_based'
          ? { type: 'constant', urgency: 'severity_based' }
          : { type: 'constant', urgency: s.urgencyRule },
      support_hours: null,
      scheduled_actions: [],
      addons: [],
      alert_creation: 'create_alerts_and_incidents',
    };
    if (s.alertGroupingParameters)
      out.alert_grouping_parameters = s.alertGroupingParameters;
    if (lastIncident) out.last_incident_timestamp = lastIncident;
    return out;
  }

  priority(p: PriorityRecord): Json {
    return {
      id: p.id,
      type: 'priority',
      summary: p.name,
      self: `${this.apiBase}/priorities/${p.id}`,
      html_url: null,
      name: p.name,
      description: p.description,
      color: p.color,
      order: p.order,
    };
  }

  logEntry(
    incident: IncidentRecord,
    e: LogEntryRecord,
    include: Set<string> = new Set(),
  ): Json {
    const svc = this.state.services.get(incident.serviceId);
    const out: Json = {
      id: e.id,
      type: e.type,
      summary: e.summary,
      self: `${this.apiBase}/log_entries/${e.id}`,
      html_url: `${this.htmlBase}/incidents/${incident.id}/log_entries/${e.id}`,
      created_at: e.createdAt,
      channel: e.channel,
      service:
        include.has('services') && svc
          ? this.service(svc)
          : this.serviceRef(incident.serviceId),
      incident: include.has('incidents')
        ? this.incident(incident)
        : this.incidentRef(incident),
      teams: (svc?.teamIds ?? []).map(id =>
        include.has('teams') && this.state.teams.has(id)
          ? this.team(this.state.teams.get(id)!)
          : this.teamRef(id),
      ),
      contexts: e.contexts ?? [],
      event_details: { description: incident.title },
    };
    if (e.agent) out.agent = this.agentRef(e.agent);
    if (e.note !== undefined) out.note = e.note;
    if (e.assigneeIds)
      out.assignees = e.assigneeIds.map(id => this.userRef(id));
    if (e.acknowledgementTimeout !== undefined)
      out.acknowledgement_timeout = e.acknowledgementTimeout;
    return out;
  }

  incident(i: IncidentRecord, include: Set<string> = new Set()): Json {
    const svc = this.state.services.get(i.serviceId);
    const policy = this.state.escalationPolicies.get(i.escalationPolicyId);
    const full = (id: string) => this.state.users.get(id);
    const withUsers = include.has('users');
    const priority = i.priorityId
      ? this.state.priorities.get(i.priorityId)
      : undefined;
    const open = i.status !== 'resolved';
    return {
      id: i.id,
      type: 'incident',
      summary: `[#${i.number}] ${i.title}`,
      self: `${this.apiBase}/incidents/${i.id}`,
      html_url: `${this.htmlBase}/incidents/${i.id}`,
      incident_number: i.number,
      title: i.title,
      description: i.title,
      created_at: i.createdAt,
      updated_at: i.updatedAt,
      status: i.status,
      incident_key: i.incidentKey,
      service:
        include.has('services') && svc
          ? this.service(svc)
          : this.serviceRef(i.serviceId),
      assignments: i.assignments.map(a => ({
        at: a.at,
        assignee:
          (include.has('assignees') || withUsers) && full(a.userId)
            ? this.user(full(a.userId)!)
            : this.userRef(a.userId),
      })),
      assigned_via: i.assignedVia,
      last_status_change_at: i.lastStatusChangeAt,
      last_status_change_by: include.has('agents')
        ? this.fullAgent(i.lastStatusChangeBy)
        : this.agentRef(i.lastStatusChangeBy),
      resolved_at: i.resolvedAt,
      first_trigger_log_entry: this.firstTrigger(i, include),
      alert_counts: {
        all: i.alertCount,
        triggered: open ? i.alertCount : 0,
        resolved: open ? 0 : i.alertCount,
      },
      is_mergeable: true,
      incident_type: { name: 'incident_default' },
      escalation_policy:
        include.has('escalation_policies') && policy
          ? this.escalationPolicy(policy)
          : this.escalationPolicyRef(i.escalationPolicyId),
      teams: (svc?.teamIds ?? []).map(id =>
        include.has('teams') && this.state.teams.has(id)
          ? this.team(this.state.teams.get(id)!)
          : this.teamRef(id),
      ),
      pending_actions: [],
      acknowledgements: i.acknowledgements.map(a => ({
        at: a.at,
        acknowledger:
          (include.has('acknowledgers') || withUsers) &&
          a.agent.type === 'user' &&
          full(a.agent.id)
            ? this.user(full(a.agent.id)!)
            : this.agentRef(a.agent),
      })),
      priority: priority ? this.priority(priority) : null,
      resolve_reason: null,
      conference_bridge: i.conferenceBridge,
      incidents_responders: [],
      responder_requests: [],
      urgency: i.urgency,
      body: { type: 'incident_body', details: i.details ?? {} },
    };
  }

  private firstTrigger(i: IncidentRecord, include: Set<string>): Json | null {
    const first =
      i.logEntries.find(e => e.type === 'trigger_log_entry') ?? i.logEntries[0];
    if (!first) return null;
    return include.has('first_trigger_log_entries')
      ? this.logEntry(i, first)
      : this.logEntryRef(i, first);
  }

  private fullAgent(agent: AgentRecord): Json {
    if (agent.type === 'user' && this.state.users.has(agent.id))
      return this.user(this.state.users.get(agent.id)!);
    if (agent.type === 'service' && this.state.services.has(agent.id)) {
      return this.service(this.state.services.get(agent.id)!);
    }
    return this.agentRef(agent);
  }

  note(n: NoteRecord): Json {
    return {
      id: n.id,
      user: this.userRef(n.userId),
      channel: { summary: 'The PagerDuty website or APIs' },
      content: n.content,
      created_at: n.createdAt,
    };
  }

  changeEvent(c: ChangeEventRecord): Json {
    const out: Json = {
      id: c.id,
      type: 'change_event',
      summary: c.summary,
      self: `${this.apiBase}/change_events/${c.id}`,
      html_url: null,
      timestamp: c.timestamp,
      services: c.serviceIds.map(id => this.serviceRef(id)),
      routing_key: c.routingKey ?? undefined,
      source: c.source ?? undefined,
      links: c.links,
      images: c.images,
      custom_details: c.customDetails,
    };
    if (c.integrationId) {
      const svc = this.state.services.get(c.serviceIds[0]);
      const integ = svc?.integrations.find(x => x.id === c.integrationId);
      out.integration = integ
        ? {
            ...this.integrationRef(integ),
            type: 'inbound_integration_reference',
          }
        : { id: c.integrationId, type: 'inbound_integration_reference' };
    }
    return out;
  }

  webhookSubscription(w: WebhookSubscriptionRecord, showSecret: boolean): Json {
    return {
      id: w.id,
      type: 'webhook_subscription',
      active: w.active,
      delivery_method: {
        id: `PD${w.id.slice(2)}`,
        secret: showSecret ? w.secrets[w.secrets.length - 1] ?? null : null,
        temporarily_disabled: false,
        type: 'http_delivery_method',
        url: w.url,
        custom_headers: w.customHeaders.map(h => ({
          name: h.name,
          value: showSecret ? h.value : 'redacted',
        })),
      },
      description: w.description,
      events: w.events.length ? w.events : undefined,
      filter:
        w.filter.type === 'account_reference'
          ? { id: ACCOUNT_ID, type: 'account_reference' }
          : w.filter,
    };
  }

  private oncallSchedule(
    scheduleId: string | null,
    include: Set<string>,
    tz?: string,
  ): Json | null {
    if (!scheduleId) return null;
    const schedule = this.state.schedules.get(scheduleId);
    if (!include.has('schedules') || !schedule)
      return this.scheduleRef(scheduleId);
    const now = this.state.nowMs();
    return this.schedule(schedule, { from: now, to: now, tz });
  }

  oncall(e: OncallEntry, include: Set<string>, tz?: string): Json {
    const policy = this.state.escalationPolicies.get(e.escalationPolicyId);
    const user = this.state.users.get(e.userId);
    return {
      escalation_policy:
        include.has('escalation_policies') && policy
          ? this.escalationPolicy(policy)
          : this.escalationPolicyRef(e.escalationPolicyId),
      escalation_level: e.escalationLevel,
      schedule: this.oncallSchedule(e.scheduleId, include, tz),
      user:
        include.has('users') && user ? this.user(user) : this.userRef(e.userId),
      start: e.start === null ? null : this.time(e.start, tz),
      end: e.end === null ? null : this.time(e.end, tz),
    };
  }

  /** Webhooks v3 `event.agent` and `event.data` for a domain event. */
  webhookEvent(e: DomainEvent | ServiceDomainEvent): {
    agent: unknown;
    data: unknown;
  } {
    if ('service' in e) {
      // As PagerDuty's service events: a reference with its summary, status and teams.
      const s = e.service;
      return {
        agent: null,
        data: {
          id: s.id,
          type: 'service',
          self: `${this.apiBase}/services/${s.id}`,
          html_url: `${this.htmlBase}/service-directory/${s.id}`,
          summary: s.name,
          alert_creation: 'create_alerts_and_incidents',
          teams: s.teamIds.map(id => this.teamRef(id)),
        },
      };
    }
    const i = e.incident;
    const priority = i.priorityId
      ? this.state.priorities.get(i.priorityId)
      : undefined;
    const incidentData = {
      id: i.id,
      type: 'incident',
      self: `${this.apiBase}/incidents/${i.id}`,
      html_url: `${this.htmlBase}/incidents/${i.id}`,
      number: i.number,
      status: i.status,
      incident_key: i.incidentKey,
      created_at: i.createdAt,
      title: i.title,
      incident_type: { name: 'incident_default' },
      service: this.serviceRef(i.serviceId),
      assignees: i.assignments.map(a => this.userRef(a.userId)),
      escalation_policy: this.escalationPolicyRef(i.escalationPolicyId),
      teams: (this.state.services.get(i.serviceId)?.teamIds ?? []).map(id =>
        this.teamRef(id),
      ),
      priority: priority ? this.priorityRef(priority.id) : null,
      urgency: i.urgency,
      conference_bridge: i.conferenceBridge,
      resolve_reason: null,
    };
    const agent = e.agent ? this.agentRef(e.agent) : null;
    if (e.eventType === 'incident.annotated' && e.note) {
      return {
        agent,
        data: {
          incident: this.incidentRef(i),
          id: e.note.id,
          content: e.note.content,
          trimmed: false,
          type: 'incident_note',
        },
      };
    }
    return { agent, data: incidentData };
  }
}
