import { Knex } from 'knex';

const TABLE = 'pagerduty_webhook_deliveries';

/**
 * Webhook ids already received, in the plugin's database: the first `claim` of an id wins
 * (`INSERT … ON CONFLICT DO NOTHING`), on any replica, until the row expires. One delivery
 * may claim several ids at once (its `X-Webhook-Id` and its signed event id).
 */
export class WebhookStore {
  constructor(private readonly knex: Knex) {}

  /**
   * True when none of `webhookIds` was seen before (the caller processes the delivery); false
   * when any of them was (a duplicate). The ids not seen before are recorded either way.
   */
  async claim(delivery: {
    webhookIds: string[];
    account: string;
    eventType?: string;
    receivedAt: number;
    expiresAt: number;
  }): Promise<boolean> {
    const ids = [...new Set(delivery.webhookIds)];
    const inserted = await this.knex(TABLE)
      .insert(
        ids.map(id => ({
          webhook_id: id,
          account: delivery.account,
          event_type: delivery.eventType?.slice(0, 128) ?? null,
          received_at: delivery.receivedAt,
          expires_at: delivery.expiresAt,
        })),
      )
      .onConflict('webhook_id')
      .ignore()
      .returning('webhook_id');
    return inserted.length === ids.length;
  }

  /** Deletes expired ids; returns how many. */
  async prune(now: number): Promise<number> {
    return this.knex(TABLE).where('expires_at', '<=', now).delete();
  }

  /** When a webhook last arrived, per account (ms since the epoch). */
  async lastReceived(): Promise<Map<string, number>> {
    const rows: Array<{ account: string; last: string | number | null }> =
      await this.knex(TABLE)
        .select('account')
        .max({ last: 'received_at' })
        .groupBy('account');
    const result = new Map<string, number>();
    for (const row of rows) {
      if (row.last !== null) result.set(row.account, Number(row.last));
    }
    return result;
  }
}
