import { z } from 'zod';
import { triggerIncidentRequestSchema } from './writes';

const trigger = triggerIncidentRequestSchema.shape;

/**
 * Body of `POST /entities/:kind/:namespace/:name/change-events`: a change event (a deploy
 * marker) on the entity's PagerDuty services, sent through the outbox. Summary, source,
 * details, links and images are checked as for a trigger.
 * @public
 */
export const changeEventRequestSchema = z
  .object({
    summary: trigger.summary,
    /** When the change happened (ISO 8601); default: when it is accepted. */
    timestamp: z.iso
      .datetime({
        offset: true,
        error:
          'timestamp must be an ISO 8601 date-time, e.g. 2026-01-31T12:00:00Z',
      })
      .optional(),
    source: trigger.source,
    details: trigger.details,
    links: trigger.links,
    images: trigger.images,
    /** Which of the entity's services gets it when it has several (default: all of them). */
    serviceId: trigger.serviceId,
  })
  .strict();

/** @public */
export type ChangeEventRequest = z.infer<typeof changeEventRequestSchema>;

/**
 * Body of `POST /entities/:kind/:namespace/:name/events`: acknowledge or resolve the alert
 * of a dedup key (Events API v2 semantics), through the outbox.
 * @public
 */
export const incidentEventRequestSchema = z
  .object({
    action: z.enum(['acknowledge', 'resolve'], {
      error: 'action must be acknowledge or resolve',
    }),
    dedupKey: trigger.dedupKey.unwrap(),
    serviceId: trigger.serviceId,
  })
  .strict();

/** @public */
export type IncidentEventRequest = z.infer<typeof incidentEventRequestSchema>;

/** 202 answer of a change event or an acknowledge/resolve event. @public */
export interface OutboxEventResponse {
  /** Outbox ids, one per PagerDuty service the event goes to. */
  ids: string[];
  entityRef: string;
  status: 'queued';
  dedupKey?: string;
}
