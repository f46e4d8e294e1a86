/** A PagerDuty service as the last sync stored it. */
export interface SyncedService {
  account: string;
  serviceId: string;
  name: string;
  status: string;
  htmlUrl: string;
  teams: Array<{ id: string; name: string }>;
  /** SHA-256 digests of its integration keys (the keys themselves are never stored). */
  keyDigests: string[];
}

/** A catalog entity as the mapping sees it. */
export interface MappableEntity {
  /** Lower-case entity ref. */
  ref: string;
  name: string;
  title?: string;
  /** Lower-case owner ref, e.g. `group:default/payments`. */
  owner?: string;
  /** Entities it depends on (its `dependsOn` relations), when dependencies go to PagerDuty. */
  dependsOn?: string[];
  /** Custom field name → value from the entity (`pagerDuty.catalog.customFields`). */
  fieldValues?: Record<string, string>;
  /** Services its YAML names (service-id annotation, or an integration key already resolved). */
  claims: Array<{
    account: string;
    serviceId?: string;
    keyDigest?: string;
    source: 'annotation' | 'integration-key';
  }>;
}

/** A decision taken on the admin page. */
export interface MappingDecisionRow {
  account: string;
  serviceId: string;
  entityRef: string;
  decision: 'mapped' | 'rejected';
  actor: string;
  updatedAt: string;
}
