import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import { z } from 'zod';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  PagerDutyMappedService,
  PagerDutyMappingDecision,
  PagerDutyMappingListResponse,
  PagerDutyMappingState,
  PagerDutySyncStatus,
} from '@backstage-pagerduty/plugin-pagerduty-common';
import {
  PagerDutyApiError,
  PagerDutyClientService,
  PagerDutyServiceChangeEvent,
} from '@backstage-pagerduty/plugin-pagerduty-node';
import { PagerDutyCatalogConfig } from '../config/readMappingConfig';
import { MappingStore } from '../database/MappingStore';
import { computeMapping } from '../mapping/computeMapping';
import { entityDependencies } from '../mapping/entityDependencies';
import { MappableEntity, SyncedService } from '../mapping/types';
import { syncCustomFields } from '../sync/syncCustomFields';
import { syncDependencies } from '../sync/syncDependencies';
import { MappingSnapshot } from '../mapping/MappingSnapshot';
import {
  readAccountServices,
  toSyncedService,
} from '../sync/readAccountServices';
import {
  readCatalogEntities,
  readGroupRefs,
} from '../sync/readCatalogEntities';
import { PagerDutyServiceEntityProvider } from '../provider/PagerDutyServiceEntityProvider';

/** Entity refreshes asked of the catalog per cycle; more wait for the processing loop. */
const MAX_REFRESH_PER_CYCLE = 1000;

/** What a `pagerduty.service` event must carry; anything else is logged and dropped. */
const serviceChangeEventSchema = z.object({
  account: z.string().min(1),
  eventType: z.enum(['service.created', 'service.updated', 'service.deleted']),
  serviceId: z.string().min(1),
  occurredAt: z.string().optional(),
});

/** Result of one sync cycle. */
export interface SyncCycleResult {
  /** Requests sent to PagerDuty, all accounts. */
  requests: number;
  services: number;
  entities: number;
  accounts: PagerDutySyncStatus[];
}

export interface MappingServiceDeps {
  store: MappingStore;
  snapshot: MappingSnapshot;
  pagerDuty: PagerDutyClientService;
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  config: PagerDutyCatalogConfig;
  /** Set when `pagerDuty.catalog.ingest.enabled`. */
  ingest?: PagerDutyServiceEntityProvider;
  now?: () => number;
  /** Events arriving within this window share one recompute. Default 500 ms. */
  eventBatchMs?: number;
}

/**
 * The mapping's logic: the sync cycle (PagerDuty → stored services → computed states →
 * snapshot), the admin page's reads and decisions.
 */
export class MappingService {
  private readonly now: () => number;
  private pendingRecompute?: Promise<void>;

  constructor(private readonly deps: MappingServiceDeps) {
    this.now = deps.now ?? Date.now;
  }

  private defaultAccount(): string {
    return this.deps.pagerDuty.accounts().find(a => a.isDefault)?.id ?? '';
  }

