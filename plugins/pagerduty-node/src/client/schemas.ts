import { z } from 'zod';

/*
 * Hand-written schemas of the PagerDuty REST v2 fields this project uses. Unknown fields are
 * dropped (zod's default), missing optional ones tolerated, so PagerDuty can add fields freely.
 */

const reference = z.object({
  id: z.string(),
  type: z.string().optional(),
  summary: z.string().nullish(),
  html_url: z.string().nullish(),
});

/** @public */
export const pdUserSchema = reference.extend({
  name: z.string().nullish(),
  email: z.string().nullish(),
  avatar_url: z.string().nullish(),
  time_zone: z.string().nullish(),
});
/** @public */
export type PdUser = z.infer<typeof pdUserSchema>;

const namedReference = reference.extend({ name: z.string().nullish() });

/** @public */
export const pdServiceSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullish(),
  status: z.string(),
  html_url: z.string(),
  escalation_policy: namedReference.nullish(),
  teams: z.array(namedReference).nullish(),
  integrations: z
    .array(
      reference.extend({
        integration_key: z.string().nullish(),
      }),
    )
    .nullish(),
});
/** @public */
export type PdService = z.infer<typeof pdServiceSchema>;

/** @public */
export const pdTeamSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullish(),
  html_url: z.string().nullish(),
});
/** @public */
export type PdTeam = z.infer<typeof pdTeamSchema>;

/** A "dependent depends on supporting" relation between two services. @public */
export const pdServiceDependencySchema = z.object({
  id: z.string().nullish(),
  supporting_service: reference,
  dependent_service: reference,
});
/** @public */
export type PdServiceDependency = z.infer<typeof pdServiceDependencySchema>;

/** @public */
export const pdIncidentSchema = z.object({
  id: z.string(),
  incident_number: z.number(),
  title: z.string().nullish(),
  summary: z.string().nullish(),
  status: z.enum(['triggered', 'acknowledged', 'resolved']),
  urgency: z.enum(['high', 'low']).catch('high'),
  created_at: z.string(),
  html_url: z.string(),
  incident_key: z.string().nullish(),
  service: reference,
  escalation_policy: reference.nullish(),
  priority: reference
    .extend({ name: z.string().nullish(), color: z.string().nullish() })
    .nullish(),
  assignments: z.array(z.object({ assignee: pdUserSchema })).nullish(),
});
/** @public */
export type PdIncident = z.infer<typeof pdIncidentSchema>;

/** @public */
export const pdOnCallSchema = z.object({
  escalation_policy: namedReference,
  escalation_level: z.number(),
  schedule: namedReference.nullish(),
  user: pdUserSchema,
  start: z.string().nullish(),
  end: z.string().nullish(),
});
/** @public */
export type PdOnCall = z.infer<typeof pdOnCallSchema>;

/** @public */
export const pdChangeEventSchema = z.object({
  id: z.string(),
  summary: z.string().nullish(),
  timestamp: z.string(),
  source: z.string().nullish(),
  html_url: z.string().nullish(),
  services: z.array(reference).nullish(),
  links: z
    .array(z.object({ href: z.string(), text: z.string().nullish() }))
    .nullish(),
});
/** @public */
export type PdChangeEvent = z.infer<typeof pdChangeEventSchema>;

/** @public */
export const pdNoteSchema = z.object({
  id: z.string(),
  content: z.string(),
  created_at: z.string(),
  user: reference.nullish(),
});
/** @public */
export type PdNote = z.infer<typeof pdNoteSchema>;

/** Classic pagination envelope around a list under `key`. */
export function pageSchema<T extends z.ZodTypeAny>(key: string, item: T) {
  return z.object({
    [key]: z.array(item),
    more: z.boolean().nullish(),
    offset: z.number().nullish(),
    limit: z.number().nullish(),
  });
}

/** An Events API v2 event, as this project sends it. @public */
export interface PdEvent {
  routing_key: string;
  event_action: 'trigger' | 'acknowledge' | 'resolve';
  dedup_key?: string;
  client?: string;
  client_url?: string;
  payload?: {
    summary: string;
    source: string;
    severity: 'critical' | 'error' | 'warning' | 'info';
    timestamp?: string;
    component?: string;
    group?: string;
    class?: string;
    custom_details?: Record<string, unknown>;
  };
  links?: { href: string; text?: string }[];
  images?: { src: string; href?: string; alt?: string }[];
}
