import { Knex } from 'knex';

const TABLE = 'pagerduty_owner_notifications';

/** Which owner notifications were sent, shared by every replica through the database. */
export class NotificationStore {
  constructor(
    private readonly knex: Knex,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Claims the right to send the notification `kind` for an incident: true for exactly one
   * caller across replicas (the primary key decides), false for every other.
   */
  async claim(
    account: string,
    incidentId: string,
    kind: string,
  ): Promise<boolean> {
    const inserted = await this.knex(TABLE)
      .insert({ account, incident_id: incidentId, kind, sent_at: this.now() })
      .onConflict(['account', 'incident_id', 'kind'])
      .ignore()
      .returning('incident_id');
    return inserted.length > 0;
  }

  /** Forgets a claim (the notification could not be sent: another try may send it). */
  async release(account: string, incidentId: string, kind: string) {
    await this.knex(TABLE)
      .where({ account, incident_id: incidentId, kind })
      .delete();
  }

  async prune(olderThanMs: number): Promise<number> {
    return this.knex(TABLE)
      .where('sent_at', '<', this.now() - olderThanMs)
      .delete();
  }
}
