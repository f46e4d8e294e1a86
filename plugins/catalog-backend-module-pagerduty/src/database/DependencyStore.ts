import { Knex } from 'knex';

/** "dependent depends on supporting", both PagerDuty services of one account. */
export interface ServiceRelation {
  account: string;
  dependentId: string;
  supportingId: string;
}

/** What PagerDuty answered for one service's dependencies, and when. */
export interface DependencyRead {
  account: string;
  serviceId: string;
  readAt: string;
  relations: ServiceRelation[];
}

const CHUNK = 100;

/** Dependency sync's tables: reads of PagerDuty's relations, and the relations written to it. */
export class DependencyStore {
  constructor(private readonly db: Knex) {}

  async listReads(): Promise<DependencyRead[]> {
    const rows = await this.db('pagerduty_dependency_reads').select();
    return rows.map(r => ({
      account: r.account,
      serviceId: r.service_id,
      readAt: r.read_at,
      relations: JSON.parse(r.relationships),
    }));
  }

  async saveRead(read: DependencyRead): Promise<void> {
    await this.db('pagerduty_dependency_reads')
      .insert({
        account: read.account,
        service_id: read.serviceId,
        read_at: read.readAt,
        relationships: JSON.stringify(read.relations),
      })
      .onConflict(['account', 'service_id'])
      .merge();
  }

  /** Forgets the reads of services that are no longer mapped. */
  async deleteReads(keys: Array<{ account: string; serviceId: string }>) {
    for (const { account, serviceId } of keys) {
      await this.db('pagerduty_dependency_reads')
        .where({ account, service_id: serviceId })
        .delete();
    }
  }

  async listWrites(): Promise<ServiceRelation[]> {
    const rows = await this.db('pagerduty_dependency_writes').select();
    return rows.map(r => ({
      account: r.account,
      dependentId: r.dependent_id,
      supportingId: r.supporting_id,
    }));
  }

  async addWrites(relations: ServiceRelation[], at: string): Promise<void> {
    await this.db.batchInsert(
      'pagerduty_dependency_writes',
      relations.map(r => ({
        account: r.account,
        dependent_id: r.dependentId,
        supporting_id: r.supportingId,
        written_at: at,
      })),
      CHUNK,
    );
  }

  async removeWrites(relations: ServiceRelation[]): Promise<void> {
    for (const r of relations) {
      await this.db('pagerduty_dependency_writes')
        .where({
          account: r.account,
          dependent_id: r.dependentId,
          supporting_id: r.supportingId,
        })
        .delete();
    }
  }
}
