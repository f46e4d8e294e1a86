import { createHash } from 'node:crypto';
import { Knex } from 'knex';
import {
  ChangeEventRequest,
  IncidentEventRequest,
  TriggerIncidentRequest,
} from '@backstage-pagerduty/plugin-pagerduty-common';

const OUTBOX = 'pagerduty_trigger_outbox';
const RATE_KEYS = 'pagerduty_trigger_rate_keys';
const SENDS = 'pagerduty_trigger_sends';

/** How a trigger reaches PagerDuty: Events API v2, REST `POST /incidents`, or not known yet. */
export type DeliveryMode = 'events' | 'rest';

/** Where a trigger row stands. `sending` is a row claimed by a worker (shown as queued). */
export type OutboxStatus = 'queued' | 'sending' | 'delivered' | 'failed';

/**
 * What an outbox row sends: an incident trigger, an acknowledge or resolve event for a dedup
 * key, or a change event. All but `trigger` go through the Events API v2 only.
 */
export type OutboxKind = 'trigger' | 'acknowledge' | 'resolve' | 'change';

/** The validated request of a row, by kind. */
export type OutboxRequest =
  | TriggerIncidentRequest
  | ChangeEventRequest
  | Pick<IncidentEventRequest, 'dedupKey'>;

/** A trigger (or another outbox event) as stored in the outbox. */
export interface TriggerRecord {
  id: string;
  /** `trigger` for rows written before there were other kinds. */
  kind: OutboxKind;
  account: string;
  entityRef: string;
  serviceId?: string;
  dedupKey: string;
  /** Undefined while the routing could not be resolved (PagerDuty was down at request time). */
  mode?: DeliveryMode;
  routingKey?: string;
  rateKey?: string;
  request: OutboxRequest;
  triggeredBy: string;
  /** Display name of the user who queued it (the ref stays in `triggeredBy`). */
  triggeredByName?: string;
  fromEmail?: string;
  clientUrl?: string;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: number;
  lockedBy?: string;
  lockedUntil?: number;
  lastError?: string;
  incidentId?: string;
  createdAt: number;
  deliveredAt?: number;
}

/** What the API writes before it answers 202 (`kind` defaults to `trigger`). */
export type NewTrigger = { kind?: OutboxKind } & Pick<
  TriggerRecord,
  | 'id'
  | 'account'
  | 'entityRef'
  | 'serviceId'
  | 'dedupKey'
  | 'mode'
  | 'routingKey'
  | 'request'
  | 'triggeredBy'
  | 'triggeredByName'
  | 'fromEmail'
  | 'clientUrl'
>;

/** Limits applied while claiming rows. */
export interface ClaimOptions {
  workerId: string;
  batchSize: number;
  /** How long a claimed row stays reserved to this worker (longer than one delivery). */
  leaseMs: number;
  /** Events per routing key within `windowMs`. */
  perKeyLimit: number;
  windowMs: number;
}

/** The hash the rate limit is kept under, so the send log holds no routing keys. */
export function rateKeyOf(routingKey: string): string {
  return createHash('sha256').update(routingKey).digest('hex');
}

const num = (v: unknown): number | undefined =>
  v === null || v === undefined ? undefined : Number(v);
const str = (v: unknown): string | undefined =>
  v === null || v === undefined ? undefined : String(v);

function fromRow(row: Record<string, unknown>): TriggerRecord {
  return {
    id: String(row.id),
    kind: (str(row.kind) ?? 'trigger') as OutboxKind,
    account: String(row.account),
    entityRef: String(row.entity_ref),
    serviceId: str(row.service_id),
    dedupKey: String(row.dedup_key),
    mode: str(row.mode) as DeliveryMode | undefined,
    routingKey: str(row.routing_key),
    rateKey: str(row.rate_key),
    request: JSON.parse(String(row.request)),
    triggeredBy: String(row.triggered_by),
    triggeredByName: str(row.triggered_by_name),
    fromEmail: str(row.from_email),
    clientUrl: str(row.client_url),
    status: String(row.status) as OutboxStatus,
    attempts: Number(row.attempts),
    nextAttemptAt: Number(row.next_attempt_at),
    lockedBy: str(row.locked_by),
    lockedUntil: num(row.locked_until),
    lastError: str(row.last_error),
    incidentId: str(row.incident_id),
    createdAt: Number(row.created_at),
    deliveredAt: num(row.delivered_at),
  };
}

