import type { PagerDutyIncidentSla } from '../health/types';

/*
 * The JSON shapes of the PagerDuty backend plugin's HTTP API (`/api/pagerduty`), shared by the
 * backend (which produces them) and the frontend client (which consumes them).
 */

/** PagerDuty service statuses. @public */
export type PagerDutyServiceStatus =
  | 'active'
  | 'warning'
  | 'critical'
  | 'maintenance'
  | 'disabled';

/** A link to a PagerDuty object. @public */
export interface PagerDutyRef {
  id: string;
  name: string;
  htmlUrl?: string;
}

/** How fresh a section's data is. @public */
export interface PagerDutyFreshness {
  /** When the data was fetched from PagerDuty (ISO 8601). */
  fetchedAt: string;
  /** True when PagerDuty could not be reached and this is the last good data. */
  stale: boolean;
}

/** A failure limited to one PagerDuty service of an entity. @public */
export interface PagerDutyPartialError {
  serviceId?: string;
  /** A stable code, see {@link PagerDutyErrorCode}. */
  code: PagerDutyErrorCode;
  message: string;
}

/**
 * Stable error codes carried in `error.code` of the Backstage error JSON. The first group is
 * about PagerDuty and the entity's annotations; the second about the request itself.
 * @public
 */
export type PagerDutyErrorCode =
  | 'PAGERDUTY_NOT_CONFIGURED'
  | 'PAGERDUTY_TOKEN_REJECTED'
  | 'PAGERDUTY_FORBIDDEN'
  | 'PAGERDUTY_SERVICE_NOT_FOUND'
  | 'PAGERDUTY_UNAVAILABLE'
  | 'PAGERDUTY_RATE_LIMITED'
  | 'PAGERDUTY_INVALID_ANNOTATION'
  | 'PAGERDUTY_NO_ANNOTATION'
  | 'PAGERDUTY_UNKNOWN_ACCOUNT'
  /** The entity lists more services than `pagerDuty.client.maxServicesPerEntity`; not loaded. */
  | 'PAGERDUTY_TOO_MANY_SERVICES'
  | 'PAGERDUTY_REQUEST_FAILED'
  /** The request (body, query or a path parameter) is invalid; the message names the field. */
  | 'PAGERDUTY_INVALID_REQUEST'
  /** The body is not valid JSON. */
  | 'PAGERDUTY_MALFORMED_JSON'
  /** The body is larger than the route accepts. */
  | 'PAGERDUTY_PAYLOAD_TOO_LARGE'
  /** The body's Content-Type, charset or Content-Encoding is not one the route reads. */
  | 'PAGERDUTY_UNSUPPORTED_MEDIA_TYPE'
  /** No valid Backstage credentials (or, on the webhook receiver, no valid signature). */
  | 'PAGERDUTY_UNAUTHENTICATED'
  /** A Backstage permission denies the action. */
  | 'PAGERDUTY_NOT_ALLOWED'
  /** The entity, incident or trigger does not exist or is not visible to the caller. */
  | 'PAGERDUTY_NOT_FOUND'
  /** The action conflicts with the incident's state (e.g. already resolved). */
  | 'PAGERDUTY_CONFLICT'
  /** The backend cannot serve the request right now (e.g. its database); retry later. */
  | 'PAGERDUTY_SERVICE_UNAVAILABLE'
  /** Webhooks are not configured in this Backstage. */
  | 'PAGERDUTY_WEBHOOKS_NOT_CONFIGURED'
  /** A bug: the message names a request id found in the backend log. */
  | 'PAGERDUTY_INTERNAL_ERROR';

/** Common part of every section response. @public */
export interface PagerDutySectionResponse {
  freshness: PagerDutyFreshness;
  /** Services of the entity whose data could not be loaded (the others are still listed). */
  errors: PagerDutyPartialError[];
}

/** A PagerDuty service as the card shows it. @public */
export interface PagerDutyService {
  account: string;
  /** Region of the account; absent from older backends. */
  region?: 'us' | 'eu';
  /** False when the service belongs to another account than the default one. */
  isDefaultAccount?: boolean;
  id: string;
  name: string;
  description?: string;
  status: PagerDutyServiceStatus;
  htmlUrl: string;
  escalationPolicy?: PagerDutyRef;
  teams: PagerDutyRef[];
}

/** GET /entities/:kind/:namespace/:name/services @public */
export interface PagerDutyServicesResponse extends PagerDutySectionResponse {
  services: PagerDutyService[];
}

/**
 * A way to reach a PagerDuty user, from their contact methods (`GET /users/:id/contact_methods`).
 * Push notification methods are left out: nobody can use them from the card.
 * @public
 */
export interface PagerDutyContactMethod {
  type: 'phone' | 'sms' | 'email';
  /** The user's label, e.g. "Mobile" or "Work". */
  label: string;
  /** A phone number in E.164 form (`+14155550100`), or an email address. */
  address: string;
}

