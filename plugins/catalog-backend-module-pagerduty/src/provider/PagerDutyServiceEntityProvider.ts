import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
} from '@backstage/catalog-model';
import {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import {
  PAGERDUTY_ACCOUNT_ANNOTATION,
  PAGERDUTY_MAPPED_BY_ANNOTATION,
  PAGERDUTY_SERVICE_ID_ANNOTATION,
  PagerDutyMappedService,
} from '@backstage-pagerduty/plugin-pagerduty-common';
import { PagerDutyCatalogConfig } from '../config/readMappingConfig';
import { nameWords, normaliseName } from '../mapping/normalise';

/** Marks entities this provider made; the mapping leaves them out of its matching. */
export const INGESTED = 'ingest';

/** A catalog entity name from a service name: lower case, `-` separated, at most 63 characters. */
function entityName(service: PagerDutyMappedService): string {
  const base = service.name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50);
  return `${base || 'service'}-${service.serviceId.toLowerCase()}`.slice(0, 63);
}

/**
 * Optional ingest: PagerDuty services that match no entity become catalog Components, owned by
 * the Group of their PagerDuty team when one matches, so they are visible and can be claimed.
 * Fed by the sync cycle (no PagerDuty request of its own).
 */
export class PagerDutyServiceEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;

  constructor(private readonly config: PagerDutyCatalogConfig['ingest']) {}

  getProviderName(): string {
    return 'PagerDutyServiceEntityProvider';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
  }

  /** Replaces the ingested entities with those of the unmapped services. */
  async apply(
    states: PagerDutyMappedService[],
    groupRefs: string[],
  ): Promise<number> {
    if (!this.connection) return 0;
    const groups = new Map(
      groupRefs.map(ref => [
        normaliseName(ref.slice(ref.indexOf('/') + 1)),
        ref,
      ]),
    );
    const location = `pagerduty:${this.getProviderName()}`;
    const entities: Entity[] = states
      .filter(s => s.state === 'unmapped')
      .map(s => {
        const owner =
          s.teams
            .flatMap(t => [normaliseName(t.name), ...nameWords(t.name)])
            .map(k => groups.get(k))
            .find(Boolean) ?? this.config.defaultOwner;
        return {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: {
            name: entityName(s),
            namespace: this.config.namespace,
            title: s.name,
            description: `PagerDuty service ${s.name} (${s.account}), not in the catalog yet: claim it by mapping it to your entity on the PagerDuty page`,
            annotations: {
              [ANNOTATION_LOCATION]: location,
              [ANNOTATION_ORIGIN_LOCATION]: location,
              [PAGERDUTY_SERVICE_ID_ANNOTATION]: s.serviceId,
              [PAGERDUTY_ACCOUNT_ANNOTATION]: s.account,
              [PAGERDUTY_MAPPED_BY_ANNOTATION]: INGESTED,
            },
            links: [{ url: s.htmlUrl, title: 'PagerDuty service' }],
          },
          spec: {
            type: this.config.type,
            lifecycle: this.config.lifecycle,
            owner,
          },
        };
      });
    await this.connection.applyMutation({
      type: 'full',
      entities: entities.map(entity => ({ entity, locationKey: location })),
    });
    return entities.length;
  }
}
