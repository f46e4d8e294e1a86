import {
  ServiceDependencyRecord,
  ServiceCustomFieldRecord,
  ServiceFieldValues,
  AgentRecord,
  ChangeEventRecord,
  EscalationPolicyRecord,
  IncidentRecord,
  IntegrationRecord,
  LogEntryRecord,
  NoteRecord,
  PriorityRecord,
  ScheduleRecord,
  ServiceRecord,
  TeamRecord,
  UserRecord,
  WebhookSubscriptionRecord,
} from './model';
import { usersOnCallAtLevel } from './oncall';
import { Random, isoSeconds } from './random';

/** A state change that produces a Webhooks v3 event. @public */
export interface DomainEvent {
  eventType: string;
  incident: IncidentRecord;
  agent: AgentRecord | null;
  /** Webhook `event.client` (e.g. `{ name: 'Datadog' }`), or null. */
  client: { name: string; url?: string } | null;
  occurredAt: string;
  note?: NoteRecord;
}

/** The service events of Webhooks v3 (`resource_type: service`). @public */
export type ServiceEventType =
  | 'service.created'
  | 'service.updated'
  | 'service.deleted';

/** A change of a service, delivered as a `service.*` webhook. @public */
export interface ServiceDomainEvent {
  eventType: ServiceEventType;
  /** The service as it is after the change (as it was, for `service.deleted`). */
  service: ServiceRecord;
  agent: null;
  client: null;
  occurredAt: string;
}

/** Thrown by state operations for invalid requests; mapped to PagerDuty's error bodies. @public */
export class StateError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly errors: string[] = [],
  ) {
    super(message);
    this.name = 'StateError';
  }
}

/** Input of {@link SimulatorState.createIncident}. @public */
export interface CreateIncidentInput {
  serviceId: string;
  title: string;
  urgency?: 'high' | 'low';
  incidentKey?: string;
  details?: Record<string, unknown> | null;
  priorityId?: string | null;
  /** Direct assignment; otherwise the escalation policy's on-call users are assigned. */
  assigneeIds?: string[];
  escalationPolicyId?: string;
  conferenceBridge?: IncidentRecord['conferenceBridge'];
  agent: AgentRecord;
  /** Channel of the trigger log entry. */
  channel: Record<string, unknown>;
  contexts?: Array<Record<string, unknown>>;
  routingKey?: string | null;
  client?: DomainEvent['client'];
}

/**
 * The simulator's data. Collections are plain Maps keyed by id: tests may read and modify
 * records directly. State-changing methods keep the data consistent (log entries, service
 * status) and emit the Webhooks v3 events.
 * @public
 */
export class SimulatorState {
  readonly teams = new Map<string, TeamRecord>();
  readonly users = new Map<string, UserRecord>();
  readonly schedules = new Map<string, ScheduleRecord>();
  readonly escalationPolicies = new Map<string, EscalationPolicyRecord>();
  readonly services = new Map<string, ServiceRecord>();
  readonly priorities = new Map<string, PriorityRecord>();
  readonly incidents = new Map<string, IncidentRecord>();
  readonly changeEvents = new Map<string, ChangeEventRecord>();
  readonly webhookSubscriptions = new Map<string, WebhookSubscriptionRecord>();
  readonly serviceDependencies = new Map<string, ServiceDependencyRecord>();
  readonly serviceCustomFields = new Map<string, ServiceCustomFieldRecord>();
  /** Service id → its custom field values. */
  readonly serviceFieldValues = new Map<string, ServiceFieldValues>();
  /** Account abilities (GET /abilities). */
  abilities: string[] = [];
  /** Next incident number. */
  nextIncidentNumber = 1;
  /**
   * Deterministic generator for new ids.
   * @internal
   */
  rng: Random;

  private readonly listeners: Array<
    (e: DomainEvent | ServiceDomainEvent) => void
  > = [];

  constructor(readonly clock: () => Date, seed: number) {
    this.rng = new Random(seed ^ 0x5eed);
  }

  nowMs(): number {
    return this.clock().getTime();
  }