/**
 * The durable outbox of incident triggers. Rows are claimed with a lease inside a transaction
 * that locks them (`FOR UPDATE SKIP LOCKED` on PostgreSQL, SQLite has a single writer), and
 * the per-routing-key send window is counted under a lock on the key's row, so replicas on
 * one database neither deliver a row twice concurrently nor exceed the key's limit together.
 */
export class OutboxStore {
  private readonly isPostgres: boolean;

  constructor(
    private readonly knex: Knex,
    private readonly now: () => number = Date.now,
  ) {
    const client = String(knex.client.config.client ?? '');
    this.isPostgres = client === 'pg' || client.includes('postgres');
  }

  async insert(trigger: NewTrigger): Promise<TriggerRecord> {
    const now = this.now();
    const row = {
      id: trigger.id,
      kind: trigger.kind ?? 'trigger',
      account: trigger.account,
      entity_ref: trigger.entityRef,
      service_id: trigger.serviceId ?? null,
      dedup_key: trigger.dedupKey,
      mode: trigger.mode ?? null,
      routing_key: trigger.routingKey ?? null,
      rate_key: trigger.routingKey ? rateKeyOf(trigger.routingKey) : null,
      request: JSON.stringify(trigger.request),
      triggered_by: trigger.triggeredBy,
      triggered_by_name: trigger.triggeredByName ?? null,
      from_email: trigger.fromEmail ?? null,
      client_url: trigger.clientUrl ?? null,
      status: 'queued',
      attempts: 0,
      next_attempt_at: now,
      created_at: now,
    };
    await this.knex(OUTBOX).insert(row);
    return fromRow(row);
  }

  async get(id: string): Promise<TriggerRecord | undefined> {
    const row = await this.knex(OUTBOX).where({ id }).first();
    return row ? fromRow(row) : undefined;
  }

