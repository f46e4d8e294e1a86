import { z } from 'zod';

/** Severities of the Events API v2. @public */
export const PAGERDUTY_SEVERITIES = [
  'critical',
  'error',
  'warning',
  'info',
] as const;

/**
 * Longest summary the Events API v2 accepts, in UTF-16 code units (as PagerDuty counts, and as
 * JavaScript's `string.length` counts: an emoji is two). @public
 */
export const PAGERDUTY_SUMMARY_MAX_LENGTH = 1024;

/** Largest `details` of a trigger, serialised as JSON (PagerDuty allows 512 KB per event). @public */
export const PAGERDUTY_DETAILS_MAX_BYTES = 512 * 1024;

/** Deepest nesting of `details` (objects and arrays). @public */
export const PAGERDUTY_DETAILS_MAX_DEPTH = 32;

/** Longest note PagerDuty accepts. @public */
export const PAGERDUTY_NOTE_MAX_LENGTH = 25_000;

/** The shape of PagerDuty object ids (services, users, escalation policies): e.g. `PABC123`. @public */
export const PAGERDUTY_ID_PATTERN = /^[A-Z0-9]{2,20}$/;

/** A PagerDuty id, with a message that says what is expected. */
const pagerDutyId = (field: string) =>
  z
    .string({ error: `${field} must be a string` })
    .regex(
      PAGERDUTY_ID_PATTERN,
      `${field} must be a PagerDuty id: 2 to 20 upper-case letters and digits, e.g. PABC123`,
    );

/** An absolute http(s) URL; `javascript:`, `data:` and other schemes are refused. */
const httpUrl = (field: string) =>
  z
    .string({ error: `${field} must be a string` })
    .max(2048, `${field} must be at most 2048 characters`)
    .refine(isHttpUrl, `${field} must be an absolute http(s) URL`);

/**
 * True for an absolute `http:` or `https:` URL. Links from callers and from PagerDuty pass
 * through this before a browser may render them.
 * @public
 */
export function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * How deeply a JSON value nests (0 for a scalar), counted without recursion so that a
 * pathological value cannot overflow the stack; stops counting past `limit`.
 */
function depthOf(value: unknown, limit: number): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth + 1 > max) max = depth + 1;
    if (max > limit) return max;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return max;
}

const detailsSchema = z
  .record(z.string(), z.unknown(), {
    error: 'details must be an object of key/value pairs',
  })
  .superRefine((details, ctx) => {
    if (
      depthOf(details, PAGERDUTY_DETAILS_MAX_DEPTH) >
      PAGERDUTY_DETAILS_MAX_DEPTH
    ) {
      ctx.addIssue({
        code: 'custom',
        message: `details must nest at most ${PAGERDUTY_DETAILS_MAX_DEPTH} levels deep`,
      });
      return;
    }
    const bytes = new TextEncoder().encode(JSON.stringify(details)).length;
    if (bytes > PAGERDUTY_DETAILS_MAX_BYTES) {
      ctx.addIssue({
        code: 'custom',
        message: `details must be at most ${
          PAGERDUTY_DETAILS_MAX_BYTES / 1024
        } KB as JSON (it is ${Math.ceil(bytes / 1024)} KB)`,
      });
    }
  });

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
      // `.length`, not zod's max(): PagerDuty counts UTF-16 units, so an emoji counts twice.
      .superRefine((summary, ctx) => {
        if (summary.length <= PAGERDUTY_SUMMARY_MAX_LENGTH) return;
        // Say why when it looks shorter than it is: characters outside the BMP count twice.
        const units =
          [...summary].length === summary.length
            ? ''
            : ` (counted in UTF-16 units, as PagerDuty counts: an emoji counts as 2; it has ${summary.length})`;
        ctx.addIssue({
          code: 'custom',
          message: `summary must be at most ${PAGERDUTY_SUMMARY_MAX_LENGTH} characters${units}`,
        });
      }),
    severity: z.enum(PAGERDUTY_SEVERITIES, {
      error: `severity must be one of ${PAGERDUTY_SEVERITIES.join(', ')}`,
    }),
    source: z.string().trim().min(1).max(255).optional(),
    component: z.string().max(255).optional(),
    group: z.string().max(255).optional(),
    class: z.string().max(255).optional(),
    details: detailsSchema.optional(),
    links: z
      .array(
        z
          .object({
            href: httpUrl('href'),
            text: z.string().max(1024).optional(),
          })
          .strict(),
        { error: 'links must be an array of {href, text}' },
      )
      .max(50, 'links must have at most 50 entries')
      .optional(),
    images: z
      .array(
        z
          .object({
            src: httpUrl('src'),
            href: httpUrl('href').optional(),
            alt: z.string().max(1024).optional(),
          })
          .strict(),
        { error: 'images must be an array of {src, href, alt}' },
      )
      .max(50, 'images must have at most 50 entries')
      .optional(),
    dedupKey: z
      .string({ error: 'dedupKey must be a string' })
      .min(1, 'dedupKey must not be empty')
      .max(255, 'dedupKey must be at most 255 characters')
      .optional(),
    /** Which of the entity's services to page when it has several (default: the first). */
    serviceId: pagerDutyId('serviceId').optional(),
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
    userId: pagerDutyId('userId').optional(),
    escalationPolicyId: pagerDutyId('escalationPolicyId').optional(),
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
      .superRefine((content, ctx) => {
        if (content.length > PAGERDUTY_NOTE_MAX_LENGTH)
          ctx.addIssue({
            code: 'custom',
            message: `content must be at most ${PAGERDUTY_NOTE_MAX_LENGTH} characters; it has ${content.length}`,
          });
      }),
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
