/*
 * Internal data model of the simulator. Records keep ids for relations; the REST layer
 * (src/rest/serialize.ts) turns them into PagerDuty's JSON shapes.
 */

/** @public */
export interface TeamRecord {
  id: string;
  name: string;
  description: string;
}

/** @public */
export interface UserRecord {
  id: string;
  name: string;
  email: string;
  timeZone: string;
  color: string;
  role: string;
  jobTitle: string;
  description: string;
  teamIds: string[];
  /** A mobile number, offered as phone and SMS contact methods (besides the email one). */
  phone?: { countryCode: number; number: string };
}

/** @public */
export interface RestrictionRecord {
  type: 'daily_restriction' | 'weekly_restriction';
  /** "HH:MM:SS" in the schedule's time zone. */
  startTimeOfDay: string;
  durationSeconds: number;
  /** ISO day of week (1 = Monday) for weekly restrictions. */
  startDayOfWeek?: number;
}

/** @public */
export interface ScheduleLayerRecord {
  id: string;
  name: string;
  /** ISO date-time when the layer starts to apply. */
  start: string;
  /** ISO date-time when the layer stops applying, or null. */
  end: string | null;
  rotationVirtualStart: string;
  rotationTurnLengthSeconds: number;
  userIds: string[];
  restrictions: RestrictionRecord[];
}

/** @public */
export interface ScheduleOverrideRecord {
  id: string;
  userId: string;
  start: string;
  end: string;
}

/** @public */
export interface ScheduleRecord {
  id: string;
  name: string;
  description: string;
  timeZone: string;
  teamIds: string[];
  /** Later layers take precedence over earlier ones (like "Layer 2" over "Layer 1" in the UI). */
  layers: ScheduleLayerRecord[];
  overrides: ScheduleOverrideRecord[];
}

/** @public */
export interface EscalationTargetRecord {
  type: 'user' | 'schedule';
  id: string;
}

/** @public */
export interface EscalationRuleRecord {
  id: string;
  delayMinutes: number;
  targets: EscalationTargetRecord[];
}

/** @public */
export interface EscalationPolicyRecord {
  id: string;
  name: string;
  description: string;
  numLoops: number;
  teamIds: string[];
  rules: EscalationRuleRecord[];
}

/** @public */
export interface IntegrationRecord {
  id: string;
  type:
    | 'events_api_v2_inbound_integration'
    | 'generic_email_inbound_integration'
    | 'generic_events_api_inbound_integration';
  name: string;
  serviceId: string;
  createdAt: string;
  /** Routing key (Events v2) or service key; null for e-mail integrations. */
  integrationKey: string | null;
  integrationEmail: string | null;
}

/** @public */
export type ServiceStatus =
  | 'active'
  | 'warning'
  | 'critical'
  | 'maintenance'
  | 'disabled';

/** @public */
export interface ServiceRecord {
  id: string;
  name: string;
  description: string;
  status: ServiceStatus;
  escalationPolicyId: string;
  teamIds: string[];
  createdAt: string;
  autoResolveTimeout: number | null;
  acknowledgementTimeout: number | null;
  urgencyRule: 'high' | 'low' | 'severity_based';
  integrations: IntegrationRecord[];
  /** As created with `POST /services` (`alert_grouping_parameters`). */
  alertGroupingParameters?: { type: string; config?: Record<string, unknown> };
}

/** @public */
export interface PriorityRecord {
  id: string;
  name: string;
  description: string;
  color: string;
  order: number;
}

/** A reference to the actor of a change. @public */
export interface AgentRecord {
  type: 'user' | 'service' | 'integration';
  id: string;
}

/** @public */
export interface LogEntryRecord {
  id: string;
  type:
    | 'trigger_log_entry'
    | 'acknowledge_log_entry'
    | 'resolve_log_entry'
    | 'assign_log_entry'
    | 'annotate_log_entry'
    | 'escalate_log_entry'
    | 'delegate_log_entry'
    | 'unacknowledge_log_entry';
  createdAt: string;
  summary: string;
  agent: AgentRecord | null;
  channel: Record<string, unknown>;
  /** Assigned users (assign/escalate/delegate entries). */
  assigneeIds?: string[];
  note?: string;
  /** Acknowledge entries: the service's acknowledgement timeout (seconds). */
  acknowledgementTimeout?: number | null;
  contexts?: Array<Record<string, unknown>>;
}

/** @public */
export interface NoteRecord {
  id: string;
  userId: string;
  content: string;
  createdAt: string;
}

/** @public */
export type IncidentStatus = 'triggered' | 'acknowledged' | 'resolved';

/** @public */
export interface IncidentRecord {
  id: string;
  number: number;
  title: string;
  status: IncidentStatus;
  urgency: 'high' | 'low';
  incidentKey: string;
  serviceId: string;
  escalationPolicyId: string;
  escalationLevel: number;
  priorityId: string | null;
  assignments: Array<{ userId: string; at: string }>;
  acknowledgements: Array<{ agent: AgentRecord; at: string }>;
  assignedVia: 'escalation_policy' | 'direct_assignment';
  createdAt: string;
  updatedAt: string;
  lastStatusChangeAt: string;
  lastStatusChangeBy: AgentRecord;
  resolvedAt: string | null;
  /** Number of alerts (trigger events) grouped in the incident. */
  alertCount: number;
  details: Record<string, unknown> | null;
  conferenceBridge: {
    conference_number?: string;
    conference_url?: string;
  } | null;
  /** Routing key of the integration that created it (Events v2), for dedup. */
  routingKey: string | null;
  logEntries: LogEntryRecord[];
  notes: NoteRecord[];
}

/** @public */
export interface ChangeEventRecord {
  id: string;
  summary: string;
  timestamp: string;
  source: string | null;
  serviceIds: string[];
  integrationId: string | null;
  routingKey: string | null;
  customDetails: Record<string, unknown>;
  links: Array<{ href: string; text?: string }>;
  images: Array<{ src: string; href?: string; alt?: string }>;
}

/** @public */
export interface WebhookSubscriptionRecord {
  id: string;
  url: string;
  /** Several secrets = several comma-separated signatures (secret rotation). */
  secrets: string[];
  /** Event types; empty = all. */
  events: string[];
  description: string;
  filter: {
    type: 'account_reference' | 'service_reference' | 'team_reference';
    id?: string;
  };
  active: boolean;
  customHeaders: Array<{ name: string; value: string }>;
}

/** "dependent depends on supporting", between technical services. @public */
/** A service custom field (`/services/custom_fields`). @public */
export interface ServiceCustomFieldRecord {
  id: string;
  name: string;
  displayName: string;
  description: string | null;
  dataType: 'boolean' | 'integer' | 'float' | 'string' | 'datetime' | 'url';
  fieldType:
    | 'single_value'
    | 'single_value_fixed'
    | 'multi_value'
    | 'multi_value_fixed';
  enabled: boolean;
  /** Allowed values of the `*_fixed` field types. */
  options: Array<{ id: string; value: string }>;
  createdAt: string;
}

/** A service's custom field values: field id → value (absent: unset). @public */
export type ServiceFieldValues = Map<
  string,
  string | number | boolean | string[]
>;

/** @public */
export interface ServiceDependencyRecord {
  id: string;
  supportingId: string;
  dependentId: string;
}
