import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  PagerDutyCardSectionName,
  PagerDutyIncidentDetailsResponse,
  PagerDutyUserSearchResponse,
  PagerDutyChangeEventsResponse,
  PagerDutyEscalationPolicyOnCall,
  PagerDutyIncident,
  PagerDutyIncidentsResponse,
  PagerDutySlaConfig,
  PagerDutyOnCallResponse,
  PagerDutyServicesResponse,
  isHttpUrl,
} from '@backstage-pagerduty/plugin-pagerduty-common';
import {
  PagerDutyAccountClient,
  PagerDutyApiError,
  PdIncident,
  runWithBudgetClaim,
} from '@backstage-pagerduty/plugin-pagerduty-node';
import { toRouteError } from '../errors/toRouteError';
import { SectionBuilder } from './SectionBuilder';
import { withSla } from './slaDeadlines';
import {
  EntityParams,
  EntityResolver,
  ResolvedEntity,
  ServiceResult,
} from './EntityResolver';
import {
  toChangeEvent,
  toContactMethods,
  toIncident,
  toLogEntry,
  toNote,
  toOnCallLevels,
  toService,
  toUser,
} from './mappers';

type OkService = Extract<ServiceResult, { ok: true }>;

/** The budget consumer of an entity's card requests: its entity ref. */
function refOf(params: EntityParams): string {
  return `${params.kind}:${params.namespace}/${params.name}`;
}

/** An entity resolved once for the sections of one card view. */
export interface PreparedEntity {
  resolved: ResolvedEntity;
  results: ServiceResult[];
}

