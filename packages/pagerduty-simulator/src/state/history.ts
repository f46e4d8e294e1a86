import {
  AgentRecord,
  IncidentRecord,
  LogEntryRecord,
  ServiceRecord,
} from './model';
import { usersOnCallAtLevel } from './oncall';
import { Random, isoSeconds } from './random';
import { SimulatorState } from './store';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** How far back the seeded history of resolved incidents goes. */
export const HISTORY_DAYS = 90;

/** Mean resolved incidents per day for the well-known services with a history. */
const INCIDENTS_PER_DAY: Record<string, number> = {
  PCHKOUT: 0.45,
  PPAYMNT: 0.2,
  PSEARCH: 0.3,
  PGAPSVC: 0.15,
};

const TITLES = [
  'High error rate',
  'Latency above SLO',
  'Pod crash looping',
  'Queue backlog growing',
  'Synthetic check failing',
  'Database connections exhausted',
  'Upstream dependency returning 503',
];

/**
 * Adds a deterministic history of resolved incidents (the last {@link HISTORY_DAYS} days, ending a
 * day before the state's clock) to the services with a history rate, so analytics, insights and
 * SLA shares are computed from real records: each incident has its trigger, assignment, optional
 * timeout or manual escalation (after the escalation rule's delay), acknowledgement (some low
 * urgency ones are never acknowledged) and resolution log entries.
 */
export function seedHistory(state: SimulatorState, seed: number): void {
  // An own generator, so the rest of the seeded data is unchanged by the history.
  const rng = new Random((seed * 7919 + 17) >>> 0);
  const now = state.nowMs();
  const entryId = () => rng.longId('R');
  const records: IncidentRecord[] = [];
  for (const [serviceId, perDay] of Object.entries(INCIDENTS_PER_DAY)) {
    const service = state.services.get(serviceId);
    if (!service) continue;
    const count = Math.round(perDay * HISTORY_DAYS);
    for (let i = 0; i < count; i++) {
      const createdMs =
        now - DAY - Math.floor(rng.next() * (HISTORY_DAYS - 1) * DAY);
      records.push(historicIncident(state, service, createdMs, rng, entryId));
    }
  }
  records.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  for (const r of records) {
    r.number = state.nextIncidentNumber++;
    state.incidents.set(r.id, r);
  }
}