  nowIso(): string {
    return isoSeconds(this.nowMs());
  }

  /** Removes all data (listeners are kept). */
  clear(seed: number): void {
    for (const m of [
      this.teams,
      this.users,
      this.schedules,
      this.escalationPolicies,
      this.services,
      this.priorities,
      this.incidents,
      this.changeEvents,
      this.webhookSubscriptions,
      this.serviceDependencies,
      this.serviceCustomFields,
      this.serviceFieldValues,
    ] as Map<string, unknown>[]) {
      m.clear();
    }
    this.abilities = [];
    this.nextIncidentNumber = 1;
    this.rng = new Random(seed ^ 0x5eed);
  }

  onEvent(listener: (e: DomainEvent | ServiceDomainEvent) => void): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  /** Tells the listeners (webhooks) that a service was created, updated or deleted. */
  emitServiceEvent(eventType: ServiceEventType, service: ServiceRecord): void {
    const e: ServiceDomainEvent = {
      eventType,
      service,
      agent: null,
      client: null,
      occurredAt: new Date(this.nowMs()).toISOString(),
    };
    for (const l of this.listeners) l(e);
  }

  private emit(
    eventType: string,
    incident: IncidentRecord,
    agent: AgentRecord | null,
    client: DomainEvent['client'] = null,
    note?: NoteRecord,
  ) {
    const e: DomainEvent = {
      eventType,
      incident,
      agent,
      client,
      occurredAt: new Date(this.nowMs()).toISOString(),
      note,
    };
    for (const l of this.listeners) l(e);
  }

  // ---- look-ups -------------------------------------------------------------------------

  findUserByEmail(email: string): UserRecord | undefined {
    const e = email.trim().toLowerCase();
    for (const u of this.users.values())
      if (u.email.toLowerCase() === e) return u;
    return undefined;
  }

  /** The integration (any service) whose key equals `key`. */
  findIntegrationByKey(key: string): IntegrationRecord | undefined {
    for (const s of this.services.values()) {
      for (const i of s.integrations) if (i.integrationKey === key) return i;
    }
    return undefined;
  }

  openIncidentByKey(
    serviceId: string,
    key: string,
  ): IncidentRecord | undefined {
    for (const i of this.incidents.values()) {
      if (
        i.serviceId === serviceId &&
        i.incidentKey === key &&
        i.status !== 'resolved'
      ) {
        return i;
      }
    }
    return undefined;
  }

  /** Users on call now at the first level of the policy that has somebody on call. */
  escalationTargetsNow(policyId: string): { level: number; userIds: string[] } {
    const policy = this.escalationPolicies.get(policyId);
    if (!policy) return { level: 1, userIds: [] };
    for (let level = 1; level <= policy.rules.length; level++) {
      const users = usersOnCallAtLevel(
        policy,
        level,
        this.schedules,
        this.nowMs(),
      );
      if (users.length) return { level, userIds: users };
    }
    return { level: 1, userIds: [] };
  }

  // ---- incidents -------------------------------------------------------------------------

  newLogEntry(
    type: LogEntryRecord['type'],
    summary: string,
    agent: AgentRecord | null,
    channel: Record<string, unknown>,
    extra: Partial<LogEntryRecord> = {},
  ): LogEntryRecord {
    return {
      id: this.rng.longId('R'),
      type,
      createdAt: this.nowIso(),
      summary,
      agent,
      channel,
      ...extra,
    };
  }

  agentName(agent: AgentRecord | null): string {
    if (!agent) return 'PagerDuty';
    if (agent.type === 'user')
      return this.users.get(agent.id)?.name ?? agent.id;
    if (agent.type === 'service')
      return this.services.get(agent.id)?.name ?? agent.id;
    return 'an integration';
  }

  private touch(
    incident: IncidentRecord,
    agent: AgentRecord,
    statusChanged: boolean,
  ) {
    const now = this.nowIso();
    incident.updatedAt = now;
    if (statusChanged) {
      incident.lastStatusChangeAt = now;
      incident.lastStatusChangeBy = agent;
    }
    this.refreshServiceStatus(incident.serviceId);
  }

