import {
  AgentRecord,
  EscalationPolicyRecord,
  IncidentRecord,
  IntegrationRecord,
  LogEntryRecord,
  ScheduleRecord,
  ServiceRecord,
  ServiceStatus,
  UserRecord,
} from './model';
import { addServiceCustomField } from './customFields';
import { seedHistory } from './history';
import { usersOnCallAtLevel } from './oncall';
import { Random, isoSeconds } from './random';
import { SimulatorState } from './store';

/**
 * Well-known objects of the seeded data. They are identical for every seed; the other
 * generated objects (extra users, services, resolved incidents) vary with the seed.
 * @public
 */
export const SEED = {
  teams: {
    commerce: 'PTMCOMM',
    search: 'PTMSRCH',
    platform: 'PTMPLAT',
  },
  users: {
    alice: { id: 'PALICE1', name: 'Alice Anders', email: 'alice@example.com' },
    bob: { id: 'PBOBBY1', name: 'Bob Baker', email: 'bob@example.com' },
    carol: { id: 'PCAROL1', name: 'Carol Chen', email: 'carol@example.com' },
    david: { id: 'PDAVID1', name: 'David Diaz', email: 'david@example.com' },
    erin: { id: 'PERINE1', name: 'Erin Evans', email: 'erin@example.com' },
    frank: { id: 'PFRANK1', name: 'Frank Fischer', email: 'frank@example.com' },
    grace: { id: 'PGRACE1', name: 'Grace Green', email: 'grace@example.com' },
    heidi: { id: 'PHEIDI1', name: 'Heidi Hill', email: 'heidi@example.com' },
  },
  schedules: {
    /** Weekly rotation alice → bob → carol, hand-off Monday 09:00 UTC. */
    checkoutPrimary: 'PSCHPRI',
    /** Daily rotation david → erin → alice, hand-off 09:00 UTC. */
    checkoutSecondary: 'PSCHSEC',
    /** Daily rotation frank → grace (hand-off 06:00 UTC), nobody on call 00:00–06:00 UTC. */
    gap: 'PSCHGAP',
    /** bob only. */
    paymentsPrimary: 'PSCHPAY',
    /** bob only: bob is on call twice at level 1 of PEPPAY1. */
    paymentsBackup: 'PSCHPBK',
    /** Daily carol → frank (America/New_York), weekend layer grace. */
    search: 'PSCHSRC',
    /** Daily rotation of erin and generated users. */
    platform: 'PSCHPLT',
  },
  escalationPolicies: {
    /** L1 PSCHPRI; L2 PSCHSEC + heidi; L3 heidi (heidi on call at two levels). */
    checkout: 'PEPCHK1',
    /** L1 PSCHPAY + PSCHPBK (bob twice); L2 alice. */
    payments: 'PEPPAY1',
    /** L1 PSCHSRC; L2 carol. */
    search: 'PEPSRCH',
    /** L1 PSCHGAP (gap 00:00–06:00 UTC); L2 david. */
    gap: 'PEPGAP1',
    /** L1 PSCHPLT; L2 frank. */
    platform: 'PEPPLAT',
  },
  services: {
    checkout: 'PCHKOUT',
    payments: 'PPAYMNT',
    search: 'PSEARCH',
    gap: 'PGAPSVC',
    noChangeEvents: 'PNOCHEV',
    maintenance: 'PMAINTN',
    disabled: 'PDISABL',
    noIntegration: 'PNOINTG',
  },
  integrationKeys: {
    checkout: 'pdsimcheckout0000000000000000001',
    payments: 'pdsimpayments0000000000000000002',
    search: 'pdsimsearch000000000000000000003',
    gap: 'pdsimgap000000000000000000000004',
    noChangeEvents: 'pdsimnochangeevents0000000000005',
    maintenance: 'pdsimmaintenance0000000000000006',
    disabled: 'pdsimdisabled0000000000000000007',
  },
  incidents: {
    /** PCHKOUT, triggered, high urgency, P1, incident_key "checkout/error-rate". */
    checkoutTriggered: 'PCHKI01',
    /** PCHKOUT, acknowledged, high urgency, P2, incident_key "checkout/latency". */
    checkoutAcknowledged: 'PCHKI02',
    /** PCHKOUT, resolved. */
    checkoutResolved: 'PCHKI03',
    /** PSEARCH, triggered, low urgency. */
    searchLow: 'PSRCHI1',
    /** PPAYMNT, resolved. */
    paymentsResolved: 'PPAYI01',
  },
  customFields: {
    owner: 'PCFOWNR',
    system: 'PCFSYST',
    lifecycle: 'PCFLIFE',
  },
  priorities: {
    p1: 'PPRIO01',
    p2: 'PPRIO02',
    p3: 'PPRIO03',
    p4: 'PPRIO04',
    p5: 'PPRIO05',
  },
} as const;