  /**
   * One cycle: every account's services (paged, through the shared budget), then the mapping
   * recomputed against the catalog. An account that fails keeps its previous services.
   */
  async sync(): Promise<SyncCycleResult> {
    const { pagerDuty, store, logger, config } = this.deps;
    const accounts: PagerDutySyncStatus[] = [];
    for (const account of pagerDuty.accounts()) {
      const startedAt = new Date(this.now()).toISOString();
      const status: PagerDutySyncStatus = {
        account: account.id,
        startedAt,
        finishedAt: null,
        requests: 0,
        services: 0,
        error: null,
      };
      try {
        const { services, requests } = await readAccountServices(
          pagerDuty.forAccount(account.id),
        );
        await store.replaceServices(account.id, services, startedAt);
        status.requests = requests;
        status.services = services.length;
      } catch (e) {
        status.error = e instanceof Error ? e.message : String(e);
        logger.warn(
          `PagerDuty catalog sync of account "${account.id}" failed: ${status.error}`,
        );
      }
      accounts.push(status);
    }
    const { states, services, entities } = await this.computeStates();
    const { direction } = config.dependencies;
    const fieldNames = Object.keys(config.customFields);
    for (const status of accounts) {
      if (status.error) continue;
      const of = { account: status.account, pagerDuty, states, entities };
      if (direction !== 'none') {
        const { requests, summary } = await syncDependencies({
          ...of,
          direction,
          readsPerCycle: config.dependencies.readsPerCycle,
          store: store.dependencies,
          now: this.now,
        });
        status.requests += requests;
        status.dependencies = summary;
        for (const error of summary.errors) {
          logger.warn(`PagerDuty dependency sync: ${error}`);
        }
      }
      if (fieldNames.length > 0) {
        const { requests, summary } = await syncCustomFields({
          ...of,
          fields: config.customFields,
          store: store.fieldSyncs,
          now: this.now,
        });
        status.requests += requests;
        status.fields = summary;
      }
    }
    for (const status of accounts) {
      status.finishedAt = new Date(this.now()).toISOString();
      await store.recordSync(status);
    }
    await this.applySnapshot(states, services);
    return {
      requests: accounts.reduce((n, a) => n + a.requests, 0),
      services: accounts.reduce((n, a) => n + a.services, 0),
      entities: entities.length,
      accounts,
    };
  }

  /**
   * Recomputes every state from the stored services, the catalog and the decisions, stores it
   * and rebuilds this replica's snapshot. No PagerDuty call.
   */
  async recompute(): Promise<{ entities: number; refreshed: string[] }> {
    const { states, services, entities } = await this.computeStates();
    const refreshed = await this.applySnapshot(states, services);
    return { entities: entities.length, refreshed };
  }

  /** States from the stored services, the catalog and the decisions; stored, and ingested. */
  private async computeStates(): Promise<{
    states: PagerDutyMappedService[];
    services: SyncedService[];
    entities: MappableEntity[];
  }> {
    const { store, catalog, auth, config } = this.deps;
    const direction = config.dependencies.direction;
    const [services, decisions, entities] = await Promise.all([
      store.listServices(),
      store.listDecisions(),
      readCatalogEntities(catalog, auth, config.kinds, this.defaultAccount(), {
        dependsOn: direction === 'to-pagerduty' || direction === 'both',
        ...(Object.keys(config.customFields).length
          ? { customFields: config.customFields }
          : {}),
      }),
    ]);
    const states = computeMapping(services, entities, decisions, {
      autoMapByName: config.autoMapByName,
    });
    await store.replaceStates(states);
    if (this.deps.ingest) {
      await this.deps.ingest.apply(states, await readGroupRefs(catalog, auth));
    }
    return { states, services, entities };
  }

  /** The relations PagerDuty's dependencies give entities (when read from PagerDuty). */
  private async dependsOn(
    states: PagerDutyMappedService[],
  ): Promise<Map<string, string[]>> {
    const direction = this.deps.config.dependencies.direction;
    if (direction !== 'from-pagerduty' && direction !== 'both')
      return new Map();
    return entityDependencies(
      states,
      await this.deps.store.dependencies.listReads(),
    );
  }

  /** Rebuilds this replica's snapshot and has the catalog reprocess what changed. */
  private async applySnapshot(
    states: PagerDutyMappedService[],
    services: SyncedService[],
  ): Promise<string[]> {
    const result = this.deps.snapshot.replace(
      states,
      services,
      this.now(),
      await this.dependsOn(states),
    );
    const changed = [...new Set([...result.changed, ...result.unresolved])];
    // The catalog reprocesses these now rather than at their next loop (minutes later).
    const refreshed = await this.refresh(
      changed.slice(0, MAX_REFRESH_PER_CYCLE),
    );
    if (changed.length > MAX_REFRESH_PER_CYCLE) {
      this.deps.logger.info(
        `PagerDuty mapping: ${changed.length} entities changed; ${MAX_REFRESH_PER_CYCLE} refreshed now, the rest at their next processing`,
      );
    }
    return refreshed;
  }

