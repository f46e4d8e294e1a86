import { createApiRef } from '@backstage/core-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import {
  AddIncidentNoteRequest,
  PagerDutyCardSectionName,
  ChangeEventRequest,
  OutboxEventResponse,
  PagerDutyChangeEventsResponse,
  PagerDutyHealthResponse,
  PagerDutyMyOnCallResponse,
  PagerDutyMyServicesResponse,
  PagerDutyIncident,
  PagerDutyIncidentDetailsResponse,
  PagerDutyIncidentsResponse,
  PagerDutyInsightsResponse,
  PagerDutyOnCallResponse,
  PagerDutyServicesResponse,
  PagerDutyUserSearchResponse,
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
 * The outcome of one section of {@link PagerDutyApi.getCard}: its data, or the error (a
 * `ResponseError`) its own route would have rejected with.
 * @public
 */
export type PagerDutySectionResult<T> =
  | { value: T; error?: undefined }
  | { value?: undefined; error: Error };

/**
 * The sections of the entity card loaded by {@link PagerDutyApi.getCard}; a section not asked
 * for is absent.
 * @public
 */
export interface PagerDutyCardData {
  services?: PagerDutySectionResult<PagerDutyServicesResponse>;
  incidents?: PagerDutySectionResult<PagerDutyIncidentsResponse>;
  oncall?: PagerDutySectionResult<PagerDutyOnCallResponse>;
  'change-events'?: PagerDutySectionResult<PagerDutyChangeEventsResponse>;
  /**
   * Whether live updates reach this browser whichever backend replica PagerDuty's webhook
   * reaches; false: poll at the normal interval. Absent when the backend does not say.
   */
  liveUpdates?: { acrossReplicas: boolean };
}

/**
 * Client of the PagerDuty backend plugin (`/api/pagerduty`).
 *
 * Every method rejects with a `ResponseError` (from `@backstage/errors`) when the backend answers
 * with an error, or with a {@link PagerDutyBackendNotInstalledError} when there is no PagerDuty
 * backend plugin at all.
 * @public
 */
export interface PagerDutyApi {
  /**
   * Several sections of the entity card in one request (all four by default). Each section
   * succeeds or fails on its own; the promise rejects only when the entity itself cannot be
   * read (not found, not allowed, no PagerDuty annotation).
   */
  getCard(
    entity: PagerDutyEntityRef,
    options?: { sections?: readonly PagerDutyCardSectionName[] },
  ): Promise<PagerDutyCardData>;
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
  /**
   * Queues a change event (e.g. "Deployed v1.4.2") on the entity's services; it shows in the
   * card's change events once PagerDuty has it.
   */
  recordChangeEvent(
    entity: PagerDutyEntityRef,
    request: ChangeEventRequest,
  ): Promise<OutboxEventResponse>;
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
  /** One incident of the entity with its description, notes and timeline (log entries). */
  getIncidentDetails(
    entity: PagerDutyEntityRef,
    incidentId: string,
  ): Promise<PagerDutyIncidentDetailsResponse>;
  /** PagerDuty users of the entity's account whose name or email contains `query`. */
  searchUsers(
    entity: PagerDutyEntityRef,
    query: string,
  ): Promise<PagerDutyUserSearchResponse>;
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
  /**
   * The signed-in user's on-call shifts from now to a week ahead (their PagerDuty user found
   * by the email of their catalog entity).
   */
  getMyOnCall(): Promise<PagerDutyMyOnCallResponse>;
  /** The services of the signed-in user's groups with their open incidents. */
  getMyServices(): Promise<PagerDutyMyServicesResponse>;
}

/**
 * Reference to the {@link PagerDutyApi}.
 * @public
 */
export const pagerDutyApiRef = createApiRef<PagerDutyApi>({
  id: 'plugin.pagerduty.api',
});
