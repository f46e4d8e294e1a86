import http from 'node:http';
import https from 'node:https';
import { randomUUID } from 'node:crypto';
import { WebhookDeliveryOptions } from '../types';
import {
  DomainEvent,
  ServiceDomainEvent,
  SimulatorState,
} from '../state/store';
import { WebhookSubscriptionRecord } from '../state/model';
import { signatureHeader } from './signing';

/** Incident event types delivered when a subscription lists no events. */
export const INCIDENT_EVENT_TYPES = [
  'incident.acknowledged',
  'incident.annotated',
  'incident.delegated',
  'incident.escalated',
  'incident.priority_updated',
  'incident.reassigned',
  'incident.reopened',
  'incident.resolved',
  'incident.triggered',
  'incident.unacknowledged',
];

/** Service event types: delivered only to subscriptions that list them. */
export const SERVICE_EVENT_TYPES = [
  'service.created',
  'service.deleted',
  'service.updated',
];

export interface WebhookCounters {
  webhooksSent: number;
  webhookFailures: number;
}

interface Delivery {
  subscription: WebhookSubscriptionRecord;
  webhookId: string;
  body: string;
  eventType: string;
}

/**
 * Delivers Webhooks v3 asynchronously: one ordered queue per subscription, retries with
 * exponential backoff on network errors, timeouts, 429 and 5xx (same X-Webhook-Id);
 * other 4xx answers drop the webhook, as PagerDuty does.
 */
export class WebhookDispatcher {
  private readonly queues = new Map<string, Delivery[]>();
  private readonly running = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly idleWaiters: Array<() => void> = [];
  private readonly agentHttp = new http.Agent({ keepAlive: false });
  private readonly agentHttps = new https.Agent({ keepAlive: false });
  private stopped = false;
  private readonly maxAttempts: number;
  private readonly backoffMs: number;
  private readonly timeoutMs: number;

  constructor(
    private readonly state: SimulatorState,
    private readonly buildData: (e: DomainEvent | ServiceDomainEvent) => {
      agent: unknown;
      data: unknown;
    },
    private readonly counters: WebhookCounters,
    options: WebhookDeliveryOptions = {},
    private readonly log: (line: string) => void = () => {},
  ) {
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 4);
    this.backoffMs = options.backoffMs ?? 500;
    this.timeoutMs = options.timeoutMs ?? 5000;
    state.onEvent(e => this.onEvent(e));
  }

  private matches(
    sub: WebhookSubscriptionRecord,
    e: DomainEvent | ServiceDomainEvent,
  ): boolean {
    if (!sub.active) return false;
    const types = sub.events.length ? sub.events : INCIDENT_EVENT_TYPES;
    if (!types.includes(e.eventType)) return false;
    const service =
      'service' in e
        ? e.service
        : this.state.services.get(e.incident.serviceId);
    const serviceId = 'service' in e ? e.service.id : e.incident.serviceId;
    const f = sub.filter;
    if (f.type === 'service_reference') return serviceId === f.id;
    if (f.type === 'team_reference') {
      return !!service && service.teamIds.includes(f.id ?? '');
    }
    return true;
  }

  private onEvent(e: DomainEvent | ServiceDomainEvent): void {
    if (this.stopped) return;
    let built: { agent: unknown; data: unknown } | undefined;
    for (const sub of this.state.webhookSubscriptions.values()) {
      if (!this.matches(sub, e)) continue;
      built ??= this.buildData(e);
      const body = JSON.stringify({
        event: {
          id: randomUUID(),
          event_type: e.eventType,
          resource_type: 'service' in e ? 'service' : 'incident',
          occurred_at: e.occurredAt,
          agent: built.agent,
          client: e.client,
          data: built.data,
        },
      });
      this.enqueue({
        subscription: sub,
        webhookId: randomUUID(),
        body,
        eventType: e.eventType,
      });
    }
  }

  private enqueue(d: Delivery) {
    const q = this.queues.get(d.subscription.id) ?? [];
    q.push(d);
    this.queues.set(d.subscription.id, q);
    if (!this.running.has(d.subscription.id))
      void this.drain(d.subscription.id);
  }

  private async drain(subId: string): Promise<void> {
    this.running.add(subId);
    try {
      const q = this.queues.get(subId)!;
      while (q.length && !this.stopped) {
        const d = q[0];
        await this.deliver(d);
        q.shift();
      }
    } finally {
      this.running.delete(subId);
      if (this.running.size === 0) {
        for (const w of this.idleWaiters.splice(0)) w();
      }
    }
  }

  private async deliver(d: Delivery): Promise<void> {
    for (
      let attempt = 1;
      attempt <= this.maxAttempts && !this.stopped;
      attempt++
    ) {
      const outcome = await this.attempt(d);
      this.log(
        `webhook ${d.eventType} -> ${d.subscription.url} attempt ${attempt}: ${outcome.detail}`,
      );
      if (outcome.ok) {
        this.counters.webhooksSent += 1;
        return;
      }
      this.counters.webhookFailures += 1;
      if (!outcome.retry || attempt === this.maxAttempts) return;
      await this.sleep(this.backoffMs * 2 ** (attempt - 1));
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise(resolve => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      this.timers.add(t);
    });
  }

  private attempt(
    d: Delivery,
  ): Promise<{ ok: boolean; retry: boolean; detail: string }> {
    return new Promise(resolve => {
      let url: URL;
      try {
        url = new URL(d.subscription.url);
      } catch {
        resolve({ ok: false, retry: false, detail: 'invalid URL' });
        return;
      }
      const secure = url.protocol === 'https:';
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'user-agent': 'PagerDuty-Webhook/V3.0',
        'x-webhook-id': d.webhookId,
        'x-webhook-subscription': d.subscription.id,
        'content-length': String(Buffer.byteLength(d.body)),
      };
      if (d.subscription.secrets.length) {
        headers['x-pagerduty-signature'] = signatureHeader(
          d.subscription.secrets,
          d.body,
        );
      }
      for (const h of d.subscription.customHeaders)
        headers[h.name.toLowerCase()] = h.value;
      const req = (secure ? https : http).request(
        url,
        {
          method: 'POST',
          headers,
          agent: secure ? this.agentHttps : this.agentHttp,
          timeout: this.timeoutMs,
        },
        res => {
          res.resume();
          res.on('end', () => {
            const s = res.statusCode ?? 0;
            if (s >= 200 && s < 300)
              resolve({ ok: true, retry: false, detail: `${s}` });
            else
              resolve({
                ok: false,
                retry: s === 429 || s >= 500 || s < 200,
                detail: `${s}`,
              });
          });
          res.on('error', err =>
            resolve({ ok: false, retry: true, detail: err.message }),
          );
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', err =>
        resolve({ ok: false, retry: true, detail: err.message }),
      );
      req.end(d.body);
    });
  }

  /** Resolves when every queued webhook has been delivered or dropped. */
  idle(): Promise<void> {
    if (this.running.size === 0) return Promise.resolve();
    return new Promise(resolve => this.idleWaiters.push(resolve));
  }

  /** Drops queued webhooks (reset). */
  clear(): void {
    for (const q of this.queues.values()) q.splice(1);
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.queues.clear();
    this.agentHttp.destroy();
    this.agentHttps.destroy();
    for (const w of this.idleWaiters.splice(0)) w();
  }
}
