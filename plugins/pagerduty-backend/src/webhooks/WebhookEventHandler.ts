import { LoggerService } from '@backstage/backend-plugin-api';
import { EventsService } from '@backstage/plugin-events-node';
import { PagerDutyServiceSignal } from '@backstage-pagerduty/plugin-pagerduty-common';
import {
  BackoffPolicy,
  PAGERDUTY_SERVICE_EVENTS_TOPIC,
  PagerDutyClientService,
  PagerDutyServiceChangeEvent,
  PagerDutyTelemetry,
  backoffDelay,
  sleep,
} from '@backstage-pagerduty/plugin-pagerduty-node';
import { LiveUpdates } from '../services/LiveUpdates';
import { OwnerNotifier } from '../services/OwnerNotifier';

/** The `event` of a Webhooks v3 body; only the fields used here. */
export interface PagerDutyWebhookEvent {
  id?: string;
  event_type: string;
  resource_type?: string;
  occurred_at?: string;
  data?: unknown;
}

type Ref = { id?: unknown; type?: unknown } | null | undefined;

function idOf(ref: unknown): string | undefined {
  const id = (ref as Ref)?.id;
  return typeof id === 'string' && id ? id : undefined;
}

function field(value: unknown, key: string): unknown {
  return value && typeof value === 'object'
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

/** Incident events after which the on-call of the incident's policy may be shown differently. */
const ON_CALL_EVENTS = new Set(['incident.escalated', 'incident.delegated']);

/**
 * Turns verified webhooks into live updates (cache invalidation and a Backstage signal, see
 * {@link LiveUpdates}), after the webhook was answered. `incident.*` events refresh the incidents and the service (its status follows
 * the incidents); `service.*` events the service and its on-call. Other events are ignored.
 */
export class WebhookEventHandler {
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly deps: {
      pagerDuty: PagerDutyClientService;
      liveUpdates: LiveUpdates;
      logger: LoggerService;
      /**
       * Retries of an event whose handling failed (e.g. PagerDuty did not answer the incident
       * lookup), with the shared backoff. PagerDuty does not send it again: its delivery was
       * answered and recorded. Default 3 retries from 1 s, at most 30 s apart.
       */
      retry?: BackoffPolicy & { attempts: number };
      /** Notifies the owners of an entity when an incident triggers on its service. */
      notifier?: OwnerNotifier;
      /** Webhook counts, lag and handling failures. */
      telemetry?: PagerDutyTelemetry;
      /** Where `service.*` events are republished for other plugins (the catalog module). */
      events?: EventsService;
      now?: () => number;
    },
  ) {}

  /** Handles the event in the background, retrying failures; the last failure is logged. */
  enqueue(account: string, event: PagerDutyWebhookEvent): void {
    const { telemetry } = this.deps;
    const occurred = event.occurred_at ? Date.parse(event.occurred_at) : NaN;
    const lagSeconds = Number.isNaN(occurred)
      ? undefined
      : ((this.deps.now ?? Date.now)() - occurred) / 1000;
    const work = this.handleWithRetries(account, event).then(
      () =>
        telemetry?.webhookReceived({
          eventType: event.event_type,
          result: 'handled',
          lagSeconds,
        }),
      error => {
        telemetry?.webhookReceived({
          eventType: event.event_type,
          result: 'failed',
          lagSeconds,
        });
        telemetry?.syncError('webhook-handling');
        this.deps.logger.warn(
          `Could not process PagerDuty webhook ${event.event_type} (event ${
            event.id ?? '?'
          }, account ${account}): ${error}`,
        );
      },
    );
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private async handleWithRetries(
    account: string,
    event: PagerDutyWebhookEvent,
  ): Promise<void> {
    const retry = this.deps.retry ?? {
      attempts: 3,
      initialMs: 1_000,
      maxMs: 30_000,
    };
    for (let attempt = 0; ; attempt++) {
      try {
        await this.handle(account, event);
        return;
      } catch (error) {
        if (attempt >= retry.attempts) throw error;
        const delay = backoffDelay(attempt, retry);
        this.deps.logger.debug(
          `PagerDuty webhook ${event.event_type} (event ${
            event.id ?? '?'
          }) failed, retry in ${delay} ms: ${error}`,
        );
        await sleep(delay);
      }
    }
  }

  /** Resolves when every event handed to `enqueue` so far has been handled. */
  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
  }

  private async republishServiceEvent(
    account: string,
    event: PagerDutyWebhookEvent,
    serviceId: string,
  ): Promise<void> {
    const eventType = event.event_type;
    if (
      !this.deps.events ||
      (eventType !== 'service.created' &&
        eventType !== 'service.updated' &&
        eventType !== 'service.deleted')
    ) {
      return;
    }
    const payload: PagerDutyServiceChangeEvent = {
      account,
      eventType,
      serviceId,
      ...(event.occurred_at ? { occurredAt: event.occurred_at } : {}),
    };
    await this.deps.events.publish({
      topic: PAGERDUTY_SERVICE_EVENTS_TOPIC,
      eventPayload: payload,
    });
  }

  /** Invalidates and signals; returns the published signal, or undefined when ignored. */
  async handle(
    account: string,
    event: PagerDutyWebhookEvent,
  ): Promise<PagerDutyServiceSignal | undefined> {
    const type = event.event_type;
    const data = event.data;
    const client = this.deps.pagerDuty.forAccount(account);

    let serviceId: string | undefined;
    let incidentId: string | undefined;
    let sections: PagerDutyServiceSignal['sections'];
    let escalationPolicyId: string | undefined;

    if (type.startsWith('incident.')) {
      // Most incident events carry the incident; some (annotated, …) a reference to it.
      const incident =
        field(data, 'type') === 'incident' ? data : field(data, 'incident');
      incidentId = idOf(incident);
      serviceId =
        idOf(field(incident, 'service')) ?? idOf(field(data, 'service'));
      if (!serviceId && incidentId) {
        serviceId = (await client.getIncident(incidentId)).service.id;
      }
      if (!serviceId) return undefined;
      sections = ['incidents', 'services'];
      const policyId = idOf(field(incident, 'escalation_policy'));
      if (ON_CALL_EVENTS.has(type) && policyId) {
        escalationPolicyId = policyId;
        sections.push('oncall');
      }
    } else if (type.startsWith('service.')) {
      serviceId = idOf(data);
      if (!serviceId) return undefined;
      await this.republishServiceEvent(account, event, serviceId);
      sections = ['services', 'oncall'];
      escalationPolicyId = idOf(field(data, 'escalation_policy'));
    } else {
      return undefined;
    }

    if (type === 'incident.triggered' && incidentId && this.deps.notifier) {
      const incident =
        field(data, 'type') === 'incident' ? data : field(data, 'incident');
      const text = (key: string) => {
        const value = field(incident, key);
        return typeof value === 'string' && value ? value : undefined;
      };
      await this.deps.notifier.incidentTriggered({
        account,
        id: incidentId,
        serviceId,
        title: text('title') ?? `Incident ${incidentId}`,
        htmlUrl: text('html_url'),
        urgency: text('urgency'),
      });
    }
    return this.deps.liveUpdates.announce({
      account,
      serviceId,
      eventType: type,
      sections,
      ...(incidentId ? { incidentId } : {}),
      ...(escalationPolicyId ? { escalationPolicyId } : {}),
    });
  }
}
