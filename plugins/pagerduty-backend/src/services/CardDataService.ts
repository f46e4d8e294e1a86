import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  PagerDutyChangeEventsResponse,
  PagerDutyEscalationPolicyOnCall,
  PagerDutyIncident,
  PagerDutyIncidentsResponse,
  PagerDutySlaConfig,
  PagerDutyOnCallResponse,
  PagerDutyServicesResponse,
  isHttpUrl,
} from '@backstage-pagerduty/plugin-pagerduty-common';
import { SectionBuilder } from './SectionBuilder';
import { withSla } from './slaDeadlines';
import { EntityParams, EntityResolver, ServiceResult } from './EntityResolver';
import { toChangeEvent, toOnCallLevels, toService } from './mappers';

type OkService = Extract<ServiceResult, { ok: true }>;

/** The data of the entity card, one method per section; sections fail independently. */
export class CardDataService {
  /**
   * @param now - what "now" is when deciding who is on call; by default the clock of the
   *   PagerDuty client that fetched the data, so both agree (tests run both on a fixed clock).
   */
  constructor(
    private readonly resolver: EntityResolver,
    private readonly now?: () => number,
    /** SLA targets (`pagerDuty.sla`): deadlines on open incidents. */
    private readonly sla?: PagerDutySlaConfig,
  ) {}

  async services(
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

  async incidents(
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
          async cached =>
            withSla(
              section.use(cached),
              this.sla,
              resolved.client.health,
              this.now?.() ?? resolved.client.now(),
            ),
          error => {
            section.fail(error, s.serviceId);
            return undefined;
          },
        ),
      ),
    );
    const ok = loaded.filter(Boolean) as PagerDutyIncident[][];
    const incidents = ok
      .flat()
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    return { incidents, ...section.finish(ok.length > 0) };
  }

  async onCall(
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

  async changeEvents(
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
