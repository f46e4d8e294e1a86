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
    };
  };
}
