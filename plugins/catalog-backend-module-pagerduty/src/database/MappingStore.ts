import { DatabaseService } from '@backstage/backend-plugin-api';
import {
  PagerDutyMappedService,
  PagerDutySyncStatus,
} from '@backstage-pagerduty/plugin-pagerduty-common';
import { Knex } from 'knex';
import { MappingDecisionRow, SyncedService } from '../mapping/types';
import { DependencyStore } from './DependencyStore';
import { FieldSyncStore } from './FieldSyncStore';
import { migrateMappingTables } from './migrations';

const CHUNK = 100;

function serviceRow(service: SyncedService, syncedAt: string) {
  return {
    account: service.account,
    service_id: service.serviceId,
    name: service.name,
    status: service.status,
    html_url: service.htmlUrl,
    teams: JSON.stringify(service.teams),
    key_digests: JSON.stringify(service.keyDigests),
    synced_at: syncedAt,
  };
}

function decisionRow(
  account: string,
  serviceId: string,
  entityRef: string,
  decision: MappingDecisionRow['decision'],
  actor: string,
  at: string,
) {
  return {
    account,
    service_id: serviceId,
    entity_ref: entityRef,
    decision,
    actor,
    updated_at: at,
  };
}

/** Everything this module keeps, in the catalog's database. */
export class MappingStore {
  static async create(database: DatabaseService): Promise<MappingStore> {
    const knex = await database.getClient();
    if (!database.migrations?.skip) await migrateMappingTables(knex);
    return new MappingStore(knex);
  }

  /** Dependency sync's reads and writes. */
  readonly dependencies: DependencyStore;
  /** Custom field sync's log per service. */
  readonly fieldSyncs: FieldSyncStore;

  private constructor(private readonly db: Knex) {
    this.dependencies = new DependencyStore(db);
    this.fieldSyncs = new FieldSyncStore(db);
  }

  /** Replaces the stored services of an account with a complete listing. */
  async replaceServices(
    account: string,
    services: SyncedService[],
    syncedAt: string,
  ): Promise<void> {
    await this.db.transaction(async tx => {
      await tx('pagerduty_services').where({ account }).delete();
      await tx.batchInsert(
        'pagerduty_services',
        services.map(s => serviceRow({ ...s, account }, syncedAt)),
        CHUNK,
      );
    });
  }

  /** Adds or replaces one service (a `service.created`/`service.updated` event). */
  async upsertService(service: SyncedService, syncedAt: string): Promise<void> {
    await this.db('pagerduty_services')
      .insert(serviceRow(service, syncedAt))
      .onConflict(['account', 'service_id'])
      .merge();
  }

  async deleteService(account: string, serviceId: string): Promise<void> {
    await this.db('pagerduty_services')
      .where({ account, service_id: serviceId })
      .delete();
  }

  async listServices(): Promise<SyncedService[]> {
    const rows = await this.db('pagerduty_services').select();
    return rows.map(r => ({
      account: r.account,
      serviceId: r.service_id,
      name: r.name,
      status: r.status,
      htmlUrl: r.html_url,
      teams: JSON.parse(r.teams),
      keyDigests: JSON.parse(r.key_digests),
    }));
  }

  async listDecisions(): Promise<MappingDecisionRow[]> {
    const rows = await this.db('pagerduty_mapping_decisions').select();
    return rows.map(r => ({
      account: r.account,
      serviceId: r.service_id,
      entityRef: r.entity_ref,
      decision: r.decision,
      actor: r.actor,
      updatedAt: r.updated_at,
    }));
  }

  /**
   * Maps a service to one entity: the service's previous `mapped` decision goes, and a
   * rejection of that entity is lifted.
   */
  async map(
    account: string,
    serviceId: string,
    entityRef: string,
    actor: string,
    at: string,
  ): Promise<void> {
    await this.db.transaction(async tx => {
      await tx('pagerduty_mapping_decisions')
        .where({ account, service_id: serviceId, decision: 'mapped' })
        .orWhere({ account, service_id: serviceId, entity_ref: entityRef })
        .delete();
      await tx('pagerduty_mapping_decisions').insert(
        decisionRow(account, serviceId, entityRef, 'mapped', actor, at),
      );
    });
  }

  /** Rejects an entity as a match of a service (and drops it if it was mapped). */
  async reject(
    account: string,
    serviceId: string,
    entityRef: string,
    actor: string,
    at: string,
  ): Promise<void> {
    await this.db('pagerduty_mapping_decisions')
      .insert(decisionRow(account, serviceId, entityRef, 'rejected', actor, at))
      .onConflict(['account', 'service_id', 'entity_ref'])
      .merge();
  }

  /** Removes the manual mapping of a service; true when there was one. */
  async unmap(account: string, serviceId: string): Promise<boolean> {
    const n = await this.db('pagerduty_mapping_decisions')
      .where({ account, service_id: serviceId, decision: 'mapped' })
      .delete();
    return n > 0;
  }

  /** Replaces every computed state. */
  async replaceStates(states: PagerDutyMappedService[]): Promise<void> {
    await this.db.transaction(async tx => {
      await tx('pagerduty_mapping_states').delete();
      await tx.batchInsert(
        'pagerduty_mapping_states',
        states.map(s => ({
          account: s.account,
          service_id: s.serviceId,
          state: s.state,
          entity_ref: s.entityRef ?? null,
          body: JSON.stringify(s),
        })),
        CHUNK,
      );
    });
  }

  async listStates(): Promise<PagerDutyMappedService[]> {
    const rows = await this.db('pagerduty_mapping_states')
      .select('body')
      .orderBy(['account', 'service_id']);
    return rows.map(r => JSON.parse(r.body));
  }

  async getState(
    account: string,
    serviceId: string,
  ): Promise<PagerDutyMappedService | undefined> {
    const row = await this.db('pagerduty_mapping_states')
      .where({ account, service_id: serviceId })
      .first('body');
    return row ? JSON.parse(row.body) : undefined;
  }

  async recordSync(status: PagerDutySyncStatus): Promise<void> {
    await this.db('pagerduty_sync_runs')
      .insert({
        account: status.account,
        started_at: status.startedAt,
        finished_at: status.finishedAt,
        requests: status.requests,
        services: status.services,
        error: status.error,
        details:
          status.dependencies || status.fields
            ? JSON.stringify({
                dependencies: status.dependencies,
                fields: status.fields,
              })
            : null,
      })
      .onConflict('account')
      .merge();
  }

  async listSyncs(): Promise<PagerDutySyncStatus[]> {
    const rows = await this.db('pagerduty_sync_runs').select();
    return rows.map(r => ({
      account: r.account,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
      requests: Number(r.requests),
      services: Number(r.services),
      error: r.error,
      ...(r.details ? JSON.parse(r.details) : {}),
    }));
  }
}
