import { randomUUID } from 'node:crypto';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  PagerDutyAccountClient,
  PagerDutyApiError,
  PagerDutyClientService,
  backoffDelay,
  isRetryable,
} from '@backstage-pagerduty/plugin-pagerduty-node';
import { TriggerConfig } from '../config/readBackendConfig';
import { SlaSettings } from '../config/readSlaConfig';
import { OutboxStore, TriggerRecord, rateKeyOf } from '../database/OutboxStore';
import {
  actorLabel,
  buildChangeEvent,
  buildEvent,
  triggerRequestOf,
} from './buildEvent';
import { resolveRouting } from './routing';

/**
 * Tunables of the worker (`pagerDuty.triggers`), and the urgency of an incident created
 * through REST for each severity (`pagerDuty.sla.severityUrgency`).
 */
export type TriggerWorkerOptions = TriggerConfig &
  Pick<SlaSettings, 'severityUrgency'>;

/** What happened to a delivered trigger, for cache invalidation, signals and audit. */
export interface TriggerOutcome {
  record: TriggerRecord;
  status: 'delivered' | 'failed';
  error?: string;
  incidentId?: string;
}

function describe(error: unknown): string {
  if (error instanceof PagerDutyApiError) {
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * Delivers the outbox: claims due rows (leased, rate-limited per routing key), sends them,
 * and records the outcome. Runs when kicked (after an insert), on its own timer for the
 * next due row, and from the scheduler as a safety net; one round at a time per instance.
 */
export class TriggerWorker {
  readonly workerId = randomUUID();
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<string>();
  private lastPrune = 0;

  constructor(
    private readonly store: OutboxStore,
    private readonly pagerDuty: PagerDutyClientService,
    private readonly logger: LoggerService,
    private readonly options: TriggerWorkerOptions,
    private readonly onOutcome: (
      outcome: TriggerOutcome,
    ) => Promise<void> = async () => {},
    private readonly now: () => number = Date.now,
  ) {}

  /** Starts a round now, or right after the current one. */
  kick(): void {
    if (this.stopped) return;
    void this.drain().catch(error =>
      this.logger.error('PagerDuty trigger outbox round failed', error),
    );
  }

  /** Runs rounds until nothing is due; concurrent calls join the current run. */
  drain(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          while (!this.stopped) {
            const claimed = await this.store.claim({
              workerId: this.workerId,
              batchSize: this.options.batchSize,
              leaseMs: this.options.leaseMs,
              perKeyLimit: this.options.perKeyLimit,
              windowMs: this.options.windowMs,
            });
            if (claimed.length === 0) break;
            await this.deliverAll(claimed);
          }
        } while (this.again && !this.stopped);
      } finally {
        this.running = undefined;
        await this.scheduleWakeup().catch(() => {});
      }
    })();
    return this.running;
  }

  /** Stops taking rows; waits for deliveries in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => {});
  }

  /** Housekeeping, at most hourly: deletes old delivered and failed rows. */
  async prune(): Promise<void> {
    if (this.now() - this.lastPrune < 3_600_000) return;
    this.lastPrune = this.now();
    const n = await this.store.prune(this.options.retentionMs);
    if (n > 0) this.logger.info(`Pruned ${n} old PagerDuty trigger rows`);
  }

  private async scheduleWakeup() {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    const due = await this.store.nextDue();
    const wait =
      due === undefined
        ? this.options.pollIntervalMs
        : Math.min(
            this.options.pollIntervalMs,
            Math.max(20, due - this.now() + 5),
          );
    if (this.stopped) return;
    this.timer = setTimeout(() => this.kick(), wait);
    this.timer.unref?.();
  }

  private async deliverAll(rows: TriggerRecord[]) {
    // Rows of one dedup key go one after the other, in the order they were accepted: a
    // pipeline's trigger reaches PagerDuty before the acknowledge or resolve that follows it.
    const chains = new Map<string, TriggerRecord[]>();
    for (const row of [...rows].sort((a, b) => a.createdAt - b.createdAt)) {
      const key = `${row.account}|${row.routingKey ?? row.serviceId}|${
        row.dedupKey
      }`;
      chains.set(key, [...(chains.get(key) ?? []), row]);
    }
    const queue = [...chains.values()];
    // Rows not yet done: their leases are renewed while this instance works on the batch.
    const pending = new Set(rows.map(r => r.id));
    // Heartbeat: while this instance works on the batch, it renews the lease of the rows not
    // yet done three times per lease, so a short lease is safe for live workers and the rows
    // of a killed one are taken over by another replica within one lease.
    const heartbeat = setInterval(() => {
      const held = [...pending];
      if (held.length === 0) return;
      this.store
        .renew(this.workerId, held, this.options.leaseMs, this.now())
        .catch(error =>
          this.logger.warn(
            `Could not renew the lease of ${held.length} PagerDuty triggers: ${error}`,
          ),
        );
    }, Math.max(100, Math.floor(this.options.leaseMs / 3)));
    heartbeat.unref?.();
    try {
      await this.deliverBatch(queue, pending);
    } finally {
      clearInterval(heartbeat);
    }
  }

  private async deliverBatch(queue: TriggerRecord[][], pending: Set<string>) {
    const workers = Array.from(
      { length: Math.min(this.options.concurrency, queue.length) },
      async () => {
        for (;;) {
          const chain = queue.shift();
          if (!chain) return;
          for (const [index, row] of chain.entries()) {
            if (this.stopped) {
              // Not attempted: hand the rest back right away instead of waiting for the lease.
              const rest = [...chain.slice(index), ...queue.splice(0).flat()];
              rest.forEach(r => pending.delete(r.id));
              await this.store.release(
                this.workerId,
                rest.map(r => r.id),
              );
              return;
            }
            this.inFlight.add(row.id);
            try {
              await this.deliverOne(row);
            } catch (error) {
              this.logger.error(
                `PagerDuty trigger ${row.id} could not be recorded`,
                error as Error,
              );
            } finally {
              this.inFlight.delete(row.id);
              pending.delete(row.id);
            }
          }
        }
      },
    );
    await Promise.all(workers);
  }

  private async deliverOne(row: TriggerRecord) {
    const now = this.now();
    let client: PagerDutyAccountClient;
    try {
      client = this.pagerDuty.forAccount(row.account);
    } catch (error) {
      // The account left the configuration: nothing will deliver this trigger.
      await this.fail(row, describe(error));
      return;
    }

    // Queued while PagerDuty could not tell how to reach the service: resolve first.
    if (!row.mode) {
      try {
        const routing = await resolveRouting(client, row.serviceId!);
        await this.store.markRetry(row.id, this.workerId, {
          nextAttemptAt: now,
          error: 'routing resolved',
          routing: { ...routing, serviceId: row.serviceId },
        });
        this.again = true;
      } catch (error) {
        await this.retryOrFail(row, error);
      }
      return;
    }

    try {
      let incidentId: string | undefined;
      if (row.kind !== 'trigger' && row.mode !== 'events') {
        // Only the Events API v2 knows dedup keys and change events.
        await this.fail(
          row,
          `PagerDuty service ${
            row.serviceId
          } has no Events API v2 integration; ${
            row.kind === 'change' ? 'change events' : `${row.kind} by dedup key`
          } needs one`,
        );
        return;
      }
      if (row.kind === 'change') {
        await client.sendChangeEvent(buildChangeEvent(row));
      } else if (row.mode === 'events') {
        await client.sendEvent(buildEvent(row));
      } else {
        if (!row.fromEmail) {
          await this.fail(
            row,
            `Service ${row.serviceId} has no Events API v2 integration, and creating the incident through the REST API needs the email of the user who triggered it (none in the catalog, and pagerDuty.defaultFromEmail is not set)`,
          );
          return;
        }
        const r = triggerRequestOf(row);
        const details = [
          r.details ? JSON.stringify(r.details, null, 2) : undefined,
          `Triggered from Backstage by ${actorLabel(row)} for ${row.entityRef}`,
          row.clientUrl,
        ]
          .filter(Boolean)
          .join('\n\n');
        const incident = await client.createIncident(
          {
            serviceId: row.serviceId!,
            title: r.summary,
            urgency: this.options.severityUrgency[r.severity],
            details,
            incidentKey: row.dedupKey,
          },
          row.fromEmail,
        );
        incidentId = incident.id;
      }
      if (
        await this.store.markDelivered(row.id, this.workerId, { incidentId })
      ) {
        await this.report({ record: row, status: 'delivered', incidentId });
      }
    } catch (error) {
      await this.retryOrFail(row, error);
    }
  }

  private async retryOrFail(row: TriggerRecord, error: unknown) {
    const message = describe(error);
    const retryable =
      !(error instanceof PagerDutyApiError) || isRetryable(error);
    if (!retryable) {
      await this.fail(row, message);
      return;
    }
    const now = this.now();
    if (now - row.createdAt > this.options.maxAgeMs) {
      await this.fail(
        row,
        `Gave up after ${row.attempts} attempts over ${Math.round(
          (now - row.createdAt) / 60_000,
        )} minutes; last error: ${message}`,
      );
      return;
    }
    const retryAfterMs =
      error instanceof PagerDutyApiError ? error.retryAfterMs : undefined;
    const rateLimited =
      error instanceof PagerDutyApiError && error.kind === 'rate-limited';
    const delay = backoffDelay(
      row.attempts - 1,
      {
        initialMs: this.options.backoffInitialMs,
        maxMs: this.options.backoffMaxMs,
      },
      retryAfterMs,
    );
    this.logger.debug(
      `PagerDuty trigger ${row.id} attempt ${
        row.attempts
      } failed (${message}); retry in ${Math.round(delay)} ms`,
    );
    await this.store.markRetry(row.id, this.workerId, {
      nextAttemptAt: now + delay,
      error: message,
      pauseKey:
        rateLimited && row.routingKey
          ? {
              rateKey: row.rateKey ?? rateKeyOf(row.routingKey),
              until: Math.round(now + (retryAfterMs ?? 1000)),
            }
          : undefined,
    });
  }

  private async fail(row: TriggerRecord, message: string) {
    this.logger.warn(`PagerDuty trigger ${row.id} failed: ${message}`);
    if (await this.store.markFailed(row.id, this.workerId, message)) {
      await this.report({ record: row, status: 'failed', error: message });
    }
  }

  private async report(outcome: TriggerOutcome) {
    try {
      await this.onOutcome(outcome);
    } catch (error) {
      this.logger.warn(
        `After PagerDuty trigger ${outcome.record.id}: ${describe(error)}`,
      );
    }
  }
}