  /**
   * Claims due rows for `workerId`: rows without a routing yet and REST rows directly, Events
   * rows only as far as their routing key's window and 429 pause allow. Rows held back get a
   * `next_attempt_at` at which a slot frees up.
   */
  async claim(options: ClaimOptions): Promise<TriggerRecord[]> {
    return this.knex.transaction(async tx => {
      const now = this.now();
      let query = tx(OUTBOX)
        .where(q =>
          q
            .where(w =>
              w
                .where('status', 'queued')
                .andWhere('next_attempt_at', '<=', now),
            )
            .orWhere(w =>
              w.where('status', 'sending').andWhere('locked_until', '<=', now),
            ),
        )
        .orderBy([
          { column: 'next_attempt_at', order: 'asc' },
          { column: 'created_at', order: 'asc' },
        ])
        .limit(options.batchSize);
      if (this.isPostgres) query = query.forUpdate().skipLocked();
      const candidates = (await query).map(fromRow);
      if (candidates.length === 0) return [];

      const granted: TriggerRecord[] = [];
      const byKey = new Map<string, TriggerRecord[]>();
      for (const row of candidates) {
        if (row.mode === 'events' && row.rateKey) {
          const list = byKey.get(row.rateKey) ?? [];
          list.push(row);
          byKey.set(row.rateKey, list);
        } else {
          granted.push(row);
        }
      }

      // Keys in a fixed order, so two replicas never wait on each other's key rows crosswise.
      for (const rateKey of [...byKey.keys()].sort()) {
        const rows = byKey.get(rateKey)!;
        await tx(RATE_KEYS)
          .insert({ rate_key: rateKey, paused_until: 0 })
          .onConflict('rate_key')
          .ignore();
        let keyQuery = tx(RATE_KEYS).where({ rate_key: rateKey });
        if (this.isPostgres) keyQuery = keyQuery.forUpdate();
        const keyRow = await keyQuery.first();
        const pausedUntil = Number(keyRow?.paused_until ?? 0);
        const windowStart = now - options.windowMs;
        await tx(SENDS)
          .where('rate_key', rateKey)
          .andWhere('sent_at', '<=', windowStart)
          .delete();
        const sends = (
          await tx(SENDS)
            .where('rate_key', rateKey)
            .andWhere('sent_at', '>', windowStart)
            .orderBy('sent_at', 'asc')
            .select('sent_at')
        ).map(r => Number(r.sent_at));

        let allowed =
          pausedUntil > now
            ? 0
            : Math.max(0, options.perKeyLimit - sends.length);
        allowed = Math.min(allowed, rows.length);
        const take = rows.slice(0, allowed);
        const held = rows.slice(allowed);
        if (take.length > 0) {
          for (const part of chunks(take, 200)) {
            await tx(SENDS).insert(
              part.map(() => ({ rate_key: rateKey, sent_at: now })),
            );
          }
          granted.push(...take);
        }
        if (held.length > 0) {
          // The earliest moment a slot frees: the pause's end, or the oldest send (this
          // round's included) leaving the window.
          const oldest = sends.length > 0 ? sends[0] : now;
          const retryAt =
            pausedUntil > now ? pausedUntil : oldest + options.windowMs + 1;
          await tx(OUTBOX)
            .whereIn(
              'id',
              held.map(r => r.id),
            )
            .update({ next_attempt_at: retryAt });
        }
      }

      if (granted.length === 0) return [];
      const lockedUntil = now + options.leaseMs;
      for (const ids of chunks(
        granted.map(r => r.id),
        200,
      )) {
        await tx(OUTBOX)
          .whereIn('id', ids)
          .update({
            status: 'sending',
            locked_by: options.workerId,
            locked_until: lockedUntil,
            attempts: tx.raw('attempts + 1'),
          });
      }
      return granted.map(r => ({
        ...r,
        status: 'sending' as const,
        lockedBy: options.workerId,
        lockedUntil,
        attempts: r.attempts + 1,
      }));
    });
  }

  /** Marks a claimed row delivered; false when the lease was lost to another worker. */
  async markDelivered(
    id: string,
    workerId: string,
    result: { incidentId?: string } = {},
  ): Promise<boolean> {
    const n = await this.knex(OUTBOX)
      .where({ id, locked_by: workerId, status: 'sending' })
      .update({
        status: 'delivered',
        delivered_at: this.now(),
        locked_by: null,
        locked_until: null,
        last_error: null,
        incident_id: result.incidentId ?? null,
      });
    return n > 0;
  }

  /** Puts a claimed row back in the queue, to be tried again at `nextAttemptAt`. */
  async markRetry(
    id: string,
    workerId: string,
    options: {
      nextAttemptAt: number;
      error: string;
      /** Pause the row's routing key (PagerDuty answered 429). */
      pauseKey?: { rateKey: string; until: number };
      /** Routing resolved meanwhile (rows queued without one). */
      routing?: { mode: DeliveryMode; routingKey?: string; serviceId?: string };
    },
  ): Promise<boolean> {
    return this.knex.transaction(async tx => {
      const update: Record<string, unknown> = {
        status: 'queued',
        next_attempt_at: options.nextAttemptAt,
        locked_by: null,
        locked_until: null,
        last_error: options.error.slice(0, 4000),
      };
      if (options.routing) {
        update.mode = options.routing.mode;
        update.routing_key = options.routing.routingKey ?? null;
        update.rate_key = options.routing.routingKey
          ? rateKeyOf(options.routing.routingKey)
          : null;
        if (options.routing.serviceId)
          update.service_id = options.routing.serviceId;
      }
      const n = await tx(OUTBOX)
        .where({ id, locked_by: workerId, status: 'sending' })
        .update(update);
      if (options.pauseKey) {
        await tx(RATE_KEYS)
          .insert({
            rate_key: options.pauseKey.rateKey,
            paused_until: options.pauseKey.until,
          })
          .onConflict('rate_key')
          .merge({
            paused_until: tx.raw(
              `CASE WHEN ${RATE_KEYS}.paused_until > ? THEN ${RATE_KEYS}.paused_until ELSE ? END`,
              [options.pauseKey.until, options.pauseKey.until],
            ),
          });
      }
      return n > 0;
    });
  }