/**
 * The data of the entity card, one method per section; sections fail independently. A card
 * view prepares the entity once ({@link CardDataService.prepare}) and reads every section of it.
 */
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

  private async servicesOf(
    entity: PreparedEntity,
  ): Promise<PagerDutyServicesResponse> {
    const { resolved, services, section } = this.start(entity);
    const list = services.map(s =>
      toService(
        resolved.client.account.id,
        section.use(s.service),
        resolved.client.account,
      ),
    );
    return { services: list, ...section.finish(list.length > 0) };
  }

  private async incidentsOf(
    entity: PreparedEntity,
  ): Promise<PagerDutyIncidentsResponse> {
    const { resolved, services, section } = this.start(entity);
    const loaded = await Promise.all(
      services.map(s =>
        resolved.client.listOpenIncidents(s.serviceId).then(
          async cached =>
            withSla(
              section.use(cached),
              this.sla,
              resolved.client,
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

  private async onCallOf(
    entity: PreparedEntity,
  ): Promise<PagerDutyOnCallResponse> {
    const { resolved, services, section } = this.start(entity);
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
    const client = resolved.client;
    const loaded = await Promise.all(
      [...policies.entries()].map(([policyId, policy]) =>
        Promise.all([
          client.listOnCalls(policyId),
          // The delays are a nicety: the on-call answer does not fail without them.
          client.getEscalationPolicy(policyId).catch(() => undefined),
        ]).then(
          async ([cached, rules]): Promise<PagerDutyEscalationPolicyOnCall> => {
            const levels = toOnCallLevels(
              section.use(cached),
              this.now?.() ?? client.now(),
              (rules?.value.escalation_rules ?? []).map(
                r => r.escalation_delay_in_minutes,
              ),
            );
            await this.addContactMethods(client, levels);
            return {
              escalationPolicy: {
                id: policyId,
                name: policy.name,
                ...(policy.htmlUrl ? { htmlUrl: policy.htmlUrl } : {}),
              },
              serviceIds: policy.serviceIds,
              levels,
            };
          },
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

  private async changeEventsOf(
    entity: PreparedEntity,
  ): Promise<PagerDutyChangeEventsResponse> {
    const { resolved, services, section } = this.start(entity);
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
   * One incident of the entity's services with its notes and timeline. An incident of another
   * service answers exactly like one that does not exist.
   */
  async incidentDetails(
    params: EntityParams,
    incidentId: string,
    credentials: BackstageCredentials,
  ): Promise<PagerDutyIncidentDetailsResponse> {
    const { resolved, services } = this.start(
      await this.prepare(params, credentials),
    );
    const notFound = new NotFoundError(
      `PagerDuty has no incident ${incidentId} on the services of ${resolved.entityRef}`,
    );
    let incident: PdIncident;
    try {
      incident = await resolved.client.getIncident(incidentId);
    } catch (error) {
      if (error instanceof PagerDutyApiError && error.kind === 'not-found') {
        throw notFound;
      }
      throw toRouteError(error, { incidentId });
    }
    if (!services.some(s => s.serviceId === incident.service.id)) {
      throw notFound;
    }
    try {
      const [notes, logEntries] = await Promise.all([
        resolved.client.listIncidentNotes(incidentId),
        resolved.client.listIncidentLogEntries(incidentId),
      ]);
      return {
        incident: toIncident(incident),
        ...(incident.description ? { description: incident.description } : {}),
        notes: notes
          .map(toNote)
          .sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
        logEntries: logEntries.map(toLogEntry),
      };
    } catch (error) {
      throw toRouteError(error, { incidentId });
    }
  }

  /** PagerDuty users of the entity's account matching `query` (name or email). */
  async searchUsers(
    params: EntityParams,
    query: string,
    credentials: BackstageCredentials,
  ): Promise<PagerDutyUserSearchResponse> {
    const resolved = await this.resolver.resolveForRead(params, credentials);
    try {
      const cached = await resolved.client.searchUsers(query);
      return { users: cached.value.map(toUser) };
    } catch (error) {
      throw toRouteError(error);
    }
  }

  /**
   * Adds the phone, SMS and email contact methods of the people paged first: the first level
   * with someone on call now (one cached request per person; the card offers contact links for
   * them only, so the other levels cost nothing). A failure leaves that person without them.
   */
  private async addContactMethods(
    client: PagerDutyAccountClient,
    levels: ReturnType<typeof toOnCallLevels>,
  ): Promise<void> {
    const responding = levels.find(level =>
      level.oncalls.some(entry => !entry.from),
    );
    if (!responding) return;
    await Promise.all(
      responding.oncalls.map(async entry => {
        const methods = await client
          .listContactMethods(entry.user.id)
          .then(cached => toContactMethods(cached.value))
          .catch(() => []);
        if (methods.length > 0) entry.user.contactMethods = methods;
      }),
    );
  }

  /**
   * Runs a section's loading with its PagerDuty requests counted against the entity: one
   * entity may use at most `pagerDuty.client.entityShare` of the shared request budget, so an
   * entity with many services cannot starve the cards of the others.
   */
  private forEntity<T>(entityRef: string, load: () => Promise<T>) {
    const consumer = entityRef.toLocaleLowerCase('en-US');
    return runWithBudgetClaim({ consumer, priority: 'interactive' }, load);
  }

  /**
   * The entity, resolved for this caller (reusing a recent resolution, see
   * {@link EntityResolver.resolveForRead}), and the outcome of each of its services.
   */
  async prepare(
    params: EntityParams,
    credentials: BackstageCredentials,
  ): Promise<PreparedEntity> {
    const resolved = await this.resolver.resolveForRead(params, credentials);
    const results = await this.resolver.services(resolved);
    return { resolved, results };
  }

  /** One section of an entity that was prepared once for all the sections of a view. */
  section(
    name: PagerDutyCardSectionName,
    entity: PreparedEntity,
  ): Promise<unknown> {
    return this.forEntity(entity.resolved.entityRef, () =>
      this.loadSection(name, entity),
    );
  }

  private loadSection(
    name: PagerDutyCardSectionName,
    entity: PreparedEntity,
  ): Promise<unknown> {
    switch (name) {
      case 'services':
        return this.servicesOf(entity);
      case 'incidents':
        return this.incidentsOf(entity);
      case 'oncall':
        return this.onCallOf(entity);
      case 'change-events':
        return this.changeEventsOf(entity);
      default:
        throw new Error(`Unknown card section ${name}`);
    }
  }

  async services(
    params: EntityParams,
    credentials: BackstageCredentials,
  ): Promise<PagerDutyServicesResponse> {
    return this.forEntity(refOf(params), async () =>
      this.servicesOf(await this.prepare(params, credentials)),
    );
  }

  async incidents(
    params: EntityParams,
    credentials: BackstageCredentials,
  ): Promise<PagerDutyIncidentsResponse> {
    return this.forEntity(refOf(params), async () =>
      this.incidentsOf(await this.prepare(params, credentials)),
    );
  }

  async onCall(
    params: EntityParams,
    credentials: BackstageCredentials,
  ): Promise<PagerDutyOnCallResponse> {
    return this.forEntity(refOf(params), async () =>
      this.onCallOf(await this.prepare(params, credentials)),
    );
  }

  async changeEvents(
    params: EntityParams,
    credentials: BackstageCredentials,
  ): Promise<PagerDutyChangeEventsResponse> {
    return this.forEntity(refOf(params), async () =>
      this.changeEventsOf(await this.prepare(params, credentials)),
    );
  }

  /** A section's builder; services that failed become its partial errors. */
  private start({ resolved, results }: PreparedEntity) {
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
