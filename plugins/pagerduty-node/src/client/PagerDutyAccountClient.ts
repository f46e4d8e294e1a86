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
  PdContactMethod,
  PdEscalationPolicy,
  PdEvent,
  PdLogEntry,
  PdUser,
  PdChangeEventRequest,
  PdIntegration,
  PdServiceCreateRequest,
  pdIntegrationSchema,
  PdIncident,
  PdNote,
  PdOnCall,
  PdService,
  pageSchema,
  pdChangeEventSchema,
  pdContactMethodSchema,
  pdEscalationPolicySchema,
  pdIncidentSchema,
  pdLogEntrySchema,
  pdUserSchema,
  pdNoteSchema,
  pdOnCallSchema,
  pdServiceSchema,
} from './schemas';
import { parsePagerDutyAnswer } from './parse';
import { PagerDutyHealthClient } from './PagerDutyHealthClient';

/** Largest page PagerDuty serves. */
const PAGE_LIMIT = 100;
/** Classic pagination stops at offset + limit = 10000. */
const MAX_OFFSET = 10_000 - PAGE_LIMIT;

const parse = parsePagerDutyAnswer;

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
  contactMethods: (account: string, userId: string) =>
    `pd:${account}:contact:${userId}`,
  escalationPolicy: (account: string, policyId: string) =>
    `pd:${account}:policy:${policyId}`,
  userSearch: (account: string, query: string) =>
    `pd:${account}:users:${digest(query.toLowerCase())}`,
  userOnCall: (account: string, userId: string) =>
    `pd:${account}:useroncall:${userId}`,
};

/**
 * Contact methods and escalation rules change rarely and no webhook announces them: they are
 * cached for 15 minutes whatever the other TTLs, so they never compete with the card's own
 * data for the request budget.
 */
const DIRECTORY_TTL_SECONDS = 15 * 60;