  /** Marks a claimed row failed for good, with PagerDuty's message. */
  async markFailed(id: string, workerId: string, error: string) {
    const n = await this.knex(OUTBOX)
      .where({ id, locked_by: workerId, status: 'sending' })
      .update({
        status: 'failed',
        locked_by: null,
        locked_until: null,
        last_error: error.slice(0, 4000),
      });
    return n > 0;
  }

  /** Gives back rows claimed by a worker that stops before sending them. */
  async release(workerId: string, ids: string[]): Promise<void> {
    for (const chunk of chunks(ids, 200)) {
      await this.knex(OUTBOX)
        .whereIn('id', chunk)
        .andWhere({ locked_by: workerId, status: 'sending' })
        .update({
          status: 'queued',
          locked_by: null,
          locked_until: null,
          attempts: this.knex.raw('attempts - 1'),
        });
    }
  }

  /**
   * Extends the lease of rows this worker still holds (the heartbeat while it sends): a live
   * worker keeps its rows with a short lease; a dead one loses them within one lease.
   * Returns how many rows were still held.
   */
  async renew(
    workerId: string,
    ids: string[],
    leaseMs: number,
    now: number = Date.now(),
  ): Promise<number> {
    let renewed = 0;
    for (const chunk of chunks(ids, 200)) {
      renewed += await this.knex(OUTBOX)
        .whereIn('id', chunk)
        .andWhere({ locked_by: workerId, status: 'sending' })
        .update({ locked_until: now + leaseMs });
    }
    return renewed;
  }

  /** When the next row falls due (queued) or a lease runs out (sending), if any. */
  async nextDue(): Promise<number | undefined> {
    const [queued, sending] = await Promise.all([
      this.knex(OUTBOX)
        .where('status', 'queued')
        .min({ at: 'next_attempt_at' })
        .first(),
      this.knex(OUTBOX)
        .where('status', 'sending')
        .min({ at: 'locked_until' })
        .first(),
    ]);
    const times = [queued?.at, sending?.at]
      .filter(v => v !== null && v !== undefined)
      .map(Number);
    return times.length ? Math.min(...times) : undefined;
  }

  /** Deletes delivered and failed rows older than `olderThanMs`. */
  async prune(olderThanMs: number): Promise<number> {
    return this.knex(OUTBOX)
      .whereIn('status', ['delivered', 'failed'])
      .andWhere('created_at', '<', this.now() - olderThanMs)
      .delete();
  }

  /** Counts rows per status (for tests and the benchmark). */
  /** Triggers not delivered yet (queued or sending) and when the oldest was accepted. */
  async backlog(): Promise<{ depth: number; oldestCreatedAt?: number }> {
    const row = (await this.knex(OUTBOX)
      .whereIn('status', ['queued', 'sending'])
      .count({ n: '*' })
      .min({ oldest: 'created_at' })
      .first()) as { n: number | string; oldest: number | string | null };
    const depth = Number(row?.n ?? 0);
    return depth && row?.oldest !== null && row?.oldest !== undefined
      ? { depth, oldestCreatedAt: Number(row.oldest) }
      : { depth };
  }

  async counts(): Promise<Record<OutboxStatus, number>> {
    const rows: Array<{ status: string; n: number | string }> = await this.knex(
      OUTBOX,
    )
      .select('status')
      .count({ n: '*' })
      .groupBy('status');
    const out: Record<OutboxStatus, number> = {
      queued: 0,
      sending: 0,
      delivered: 0,
      failed: 0,
    };
    for (const r of rows) out[r.status as OutboxStatus] = Number(r.n);
    return out;
  }
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size)
    out.push(items.slice(i, i + size));
  return out;
}
