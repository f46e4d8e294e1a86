import { PagerDutyFieldSync } from '@backstage-pagerduty/plugin-pagerduty-common';
import { Knex } from 'knex';

/** One service's custom field sync, as logged. */
export interface FieldSyncRecord extends PagerDutyFieldSync {
  account: string;
  serviceId: string;
}

/** Custom field sync's log: per service, the values last written and the last error. */
export class FieldSyncStore {
  constructor(private readonly db: Knex) {}

  async list(): Promise<FieldSyncRecord[]> {
    const rows = await this.db('pagerduty_field_syncs').select();
    return rows.map(r => ({
      account: r.account,
      serviceId: r.service_id,
      entityRef: r.entity_ref,
      values: JSON.parse(r.field_values),
      syncedAt: r.synced_at ?? null,
      attemptedAt: r.attempted_at,
      error: r.error ?? null,
    }));
  }

  async record(sync: FieldSyncRecord): Promise<void> {
    await this.db('pagerduty_field_syncs')
      .insert({
        account: sync.account,
        service_id: sync.serviceId,
        entity_ref: sync.entityRef,
        field_values: JSON.stringify(sync.values),
        synced_at: sync.syncedAt,
        attempted_at: sync.attemptedAt,
        error: sync.error,
      })
      .onConflict(['account', 'service_id'])
      .merge();
  }
}
