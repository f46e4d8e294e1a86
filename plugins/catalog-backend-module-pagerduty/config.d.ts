import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  pagerDuty?: {
    /** Catalog mapping of PagerDuty services (@backstage-pagerduty/plugin-catalog-backend-module-pagerduty). */
    catalog?: {
      /** How often every account's services are read. Default: every 10 minutes, 5 minute timeout. */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /** Entity kinds that can be mapped to PagerDuty services. Default: [Component]. */
      kinds?: string[];
      /**
       * Map a service to the one entity whose normalised name equals the service's, without a
       * manual accept (it can still be rejected). Default: true. When false such matches are
       * only suggested.
       */
      autoMapByName?: boolean;
      /**
       * Remove `pagerduty.com/integration-key` from stored entities once resolved to its
       * service, so catalog readers never see a key. Default: false.
       */
      removeIntegrationKeys?: boolean;
      /** Ingest PagerDuty services that match no entity as catalog Components. */
      ingest?: {
        enabled?: boolean;
        /** Default: default. */
        namespace?: string;
        /** spec.type of ingested Components. Default: service. */
        type?: string;
        /** spec.lifecycle of ingested Components. Default: production. */
        lifecycle?: string;
        /** Owner when the service's team maps to no Group. Default: group:default/pagerduty-unowned. */
        defaultOwner?: string;
      };
      /**
       * Dependency sync between Backstage `dependsOn` relations and PagerDuty service
       * dependencies. Off by default.
       */
      dependencies?: {
        /**
         * `to-pagerduty`: the dependsOn relations of mapped entities become PagerDuty service
         * dependencies (only those this module created are ever removed); `from-pagerduty`:
         * PagerDuty's dependencies become dependsOn/dependencyOf relations of mapped entities;
         * `both`; or `none` (default).
         */
        direction?: 'none' | 'to-pagerduty' | 'from-pagerduty' | 'both';
        /**
         * Services whose dependencies are read from PagerDuty per cycle (one request each,
         * least recently read first). Default: 200.
         */
        readsPerCycle?: number;
      };
      /**
       * Custom field sync: PagerDuty service custom field name → entity path whose value is
       * written to it, e.g. `{ backstage_owner: spec.owner, backstage_system: spec.system,
       * lifecycle: spec.lifecycle, repository: metadata.annotations.github.com/project-slug }`.
       * Only changed values are written; each service's sync log shows on the admin page.
       */
      customFields?: { [fieldName: string]: string };
    };
  };
}