  /** critical with an open high-urgency incident, warning with an open low one, else active. */
  refreshServiceStatus(serviceId: string): void {
    const s = this.services.get(serviceId);
    if (!s || s.status === 'maintenance' || s.status === 'disabled') return;
    let status: ServiceRecord['status'] = 'active';
    for (const i of this.incidents.values()) {
      if (i.serviceId !== serviceId || i.status === 'resolved') continue;
      if (i.urgency === 'high') {
        status = 'critical';
        break;
      }
      status = 'warning';
    }
    s.status = status;
  }

  createIncident(input: CreateIncidentInput): IncidentRecord {
    const service = this.services.get(input.serviceId);
    if (!service) {
      throw new StateError(400, 2001, 'Invalid Input Provided', [
        'Service not found',
      ]);
    }
    const now = this.nowIso();
    const policyId = input.escalationPolicyId ?? service.escalationPolicyId;
    let level = 1;
    let assignees = input.assigneeIds ?? [];
    const direct = !!input.assigneeIds?.length;
    if (!direct) {
      const t = this.escalationTargetsNow(policyId);
      level = t.level;
      assignees = t.userIds;
    }
    const trigger = this.newLogEntry(
      'trigger_log_entry',
      input.channel.type === 'api'
        ? 'Triggered through the API.'
        : 'Triggered through the website.',
      input.agent,
      input.channel,
      { contexts: input.contexts ?? [] },
    );
    const incident: IncidentRecord = {
      id: this.rng.longId('Q'),
      number: this.nextIncidentNumber++,
      title: input.title,
      status: 'triggered',
      urgency:
        input.urgency ?? (service.urgencyRule === 'low' ? 'low' : 'high'),
      incidentKey: input.incidentKey ?? this.rng.hex32(),
      serviceId: service.id,
      escalationPolicyId: policyId,
      escalationLevel: level,
      priorityId: input.priorityId ?? null,
      assignments: assignees.map(userId => ({ userId, at: now })),
      acknowledgements: [],
      assignedVia: direct ? 'direct_assignment' : 'escalation_policy',
      createdAt: now,
      updatedAt: now,
      lastStatusChangeAt: now,
      lastStatusChangeBy: input.agent,
      resolvedAt: null,
      alertCount: 1,
      details: input.details ?? null,
      conferenceBridge: input.conferenceBridge ?? null,
      routingKey: input.routingKey ?? null,
      logEntries: [trigger],
      notes: [],
    };
    if (assignees.length) {
      incident.logEntries.push(
        this.newLogEntry(
          'assign_log_entry',
          `Assigned to ${assignees
            .map(u => this.users.get(u)?.name ?? u)
            .join(', ')}.`,
          input.agent,
          { type: 'auto' },
          { assigneeIds: [...assignees] },
        ),
      );
    }
    this.incidents.set(incident.id, incident);
    this.refreshServiceStatus(service.id);
    this.emit(
      'incident.triggered',
      incident,
      input.agent,
      input.client ?? null,
    );
    return incident;
  }

  /** A further trigger event for an open incident (Events v2 dedup). */
  addAlert(
    incident: IncidentRecord,
    agent: AgentRecord,
    channel: Record<string, unknown>,
  ) {
    incident.alertCount += 1;
    incident.logEntries.push(
      this.newLogEntry(
        'trigger_log_entry',
        'Triggered through the API.',
        agent,
        channel,
      ),
    );
    this.touch(incident, agent, false);
  }

  acknowledge(
    incident: IncidentRecord,
    agent: AgentRecord,
    client: DomainEvent['client'] = null,
  ): void {
    if (incident.status === 'resolved') {
      this.reopen(incident, 'acknowledged', agent);
      return;
    }
    const now = this.nowIso();
    const wasAcked = incident.status === 'acknowledged';
    incident.status = 'acknowledged';
    incident.acknowledgements.push({ agent, at: now });
    const service = this.services.get(incident.serviceId);
    incident.logEntries.push(
      this.newLogEntry(
        'acknowledge_log_entry',
        `Acknowledged by ${this.agentName(agent)}.`,
        agent,
        { type: 'api' },
        { acknowledgementTimeout: service?.acknowledgementTimeout ?? null },
      ),
    );
    this.touch(incident, agent, !wasAcked);
    this.emit('incident.acknowledged', incident, agent, client);
  }

