import { createApiRef } from '@backstage/core-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import {
  AddIncidentNoteRequest,
  PagerDutyChangeEventsResponse,
  PagerDutyHealthResponse,
  PagerDutyIncident,
  PagerDutyIncidentsResponse,
  PagerDutyInsightsResponse,
  PagerDutyOnCallResponse,
  PagerDutyServicesResponse,
  ReassignIncidentRequest,
  TriggerIncidentRequest,
  TriggerStatusResponse,
} from '@backstage-pagerduty/plugin-pagerduty-common';

/**
 * The catalog entity whose PagerDuty data is requested: a compound reference or a string
 * reference such as `component:default/checkout`.
 * @public
 */
export type PagerDutyEntityRef = CompoundEntityRef | string;

/**
 * Client of the PagerDuty backend plugin (`/api/pagerduty`).
 *
 * Every method rejects with a `ResponseError` (from `@backstage/errors`) when the backend answers
 * with an error, or with a {@link PagerDutyBackendNotInstalledError} when there is no PagerDuty
 * backend plugin at all.
 * @public
 */
export interface PagerDutyApi {
  /** The PagerDuty services of an entity. */
  getServices(entity: PagerDutyEntityRef): Promise<PagerDutyServicesResponse>;
  /** The open (triggered and acknowledged) incidents of an entity's services. */
  getIncidents(entity: PagerDutyEntityRef): Promise<PagerDutyIncidentsResponse>;
  /** Who is on call for an entity's services, per escalation policy and level. */
  getOnCall(entity: PagerDutyEntityRef): Promise<PagerDutyOnCallResponse>;
  /** Recent change events of an entity's services. */
  getChangeEvents(
    entity: PagerDutyEntityRef,
  ): Promise<PagerDutyChangeEventsResponse>;
  /** Queues an incident trigger (Events API v2); resolves with the queued trigger. */
  triggerIncident(
    entity: PagerDutyEntityRef,
    request: TriggerIncidentRequest,
  ): Promise<TriggerStatusResponse>;
  /** The delivery status of a trigger returned by {@link PagerDutyApi.triggerIncident}. */
  getTriggerStatus(triggerId: string): Promise<TriggerStatusResponse>;
  acknowledgeIncident(
    entity: PagerDutyEntityRef,
    incidentId: string,
  ): Promise<PagerDutyIncident>;
  resolveIncident(
    entity: PagerDutyEntityRef,
    incidentId: string,
  ): Promise<PagerDutyIncident>;
  reassignIncident(
    entity: PagerDutyEntityRef,
    incidentId: string,
    request: ReassignIncidentRequest,
  ): Promise<PagerDutyIncident>;
  addIncidentNote(
    entity: PagerDutyEntityRef,
    incidentId: string,
    request: AddIncidentNoteRequest,
  ): Promise<PagerDutyIncident>;
  /**
   * Health over time of an entity's services: counts, MTTA, MTTR, incidents per day, SLA shares
   * (the last `days` days, 30 by default) and standards scores.
   */
  getInsights(
    entity: PagerDutyEntityRef,
    options?: { days?: number },
  ): Promise<PagerDutyInsightsResponse>;
  /** Health of the configured PagerDuty accounts. */
  getHealth(): Promise<PagerDutyHealthResponse>;
}

/**
 * Reference to the {@link PagerDutyApi}.
 * @public
 */
export const pagerDutyApiRef = createApiRef<PagerDutyApi>({
  id: 'plugin.pagerduty.api',
});
