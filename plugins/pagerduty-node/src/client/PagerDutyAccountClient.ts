import { createHash } from 'node:crypto';
import { z } from 'zod';
import { JsonValue } from '@backstage/types';
import {
  PagerDutyAccountInfo,
  PagerDutyClientOptions,
} from '../config/accounts';
import { Cached, ResourceCache } from '../cache/ResourceCache';
import { PagerDutyApiError } from '../http/errors';
import {
  PagerDutyHttpClient,
  PagerDutyRequest,
  QueryValue,
} from '../http/PagerDutyHttpClient';
import { PagerDutyDirectoryClient } from './PagerDutyDirectoryClient';
import {
  PdChangeEvent,
  PdEvent,
  PdIncident,
  PdNote,
  PdOnCall,
  PdService,
  pageSchema,
  pdChangeEventSchema,
  pdIncidentSchema,
  pdNoteSchema,
  pdOnCallSchema,
  pdServiceSchema,
} from './schemas';

/** Largest page PagerDuty serves. */
const PAGE_LIMIT = 100;
/** Classic pagination stops at offset + limit = 10000. */
const MAX_OFFSET = 10_000 - PAGE_LIMIT;

function parse<T>(schema: z.ZodType<T>, value: unknown, route: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new PagerDutyApiError({
      kind: 'unavailable',
      message: `PagerDuty's answer to ${route} is not in the expected shape (${issue.path.join(
        '.',
      )}: ${issue.message})`,
    });
  }
  return result.data;
}

/** A stable, non-reversible cache key part for secrets such as integration keys. */
function digest(secret: string): string {
  return createHash('sha256').update(secret).digest('hex').slice(0, 32);
}

/** Cache keys, so writes and webhooks can invalidate exactly what they change. */
const keys = {
  service: (account: string, id: string) => `pd:${account}:service:${id}`,
  integration: (account: string, key: string) =>
    `pd:${account}:integration:${digest(key)}`,
  incidents: (account: string, serviceId: string) =>
    `pd:${account}:incidents:${serviceId}`,
  oncall: (account: string, policyId: string) =>
    `pd:${account}:oncall:${policyId}`,
  changeEvents: (account: string, serviceId: string) =>
    `pd:${account}:changes:${serviceId}`,
};

/**
 * Typed access to one PagerDuty account: cached reads for the card, and the writes.
 * @public
 */
