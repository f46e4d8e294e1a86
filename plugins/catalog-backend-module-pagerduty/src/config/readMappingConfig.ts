import {
  SchedulerServiceTaskScheduleDefinition,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';

/** The module's configuration, `pagerDuty.catalog`. @public */
export interface PagerDutyCatalogConfig {
  schedule: SchedulerServiceTaskScheduleDefinition;
  kinds: string[];
  autoMapByName: boolean;
  removeIntegrationKeys: boolean;
  ingest: {
    enabled: boolean;
    namespace: string;
    type: string;
    lifecycle: string;
    defaultOwner: string;
  };
}

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 10 },
  timeout: { minutes: 5 },
  initialDelay: { seconds: 5 },
};

/** Reads `pagerDuty.catalog`; every key is optional. @public */
export function readMappingConfig(config: Config): PagerDutyCatalogConfig {
  const c = config.getOptionalConfig('pagerDuty.catalog');
  const ingest = c?.getOptionalConfig('ingest');
  return {
    schedule: c?.has('schedule')
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
          c.getConfig('schedule'),
        )
      : DEFAULT_SCHEDULE,
    kinds: c?.getOptionalStringArray('kinds') ?? ['Component'],
    autoMapByName: c?.getOptionalBoolean('autoMapByName') ?? true,
    removeIntegrationKeys:
      c?.getOptionalBoolean('removeIntegrationKeys') ?? false,
    ingest: {
      enabled: ingest?.getOptionalBoolean('enabled') ?? false,
      namespace: ingest?.getOptionalString('namespace') ?? 'default',
      type: ingest?.getOptionalString('type') ?? 'service',
      lifecycle: ingest?.getOptionalString('lifecycle') ?? 'production',
      defaultOwner:
        ingest?.getOptionalString('defaultOwner') ??
        'group:default/pagerduty-unowned',
    },
  };
}