function historicIncident(
  state: SimulatorState,
  service: ServiceRecord,
  createdMs: number,
  rng: Random,
  entryId: () => string,
): IncidentRecord {
  const policy = state.escalationPolicies.get(service.escalationPolicyId)!;
  const urgency: 'high' | 'low' =
    service.urgencyRule === 'low' || rng.next() < 0.3 ? 'low' : 'high';
  const title = `${service.name}: ${rng.pick(TITLES)}`;
  const key = `${service.name.toLowerCase().replace(/\W+/g, '-')}/${rng.string(
    8,
    'abcdef0123456789',
  )}`;
  const serviceAgent: AgentRecord = { type: 'service', id: service.id };
  const entries: LogEntryRecord[] = [];
  const add = (
    type: LogEntryRecord['type'],
    atMs: number,
    summary: string,
    agent: AgentRecord | null,
    channel: Record<string, unknown>,
    extra: Partial<LogEntryRecord> = {},
  ) =>
    entries.push({
      id: entryId(),
      type,
      createdAt: isoSeconds(atMs),
      summary,
      agent,
      channel,
      ...extra,
    });
  add(
    'trigger_log_entry',
    createdMs,
    'Triggered through the API.',
    serviceAgent,
    {
      type: 'api',
      summary: title,
      incident_key: key,
    },
  );
  let level = 1;
  let assignees = usersOnCallAtLevel(policy, 1, state.schedules, createdMs);
  if (!assignees.length && policy.rules.length > 1) {
    level = 2;
    assignees = usersOnCallAtLevel(policy, 2, state.schedules, createdMs);
  }
  if (assignees.length) {
    add(
      'assign_log_entry',
      createdMs,
      'Assigned.',
      serviceAgent,
      { type: 'auto' },
      { assigneeIds: [...assignees] },
    );
  }
  // Most are acknowledged within minutes; a tail takes long enough to escalate.
  const acknowledged = urgency === 'high' || rng.next() < 0.7;
  const ackDelayMs =
    rng.next() < 0.8
      ? rng.int(1, 14) * MINUTE + rng.int(0, 59) * 1000
      : rng.int(15, 45) * MINUTE + rng.int(0, 59) * 1000;
  let t = createdMs;
  if (rng.next() < 0.05 && level < policy.rules.length) {
    // A responder escalated by hand before anyone acknowledged.
    t = createdMs + rng.int(2, 5) * MINUTE;
    level += 1;
    assignees = usersOnCallAtLevel(policy, level, state.schedules, t);
    add(
      'escalate_log_entry',
      t,
      `Escalated to level ${level}.`,
      assignees[0] ? { type: 'user', id: assignees[0] } : null,
      { type: 'web_trigger' },
      { assigneeIds: [...assignees] },
    );
  }
  // Timeout escalations while nobody acknowledges (only to the policy's last level).
  let nextEscalation =
    createdMs + policy.rules[level - 1].delayMinutes * MINUTE;
  const ackAt = createdMs + ackDelayMs;
  const stopAt = acknowledged ? ackAt : createdMs + 45 * MINUTE;
  while (level < policy.rules.length && nextEscalation < stopAt) {
    level += 1;
    assignees = usersOnCallAtLevel(
      policy,
      level,
      state.schedules,
      nextEscalation,
    );
    add(
      'escalate_log_entry',
      nextEscalation,
      `Escalated to level ${level} (acknowledgement timeout).`,
      null,
      { type: 'timeout' },
      { assigneeIds: [...assignees] },
    );
    nextEscalation += policy.rules[level - 1].delayMinutes * MINUTE;
  }
  let resolvedMs: number;
  let resolver: AgentRecord = serviceAgent;
  if (acknowledged && assignees.length) {
    const by: AgentRecord = { type: 'user', id: assignees[0] };
    add(
      'acknowledge_log_entry',
      ackAt,
      `Acknowledged by ${state.agentName(by)}.`,
      by,
      { type: 'mobile' },
      { acknowledgementTimeout: service.acknowledgementTimeout },
    );
    resolver = by;
    resolvedMs =
      ackAt +
      (rng.next() < 0.75 ? rng.int(5, 55) : rng.int(60, 300)) * MINUTE +
      rng.int(0, 59) * 1000;
  } else {
    // Resolved by the monitoring tool (a resolve event) without an acknowledgement.
    resolvedMs = createdMs + rng.int(20, 240) * MINUTE;
  }
  add(
    'resolve_log_entry',
    resolvedMs,
    `Resolved by ${state.agentName(resolver)}.`,
    resolver,
    { type: resolver.type === 'user' ? 'mobile' : 'api' },
  );
  const createdAt = isoSeconds(createdMs);
  const resolvedAt = isoSeconds(resolvedMs);
  return {
    id: rng.longId('Q'),
    number: 0,
    title,
    status: 'resolved',
    urgency,
    incidentKey: key,
    serviceId: service.id,
    escalationPolicyId: policy.id,
    escalationLevel: level,
    priorityId:
      urgency === 'high' && rng.next() < 0.5
        ? rng.pick(['PPRIO01', 'PPRIO02', 'PPRIO03'])
        : null,
    assignments: [],
    acknowledgements: [],
    assignedVia: 'escalation_policy',
    createdAt,
    updatedAt: resolvedAt,
    lastStatusChangeAt: resolvedAt,
    lastStatusChangeBy: resolver,
    resolvedAt,
    alertCount: 1,
    details: null,
    conferenceBridge: null,
    routingKey:
      service.integrations.find(
        i => i.type === 'events_api_v2_inbound_integration',
      )?.integrationKey ?? null,
    logEntries: entries,
    notes: [],
  };
}