  /**
   * Applies a `service.*` webhook republished by the PagerDuty backend: a created or updated
   * service is read again (one uncached request: webhooks carry no integrations), a deleted one
   * is dropped; then the mapping is recomputed, once for a burst of events.
   */
  async applyServiceEvent(payload: unknown): Promise<void> {
    const parsed = serviceChangeEventSchema.safeParse(payload);
    if (!parsed.success) {
      this.deps.logger.warn(
        `Ignored a malformed pagerduty.service event (expected {account, eventType: service.created|updated|deleted, serviceId}): ${parsed.error.issues[0]?.message}`,
      );
      return;
    }
    const event: PagerDutyServiceChangeEvent = parsed.data;
    const { store, pagerDuty } = this.deps;
    if (!pagerDuty.accounts().some(a => a.id === event.account)) {
      this.deps.logger.warn(
        `Ignored ${event.eventType} of ${event.serviceId}: account "${event.account}" is not configured`,
      );
      return;
    }
    const service =
      event.eventType === 'service.deleted'
        ? undefined
        : await pagerDuty
            .forAccount(event.account)
            .directory.getService(event.serviceId)
            .catch(error => {
              // Deleted since the event was sent: as a service.deleted.
              if (
                error instanceof PagerDutyApiError &&
                error.upstreamStatus === 404
              )
                return undefined;
              throw error;
            });
    if (service) {
      await store.upsertService(
        toSyncedService(event.account, service),
        new Date(this.now()).toISOString(),
      );
    } else {
      await store.deleteService(event.account, event.serviceId);
    }
    await this.recomputeSoon();
  }

  private recomputeSoon(): Promise<void> {
    this.pendingRecompute ??= new Promise(resolve =>
      setTimeout(resolve, this.deps.eventBatchMs ?? 500),
    ).then(async () => {
      this.pendingRecompute = undefined;
      await this.recompute();
    });
    return this.pendingRecompute;
  }

  /** Reloads this replica's snapshot from the database (what another replica computed). */
  async reloadSnapshot(): Promise<void> {
    const [states, services] = await Promise.all([
      this.deps.store.listStates(),
      this.deps.store.listServices(),
    ]);
    // Links that changed were refreshed by the replica that computed them; integration keys
    // this replica could not resolve are its own to retry.
    const { unresolved } = this.deps.snapshot.replace(
      states,
      services,
      this.now(),
      await this.dependsOn(states),
    );
    await this.refresh(unresolved);
  }

  async list(filter: {
    state?: PagerDutyMappingState;
    account?: string;
    query?: string;
  }): Promise<PagerDutyMappingListResponse> {
    const preferred = this.defaultAccount();
    const fieldSyncs = new Map(
      (await this.deps.store.fieldSyncs.list()).map(
        ({ account, serviceId, ...sync }) => [`${account}/${serviceId}`, sync],
      ),
    );
    const all = (await this.deps.store.listStates())
      .map(s => {
        const fieldSync = fieldSyncs.get(`${s.account}/${s.serviceId}`);
        return fieldSync && s.state === 'mapped' ? { ...s, fieldSync } : s;
      })
      .sort(
        (a, b) =>
          Number(b.account === preferred) - Number(a.account === preferred) ||
          a.account.localeCompare(b.account) ||
          a.name.localeCompare(b.name),
      );
    const totals: Record<PagerDutyMappingState, number> = {
      mapped: 0,
      suggested: 0,
      conflict: 0,
      unmapped: 0,
    };
    for (const s of all) totals[s.state] += 1;
    const q = filter.query?.toLocaleLowerCase('en-US');
    const services = all.filter(
      s =>
        (!filter.state || s.state === filter.state) &&
        (!filter.account || s.account === filter.account) &&
        (!q ||
          s.name.toLocaleLowerCase('en-US').includes(q) ||
          s.serviceId.toLocaleLowerCase('en-US').includes(q) ||
          (s.entityRef ?? '').includes(q)),
    );
    return { services, totals };
  }

