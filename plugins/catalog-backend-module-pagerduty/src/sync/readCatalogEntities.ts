import { AuthService } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  RELATION_DEPENDS_ON,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  PAGERDUTY_MAPPED_BY_ANNOTATION,
  readPagerDutyAnnotations,
} from '@backstage-pagerduty/plugin-pagerduty-common';
import { digestKey } from '../mapping/digest';
import { queryFieldOf, valueAtPath } from '../mapping/entityPath';
import { MappableEntity } from '../mapping/types';
import { INGESTED } from '../provider/PagerDutyServiceEntityProvider';

const PAGE = 500;

/** What to read of each entity besides its name, owner and annotations. */
export interface EntityReadOptions {
  /** Its `dependsOn` relations (dependencies go to PagerDuty). */
  dependsOn?: boolean;
  /** Custom field name → entity path. */
  customFields?: Record<string, string>;
}

/** How one catalog entity takes part in the mapping. */
export function toMappableEntity(
  entity: Entity,
  defaultAccount: string,
  options: EntityReadOptions = {},
): MappableEntity {
  const ref = stringifyEntityRef(entity).toLocaleLowerCase('en-US');
  const owner = entity.spec?.owner;
  let ownerRef: string | undefined;
  if (typeof owner === 'string' && owner) {
    try {
      ownerRef = stringifyEntityRef(
        parseEntityRef(owner, {
          defaultKind: 'group',
          defaultNamespace: entity.metadata.namespace ?? 'default',
        }),
      ).toLocaleLowerCase('en-US');
    } catch {
      ownerRef = undefined;
    }
  }
  const claims: MappableEntity['claims'] = [];
  const mappedBy =
    entity.metadata.annotations?.[PAGERDUTY_MAPPED_BY_ANNOTATION];
  // Links this module added itself (manual, name) are not claims of the YAML.
  if (!mappedBy || mappedBy === 'integration-key') {
    const read = readPagerDutyAnnotations(entity);
    if (read.status === 'ok') {
      const account = read.refs.account ?? defaultAccount;
      const source = mappedBy ? 'integration-key' : 'annotation';
      for (const serviceId of read.refs.serviceIds) {
        claims.push({ account, serviceId, source });
      }
      if (read.refs.integrationKey) {
        claims.push({
          account,
          keyDigest: digestKey(read.refs.integrationKey),
          source: 'integration-key',
        });
      }
    }
  }
  const fieldValues: Record<string, string> = {};
  for (const [field, path] of Object.entries(options.customFields ?? {})) {
    const value = valueAtPath(entity, path);
    if (value !== undefined) fieldValues[field] = value;
  }
  return {
    ref,
    name: entity.metadata.name,
    title: entity.metadata.title,
    owner: ownerRef,
    claims,
    ...(options.dependsOn
      ? {
          dependsOn: (entity.relations ?? [])
            .filter(r => r.type === RELATION_DEPENDS_ON)
            .map(r => r.targetRef.toLocaleLowerCase('en-US')),
        }
      : {}),
    ...(options.customFields ? { fieldValues } : {}),
  };
}

/** The entities of the mappable kinds, paged through the catalog API (no PagerDuty call). */
export async function readCatalogEntities(
  catalog: CatalogService,
  auth: AuthService,
  kinds: string[],
  defaultAccount: string,
  options: EntityReadOptions = {},
): Promise<MappableEntity[]> {
  const credentials = await auth.getOwnServiceCredentials();
  const out: MappableEntity[] = [];
  let cursor: string | undefined;
  const fields = [
    'kind',
    'metadata.name',
    'metadata.namespace',
    'metadata.title',
    'metadata.annotations',
    'spec.owner',
    ...(options.dependsOn ? ['relations'] : []),
    ...Object.values(options.customFields ?? {}).map(queryFieldOf),
  ].filter((f, i, all) => all.indexOf(f) === i);
  do {
    const page = await catalog.queryEntities(
      cursor
        ? { cursor, fields, limit: PAGE }
        : { filter: { kind: kinds }, fields, limit: PAGE },
      { credentials },
    );
    for (const e of page.items) {
      // Entities the ingest made stand for unmapped services; they match nothing.
      if (e.metadata.annotations?.[PAGERDUTY_MAPPED_BY_ANNOTATION] === INGESTED)
        continue;
      out.push(toMappableEntity(e, defaultAccount, options));
    }
    cursor = page.pageInfo.nextCursor;
  } while (cursor);
  return out;
}

/** Refs of every Group (owners for ingested services). */
export async function readGroupRefs(
  catalog: CatalogService,
  auth: AuthService,
): Promise<string[]> {
  const credentials = await auth.getOwnServiceCredentials();
  const refs: string[] = [];
  let cursor: string | undefined;
  const fields = ['kind', 'metadata.name', 'metadata.namespace'];
  do {
    const page = await catalog.queryEntities(
      cursor
        ? { cursor, fields, limit: PAGE }
        : { filter: { kind: 'Group' }, fields, limit: PAGE },
      { credentials },
    );
    for (const e of page.items) {
      refs.push(stringifyEntityRef(e).toLocaleLowerCase('en-US'));
    }
    cursor = page.pageInfo.nextCursor;
  } while (cursor);
  return refs;
}
