import {
  Entity,
  getCompoundEntityRef,
  parseEntityRef,
  RELATION_DEPENDENCY_OF,
  RELATION_DEPENDS_ON,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  CatalogProcessor,
  CatalogProcessorEmit,
  LocationSpec,
  processingResult,
} from '@backstage/plugin-catalog-node';
import {
  PAGERDUTY_ACCOUNT_ANNOTATION,
  PAGERDUTY_INTEGRATION_KEY_ANNOTATION,
  PAGERDUTY_MAPPED_BY_ANNOTATION,
  PAGERDUTY_SERVICE_ID_ANNOTATION,
} from '@backstage-pagerduty/plugin-pagerduty-common';
import { digestKey } from '../mapping/digest';
import { MappingSnapshot } from '../mapping/MappingSnapshot';

/** Options of {@link PagerDutyMappingProcessor}. */
export interface PagerDutyMappingProcessorOptions {
  snapshot: MappingSnapshot;
  /** Entity kinds (lower case) the mapping applies to. */
  kinds: string[];
  removeIntegrationKeys: boolean;
  /** The default account's id: an entity without `pagerduty.com/account` is in it. */
  defaultAccount: () => string;
}

/**
 * Puts `pagerduty.com/service-id` (+ `pagerduty.com/account`) on entities mapped on the admin
 * page or by name, and optionally replaces `pagerduty.com/integration-key` by the service it
 * belongs to. Reads only the in-memory snapshot: no request per entity.
 */
export class PagerDutyMappingProcessor implements CatalogProcessor {
  private readonly kinds: Set<string>;

  constructor(private readonly options: PagerDutyMappingProcessorOptions) {
    this.kinds = new Set(options.kinds.map(k => k.toLocaleLowerCase('en-US')));
  }

  getProcessorName(): string {
    return 'PagerDutyMappingProcessor';
  }

  async preProcessEntity(entity: Entity): Promise<Entity> {
    if (!this.kinds.has(entity.kind.toLocaleLowerCase('en-US'))) return entity;
    const annotations = entity.metadata.annotations ?? {};
    const key = annotations[PAGERDUTY_INTEGRATION_KEY_ANNOTATION];
    if (key !== undefined && this.options.removeIntegrationKeys) {
      return this.withoutIntegrationKey(entity, key);
    }
    if (
      annotations[PAGERDUTY_SERVICE_ID_ANNOTATION] !== undefined ||
      key !== undefined
    ) {
      return entity; // the YAML links it; YAML wins
    }
    const link = this.options.snapshot.linkOf(stringifyEntityRef(entity));
    if (!link) return entity;
    return this.annotate(entity, {
      [PAGERDUTY_SERVICE_ID_ANNOTATION]: link.serviceIds.join(','),
      ...this.accountAnnotation(link.account),
      [PAGERDUTY_MAPPED_BY_ANNOTATION]: link.source,
    });
  }

  /** `dependsOn`/`dependencyOf` relations from PagerDuty's service dependencies (when synced). */
  async postProcessEntity(
    entity: Entity,
    _location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    const targets = this.options.snapshot.dependenciesOf(
      stringifyEntityRef(entity),
    );
    if (targets.length === 0) return entity;
    const source = getCompoundEntityRef(entity);
    for (const ref of targets) {
      const target = parseEntityRef(ref);
      emit(
        processingResult.relation({
          source,
          type: RELATION_DEPENDS_ON,
          target,
        }),
      );
      emit(
        processingResult.relation({
          source: target,
          type: RELATION_DEPENDENCY_OF,
          target: source,
        }),
      );
    }
    return entity;
  }

  /**
   * The key never reaches the stored entity. When the snapshot knows its service the entity is
   * linked to that service instead; otherwise it stays unlinked until the next sync knows it
   * (the key is still in the YAML, so nothing is lost).
   */
  private withoutIntegrationKey(entity: Entity, key: string): Entity {
    const { [PAGERDUTY_INTEGRATION_KEY_ANNOTATION]: _removed, ...rest } =
      entity.metadata.annotations ?? {};
    const stripped = {
      ...entity,
      metadata: { ...entity.metadata, annotations: rest },
    };
    if (rest[PAGERDUTY_SERVICE_ID_ANNOTATION] !== undefined) return stripped;
    const service = this.options.snapshot.serviceOfKey(digestKey(key.trim()));
    if (!service) {
      this.options.snapshot.markUnresolved(stringifyEntityRef(entity));
      return stripped;
    }
    return this.annotate(stripped, {
      [PAGERDUTY_SERVICE_ID_ANNOTATION]: service.serviceId,
      ...this.accountAnnotation(service.account),
      [PAGERDUTY_MAPPED_BY_ANNOTATION]: 'integration-key',
    });
  }

  private accountAnnotation(account: string): Record<string, string> {
    return account === this.options.defaultAccount()
      ? {}
      : { [PAGERDUTY_ACCOUNT_ANNOTATION]: account };
  }

  private annotate(entity: Entity, added: Record<string, string>): Entity {
    return {
      ...entity,
      metadata: {
        ...entity.metadata,
        annotations: { ...entity.metadata.annotations, ...added },
      },
    };
  }
}