/** How many users a search answers: enough to pick from, one PagerDuty page. */
const USER_SEARCH_LIMIT = 10;

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
  ) {
    this.health = new PagerDutyHealthClient(
      http.account.id,
      http,
      cache,
      options,
      clock,
    );
  }

  /** Health over time: analytics, incident history, standards, escalation rules. */
  readonly health: PagerDutyHealthClient;

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
    return this.onCallsFromNow(
      keys.oncall(this.id, escalationPolicyId),
      windowHours,
      {
        escalation_policy_ids: [escalationPolicyId],
        include: ['users'],
        earliest: true,
      },
    );
  }

  /**
   * A user's on-call shifts from now to `windowHours` ahead, every escalation policy and level
   * (`GET /oncalls?user_ids[]=`), cached for the on-call TTL.
   */
  listUserOnCalls(
    userId: string,
    windowHours = 7 * 24,
  ): Promise<Cached<PdOnCall[]>> {
    return this.onCallsFromNow(keys.userOnCall(this.id, userId), windowHours, {
      user_ids: [userId],
    });
  }

  /** `GET /oncalls` from now to `windowHours` ahead, all pages, cached for the on-call TTL. */
  private onCallsFromNow(
    key: string,
    windowHours: number,
    query: Record<string, QueryValue>,
  ): Promise<Cached<PdOnCall[]>> {
    return this.cached(key, this.options.ttls.oncall, ctx => {
      const since = new Date(this.clock());
      const until = new Date(since.getTime() + windowHours * 3_600_000);
      return this.listAll(
        'oncalls',
        pdOnCallSchema,
        'GET /oncalls',
        '/oncalls',
        { ...query, since: since.toISOString(), until: until.toISOString() },
        ctx.haveStale,
      );
    });
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

  /** A user's contact methods (phone, SMS, email...), cached for 15 minutes. */
  listContactMethods(userId: string): Promise<Cached<PdContactMethod[]>> {
    return this.cached(
      keys.contactMethods(this.id, userId),
      DIRECTORY_TTL_SECONDS,
      async ctx => {
        const route = 'GET /users/{id}/contact_methods';
        const body = await this.http.request<unknown>({
          path: `/users/${encodeURIComponent(userId)}/contact_methods`,
          route,
          noWait: ctx.haveStale,
        });
        return parse(
          z.object({ contact_methods: z.array(pdContactMethodSchema) }),
          body,
          route,
        ).contact_methods;
      },
    );
  }

  /** An escalation policy with its rules, cached for 15 minutes. */
  getEscalationPolicy(policyId: string): Promise<Cached<PdEscalationPolicy>> {
    return this.cached(
      keys.escalationPolicy(this.id, policyId),
      DIRECTORY_TTL_SECONDS,
      async ctx => {
        const route = 'GET /escalation_policies/{id}';
        const body = await this.http.request<unknown>({
          path: `/escalation_policies/${encodeURIComponent(policyId)}`,
          route,
          noWait: ctx.haveStale,
        });
        return parse(
          z.object({ escalation_policy: pdEscalationPolicySchema }),
          body,
          route,
        ).escalation_policy;
      },
    );
  }

  /**
   * Users whose name or email contains `query` (PagerDuty's own matching), first page only,
   * cached for the on-call TTL: a search is a person typing, and shares the account's budget.
   */
  searchUsers(query: string): Promise<Cached<PdUser[]>> {
    return this.cached(
      keys.userSearch(this.id, query),
      this.options.ttls.oncall,
      async ctx => {
        const route = 'GET /users';
        const body = await this.http.request<unknown>({
          path: '/users',
          route,
          query: { query, limit: USER_SEARCH_LIMIT },
          noWait: ctx.haveStale,
        });
        return parse(pageSchema('users', pdUserSchema), body, route)
          .users as PdUser[];
      },
    );
  }

  /** The notes of an incident, uncached (read when someone opens the incident). */
  async listIncidentNotes(incidentId: string): Promise<PdNote[]> {
    const route = 'GET /incidents/{id}/notes';
    const body = await this.http.request<unknown>({
      path: `/incidents/${encodeURIComponent(incidentId)}/notes`,
      route,
    });
    return parse(z.object({ notes: z.array(pdNoteSchema) }), body, route).notes;
  }

  /** The most important log entries of an incident, newest first (one page). */
  async listIncidentLogEntries(incidentId: string): Promise<PdLogEntry[]> {
    const route = 'GET /incidents/{id}/log_entries';
    const body = await this.http.request<unknown>({
      path: `/incidents/${encodeURIComponent(incidentId)}/log_entries`,
      route,
      query: { is_overview: true, limit: 50 },
    });
    const entries = parse(
      pageSchema('log_entries', pdLogEntrySchema),
      body,
      route,
    ).log_entries as PdLogEntry[];
    return entries.sort((a, b) => b.created_at.localeCompare(a.created_at));
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

  /** Notes of an incident, oldest first (uncached). */
  async listNotes(incidentId: string): Promise<PdNote[]> {
    const route = 'GET /incidents/{id}/notes';
    const body = await this.http.request<unknown>({
      path: `/incidents/${encodeURIComponent(incidentId)}/notes`,
      route,
    });
    return parse(z.object({ notes: z.array(pdNoteSchema) }), body, route).notes;
  }

  /**
   * Sends one Events API v2 change event (a deploy marker), a single attempt: like
   * {@link PagerDutyAccountClient.sendEvent}, the caller owns retries and the rate.
   */
  async sendChangeEvent(event: PdChangeEventRequest): Promise<void> {
    await this.http.request<unknown>({
      method: 'POST',
      api: 'events',
      path: '/v2/change/enqueue',
      route: 'POST /v2/change/enqueue',
      body: event,
    });
  }

  /** Creates a service (`POST /services`); PagerDuty's validation errors are thrown as they are. */
  async createService(input: PdServiceCreateRequest): Promise<PdService> {
    const service: Record<string, unknown> = {
      type: 'service',
      name: input.name,
      escalation_policy: {
        id: input.escalationPolicyId,
        type: 'escalation_policy_reference',
      },
    };
    if (input.description !== undefined)
      service.description = input.description;
    if (input.autoResolveTimeoutSeconds !== undefined)
      service.auto_resolve_timeout = input.autoResolveTimeoutSeconds;
    if (input.acknowledgementTimeoutSeconds !== undefined)
      service.acknowledgement_timeout = input.acknowledgementTimeoutSeconds;
    if (input.alertGrouping?.type === 'time') {
      service.alert_grouping_parameters = {
        type: 'time',
        config: { timeout: input.alertGrouping.timeoutMinutes },
      };
    } else if (input.alertGrouping?.type === 'intelligent') {
      service.alert_grouping_parameters = { type: 'intelligent' };
    }
    const route = 'POST /services';
    const body = await this.http.request<unknown>({
      method: 'POST',
      path: '/services',
      route,
      body: { service },
    });
    return parse(z.object({ service: pdServiceSchema }), body, route).service;
  }

  /** Adds an Events API v2 integration to a service; its `integration_key` is the routing key. */
  async createEventsIntegration(
    serviceId: string,
    name = 'Events API v2',
  ): Promise<PdIntegration> {
    const route = 'POST /services/{id}/integrations';
    const body = await this.http.request<unknown>({
      method: 'POST',
      path: `/services/${encodeURIComponent(serviceId)}/integrations`,
      route,
      body: {
        integration: {
          type: 'events_api_v2_inbound_integration',
          name,
          service: { id: serviceId, type: 'service_reference' },
        },
      },
    });
    return parse(z.object({ integration: pdIntegrationSchema }), body, route)
      .integration;
  }

  /**
   * Requests this process sent on the account's token in the last minute, and the per-minute
   * budget of the token across replicas (`pagerDuty.client.requestsPerMinute`; 0 = no limit).
   */
  budgetUsage(): { usedInLastMinute: number; limitPerMinute: number } {
    return {
      usedInLastMinute: this.http.budget.usedInLastMinute(),
      limitPerMinute: this.options.requestsPerMinute,
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