/** A PagerDuty user as shown in the card. @public */
export interface PagerDutyUser {
  id: string;
  name: string;
  email?: string;
  avatarUrl?: string;
  htmlUrl?: string;
  /** How to reach them; present on the on-call answer, absent elsewhere. */
  contactMethods?: PagerDutyContactMethod[];
  /** IANA time zone of the user, e.g. `Europe/Berlin`. */
  timeZone?: string;
}

/** GET /entities/:kind/:namespace/:name/users?query= (PagerDuty users by name or email). @public */
export interface PagerDutyUserSearchResponse {
  users: PagerDutyUser[];
}

/** Incident statuses. @public */
export type PagerDutyIncidentStatus = 'triggered' | 'acknowledged' | 'resolved';

/** An incident. @public */
export interface PagerDutyIncident {
  id: string;
  serviceId: string;
  number: number;
  title: string;
  status: PagerDutyIncidentStatus;
  urgency: 'high' | 'low';
  priority?: { id: string; name: string; color?: string };
  createdAt: string;
  htmlUrl: string;
  assignees: PagerDutyUser[];
  /** Acknowledgement, resolution and escalation deadlines of an open incident. */
  sla?: PagerDutyIncidentSla;
  /** Who acknowledged the incident and when (latest first). */
  acknowledgements?: { user: PagerDutyUser; at: string }[];
  /** When the status last changed (ISO 8601): "time in state". */
  lastStatusChangeAt?: string;
  /** The escalation level the incident is at (1 = first responder). */
  escalationLevel?: number;
  /** Alerts grouped into the incident. */
  alertCounts?: { all: number; triggered: number; resolved: number };
  /** The conference bridge of the incident, when one is set. */
  conferenceBridge?: { number?: string; url?: string };
}

/** A note on an incident. @public */
export interface PagerDutyIncidentNote {
  id: string;
  content: string;
  createdAt: string;
  user?: PagerDutyRef;
}

/** One entry of an incident's timeline (PagerDuty log entries). @public */
export interface PagerDutyLogEntry {
  id: string;
  /** PagerDuty's type without the suffix, e.g. `trigger`, `acknowledge`, `annotate`. */
  type: string;
  summary: string;
  createdAt: string;
  agent?: PagerDutyRef;
}

/** GET /entities/:kind/:namespace/:name/incidents/:incidentId @public */
export interface PagerDutyIncidentDetailsResponse {
  incident: PagerDutyIncident;
  description?: string;
  notes: PagerDutyIncidentNote[];
  /** Newest first. */
  logEntries: PagerDutyLogEntry[];
}

/** GET /entities/:kind/:namespace/:name/incidents @public */
export interface PagerDutyIncidentsResponse extends PagerDutySectionResponse {
  incidents: PagerDutyIncident[];
}

/** One person on call at an escalation level. @public */
export interface PagerDutyOnCallEntry {
  user: PagerDutyUser;
  /** The schedule putting them on call; absent when the level targets the user directly. */
  schedule?: PagerDutyRef;
  /** End of the current shift (ISO 8601); absent for "always on call". */
  until?: string;
  /**
   * Start of the shift (ISO 8601) when it lies in the future: nobody is on call at this level
   * right now (a schedule gap) and this is who comes next.
   */
  from?: string;
}

/** One level of an escalation policy. @public */
export interface PagerDutyOnCallLevel {
  level: number;
  oncalls: PagerDutyOnCallEntry[];
  /** Minutes before an unacknowledged incident escalates from this level to the next. */
  escalationDelayInMinutes?: number;
}

/** On-call of one escalation policy. @public */
export interface PagerDutyEscalationPolicyOnCall {
  escalationPolicy: PagerDutyRef;
  /** The services of the entity that use this policy. */
  serviceIds: string[];
  /** Every level in order, level 1 first. */
  levels: PagerDutyOnCallLevel[];
}

/** GET /entities/:kind/:namespace/:name/oncall @public */
export interface PagerDutyOnCallResponse extends PagerDutySectionResponse {
  policies: PagerDutyEscalationPolicyOnCall[];
}

/** A change event. @public */
export interface PagerDutyChangeEvent {
  id: string;
  serviceId: string;
  summary: string;
  timestamp: string;
  source?: string;
  htmlUrl?: string;
  links: { href: string; text?: string }[];
}

/** GET /entities/:kind/:namespace/:name/change-events @public */
export interface PagerDutyChangeEventsResponse
  extends PagerDutySectionResponse {
  changeEvents: PagerDutyChangeEvent[];
}

/** The sections of the entity card, as named in URLs, `?sections=` and signals. @public */
export type PagerDutyCardSectionName =
  | 'services'
  | 'incidents'
  | 'oncall'
  | 'change-events';

/** Every {@link PagerDutyCardSectionName}, in the card's order. @public */
export const PAGERDUTY_CARD_SECTIONS: readonly PagerDutyCardSectionName[] = [
  'services',
  'incidents',
  'oncall',
  'change-events',
];

