import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  PagerDutyChangeEventsResponse,
  PagerDutyEscalationPolicyOnCall,
  PagerDutyFreshness,
  PagerDutyIncidentsResponse,
  PagerDutyOnCallResponse,
  PagerDutyPartialError,
  PagerDutyServicesResponse,
  isHttpUrl,
} from '@backstage-pagerduty/plugin-pagerduty-common';
import {
  Cached,
  runWithBudgetClaim,
} from '@backstage-pagerduty/plugin-pagerduty-node';
import { toRouteError } from '../errors/toRouteError';
import { EntityParams, EntityResolver, ServiceResult } from './EntityResolver';
import {
  toChangeEvent,
  toIncident,
  toOnCallLevels,
  toService,
} from './mappers';

type OkService = Extract<ServiceResult, { ok: true }>;

/** Collects per-service outcomes into one section: partial errors, oldest freshness. */
class SectionBuilder {
  private readonly freshness: Cached<unknown>[] = [];
  readonly errors: PagerDutyPartialError[] = [];
  private firstError: unknown;

  use<T>(cached: Cached<T>): T {
    this.freshness.push(cached);
    return cached.value;
  }

  fail(error: unknown, serviceId?: string) {
    const mapped = toRouteError(error, { serviceId });
    // A bug is not a partial error of one service: the whole answer is a 500.
    if (mapped.code === 'PAGERDUTY_INTERNAL_ERROR') throw error;
    this.firstError ??= mapped;
    this.errors.push({ serviceId, code: mapped.code, message: mapped.message });
  }

  /** The section's freshness; throws the first error when nothing at all could be loaded. */
  finish(loadedAnything: boolean): {
    freshness: PagerDutyFreshness;
    errors: PagerDutyPartialError[];
  } {
    if (!loadedAnything && this.firstError) throw this.firstError;
    const oldest = this.freshness.reduce<string | undefined>(
      (min, c) => (min === undefined || c.fetchedAt < min ? c.fetchedAt : min),
      undefined,
    );
    return {
      freshness: {
        fetchedAt: oldest ?? new Date().toISOString(),
        stale: this.freshness.some(c => c.stale),
      },
      errors: this.errors,
    };
  }
}

/** The data of the entity card, one method per section; sections fail independently. */
export class CardDataService {
  /**
   * @param now - what "now" is when deciding who is on call; by default the clock of the
   *   PagerDuty client that fetched the data, so both agree (tests run both on a fixed clock).
   */
  constructor(
    private readonly resolver: EntityResolver,
    private readonly now?: () => number,
  ) {}

  services(
    params: EntityParams,
    credentials: BackstageCredentials,
  ): Promise<PagerDutyServicesResponse> {
    return this.forEntity(params, () => this.loadServices(params, credentials));
  }

  private async loadServices(
    params: EntityParams,
    credentials: BackstageCredentials,
  ): Promise<PagerDutyServicesResponse> {
    const { resolved, services, section } = await this.start(
      params,
      credentials,
    );
    const list = services.map(s =>
      toService(resolved.client.account.id, section.use(s.service)),
    );
    return { services: list, ...section.finish(list.length > 0) };
  }

  incidents(
    params: EntityParams,
    credentials: BackstageCredentials,
  ): Promise<PagerDutyIncidentsResponse> {
    return this.forEntity(params, () =>
      this.loadIncidents(params, credentials),
    );
  }

  private async loadIncidents(
    params: EntityParams,
    credentials: BackstageCredentials,
  ): Promise<PagerDutyIncidentsResponse> {
    const { resolved, services, section } = await this.start(
      params,
      credentials,
    );
    const loaded = await Promise.all(
      services.map(s =>
        resolved.client.listOpenIncidents(s.serviceId).then(
          cached => section.use(cached).map(toIncident),
          error => {
            section.fail(error, s.serviceId);
            return undefined;
          },
        ),
      ),
    );
    const ok = loaded.filter(Boolean) as ReturnType<typeof toIncident>[][];
    const incidents = ok
      .flat()
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    return { incidents, ...section.finish(ok.length > 0) };
  }

