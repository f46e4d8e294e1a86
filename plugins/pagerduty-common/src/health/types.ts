/*
 * Service health over time: insights (counts, MTTA, MTTR, incidents per day), SLA targets and
 * timers, standards scores. Shared by the backend (which computes them) and the frontend.
 */
import type { PagerDutySectionResponse } from '../api/types';

/** Time targets of one urgency or priority, in minutes. @public */
export interface PagerDutySlaTarget {
  /** Acknowledge within this many minutes. */
  acknowledgeMinutes?: number;
  /** Resolve within this many minutes. */
  resolveMinutes?: number;
}

/**
 * SLA targets: a priority's target (by priority name, e.g. "P1") wins over the urgency's.
 * @public
 */
export interface PagerDutySlaConfig {
  urgency: Partial<Record<'high' | 'low', PagerDutySlaTarget>>;
  priority: Record<string, PagerDutySlaTarget>;
}

/** Where a deadline stands relative to now. @public */
export interface PagerDutyDue {
  state: 'due' | 'overdue';
  /** Whole minutes until the deadline (due) or since it passed (overdue), at least 1 when due. */
  minutes: number;
}

/**
 * The deadlines of one open incident (absolute times; the frontend counts down from them).
 * @public
 */
export interface PagerDutyIncidentSla {
  /** The target that applies and why ("priority P1" or "high urgency"). */
  target?: PagerDutySlaTarget & { source: string };
  /** Acknowledgement deadline (only while triggered). */
  acknowledgeBy?: string;
  /** Resolution deadline. */
  resolveBy?: string;
  /** When the incident escalates to the next level if nobody acknowledges (only while triggered). */
  nextEscalation?: { level: number; at: string };
}

/** Incidents of one day (in the insights' time zone). @public */
export interface PagerDutyIncidentsOfDay {
  /** YYYY-MM-DD */
  date: string;
  count: number;
  highUrgency: number;
}

/** A share of incidents that met a target. @public */
export interface PagerDutySlaShare {
  met: number;
  /** Incidents the target applied to (acknowledged or not, resolved or not). */
  total: number;
}

/** Health of an entity's services over a period. @public */
export interface PagerDutyInsights {
  /**
   * `analytics`: PagerDuty's analytics API; `incidents`: computed from the incident list and log
   * entries because the account has no analytics (the card says so).
   */
  source: 'analytics' | 'incidents';
  since: string;
  until: string;
  timeZone: string;
  incidentCount: number;
  highUrgencyCount: number;
  /** Notifications sent to responders for high-urgency incidents. */
  interruptions: number;
  /** Mean seconds from trigger to first acknowledgement (acknowledged incidents only). */
  mttaSeconds?: number;
  /** Mean seconds from trigger to resolution (resolved incidents only). */
  mttrSeconds?: number;
  perDay: PagerDutyIncidentsOfDay[];
  sla?: {
    acknowledgedInTime: PagerDutySlaShare;
    resolvedInTime: PagerDutySlaShare;
  };
}

/** A service's standards score. @public */
export interface PagerDutyStandardsScore {
  serviceId: string;
  passing: number;
  total: number;
  failing: { id: string; name: string; description?: string }[];
}

/** GET /entities/:kind/:namespace/:name/insights @public */
export interface PagerDutyInsightsResponse extends PagerDutySectionResponse {
  insights: PagerDutyInsights;
  standards: PagerDutyStandardsScore[];
}
