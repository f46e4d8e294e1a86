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

/** A PagerDuty user as shown in the card. @public */
export interface PagerDutyUser {
  id: string;
  name: string;
  email?: string;
  avatarUrl?: string;
  htmlUrl?: string;
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
    };
  };
}