/** The Backstage error JSON (`ErrorResponseBody` of `@backstage/errors`). @public */
export interface PagerDutyErrorBody {
  error: { name: string; message: string; code?: string };
  response: { statusCode: number };
}

/**
 * One section of the combined card read: exactly what the section's own route would have
 * answered, its status and its body.
 * @public
 */
export type PagerDutyCardSection<T> =
  | { status: 200; body: T }
  | { status: number; body: PagerDutyErrorBody };

/**
 * GET /entities/:kind/:namespace/:name/card[?sections=incidents,oncall]: the sections of the
 * card in one round trip (all four unless `sections` names some). The entity is resolved and
 * its read permission checked once; a failure of that answers the whole request with its
 * error, while a section that fails on its own carries its error inside and spares the others.
 * @public
 */
export interface PagerDutyCardResponse {
  sections: {
    services?: PagerDutyCardSection<PagerDutyServicesResponse>;
    incidents?: PagerDutyCardSection<PagerDutyIncidentsResponse>;
    oncall?: PagerDutyCardSection<PagerDutyOnCallResponse>;
    'change-events'?: PagerDutyCardSection<PagerDutyChangeEventsResponse>;
  };
  /**
   * Whether live updates (signals) reach this browser whichever replica receives PagerDuty's
   * webhook; when false the card polls at its normal interval. Absent from older backends.
   */
  liveUpdates?: { acrossReplicas: boolean };
}

/** GET /health, one entry per configured account. @public */
export interface PagerDutyHealthResponse {
  status: 'ok' | 'degraded' | 'not-configured';
  accounts: {
    id: string;
    isDefault: boolean;
    region: 'us' | 'eu';
    auth: 'api-token' | 'oauth';
    status: 'ok' | 'token-rejected' | 'unreachable';
    message?: string;
    /** How long the check's authenticated call took, in milliseconds. */
    latencyMs?: number;
    /** Webhooks v3: whether this account is set up to send them, and when one last arrived. */
    webhooks?: { configured: boolean; lastReceivedAt?: string };
    /**
     * The token's request budget: requests this replica sent in the last minute, and the limit
     * per minute shared by all replicas (0: no limit).
     */
    budget?: { usedInLastMinute: number; limitPerMinute: number };
  }[];
  /**
   * What this replica relies on besides PagerDuty: the cache store, the store of the shared
   * request budget, and whether live updates reach browsers connected to other replicas.
   */
  infrastructure?: {
    cache: { status: 'ok' | 'degraded'; message?: string };
    budget: {
      store: 'redis' | 'database' | 'memory';
      status: 'ok' | 'degraded';
      message?: string;
    };
    liveUpdates: {
      /** False: a signal reaches only browsers connected to the replica that sent it. */
      acrossReplicas: boolean;
      message?: string;
      /** Whether the events backend (the events bus) is installed; absent when unknown. */
      eventsBackend?: boolean;
    };
  };
}

/** One on-call shift of the signed-in user (see {@link PagerDutyMyOnCallResponse}). @public */
export interface PagerDutyMyShift {
  /** The PagerDuty account (as configured in Backstage) the shift belongs to. */
  account: string;
  escalationPolicy: { id: string; name: string; htmlUrl?: string };
  /** The escalation level the user is on call at (1 is paged first). */
  level: number;
  /** Absent when the user is on the level directly, without a schedule. */
  schedule?: { id: string; name: string; htmlUrl?: string };
  /** ISO 8601; absent when the user is always on call at this level. */
  start?: string;
  end?: string;
}

/**
 * GET /me/oncall: the signed-in user's on-call shifts from now to a week ahead, on every
 * account where a PagerDuty user has the email of the user's catalog entity. @public
 */
export interface PagerDutyMyOnCallResponse {
  /** The email the PagerDuty users were looked up by (`spec.profile.email`). */
  email?: string;
  /** The PagerDuty user found per account. */
  users: { account: string; id: string; name: string; htmlUrl?: string }[];
  /** Current shifts first, then by start. */
  shifts: PagerDutyMyShift[];
  /** Accounts that could not be asked (the others are still listed). */
  errors: PagerDutyPartialError[];
  freshness: PagerDutyFreshness;
}

/** An entity owned by one of the signed-in user's groups (see {@link PagerDutyMyServicesResponse}). @public */
export interface PagerDutyMyServiceEntity {
  entityRef: string;
  /** `metadata.title`, else `metadata.name`. */
  title: string;
  openIncidents: number;
  triggered: number;
  highUrgency: number;
  /** Set when the entity's incidents could not be read; the counts are then 0. */
  error?: PagerDutyErrorBody['error'];
}

/**
 * GET /me/services: the entities with a PagerDuty annotation owned by the signed-in user or
 * their groups, with their open incidents, those with triggered incidents first. @public
 */
export interface PagerDutyMyServicesResponse {
  entities: PagerDutyMyServiceEntity[];
  /** True when the user's groups own more such entities than the route looks at. */
  truncated: boolean;
}