  resolve(
    incident: IncidentRecord,
    agent: AgentRecord,
    resolution?: string,
    client: DomainEvent['client'] = null,
  ): void {
    if (incident.status === 'resolved') {
      throw new StateError(400, 2001, 'Invalid Input Provided', [
        'Incident Already Resolved',
      ]);
    }
    const now = this.nowIso();
    incident.status = 'resolved';
    incident.resolvedAt = now;
    incident.assignments = [];
    incident.acknowledgements = [];
    incident.logEntries.push(
      this.newLogEntry(
        'resolve_log_entry',
        `Resolved by ${this.agentName(agent)}.`,
        agent,
        { type: 'api' },
        resolution ? { note: resolution } : {},
      ),
    );
    this.touch(incident, agent, true);
    this.emit('incident.resolved', incident, agent, client);
  }

  reopen(
    incident: IncidentRecord,
    status: 'triggered' | 'acknowledged',
    agent: AgentRecord,
  ): void {
    const now = this.nowIso();
    incident.status = status;
    incident.resolvedAt = null;
    if (status === 'acknowledged' && agent.type === 'user') {
      incident.assignments = [{ userId: agent.id, at: now }];
      incident.acknowledgements = [{ agent, at: now }];
    } else {
      const t = this.escalationTargetsNow(incident.escalationPolicyId);
      incident.escalationLevel = t.level;
      incident.assignments = t.userIds.map(userId => ({ userId, at: now }));
    }
    incident.logEntries.push(
      this.newLogEntry('trigger_log_entry', 'Reopened.', agent, {
        type: 'api',
      }),
    );
    this.touch(incident, agent, true);
    this.emit('incident.reopened', incident, agent);
  }

  /** acknowledged → triggered (acknowledgements cleared). */
  unacknowledge(incident: IncidentRecord, agent: AgentRecord): void {
    if (incident.status !== 'acknowledged') return;
    incident.status = 'triggered';
    incident.acknowledgements = [];
    incident.logEntries.push(
      this.newLogEntry('unacknowledge_log_entry', 'Unacknowledged.', agent, {
        type: 'api',
      }),
    );
    this.touch(incident, agent, true);
    this.emit('incident.unacknowledged', incident, agent);
  }

  reassign(
    incident: IncidentRecord,
    userIds: string[],
    agent: AgentRecord,
  ): void {
    for (const u of userIds) {
      if (!this.users.has(u)) {
        throw new StateError(400, 2001, 'Invalid Input Provided', [
          'Assigned To User Not Found',
        ]);
      }
    }
    const now = this.nowIso();
    const statusChanged = incident.status !== 'triggered';
    if (incident.status === 'resolved') {
      throw new StateError(400, 2001, 'Invalid Input Provided', [
        'Incident Already Resolved',
      ]);
    }
    incident.status = 'triggered';
    incident.acknowledgements = [];
    incident.assignments = userIds.map(userId => ({ userId, at: now }));
    incident.assignedVia = 'direct_assignment';
    incident.logEntries.push(
      this.newLogEntry(
        'assign_log_entry',
        `Reassigned to ${userIds
          .map(u => this.users.get(u)?.name ?? u)
          .join(', ')}.`,
        agent,
        { type: 'api' },
        { assigneeIds: [...userIds] },
      ),
    );
    this.touch(incident, agent, statusChanged);
    this.emit('incident.reassigned', incident, agent);
  }