/** The account's service custom fields: Backstage owner, system and lifecycle. */
const SEED_CUSTOM_FIELDS: Parameters<typeof addServiceCustomField>[1][] = [
  {
    id: SEED.customFields.owner,
    name: 'backstage_owner',
    displayName: 'Owner (Backstage)',
    description: 'The owning group in the Backstage catalog',
    dataType: 'string',
    fieldType: 'single_value',
    enabled: true,
  },
  {
    id: SEED.customFields.system,
    name: 'backstage_system',
    displayName: 'System (Backstage)',
    description: 'The system the service belongs to in the Backstage catalog',
    dataType: 'string',
    fieldType: 'single_value',
    enabled: true,
  },
  {
    id: SEED.customFields.lifecycle,
    name: 'lifecycle',
    displayName: 'Lifecycle',
    description: null,
    dataType: 'string',
    fieldType: 'single_value_fixed',
    enabled: true,
    options: ['experimental', 'production', 'deprecated'],
  },
];

/**
 * Layers of the seeded schedules start here; on-call computation is exact from then on.
 * @public
 */
export const SEED_EPOCH = '2024-01-01T00:00:00Z';

const FIRST_NAMES = [
  'Ivan',
  'Judy',
  'Mallory',
  'Niaj',
  'Olivia',
  'Peggy',
  'Rupert',
  'Sybil',
  'Trent',
  'Uma',
  'Victor',
  'Wendy',
];
const LAST_NAMES = [
  'Iverson',
  'Jones',
  'Moore',
  'Nash',
  'Ortiz',
  'Park',
  'Quinn',
  'Reed',
  'Silva',
  'Turner',
];
const COLORS = [
  'purple',
  'red',
  'green',
  'blue',
  'teal',
  'orange',
  'brown',
  'cayenne',
];
const EXTRA_SERVICES = [
  ['Catalog API', 'Product catalogue read API'],
  ['Recommendations', 'Personalised recommendations'],
  ['Notifications', 'E-mail, SMS and push notifications'],
  ['Identity', 'Login, sessions and tokens'],
  ['Shipping', 'Carrier integrations and tracking'],
];
const INCIDENT_TITLES = [
  'High error rate',
  'Latency above SLO',
  'Disk usage above 90%',
  'Pod crash looping',
  'Queue backlog growing',
  'Certificate expires in 7 days',
  'Synthetic check failing',
];

const HOUR = 3_600_000;