export class PagerDutyAccountClient {
  /**
   * Built by `DefaultPagerDutyClientService`; get one with `forAccount()`.
   * @internal
   */
  constructor(
    private readonly http: PagerDutyHttpClient,
    private readonly cache: ResourceCache,
    private readonly options: PagerDutyClientOptions,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Uncached, paged reads of the whole account (services, teams, dependencies), for catalog sync. */
  get directory(): PagerDutyDirectoryClient {
    this.directoryClient ??= new PagerDutyDirectoryClient(this.http);
    return this.directoryClient;
  }

  private directoryClient?: PagerDutyDirectoryClient;

  /** Chooses the incidents TTL per read; see {@link PagerDutyAccountClient.setIncidentsTtl}. */
  private incidentsTtl?: () => number | undefined;

  /**
   * Lets the owner choose the TTL (seconds) of the open-incidents cache at each read, e.g. longer
   * while PagerDuty webhooks keep it fresh. `undefined` (or a chooser answering `undefined`)
   * means `pagerDuty.cache.incidentsTtlSeconds`.
   */
  setIncidentsTtl(choose: (() => number | undefined) | undefined): void {
    this.incidentsTtl = choose;
  }

  /** The client's clock (epoch ms): "now" for on-call windows and cache ages. */
  now(): number {
    return this.clock();
  }

  /** The account this client talks to, without its credentials. */
  get account(): PagerDutyAccountInfo {
    return this.http.account;
  }

  private get id() {
    return this.http.account.id;
  }

  /** A service with its escalation policy, teams and integrations. */
  getService(serviceId: string): Promise<Cached<PdService>> {
    return this.cached(
      keys.service(this.id, serviceId),
      this.options.ttls.services,
      async ctx => {
        const route = 'GET /services/{id}';
        const body = await this.http.request<unknown>({
          path: `/services/${encodeURIComponent(serviceId)}`,
          route,
          query: { include: ['escalation_policies', 'teams', 'integrations'] },
          noWait: ctx.haveStale,
        });
        return parse(z.object({ service: pdServiceSchema }), body, route)
          .service;
      },
    );
  }

  /**
   * The service an Events API v2 integration key belongs to. PagerDuty has no endpoint for
   * this: `GET /services?query=<key>` finds it on PagerDuty's side; when that finds nothing
   * the services are listed with their integrations and matched here.
   */
  async findServiceByIntegrationKey(
    integrationKey: string,
  ): Promise<Cached<PdService>> {
    const key = keys.integration(this.id, integrationKey);
    const found = await this.cached(
      key,
      this.options.ttls.services,
      async ctx => {
        const matches = (s: PdService) =>
          (s.integrations ?? []).some(
            i => i.integration_key === integrationKey,
          );
        const query = {
          include: ['integrations', 'escalation_policies', 'teams'],
        };
        const byQuery = await this.listAll(
          'services',
          pdServiceSchema,
          'GET /services',
          '/services',
          {
            ...query,
            query: integrationKey,
          },
          ctx.haveStale,
        );
        const service =
          byQuery.find(matches) ??
          (
            await this.listAll(
              'services',
              pdServiceSchema,
              'GET /services',
              '/services',
              query,
              ctx.haveStale,
            )
          ).find(matches);
        if (!service) {
          throw new PagerDutyApiError({
            kind: 'not-found',
            message: `No PagerDuty service of account "${this.id}" has this integration key`,
          });
        }
        // The listing carries the whole service: prime its own entry so the card needs no
        // second request for it.
        await this.cache.prime(
          keys.service(this.id, service.id),
          service as unknown as JsonValue,
        );
        return service;
      },
    );
    return found;
  }

  /** Open (triggered and acknowledged) incidents of a service, every page. */
  listOpenIncidents(serviceId: string): Promise<Cached<PdIncident[]>> {
    return this.cached(
      keys.incidents(this.id, serviceId),
      this.incidentsTtl?.() ?? this.options.ttls.incidents,
      ctx =>
        this.listAll(
          'incidents',
          pdIncidentSchema,
          'GET /incidents',
          '/incidents',
          {
            service_ids: [serviceId],
            statuses: ['triggered', 'acknowledged'],
            include: ['assignees', 'priorities'],
            sort_by: 'created_at:desc',
          },
          ctx.haveStale,
        ),
    );
  }

  /**
   * On-call entries of an escalation policy from now to `windowHours` ahead, with
   * `earliest=true`: for each level and user the current shift, or the next one. A level whose
   * schedule has a gap now thus still shows who comes next.
   */
  listOnCalls(
    escalationPolicyId: string,
    windowHours = 24,
  ): Promise<Cached<PdOnCall[]>> {
    return this.cached(
      keys.oncall(this.id, escalationPolicyId),
      this.options.ttls.oncall,
      ctx => {
        const since = new Date(this.clock());
        const until = new Date(since.getTime() + windowHours * 3_600_000);
        return this.listAll(
          'oncalls',
          pdOnCallSchema,
          'GET /oncalls',
          '/oncalls',
          {
            escalation_policy_ids: [escalationPolicyId],
            include: ['users'],
            earliest: true,
            since: since.toISOString(),
            until: until.toISOString(),
          },
          ctx.haveStale,
        );
      },
    );
  }

  /** Recent change events of a service (one page, newest first). */
  listChangeEvents(serviceId: string): Promise<Cached<PdChangeEvent[]>> {
    return this.cached(
      keys.changeEvents(this.id, serviceId),
      this.options.ttls.changeEvents,
      async ctx => {
        const route = 'GET /services/{id}/change_events';
        const body = await this.http.request<unknown>({
          path: `/services/${encodeURIComponent(serviceId)}/change_events`,
          route,
          query: { limit: 25 },
          noWait: ctx.haveStale,
        });
        const events = parse(
          pageSchema('change_events', pdChangeEventSchema),
          body,
          route,
        ).change_events as PdChangeEvent[];
        return events.sort((a, b) => b.timestamp.localeCompare(a.timestamp));
      },
    );
  }

  /** One incident, uncached (used to check it belongs to a service before a write). */
  async getIncident(incidentId: string): Promise<PdIncident> {
    const route = 'GET /incidents/{id}';
    const body = await this.http.request<unknown>({
      path: `/incidents/${encodeURIComponent(incidentId)}`,
      route,
      query: { include: ['assignees', 'priorities'] },
    });
    return parse(z.object({ incident: pdIncidentSchema }), body, route)
      .incident;
  }

  /** Acknowledge, resolve or reassign an incident as the user with email `from`. */
  async updateIncident(
    incidentId: string,
    change:
      | { status: 'acknowledged' | 'resolved' }
      | { assigneeUserId: string }
      | { escalationPolicyId: string },
    from: string,
  ): Promise<PdIncident> {
    const incident: Record<string, unknown> = { type: 'incident_reference' };
    if ('status' in change) incident.status = change.status;
    if ('assigneeUserId' in change) {
      incident.assignments = [
        { assignee: { id: change.assigneeUserId, type: 'user_reference' } },
      ];
    }
    if ('escalationPolicyId' in change) {
      incident.escalation_policy = {
        id: change.escalationPolicyId,
        type: 'escalation_policy_reference',
      };
    }
    const route = 'PUT /incidents/{id}';
    const body = await this.http.request<unknown>({
      method: 'PUT',
      path: `/incidents/${encodeURIComponent(incidentId)}`,
      route,
      body: { incident },
      from,
    });
    return parse(z.object({ incident: pdIncidentSchema }), body, route)
      .incident;
  }

  /** Adds a note to an incident. */
  async addNote(
    incidentId: string,
    content: string,
    from: string,
  ): Promise<PdNote> {
    const route = 'POST /incidents/{id}/notes';
    const body = await this.http.request<unknown>({
      method: 'POST',
      path: `/incidents/${encodeURIComponent(incidentId)}/notes`,
      route,
      body: { note: { content } },
      from,
    });
    return parse(z.object({ note: pdNoteSchema }), body, route).note;
  }

  /** Creates an incident through REST (for services without an Events API v2 integration). */
  async createIncident(
    input: {
      serviceId: string;
      title: string;
      urgency: 'high' | 'low';
      details?: string;
      incidentKey: string;
    },
    from: string,
  ): Promise<PdIncident> {
    const route = 'POST /incidents';
    const body = await this.http.request<unknown>({
      method: 'POST',
      path: '/incidents',
      route,
      body: {
        incident: {
          type: 'incident',
          title: input.title,
          urgency: input.urgency,
          incident_key: input.incidentKey,
          service: { id: input.serviceId, type: 'service_reference' },
          ...(input.details
            ? { body: { type: 'incident_body', details: input.details } }
            : {}),
        },
      },
      from,
    });
    return parse(z.object({ incident: pdIncidentSchema }), body, route)
      .incident;
  }

  /**
   * Sends one Events API v2 event, a single attempt: the caller (the trigger outbox) owns
   * retries and the per-routing-key rate.
   */
  async sendEvent(event: PdEvent): Promise<{ dedupKey: string }> {
    const route = 'POST /v2/enqueue';
    const body = await this.http.request<unknown>({
      method: 'POST',
      api: 'events',
      path: '/v2/enqueue',
      route,
      body: event,
    });
    const parsed = parse(z.object({ dedup_key: z.string() }), body, route);
    return { dedupKey: parsed.dedup_key };
  }

  /**
   * Creates a Webhooks v3 subscription delivering to `url`, for one service or the whole
   * account. PagerDuty returns the signing secret in this answer only.
   */
  async createWebhookSubscription(input: {
    url: string;
    events: string[];
    description: string;
    serviceId?: string;
  }): Promise<{ id: string; secret: string | null }> {
    const route = 'POST /webhook_subscriptions';
    const body = await this.http.request<unknown>({
      method: 'POST',
      path: '/webhook_subscriptions',
      route,
      body: {
        webhook_subscription: {
          type: 'webhook_subscription',
          description: input.description,
          delivery_method: { type: 'http_delivery_method', url: input.url },
          events: input.events,
          filter: input.serviceId
            ? { type: 'service_reference', id: input.serviceId }
            : { type: 'account_reference' },
        },
      },
    });
    const parsed = parse(
      z.object({
        webhook_subscription: z.object({
          id: z.string(),
          delivery_method: z.object({ secret: z.string().nullish() }).nullish(),
        }),
      }),
      body,
      route,
    );
    return {
      id: parsed.webhook_subscription.id,
      secret: parsed.webhook_subscription.delivery_method?.secret ?? null,
    };
  }

  /** Checks the credentials with a cheap authenticated call. */
  async checkAccess(): Promise<void> {
    await this.http.request<unknown>({
      path: '/abilities',
      route: 'GET /abilities',
    });
  }

  /** Forgets what is cached about a service (after a write or a webhook). */
  async invalidateService(
    serviceId: string,
    sections: Array<'service' | 'incidents' | 'changeEvents'> = [
      'service',
      'incidents',
      'changeEvents',
    ],
  ): Promise<void> {
    const all = {
      service: keys.service(this.id, serviceId),
      incidents: keys.incidents(this.id, serviceId),
      changeEvents: keys.changeEvents(this.id, serviceId),
    };
    await Promise.all(
      sections.map(section => this.cache.invalidate(all[section])),
    );
  }

  /** Forgets the on-call of an escalation policy. */
  async invalidateOnCall(escalationPolicyId: string): Promise<void> {
    await this.cache.invalidate(keys.oncall(this.id, escalationPolicyId));
  }

  private cached<T>(
    key: string,
    ttlSeconds: number,
    load: (ctx: { haveStale: boolean }) => Promise<T>,
  ): Promise<Cached<T>> {
    return this.cache.get(key, ttlSeconds * 1000, load);
  }

  /** Follows classic pagination (`more`) up to PagerDuty's 10000 offset limit. */
  private async listAll<T>(
    listKey: string,
    item: z.ZodType<T>,
    route: string,
    path: string,
    query: Record<string, QueryValue>,
    noWait: boolean,
  ): Promise<T[]> {
    const schema = pageSchema(listKey, item);
    const items: T[] = [];
    for (let offset = 0; offset <= MAX_OFFSET; offset += PAGE_LIMIT) {
      const request: PagerDutyRequest = {
        path,
        route,
        query: { ...query, limit: PAGE_LIMIT, offset },
        noWait,
      };
      const page = parse(
        schema,
        await this.http.request<unknown>(request),
        route,
      );
      items.push(...(page[listKey] as T[]));
      if (!page.more) break;
    }
    return items;
  }
}
