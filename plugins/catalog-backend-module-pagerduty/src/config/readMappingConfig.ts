import {
  SchedulerServiceTaskScheduleDefinition,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/**
 * Which way dependencies are synced: Backstage `dependsOn` relations to PagerDuty service
 * dependencies, PagerDuty's to Backstage relations, both, or none (default).
 * @public
 */
export type PagerDutyDependencyDirection =
  | 'none'
  | 'to-pagerduty'
  | 'from-pagerduty'
  | 'both';

const DIRECTIONS: PagerDutyDependencyDirection[] = [
  'none',
  'to-pagerduty',
  'from-pagerduty',
  'both',
];

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
  dependencies: {
    direction: PagerDutyDependencyDirection;
    /** Services whose PagerDuty dependencies are read per cycle (oldest read first). */
    readsPerCycle: number;
  };
  /** PagerDuty custom field name → entity path (`spec.owner`, `metadata.annotations.<key>`). */
  customFields: Record<string, string>;
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
  const dependencies = c?.getOptionalConfig('dependencies');
  const direction = (dependencies?.getOptionalString('direction') ??
    'none') as PagerDutyDependencyDirection;
  if (!DIRECTIONS.includes(direction)) {
    throw new InputError(
      `Invalid pagerDuty.catalog.dependencies.direction "${direction}": expected one of ${DIRECTIONS.join(
        ', ',
      )}`,
    );
  }
  const readsPerCycle = dependencies?.getOptionalNumber('readsPerCycle') ?? 200;
  if (!Number.isInteger(readsPerCycle) || readsPerCycle < 0) {
    throw new InputError(
      `Invalid pagerDuty.catalog.dependencies.readsPerCycle ${readsPerCycle}: expected a whole number >= 0`,
    );
  }
  const fields = c?.getOptionalConfig('customFields');
  const customFields: Record<string, string> = {};
  for (const name of fields?.keys() ?? []) {
    const path = fields!.getString(name);
    if (!/^(metadata|spec)\.[^.]/.test(path)) {
      throw new InputError(
        `Invalid pagerDuty.catalog.customFields.${name} "${path}": expected an entity path such as spec.owner, spec.system or metadata.annotations.github.com/project-slug`,
      );
    }
    customFields[name] = path;
  }
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
    dependencies: { direction, readsPerCycle },
    customFields,
  };
}