  onCall(
    params: EntityParams,
    credentials: BackstageCredentials,
  ): Promise<PagerDutyOnCallResponse> {
    return this.forEntity(params, () => this.loadOnCall(params, credentials));
  }

  private async loadOnCall(
    params: EntityParams,
    credentials: BackstageCredentials,
  ): Promise<PagerDutyOnCallResponse> {
    const { resolved, services, section } = await this.start(
      params,
      credentials,
    );
    // Services sharing an escalation policy share one on-call lookup.
    const policies = new Map<
      string,
      { name: string; htmlUrl?: string; serviceIds: string[] }
    >();
    for (const s of services) {
      const policy = s.service.value.escalation_policy;
      if (!policy) continue;
      const entry = policies.get(policy.id) ?? {
        name: policy.name ?? policy.summary ?? policy.id,
        htmlUrl: isHttpUrl(policy.html_url) ? policy.html_url : undefined,
        serviceIds: [],
      };
      entry.serviceIds.push(s.serviceId);
      policies.set(policy.id, entry);
    }
    const loaded = await Promise.all(
      [...policies.entries()].map(([policyId, policy]) =>
        resolved.client.listOnCalls(policyId).then(
          (cached): PagerDutyEscalationPolicyOnCall => ({
            escalationPolicy: {
              id: policyId,
              name: policy.name,
              ...(policy.htmlUrl ? { htmlUrl: policy.htmlUrl } : {}),
            },
            serviceIds: policy.serviceIds,
            levels: toOnCallLevels(
              section.use(cached),
              this.now?.() ?? resolved.client.now(),
            ),
          }),
          error => {
            section.fail(error, policy.serviceIds[0]);
            return undefined;
          },
        ),
      ),
    );
    const ok = loaded.filter(Boolean) as PagerDutyEscalationPolicyOnCall[];
    return {
      policies: ok,
      ...section.finish(ok.length > 0 || policies.size === 0),
    };
  }

  changeEvents(
    params: EntityParams,
    credentials: BackstageCredentials,
  ): Promise<PagerDutyChangeEventsResponse> {
    return this.forEntity(params, () =>
      this.loadChangeEvents(params, credentials),
    );
  }

  private async loadChangeEvents(
    params: EntityParams,
    credentials: BackstageCredentials,
  ): Promise<PagerDutyChangeEventsResponse> {
    const { resolved, services, section } = await this.start(
      params,
      credentials,
    );
    const loaded = await Promise.all(
      services.map(s =>
        resolved.client.listChangeEvents(s.serviceId).then(
          cached => section.use(cached).map(e => toChangeEvent(e, s.serviceId)),
          error => {
            section.fail(error, s.serviceId);
            return undefined;
          },
        ),
      ),
    );
    const ok = loaded.filter(Boolean) as ReturnType<typeof toChangeEvent>[][];
    const changeEvents = ok
      .flat()
      .sort((a, b) => b.timestamp.localeCompare(a.timestamp))
      .slice(0, 25);
    return { changeEvents, ...section.finish(ok.length > 0) };
  }

  /**
   * Runs a section's loading with its PagerDuty requests counted against the entity: one
   * entity may use at most `pagerDuty.client.entityShare` of the shared request budget, so an
   * entity with many services cannot starve the cards of the others.
   */
  private forEntity<T>(params: EntityParams, load: () => Promise<T>) {
    const consumer =
      `${params.kind}:${params.namespace}/${params.name}`.toLocaleLowerCase(
        'en-US',
      );
    return runWithBudgetClaim({ consumer, priority: 'interactive' }, load);
  }

  /** Resolves the entity and its services; services that failed become partial errors. */
  private async start(params: EntityParams, credentials: BackstageCredentials) {
    const resolved = await this.resolver.resolve(params, credentials);
    const results = await this.resolver.services(resolved);
    const section = new SectionBuilder();
    const services: OkService[] = [];
    for (const result of results) {
      if (result.ok) {
        services.push(result);
      } else {
        section.fail(result.error, result.serviceId);
      }
    }
    if (services.length === 0) section.finish(false);
    return { resolved, services, section };
  }
}