  async syncStatus(): Promise<PagerDutySyncStatus[]> {
    return this.deps.store.listSyncs();
  }

  /**
   * Applies an admin decision, recomputes, and asks the catalog to reprocess the entities whose
   * link changed so their card appears (or goes) now. Returns the service's new state.
   */
  async decide(
    decision: PagerDutyMappingDecision,
    actor: string,
  ): Promise<{ service: PagerDutyMappedService; refreshed: string[] }> {
    const { store } = this.deps;
    const before = await store.getState(decision.account, decision.serviceId);
    if (!before) {
      throw new NotFoundError(
        `PagerDuty service "${decision.serviceId}" of account "${decision.account}" is not known; the services are those of the last sync (GET /api/catalog/pagerduty/mapping/services)`,
      );
    }
    const at = new Date(this.now()).toISOString();
    const touched = new Set<string>();
    if (before.entityRef) touched.add(before.entityRef);
    if (decision.action === 'unmap') {
      const removed = await store.unmap(decision.account, decision.serviceId);
      if (!removed && before.source !== 'name') {
        throw new NotFoundError(
          `PagerDuty service "${
            decision.serviceId
          }" has no mapping made on this page to remove${
            before.source === 'annotation' ||
            before.source === 'integration-key'
              ? ` (it is linked by an annotation in the YAML of ${before.entityRef}; remove it there)`
              : ''
          }`,
        );
      }
      if (before.source === 'name' && before.entityRef) {
        // A name match comes back at every cycle unless rejected.
        await store.reject(
          decision.account,
          decision.serviceId,
          before.entityRef,
          actor,
          at,
        );
      }
    } else {
      const entityRef = decision.entityRef.toLocaleLowerCase('en-US');
      await this.assertEntityExists(entityRef);
      const claim = before.candidates.find(c => c.entityRef === entityRef);
      if (
        decision.action === 'reject' &&
        (claim?.reasons.includes('annotation') ||
          (before.entityRef === entityRef &&
            (before.source === 'annotation' ||
              before.source === 'integration-key')))
      ) {
        throw new InputError(
          `${entityRef} claims PagerDuty service "${decision.serviceId}" with an annotation in its YAML, which a rejection cannot override; remove the annotation there, or map the service to another entity`,
        );
      }
      touched.add(entityRef);
      if (decision.action === 'reject') {
        await store.reject(
          decision.account,
          decision.serviceId,
          entityRef,
          actor,
          at,
        );
      } else {
        await store.map(
          decision.account,
          decision.serviceId,
          entityRef,
          actor,
          at,
        );
      }
    }
    const { refreshed } = await this.recompute();
    const service = (await store.getState(
      decision.account,
      decision.serviceId,
    ))!;
    if (service.entityRef) touched.add(service.entityRef);
    const rest = [...touched].filter(ref => !refreshed.includes(ref));
    return {
      service,
      refreshed: [...refreshed, ...(await this.refresh(rest))],
    };
  }

  private async assertEntityExists(entityRef: string): Promise<void> {
    const credentials = await this.deps.auth.getOwnServiceCredentials();
    const entity = await this.deps.catalog.getEntityByRef(entityRef, {
      credentials,
    });
    if (!entity) {
      throw new NotFoundError(
        `Entity "${entityRef}" is not in the catalog; expected an entity ref such as component:default/checkout`,
      );
    }
  }

  private async refresh(entityRefs: string[]): Promise<string[]> {
    const credentials = await this.deps.auth.getOwnServiceCredentials();
    const done: string[] = [];
    for (const ref of entityRefs) {
      try {
        await this.deps.catalog.refreshEntity(ref, { credentials });
        done.push(ref);
      } catch (e) {
        // The catalog's own processing loop picks the change up later anyway.
        this.deps.logger.warn(
          `Could not refresh ${ref} after a PagerDuty mapping change: ${e}`,
        );
      }
    }
    return done;
  }
}