/** Fills `state` with the seeded data for `seed`, relative to the state's clock. */
export function seedState(state: SimulatorState, seed: number): void {
  state.clear(seed);
  const rng = new Random(seed);
  const now = state.nowMs();
  const at = (offsetMs: number) => isoSeconds(now + offsetMs);

  // Teams
  for (const [id, name, description] of [
    [SEED.teams.commerce, 'Commerce', 'Checkout and payments'],
    [SEED.teams.search, 'Search & Discovery', 'Search and recommendations'],
    [SEED.teams.platform, 'Platform', 'Shared infrastructure'],
  ]) {
    state.teams.set(id, { id, name, description });
  }

  // Users
  const wellKnown: Array<
    [keyof typeof SEED.users, string, string, string, string[]]
  > = [
    [
      'alice',
      'Europe/London',
      'admin',
      'Staff Engineer',
      [SEED.teams.commerce],
    ],
    [
      'bob',
      'America/New_York',
      'user',
      'Senior Engineer',
      [SEED.teams.commerce],
    ],
    ['carol', 'Asia/Singapore', 'user', 'Search Engineer', [SEED.teams.search]],
    [
      'david',
      'America/Los_Angeles',
      'user',
      'SRE',
      [SEED.teams.platform, SEED.teams.commerce],
    ],
    ['erin', 'Europe/Berlin', 'user', 'SRE', [SEED.teams.platform]],
    [
      'frank',
      'UTC',
      'user',
      'Data Engineer',
      [SEED.teams.platform, SEED.teams.search],
    ],
    [
      'grace',
      'Australia/Sydney',
      'limited_user',
      'Engineer',
      [SEED.teams.platform],
    ],
    [
      'heidi',
      'America/Chicago',
      'admin',
      'Engineering Manager',
      [SEED.teams.commerce],
    ],
  ];
  wellKnown.forEach(([key, timeZone, role, jobTitle, teamIds], i) => {
    const u = SEED.users[key];
    state.users.set(u.id, {
      id: u.id,
      name: u.name,
      email: u.email,
      timeZone,
      color: COLORS[i % COLORS.length],
      role,
      jobTitle,
      description: `${u.name}, ${jobTitle}`,
      teamIds,
      // US "555-01xx" numbers are reserved for fiction.
      phone: {
        countryCode: 1,
        number: `41555501${String(i + 1).padStart(2, '0')}`,
      },
    });
  });
  const extraUsers: UserRecord[] = [];
  const usedNames = new Set<string>();
  while (extraUsers.length < 6) {
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    if (usedNames.has(first)) continue;
    usedNames.add(first);
    const u: UserRecord = {
      id: rng.pdId(),
      name: `${first} ${last}`,
      email: `${first}.${last}@example.com`.toLowerCase(),
      timeZone: rng.pick([
        'UTC',
        'Europe/Paris',
        'America/Denver',
        'Asia/Tokyo',
      ]),
      color: rng.pick(COLORS),
      role: 'user',
      jobTitle: 'Engineer',
      description: '',
      teamIds: [
        rng.pick([SEED.teams.platform, SEED.teams.search, SEED.teams.commerce]),
      ],
    };
    extraUsers.push(u);
    state.users.set(u.id, u);
  }
  const U = SEED.users;

  // Schedules
  const layer = (
    id: string,
    name: string,
    userIds: string[],
    turnSeconds: number,
    virtualStart: string,
    restrictions: ScheduleRecord['layers'][number]['restrictions'] = [],
  ) => ({
    id,
    name,
    start: SEED_EPOCH,
    end: null,
    rotationVirtualStart: virtualStart,
    rotationTurnLengthSeconds: turnSeconds,
    userIds,
    restrictions,
  });
  const schedule = (
    id: string,
    name: string,
    timeZone: string,
    teamIds: string[],
    layers: ScheduleRecord['layers'],
  ): ScheduleRecord => ({
    id,
    name,
    description: `${name} rotation`,
    timeZone,
    teamIds,
    layers,
    overrides: [],
  });
  const DAY_S = 86_400;
  const WEEK_S = 7 * DAY_S;
  const S = SEED.schedules;
  for (const s of [
    schedule(
      S.checkoutPrimary,
      'Checkout Primary',
      'UTC',
      [SEED.teams.commerce],
      [
        layer(
          'PLCHK01',
          'Weekly rotation',
          [U.alice.id, U.bob.id, U.carol.id],
          WEEK_S,
          '2024-01-01T09:00:00Z',
        ),
      ],
    ),
    schedule(
      S.checkoutSecondary,
      'Checkout Secondary',
      'UTC',
      [SEED.teams.commerce],
      [
        layer(
          'PLCHK02',
          'Daily rotation',
          [U.david.id, U.erin.id, U.alice.id],
          DAY_S,
          '2024-01-01T09:00:00Z',
        ),
      ],
    ),
    schedule(
      S.gap,
      'Night Batch (06:00-24:00 UTC)',
      'UTC',
      [SEED.teams.platform],
      [
        layer(
          'PLGAP01',
          'Daytime coverage',
          [U.frank.id, U.grace.id],
          DAY_S,
          '2024-01-01T06:00:00Z',
          [
            {
              type: 'daily_restriction',
              startTimeOfDay: '06:00:00',
              durationSeconds: 18 * 3600,
            },
          ],
        ),
      ],
    ),
    schedule(
      S.paymentsPrimary,
      'Payments Primary',
      'America/New_York',
      [SEED.teams.commerce],
      [layer('PLPAY01', 'Primary', [U.bob.id], WEEK_S, '2024-01-01T14:00:00Z')],
    ),
    schedule(
      S.paymentsBackup,
      'Payments Backup',
      'America/New_York',
      [SEED.teams.commerce],
      [layer('PLPAY02', 'Backup', [U.bob.id], WEEK_S, '2024-01-01T14:00:00Z')],
    ),
    schedule(
      S.search,
      'Search On-call',
      'America/New_York',
      [SEED.teams.search],
      [
        layer(
          'PLSRC01',
          'Weekdays',
          [U.carol.id, U.frank.id, extraUsers[0].id],
          DAY_S,
          '2024-01-01T14:00:00Z',
        ),
        layer(
          'PLSRC02',
          'Weekend cover',
          [U.grace.id],
          WEEK_S,
          '2024-01-06T05:00:00Z',
          [
            {
              type: 'weekly_restriction',
              startTimeOfDay: '00:00:00',
              startDayOfWeek: 6,
              durationSeconds: 2 * DAY_S,
            },
          ],
        ),
      ],
    ),
    schedule(
      S.platform,
      'Platform Rotation',
      'Europe/Berlin',
      [SEED.teams.platform],
      [
        layer(
          'PLPLT01',
          'Daily',
          [U.erin.id, extraUsers[1].id, extraUsers[2].id, extraUsers[3].id],
          DAY_S,
          '2024-01-01T08:00:00Z',
        ),
      ],
    ),
  ]) {
    state.schedules.set(s.id, s);
  }

  // Escalation policies
  const sched = (id: string) => ({ type: 'schedule' as const, id });
  const user = (id: string) => ({ type: 'user' as const, id });
  const policy = (
    id: string,
    name: string,
    teamIds: string[],
    levels: Array<Array<{ type: 'user' | 'schedule'; id: string }>>,
  ): EscalationPolicyRecord => ({
    id,
    name,
    description: `${name} policy`,
    numLoops: 0,
    teamIds,
    rules: levels.map((targets, i) => ({
      id: `${id.slice(0, 5)}R${i + 1}`,
      delayMinutes: i === 0 ? 15 : 30,
      targets,
    })),
  });
  const EP = SEED.escalationPolicies;
  for (const p of [
    policy(
      EP.checkout,
      'Checkout Escalation',
      [SEED.teams.commerce],
      [
        [sched(S.checkoutPrimary)],
        [sched(S.checkoutSecondary), user(U.heidi.id)],
        [user(U.heidi.id)],
      ],
    ),
    policy(
      EP.payments,
      'Payments Escalation',
      [SEED.teams.commerce],
      [[sched(S.paymentsPrimary), sched(S.paymentsBackup)], [user(U.alice.id)]],
    ),
    policy(
      EP.search,
      'Search Escalation',
      [SEED.teams.search],
      [[sched(S.search)], [user(U.carol.id)]],
    ),
    policy(
      EP.gap,
      'Night Batch Escalation',
      [SEED.teams.platform],
      [[sched(S.gap)], [user(U.david.id)]],
    ),
    policy(
      EP.platform,
      'Platform Default',
      [SEED.teams.platform],
      [[sched(S.platform)], [user(U.frank.id)]],
    ),
  ]) {
    state.escalationPolicies.set(p.id, p);
  }

  // Priorities
  ['P1', 'P2', 'P3', 'P4', 'P5'].forEach((name, i) => {
    const id = `PPRIO0${i + 1}`;
    state.priorities.set(id, {
      id,
      name,
      description: ['Critical', 'High', 'Moderate', 'Low', 'Informational'][i],
      color: ['a8171c', 'eb6016', 'f9b406', '0264d6', '8c8c8c'][i],
      order: (5 - i) * 100,
    });
  });

  // Services
  const created = '2024-01-01T00:00:00Z';
  const v2 = (
    serviceId: string,
    key: string,
    name = 'Events API v2',
  ): IntegrationRecord => ({
    id: `PI${serviceId.slice(1, 6)}`,
    type: 'events_api_v2_inbound_integration',
    name,
    serviceId,
    createdAt: created,
    integrationKey: key,
    integrationEmail: null,
  });
  const email = (serviceId: string, id: string): IntegrationRecord => ({
    id,
    type: 'generic_email_inbound_integration',
    name: 'Email',
    serviceId,
    createdAt: created,
    integrationKey: null,
    integrationEmail: `${serviceId.toLowerCase()}@pdsim.pagerduty.com`,
  });
  const service = (
    id: string,
    name: string,
    description: string,
    status: ServiceStatus,
    policyId: string,
    teamIds: string[],
    integrations: IntegrationRecord[],
  ): ServiceRecord => ({
    id,
    name,
    description,
    status,
    escalationPolicyId: policyId,
    teamIds,
    createdAt: created,
    autoResolveTimeout: 14400,
    acknowledgementTimeout: 1800,
    urgencyRule: 'high',
    integrations,
  });
  const SV = SEED.services;
  const K = SEED.integrationKeys;
  const services = [
    service(
      SV.checkout,
      'Checkout API',
      'Cart and checkout HTTP API',
      'critical',
      EP.checkout,
      [SEED.teams.commerce],
      [v2(SV.checkout, K.checkout, 'Datadog'), email(SV.checkout, 'PEMCHK1')],
    ),
    service(
      SV.payments,
      'Payments',
      'Payment provider gateway',
      'active',
      EP.payments,
      [SEED.teams.commerce],
      [v2(SV.payments, K.payments)],
    ),
    service(
      SV.search,
      'Search',
      'Full-text product search',
      'warning',
      EP.search,
      [SEED.teams.search],
      [v2(SV.search, K.search, 'Prometheus Alertmanager')],
    ),
    service(
      SV.gap,
      'Night Batch',
      'Nightly batch jobs (schedule with a gap)',
      'active',
      EP.gap,
      [SEED.teams.platform],
      [v2(SV.gap, K.gap)],
    ),
    service(
      SV.noChangeEvents,
      'Legacy Inventory',
      'Account without change events',
      'active',
      EP.platform,
      [SEED.teams.platform],
      [v2(SV.noChangeEvents, K.noChangeEvents)],
    ),
    service(
      SV.maintenance,
      'Reporting',
      'Reports (in maintenance)',
      'maintenance',
      EP.platform,
      [SEED.teams.platform],
      [v2(SV.maintenance, K.maintenance)],
    ),
    service(
      SV.disabled,
      'Old Mailer',
      'Decommissioned mailer',
      'disabled',
      EP.platform,
      [SEED.teams.platform],
      [v2(SV.disabled, K.disabled)],
    ),
    service(
      SV.noIntegration,
      'Internal Wiki',
      'No Events API v2 integration',
      'active',
      EP.platform,
      [SEED.teams.platform],
      [email(SV.noIntegration, 'PEMWIKI')],
    ),
  ];
  services.find(s => s.id === SV.search)!.urgencyRule = 'low';
  for (const [name, description] of EXTRA_SERVICES) {
    const id = rng.pdId();
    services.push(
      service(
        id,
        name,
        description,
        'active',
        rng.pick([EP.platform, EP.search]),
        [
          rng.pick([
            SEED.teams.platform,
            SEED.teams.search,
            SEED.teams.commerce,
          ]),
        ],
        [{ ...v2(id, rng.hex32()), id: rng.pdId() }],
      ),
    );
  }
  for (const s of services) state.services.set(s.id, s);

  // Incidents
  const userAgent = (id: string): AgentRecord => ({ type: 'user', id });
  const serviceAgent = (id: string): AgentRecord => ({ type: 'service', id });
  const entry = (
    type: LogEntryRecord['type'],
    createdAt: string,
    summary: string,
    agent: AgentRecord | null,
    channel: Record<string, unknown>,
    extra: Partial<LogEntryRecord> = {},
  ): LogEntryRecord => ({
    id: rng.longId('R'),
    type,
    createdAt,
    summary,
    agent,
    channel,
    ...extra,
  });

  interface SeedIncident {
    id?: string;
    serviceId: string;
    title: string;
    key: string;
    urgency: 'high' | 'low';
    status: 'triggered' | 'acknowledged' | 'resolved';
    ageMs: number;
    priorityId?: string;
    notes?: Array<[string, string]>;
    details?: Record<string, unknown>;
  }
  const makeIncident = (spec: SeedIncident): IncidentRecord => {
    const svc = state.services.get(spec.serviceId)!;
    const policyRec = state.escalationPolicies.get(svc.escalationPolicyId)!;
    const createdMs = now - spec.ageMs;
    const createdAt = isoSeconds(createdMs);
    let assignees: string[] = [];
    let level = 1;
    for (; level <= policyRec.rules.length; level++) {
      assignees = usersOnCallAtLevel(
        policyRec,
        level,
        state.schedules,
        createdMs,
      );
      if (assignees.length) break;
    }
    if (!assignees.length) level = 1;
    const integration = svc.integrations.find(
      i => i.type === 'events_api_v2_inbound_integration',
    );
    const channel = {
      type: 'api',
      summary: spec.title,
      description: spec.title,
      incident_key: spec.key,
      service_key: integration?.integrationKey ?? undefined,
      client: integration?.name ?? 'Monitoring',
      client_url: 'https://monitoring.example.com',
      details: spec.details ?? {},
      cef_details: {
        severity: spec.urgency === 'high' ? 'critical' : 'warning',
        source_origin: `${svc.name
          .toLowerCase()
          .replace(/\W+/g, '-')}.prod.example.com`,
        summary: spec.title,
        dedup_key: spec.key,
        details: spec.details ?? {},
      },
    };
    const agent = serviceAgent(svc.id);
    const logEntries: LogEntryRecord[] = [
      entry(
        'trigger_log_entry',
        createdAt,
        'Triggered through the API.',
        agent,
        channel,
        {
          contexts: [
            {
              type: 'link',
              href: 'https://monitoring.example.com/dashboards/1',
              text: 'Dashboard',
            },
          ],
        },
      ),
    ];
    if (assignees.length) {
      logEntries.push(
        entry(
          'assign_log_entry',
          createdAt,
          `Assigned to ${assignees
            .map(a => state.users.get(a)!.name)
            .join(', ')}.`,
          agent,
          { type: 'auto' },
          {
            assigneeIds: [...assignees],
          },
        ),
      );
    }
    let lastChangeAt = createdAt;
    let lastChangeBy: AgentRecord = agent;
    const acknowledgements: IncidentRecord['acknowledgements'] = [];
    let resolvedAt: string | null = null;
    if (spec.status !== 'triggered' && assignees.length) {
      const ackAt = isoSeconds(
        createdMs + Math.min(spec.ageMs / 4, 10 * 60_000),
      );
      const ackBy = userAgent(assignees[0]);
      logEntries.push(
        entry(
          'acknowledge_log_entry',
          ackAt,
          `Acknowledged by ${state.users.get(ackBy.id)!.name}.`,
          ackBy,
          { type: 'mobile' },
          {
            acknowledgementTimeout: svc.acknowledgementTimeout,
          },
        ),
      );
      acknowledgements.push({ agent: ackBy, at: ackAt });
      lastChangeAt = ackAt;
      lastChangeBy = ackBy;
    }
    const notes = (spec.notes ?? []).map(([userId, content], i) => {
      const noteAt = isoSeconds(
        createdMs + (i + 1) * Math.min(spec.ageMs / 3, 12 * 60_000),
      );
      logEntries.push(
        entry('annotate_log_entry', noteAt, 'Note added', userAgent(userId), {
          type: 'note',
          summary: content,
        }),
      );
      return { id: rng.pdId(), userId, content, createdAt: noteAt };
    });
    if (spec.status === 'resolved') {
      resolvedAt = isoSeconds(createdMs + Math.min(spec.ageMs / 2, 2 * HOUR));
      const by = assignees.length ? userAgent(assignees[0]) : agent;
      logEntries.push(
        entry(
          'resolve_log_entry',
          resolvedAt,
          `Resolved by ${state.agentName(by)}.`,
          by,
          { type: 'api' },
        ),
      );
      lastChangeAt = resolvedAt;
      lastChangeBy = by;
    }
    logEntries.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    return {
      id: spec.id ?? rng.longId('Q'),
      number: state.nextIncidentNumber++,
      title: spec.title,
      status: spec.status,
      urgency: spec.urgency,
      incidentKey: spec.key,
      serviceId: svc.id,
      escalationPolicyId: policyRec.id,
      escalationLevel: level,
      priorityId: spec.priorityId ?? null,
      assignments:
        spec.status === 'resolved'
          ? []
          : assignees.map(userId => ({ userId, at: createdAt })),
      acknowledgements: spec.status === 'resolved' ? [] : acknowledgements,
      assignedVia: 'escalation_policy',
      createdAt,
      updatedAt: logEntries[logEntries.length - 1].createdAt,
      lastStatusChangeAt: lastChangeAt,
      lastStatusChangeBy: lastChangeBy,
      resolvedAt,
      alertCount: 1,
      details: spec.details ?? null,
      conferenceBridge: null,
      routingKey: integration?.integrationKey ?? null,
      logEntries,
      notes,
    };
  };

  const I = SEED.incidents;
  const specs: SeedIncident[] = [
    {
      id: I.checkoutResolved,
      serviceId: SV.checkout,
      title: 'Checkout pods OOMKilled',
      key: 'checkout/oom',
      urgency: 'high',
      status: 'resolved',
      ageMs: 26 * HOUR,
      priorityId: SEED.priorities.p2,
    },
    {
      serviceId: SV.checkout,
      title: 'Slow coupon validation',
      key: 'checkout/coupons',
      urgency: 'low',
      status: 'resolved',
      ageMs: 3 * 24 * HOUR,
    },
    {
      id: I.paymentsResolved,
      serviceId: SV.payments,
      title: 'Payment provider returned 502s',
      key: 'payments/provider-502',
      urgency: 'high',
      status: 'resolved',
      ageMs: 5 * 24 * HOUR,
      priorityId: SEED.priorities.p1,
    },
    {
      id: I.checkoutAcknowledged,
      serviceId: SV.checkout,
      title: 'Elevated latency on /cart',
      key: 'checkout/latency',
      urgency: 'high',
      status: 'acknowledged',
      ageMs: 2 * HOUR,
      priorityId: SEED.priorities.p2,
      notes: [
        [
          U.bob.id,
          'Cache hit ratio dropped after the config change; rolling back.',
        ],
      ],
      details: { p99_ms: 2400, endpoint: '/cart' },
    },
    {
      id: I.searchLow,
      serviceId: SV.search,
      title: 'Search index replication lag above 5 minutes',
      key: 'search/replication-lag',
      urgency: 'low',
      status: 'triggered',
      ageMs: 50 * 60_000,
      priorityId: SEED.priorities.p4,
      details: { lag_seconds: 340 },
    },
    {
      id: I.checkoutTriggered,
      serviceId: SV.checkout,
      title: 'Checkout API error rate above 5%',
      key: 'checkout/error-rate',
      urgency: 'high',
      status: 'triggered',
      ageMs: 25 * 60_000,
      priorityId: SEED.priorities.p1,
      notes: [[U.alice.id, 'Error spike started right after deploy v1.42.0.']],
      details: { error_rate: '7.3%', region: 'eu-west-1' },
    },
  ];
  for (const s of services.slice(8)) {
    const n = rng.int(1, 3);
    for (let i = 0; i < n; i++) {
      specs.push({
        serviceId: s.id,
        title: `${s.name}: ${rng.pick(INCIDENT_TITLES)}`,
        key: `${s.name.toLowerCase().replace(/\W+/g, '-')}/${rng.string(
          6,
          'abcdef0123456789',
        )}`,
        urgency: rng.next() < 0.5 ? 'high' : 'low',
        status: 'resolved',
        ageMs: rng.int(2, 20 * 24) * HOUR,
      });
    }
    if (rng.next() < 0.4) {
      specs.push({
        serviceId: s.id,
        title: `${s.name}: ${rng.pick(INCIDENT_TITLES)}`,
        key: `${s.name.toLowerCase().replace(/\W+/g, '-')}/open`,
        urgency: 'low',
        status: 'triggered',
        ageMs: rng.int(1, 10) * HOUR,
      });
    }
  }
  specs.sort((a, b) => b.ageMs - a.ageMs);
  // The resolved history (older than every incident below, so numbers stay chronological).
  seedHistory(state, seed);
  for (const spec of specs) {
    const inc = makeIncident(spec);
    state.incidents.set(inc.id, inc);
  }
  for (const s of services) state.refreshServiceStatus(s.id);

  // Change events
  const change = (
    serviceId: string,
    offsetMs: number,
    summary: string,
    source: string,
    customDetails: Record<string, unknown>,
  ) => {
    const svc = state.services.get(serviceId)!;
    const integ = svc.integrations.find(
      i => i.type === 'events_api_v2_inbound_integration',
    );
    state.addChangeEvent({
      summary,
      timestamp: at(offsetMs),
      source,
      serviceIds: [serviceId],
      integrationId: integ?.id ?? null,
      routingKey: integ?.integrationKey ?? null,
      customDetails,
      links: [
        {
          href: `https://ci.example.com/${source}/${Math.abs(offsetMs)}`,
          text: 'View in CI',
        },
      ],
      images: [],
    });
  };
  change(
    SV.checkout,
    -2 * 24 * HOUR,
    'Config change: DB pool size 50 -> 80',
    'config-repo',
    { author: 'heidi' },
  );
  change(
    SV.checkout,
    -24 * HOUR,
    'Deploy checkout-api v1.41.2',
    'github-actions',
    { version: 'v1.41.2' },
  );
  change(
    SV.checkout,
    -3 * HOUR,
    'Feature flag new-cart enabled for 50%',
    'launchdarkly',
    { flag: 'new-cart' },
  );
  change(
    SV.checkout,
    -40 * 60_000,
    'Deploy checkout-api v1.42.0',
    'github-actions',
    { version: 'v1.42.0' },
  );
  change(SV.payments, -6 * HOUR, 'Deploy payments v3.1.0', 'github-actions', {
    version: 'v3.1.0',
  });
  change(SV.noChangeEvents, -5 * HOUR, 'Deploy inventory v0.9.1', 'jenkins', {
    version: 'v0.9.1',
  });

  state.abilities = [
    'teams',
    'read_only_users',
    'team_responders',
    'urgencies',
    'service_support_hours',
    'manage_schedules',
    'manage_api_keys',
    'coordinated_responding',
    'event_rules',
    'on_call_handoff_notifications',
    'change_events',
    'analytics',
  ];

  // Service custom fields, as an account that syncs them from Backstage would have.
  for (const field of SEED_CUSTOM_FIELDS) addServiceCustomField(state, field);
}
