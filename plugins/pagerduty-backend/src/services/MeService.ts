import {
  BackstageCredentials,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  PAGERDUTY_INTEGRATION_KEY_ANNOTATION,
  PAGERDUTY_SERVICE_ID_ANNOTATION,
  PagerDutyMyOnCallResponse,
  PagerDutyMyServiceEntity,
  PagerDutyMyServicesResponse,
  PagerDutyMyShift,
} from '@backstage-pagerduty/plugin-pagerduty-common';
import {
  PagerDutyClientService,
  PdOnCall,
} from '@backstage-pagerduty/plugin-pagerduty-node';
import { toRouteError } from '../errors/toRouteError';
import { CardDataService } from './CardDataService';
import { FromEmailResolver } from './FromEmailResolver';
import { SectionBuilder } from './SectionBuilder';

/** At most this many owned entities are looked at by `/me/services` (each costs reads). */
export const MY_SERVICES_LIMIT = 25;

/**
 * The home page's questions about the signed-in user: "when am I on call?" (PagerDuty users
 * found by the email of the user's catalog entity) and "which of my teams' services have open
 * incidents?" (entities owned by the user's groups, read with the user's credentials).
 */
export class MeService {
  constructor(
    private readonly deps: {
      pagerDuty: PagerDutyClientService;
      fromEmail: FromEmailResolver;
      userInfo: UserInfoService;
      catalog: CatalogService;
      cardData: CardDataService;
    },
  ) {}

  async onCall(
    credentials: BackstageCredentials<any>,
  ): Promise<PagerDutyMyOnCallResponse> {
    const { email } = await this.deps.fromEmail.userEmail(credentials);
    const section = new SectionBuilder();
    const users: PagerDutyMyOnCallResponse['users'] = [];
    const shifts: PagerDutyMyShift[] = [];
    if (!email) {
      return { users, shifts, ...section.finish(true) };
    }
    let asked = 0;
    for (const account of this.deps.pagerDuty.accounts()) {
      try {
        const client = this.deps.pagerDuty.forAccount(account.id);
        const found = section
          .use(await client.searchUsers(email))
          .find(u => u.email?.toLowerCase() === email.toLowerCase());
        asked++;
        if (!found) continue;
        users.push({
          account: account.id,
          id: found.id,
          name: found.name ?? found.email ?? found.id,
          htmlUrl: found.html_url ?? undefined,
        });
        const oncalls = section.use(await client.listUserOnCalls(found.id));
        shifts.push(...oncalls.map(o => toShift(account.id, o)));
      } catch (error) {
        const mapped = toRouteError(error);
        if (mapped.code === 'PAGERDUTY_INTERNAL_ERROR') throw error;
        section.errors.push({
          code: mapped.code,
          message: `Account ${account.id}: ${mapped.message}`,
        });
      }
    }
    shifts.sort(
      (a, b) =>
        (a.start ? Date.parse(a.start) : 0) -
          (b.start ? Date.parse(b.start) : 0) || a.level - b.level,
    );
    return { email, users, shifts, ...section.finish(asked > 0) };
  }

  async services(
    credentials: BackstageCredentials<any>,
  ): Promise<PagerDutyMyServicesResponse> {
    const { ownershipEntityRefs } = await this.deps.userInfo.getUserInfo(
      credentials,
    );
    if (ownershipEntityRefs.length === 0) {
      return { entities: [], truncated: false };
    }
    const owned = { 'relations.ownedBy': ownershipEntityRefs };
    const { items } = await this.deps.catalog.getEntities(
      {
        filter: [
          {
            ...owned,
            [`metadata.annotations.${PAGERDUTY_SERVICE_ID_ANNOTATION}`]:
              CATALOG_FILTER_EXISTS,
          },
          {
            ...owned,
            [`metadata.annotations.${PAGERDUTY_INTEGRATION_KEY_ANNOTATION}`]:
              CATALOG_FILTER_EXISTS,
          },
        ],
        fields: [
          'kind',
          'metadata.namespace',
          'metadata.name',
          'metadata.title',
        ],
        order: { field: 'metadata.name', order: 'asc' },
        limit: MY_SERVICES_LIMIT + 1,
      },
      { credentials },
    );
    const entities = await Promise.all(
      items.slice(0, MY_SERVICES_LIMIT).map(async entity => {
        const entityRef = stringifyEntityRef(entity);
        const mine: PagerDutyMyServiceEntity = {
          entityRef,
          title: entity.metadata.title ?? entity.metadata.name,
          openIncidents: 0,
          triggered: 0,
          highUrgency: 0,
        };
        try {
          const { kind, namespace, name } = parseEntityRef(entityRef);
          const { incidents } = await this.deps.cardData.incidents(
            { kind, namespace, name },
            credentials,
          );
          mine.openIncidents = incidents.length;
          mine.triggered = incidents.filter(
            i => i.status === 'triggered',
          ).length;
          mine.highUrgency = incidents.filter(i => i.urgency === 'high').length;
        } catch (error) {
          const mapped = toRouteError(error);
          if (mapped.code === 'PAGERDUTY_INTERNAL_ERROR') throw error;
          mine.error = {
            name: mapped.name,
            message: mapped.message,
            code: mapped.code,
          };
        }
        return mine;
      }),
    );
    entities.sort(
      (a, b) =>
        b.triggered - a.triggered ||
        b.openIncidents - a.openIncidents ||
        a.title.localeCompare(b.title),
    );
    return { entities, truncated: items.length > MY_SERVICES_LIMIT };
  }
}

function toShift(account: string, o: PdOnCall): PagerDutyMyShift {
  const ref = (r: {
    id: string;
    summary?: string | null;
    name?: string | null;
    html_url?: string | null;
  }) => ({
    id: r.id,
    name: r.name ?? r.summary ?? r.id,
    htmlUrl: r.html_url ?? undefined,
  });
  return {
    account,
    escalationPolicy: ref(o.escalation_policy),
    level: o.escalation_level,
    schedule: o.schedule ? ref(o.schedule) : undefined,
    start: o.start ?? undefined,
    end: o.end ?? undefined,
  };
}