  delegate(
    incident: IncidentRecord,
    policyId: string,
    agent: AgentRecord,
  ): void {
    if (!this.escalationPolicies.has(policyId)) {
      throw new StateError(400, 2001, 'Invalid Input Provided', [
        'Escalation Policy Not Found',
      ]);
    }
    if (incident.status === 'resolved') {
      throw new StateError(400, 2001, 'Invalid Input Provided', [
        'Incident Already Resolved',
      ]);
    }
    const now = this.nowIso();
    const statusChanged = incident.status !== 'triggered';
    const t = this.escalationTargetsNow(policyId);
    incident.escalationPolicyId = policyId;
    incident.escalationLevel = t.level;
    incident.status = 'triggered';
    incident.acknowledgements = [];
    incident.assignedVia = 'escalation_policy';
    incident.assignments = t.userIds.map(userId => ({ userId, at: now }));
    incident.logEntries.push(
      this.newLogEntry(
        'delegate_log_entry',
        `Reassigned to ${this.escalationPolicies.get(policyId)!.name}.`,
        agent,
        { type: 'api' },
        { assigneeIds: [...t.userIds] },
      ),
    );
    this.touch(incident, agent, statusChanged);
    this.emit('incident.delegated', incident, agent);
  }

  escalate(incident: IncidentRecord, level: number, agent: AgentRecord): void {
    const policy = this.escalationPolicies.get(incident.escalationPolicyId);
    if (!policy || level < 1 || level > policy.rules.length) {
      throw new StateError(400, 2001, 'Invalid Input Provided', [
        'Cannot Escalate',
      ]);
    }
    if (incident.status === 'resolved') {
      throw new StateError(400, 2001, 'Invalid Input Provided', [
        'Incident Already Resolved',
      ]);
    }
    const now = this.nowIso();
    const statusChanged = incident.status !== 'triggered';
    const users = usersOnCallAtLevel(
      policy,
      level,
      this.schedules,
      this.nowMs(),
    );
    incident.escalationLevel = level;
    incident.status = 'triggered';
    incident.acknowledgements = [];
    incident.assignedVia = 'escalation_policy';
    incident.assignments = users.map(userId => ({ userId, at: now }));
    incident.logEntries.push(
      this.newLogEntry(
        'escalate_log_entry',
        `Escalated to level ${level}.`,
        agent,
        { type: 'api' },
        { assigneeIds: [...users] },
      ),
    );
    this.touch(incident, agent, statusChanged);
    this.emit('incident.escalated', incident, agent);
  }

  setPriority(
    incident: IncidentRecord,
    priorityId: string | null,
    agent: AgentRecord,
  ): void {
    if (priorityId !== null && !this.priorities.has(priorityId)) {
      throw new StateError(400, 2001, 'Invalid Input Provided', [
        'Invalid Priority',
      ]);
    }
    if (incident.priorityId === priorityId) return;
    incident.priorityId = priorityId;
    this.touch(incident, agent, false);
    this.emit('incident.priority_updated', incident, agent);
  }

  setUrgency(
    incident: IncidentRecord,
    urgency: 'high' | 'low',
    agent: AgentRecord,
  ): void {
    if (incident.urgency === urgency) return;
    incident.urgency = urgency;
    this.touch(incident, agent, false);
  }

  setTitle(incident: IncidentRecord, title: string, agent: AgentRecord): void {
    incident.title = title;
    this.touch(incident, agent, false);
  }

  addNote(
    incident: IncidentRecord,
    userId: string,
    content: string,
  ): NoteRecord {
    const note: NoteRecord = {
      id: this.rng.pdId(),
      userId,
      content,
      createdAt: this.nowIso(),
    };
    incident.notes.push(note);
    const agent: AgentRecord = { type: 'user', id: userId };
    incident.logEntries.push(
      this.newLogEntry('annotate_log_entry', 'Note added', agent, {
        type: 'note',
        summary: content,
      }),
    );
    incident.updatedAt = note.createdAt;
    this.emit('incident.annotated', incident, agent, null, note);
    return note;
  }

  // ---- change events ------------------------------------------------------------------

  addChangeEvent(e: Omit<ChangeEventRecord, 'id'>): ChangeEventRecord {
    const rec: ChangeEventRecord = { id: this.rng.longId('01'), ...e };
    this.changeEvents.set(rec.id, rec);
    return rec;
  }
}
