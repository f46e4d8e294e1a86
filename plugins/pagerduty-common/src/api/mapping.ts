import { z } from 'zod';

/*
 * The catalog mapping of PagerDuty services (served by the catalog module
 * @backstage-pagerduty/plugin-catalog-backend-module-pagerduty under /api/catalog/pagerduty).
 */

/**
 * Where a service stands: linked to one entity (`mapped`), with candidates to accept
 * (`suggested`), claimed by several entities (`conflict`), or linked to nothing (`unmapped`).
 * @public
 */
export type PagerDutyMappingState =
  | 'mapped'
  | 'suggested'
  | 'conflict'
  | 'unmapped';

/**
 * How a mapping came about: an annotation in the entity's YAML (service id or integration key),
 * a decision on the admin page, or a unique match of normalised names.
 * @public
 */
export type PagerDutyMappingSource =
  | 'annotation'
  | 'integration-key'
  | 'manual'
  | 'name';

/** Why an entity is a candidate for a service. @public */
export type PagerDutyCandidateReason =
  | 'name'
  | 'team'
  | 'annotation'
  | 'manual';

/** One PagerDuty service with its mapping state. @public */
export interface PagerDutyMappedService {
  account: string;
  serviceId: string;
  name: string;
  status: string;
  htmlUrl: string;
  teams: Array<{ id: string; name: string }>;
  state: PagerDutyMappingState;
  /** The mapped entity (state `mapped`). */
  entityRef?: string;
  source?: PagerDutyMappingSource;
  /** Suggested or conflicting entities, with why. */
  candidates: Array<{ entityRef: string; reasons: PagerDutyCandidateReason[] }>;
  /** Entities rejected for this service on the admin page. */
  rejected: string[];
  /**
   * Custom field sync (`pagerDuty.catalog.customFields`) of a mapped service: the values last
   * written, when, and the last attempt's error. Absent when nothing was synced yet.
   */
  fieldSync?: PagerDutyFieldSync;
}

/** The sync log of one service's custom fields. @public */
export interface PagerDutyFieldSync {
  /** The entity the values came from. */
  entityRef: string;
  /** Field name → value last written to PagerDuty (null: cleared). */
  values: Record<string, string | null>;
  /** When the values were last written; null when no write succeeded yet. */
  syncedAt: string | null;
  /** When a write was last attempted. */
  attemptedAt: string;
  /** The last attempt's error (PagerDuty's answer), null when it succeeded. */
  error: string | null;
}

/** Answer of `GET /api/catalog/pagerduty/mapping/services`. @public */
export interface PagerDutyMappingListResponse {
  services: PagerDutyMappedService[];
  /** Counts per state, over every account. */
  totals: Record<PagerDutyMappingState, number>;
}

/** Last sync of an account. @public */
export interface PagerDutySyncStatus {
  account: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** Requests sent to PagerDuty by the last sync. */
  requests: number;
  services: number;
  error: string | null;
  /** Dependency sync of the last cycle (`pagerDuty.catalog.dependencies`), when enabled. */
  dependencies?: {
    /** Services whose dependencies were read from PagerDuty. */
    read: number;
    associated: number;
    disassociated: number;
    errors: string[];
  };
  /** Custom field sync of the last cycle (`pagerDuty.catalog.customFields`), when enabled. */
  fields?: { written: number; unchanged: number; failed: number };
}

/** Body of `POST /api/catalog/pagerduty/mapping/decisions`. @public */
export const pagerDutyMappingDecisionSchema = z.discriminatedUnion('action', [
  z.object({
    action: z.enum(['map', 'accept']),
    account: z.string().min(1),
    serviceId: z.string().min(1),
    entityRef: z.string().min(1),
  }),
  z.object({
    action: z.literal('reject'),
    account: z.string().min(1),
    serviceId: z.string().min(1),
    entityRef: z.string().min(1),
  }),
  z.object({
    action: z.literal('unmap'),
    account: z.string().min(1),
    serviceId: z.string().min(1),
  }),
]);
/** @public */
export type PagerDutyMappingDecision = z.infer<
  typeof pagerDutyMappingDecisionSchema
>;
