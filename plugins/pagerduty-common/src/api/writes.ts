import { z } from 'zod';

/** Severities of the Events API v2. @public */
export const PAGERDUTY_SEVERITIES = [
  'critical',
  'error',
  'warning',
  'info',
] as const;

/** Longest summary the Events API v2 accepts. @public */
export const PAGERDUTY_SUMMARY_MAX_LENGTH = 1024;

/**
 * Body of `POST /entities/:kind/:namespace/:name/incidents` (trigger an incident).
 * Validated by the backend; the frontend uses it for its form validation too.
 * @public
 */
export const triggerIncidentRequestSchema = z
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
    severity: z.enum(PAGERDUTY_SEVERITIES, {
      error: `severity must be one of ${PAGERDUTY_SEVERITIES.join(', ')}`,
    }),
    source: z.string().trim().min(1).max(255).optional(),
    component: z.string().max(255).optional(),
    group: z.string().max(255).optional(),
    class: z.string().max(255).optional(),
    details: z
      .record(z.string(), z.unknown(), {
        error: 'details must be an object of key/value pairs',
      })
      .optional(),
    links: z
      .array(
        z.object({
          href: z.string().url(),
          text: z.string().max(1024).optional(),
        }),
      )
      .max(50)
      .optional(),
    images: z
      .array(
        z.object({
          src: z.string().url(),
          href: z.string().url().optional(),
          alt: z.string().max(1024).optional(),
        }),
      )
      .max(50)
      .optional(),
    dedupKey: z.string().min(1).max(255).optional(),
    /** The tool that sent it (Events v2 `client`), e.g. "GitHub Actions"; default "Backstage". */
    client: z.string().trim().min(1).max(255).optional(),
    /** A link back to that tool (Events v2 `client_url`); default the entity's page. */
    clientUrl: z.string().url().optional(),
    /** Which of the entity's services to page when it has several (default: the first). */
    serviceId: z.string().min(1).max(64).optional(),
  })
  .strict();

/** @public */
export type TriggerIncidentRequest = z.infer<
  typeof triggerIncidentRequestSchema
>;

/** Delivery states of a trigger in the outbox. @public */
export type TriggerDeliveryStatus = 'queued' | 'delivered' | 'failed';

/** 202 answer of a trigger, and `GET /triggers/:id`. @public */
export interface TriggerStatusResponse {
  id: string;
  dedupKey: string;
  status: TriggerDeliveryStatus;
  entityRef: string;
  serviceId?: string;
  attempts: number;
  createdAt: string;
  deliveredAt?: string;
  /** PagerDuty's message when delivery failed for good (for example a 400 invalid event). */
  error?: string;
}

/** Body of `.../incidents/:incidentId/reassign`: exactly one of the two. @public */
export const reassignIncidentRequestSchema = z
  .object({
    userId: z.string().min(1).optional(),
    escalationPolicyId: z.string().min(1).optional(),
  })
  .strict()
  .refine(b => Boolean(b.userId) !== Boolean(b.escalationPolicyId), {
    message: 'give exactly one of userId or escalationPolicyId',
  });

/** @public */
export type ReassignIncidentRequest = z.infer<
  typeof reassignIncidentRequestSchema
>;

/** Body of `.../incidents/:incidentId/notes`. @public */
export const addIncidentNoteRequestSchema = z
  .object({
    content: z
      .string({
        error: issue =>
          issue.input === undefined
            ? 'content is required'
            : 'content must be a string',
      })
      .trim()
      .min(1, 'content must not be empty')
      .max(25000),
  })
  .strict();

/** @public */
export type AddIncidentNoteRequest = z.infer<
  typeof addIncidentNoteRequestSchema
>;

/**
 * Signal channel on which the backend announces changes of one PagerDuty service
 * (from webhooks or from writes made through Backstage).
 * @public
 */
export function pagerDutyServiceSignalChannel(
  account: string,
  serviceId: string,
): string {
  return `pagerduty:${account}:${serviceId}`;
}

/** Payload of the signal published on {@link pagerDutyServiceSignalChannel}. @public */
export interface PagerDutyServiceSignal {
  serviceId: string;
  account: string;
  /** PagerDuty event type, e.g. `incident.acknowledged`. */
  eventType: string;
  /** The sections of the card whose data changed. */
  sections: Array<'services' | 'incidents' | 'oncall' | 'change-events'>;
  incidentId?: string;
}
