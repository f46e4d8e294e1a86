import { z } from 'zod';
import { PAGERDUTY_SUMMARY_MAX_LENGTH } from './writes';

const links = z
  .array(
    z.object({
      href: z.string().url(),
      text: z.string().max(1024).optional(),
    }),
  )
  .max(50);

const images = z
  .array(
    z.object({
      src: z.string().url(),
      href: z.string().url().optional(),
      alt: z.string().max(1024).optional(),
    }),
  )
  .max(50);

/**
 * Body of `POST /entities/:kind/:namespace/:name/change-events`: a change event (a deploy
 * marker) on the entity's PagerDuty services, sent through the outbox.
 * @public
 */
export const changeEventRequestSchema = z
  .object({
    summary: z
      .string({
        error: issue =>
          issue.input === undefined
            ? 'summary is required'
            : 'summary must be a string',
      })
      .trim()
      .min(1, 'summary must not be empty')
      .max(
        PAGERDUTY_SUMMARY_MAX_LENGTH,
        `summary must be at most ${PAGERDUTY_SUMMARY_MAX_LENGTH} characters`,
      ),
    /** When the change happened (ISO 8601); default: when it is accepted. */
    timestamp: z.iso
      .datetime({
        offset: true,
        error:
          'timestamp must be an ISO 8601 date-time, e.g. 2026-01-31T12:00:00Z',
      })
      .optional(),
    source: z.string().trim().min(1).max(255).optional(),
    details: z
      .record(z.string(), z.unknown(), {
        error: 'details must be an object of key/value pairs',
      })
      .optional(),
    links: links.optional(),
    images: images.optional(),
    /** Which of the entity's services gets it when it has several (default: all of them). */
    serviceId: z.string().min(1).max(64).optional(),
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
    dedupKey: z
      .string({ error: 'dedupKey is required' })
      .min(1, 'dedupKey must not be empty')
      .max(255),
    serviceId: z.string().min(1).max(64).optional(),
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
