import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  PAGERDUTY_INTEGRATION_KEY_ANNOTATION,
  PAGERDUTY_SERVICE_ID_ANNOTATION,
  PagerDutyEntityRefs,
  readPagerDutyAnnotations,
} from '@backstage-pagerduty/plugin-pagerduty-common';
import {
  Cached,
  PagerDutyAccountClient,
  PagerDutyClientService,
  PdService,
} from '@backstage-pagerduty/plugin-pagerduty-node';
import { PagerDutyRouteError } from '../errors/PagerDutyRouteError';
import { EntityReadCache } from './EntityReadCache';

/** An entity whose PagerDuty annotations were read and whose account is known. */
export interface ResolvedEntity {
  entity: Entity;
  entityRef: string;
  refs: PagerDutyEntityRefs;
  client: PagerDutyAccountClient;
}

/** The outcome of resolving one of an entity's services. */
export type ServiceResult =
  | { ok: true; serviceId: string; service: Cached<PdService> }
  | { ok: false; serviceId?: string; error: unknown };

/** The path parameters naming an entity. */
export interface EntityParams {
  kind: string;
  namespace: string;
  name: string;
}

/** The entity ref as the catalog compares it: kind and namespace are case-insensitive. */
function normalize(params: EntityParams) {
  return {
    kind: params.kind.toLocaleLowerCase('en-US'),
    namespace: params.namespace.toLocaleLowerCase('en-US'),
    name: params.name,
  };
}

/** Who is asking, as the catalog's permission decision depends on it. */
function callerKey(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (principal.type === 'user') return `user ${principal.userEntityRef}`;
  if (principal.type === 'service') return `service ${principal.subject}`;
  return principal.type;
}

/**
 * Turns an entity ref from the browser into PagerDuty services: the entity is read from the
 * catalog with the caller's credentials (so catalog permissions apply), its annotations are
 * validated, and an integration key is resolved to its service on the server.
 */
export class EntityResolver {
  private readonly readCache: EntityReadCache<ResolvedEntity>;
  private readonly maxServicesPerEntity: number;

  /**
   * @param options.readCacheTtlMs - how long {@link EntityResolver.resolveForRead} reuses a
   *   caller's resolution of an entity (`pagerDuty.entityCache.ttl`); 0: never.
   */
  constructor(
    private readonly catalog: CatalogService,
    private readonly pagerDuty: PagerDutyClientService,
    options: {
      readCacheTtlMs?: number;
      now?: () => number;
      /** `pagerDuty.client.maxServicesPerEntity`: more are reported, not fetched. */
      maxServicesPerEntity?: number;
    } = {},
  ) {
    this.maxServicesPerEntity = options.maxServicesPerEntity ?? 10;
    this.readCache = new EntityReadCache(
      options.readCacheTtlMs ?? 0,
      options.now,
    );
  }

  /**
   * Like {@link EntityResolver.resolve}, for reads: the same caller's resolution of the same
   * entity is reused for a few seconds (see {@link EntityReadCache}). The trade-off: a caller
   * who loses read access to the entity keeps reading its PagerDuty data for at most that long.
   * Writes call `resolve`, which always asks the catalog.
   */
  resolveForRead(
    params: EntityParams,
    credentials: BackstageCredentials,
  ): Promise<ResolvedEntity> {
    if (!this.readCache.enabled) return this.resolve(params, credentials);
    const key = `${callerKey(credentials)} ${stringifyEntityRef(
      normalize(params),
    )}`;
    return this.readCache.get(key, () => this.resolve(params, credentials));
  }

  async resolve(
    params: EntityParams,
    credentials: BackstageCredentials,
  ): Promise<ResolvedEntity> {
    const ref = normalize(params);
    const entityRef = stringifyEntityRef(ref);
    const entity = await this.catalog.getEntityByRef(ref, { credentials });
    if (!entity) {
      throw new NotFoundError(
        `Entity ${entityRef} was not found in the catalog`,
      );
    }
    const annotations = readPagerDutyAnnotations(entity);
    if (annotations.status === 'absent') {
      throw new PagerDutyRouteError(
        400,
        'PAGERDUTY_NO_ANNOTATION',
        `Entity ${entityRef} has neither the ${PAGERDUTY_SERVICE_ID_ANNOTATION} nor the ${PAGERDUTY_INTEGRATION_KEY_ANNOTATION} annotation`,
      );
    }
    if (annotations.status === 'invalid') {
      throw new PagerDutyRouteError(
        400,
        'PAGERDUTY_INVALID_ANNOTATION',
        annotations.message,
      );
    }
    const client = this.pagerDuty.forAccount(annotations.refs.account);
    return { entity, entityRef, refs: annotations.refs, client };
  }

  /** Each of the entity's services, settled independently so one failure spares the others. */
  async services(resolved: ResolvedEntity): Promise<ServiceResult[]> {
    const { refs, client } = resolved;
    // Fair use of the shared request budget: an entity shows at most this many services; the
    // others are reported, one error each, without asking PagerDuty.
    const max = this.maxServicesPerEntity;
    const total = refs.serviceIds.length + (refs.integrationKey ? 1 : 0);
    const shown = refs.serviceIds.slice(0, max);
    const results: Promise<ServiceResult>[] = shown.map(serviceId =>
      client.getService(serviceId).then(
        service => ({ ok: true as const, serviceId, service }),
        error => ({ ok: false as const, serviceId, error }),
      ),
    );
    const tooMany = (serviceId?: string): ServiceResult => ({
      ok: false,
      ...(serviceId ? { serviceId } : {}),
      error: new PagerDutyRouteError(
        400,
        'PAGERDUTY_TOO_MANY_SERVICES',
        `Not loaded: ${resolved.entityRef} lists ${total} PagerDuty services and at most ${max} are shown (pagerDuty.client.maxServicesPerEntity); split the entity or raise the limit`,
      ),
    });
    for (const serviceId of refs.serviceIds.slice(max)) {
      results.push(Promise.resolve(tooMany(serviceId)));
    }
    if (refs.integrationKey && shown.length >= max) {
      results.push(Promise.resolve(tooMany()));
      return Promise.all(results);
    }
    if (refs.integrationKey) {
      results.push(
        client.findServiceByIntegrationKey(refs.integrationKey).then(
          service => ({
            ok: true as const,
            serviceId: service.value.id,
            service,
          }),
          error => ({ ok: false as const, error }),
        ),
      );
    }
    const settled = await Promise.all(results);
    // An integration key of a service also listed by id must not show it twice.
    const seen = new Set<string>();
    return settled.filter(r => {
      if (!r.ok) return true;
      if (seen.has(r.serviceId)) return false;
      seen.add(r.serviceId);
      return true;
    });
  }
}
