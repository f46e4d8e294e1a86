import { LoggerService } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotificationService } from '@backstage/plugin-notifications-node';
import {
  PAGERDUTY_SERVICE_ID_ANNOTATION,
  PagerDutyIncidentSla,
} from '@backstage-pagerduty/plugin-pagerduty-common';
import { NotificationStore } from '../database/NotificationStore';

/** `pagerDuty.notifications`, read. */
export interface NotificationSettings {
  enabled: boolean;
  /** Notify when an incident triggers on an entity's service (from webhooks). */
  onTrigger: boolean;
  /** Notify when an open incident misses its SLA acknowledgement or resolution target. */
  onSlaBreach: boolean;
}

/** What the notifier needs to know about an incident. */
export interface NotifiedIncident {
  account: string;
  id: string;
  serviceId: string;
  title: string;
  htmlUrl?: string;
  urgency?: string;
}

/**
 * Backstage notifications to the owners of the entities whose PagerDuty service has an
 * incident: once per incident and kind across replicas (the database decides who sends).
 */
export class OwnerNotifier {
  constructor(
    private readonly deps: {
      settings: NotificationSettings;
      notifications?: NotificationService;
      catalog: CatalogService;
      store: NotificationStore;
      logger: LoggerService;
      auth: {
        getOwnServiceCredentials(): Promise<any>;
      };
      appBaseUrl: string;
    },
  ) {}

  get enabled(): boolean {
    return this.deps.settings.enabled && !!this.deps.notifications;
  }

  /** The entities annotated with the service, and their owners (entity refs). */
  private async owners(
    serviceId: string,
  ): Promise<{ entity: Entity; owner: string }[]> {
    const credentials = await this.deps.auth.getOwnServiceCredentials();
    const { items } = await this.deps.catalog.getEntities(
      {
        filter: {
          [`metadata.annotations.${PAGERDUTY_SERVICE_ID_ANNOTATION}`]:
            serviceId,
        },
      },
      { credentials },
    );
    const out: { entity: Entity; owner: string }[] = [];
    for (const entity of items) {
      const owner = (entity.spec as { owner?: unknown } | undefined)?.owner;
      if (typeof owner !== 'string' || !owner) continue;
      try {
        out.push({
          entity,
          owner: stringifyEntityRef(
            parseEntityRef(owner, {
              defaultKind: 'group',
              defaultNamespace: entity.metadata.namespace ?? 'default',
            }),
          ),
        });
      } catch {
        this.deps.logger.warn(
          `Entity ${stringifyEntityRef(
            entity,
          )} has an invalid spec.owner "${owner}"; no PagerDuty notification sent to it`,
        );
      }
    }
    return out;
  }

  private async send(
    kind: string,
    incident: NotifiedIncident,
    payload: (entity: Entity) => {
      title: string;
      description: string;
      severity: 'critical' | 'high' | 'normal';
    },
  ) {
    if (!this.enabled) return;
    const { store } = this.deps;
    if (!(await store.claim(incident.account, incident.id, kind))) return;
    try {
      const owners = await this.owners(incident.serviceId);
      for (const { entity, owner } of owners) {
        const p = payload(entity);
        await this.deps.notifications!.send({
          recipients: { type: 'entity', entityRef: owner },
          payload: {
            title: p.title,
            description: p.description,
            severity: p.severity,
            topic: 'pagerduty',
            scope: `pagerduty:${incident.account}:${incident.id}:${kind}`,
            link:
              incident.htmlUrl ??
              `${this.deps.appBaseUrl}/catalog/${
                entity.metadata.namespace ?? 'default'
              }/${entity.kind.toLowerCase()}/${entity.metadata.name}`,
          },
        });
      }
    } catch (error) {
      // Not sent: let a later event or check try again.
      await store.release(incident.account, incident.id, kind);
      throw error;
    }
  }

  /** An incident was triggered on a service (a webhook said so). */
  async incidentTriggered(incident: NotifiedIncident): Promise<void> {
    if (!this.deps.settings.onTrigger) return;
    await this.send('triggered', incident, entity => ({
      title: `PagerDuty incident on ${
        entity.metadata.title ?? entity.metadata.name
      }: ${incident.title}`,
      description: `A${
        incident.urgency === 'high' ? ' high-urgency' : 'n'
      } incident was triggered on PagerDuty service ${incident.serviceId}.`,
      severity: incident.urgency === 'high' ? 'critical' : 'normal',
    }));
  }

  /** Checks an open incident's deadlines at `nowMs` and notifies a breach once per kind. */
  async checkSla(
    incident: NotifiedIncident,
    sla: PagerDutyIncidentSla | undefined,
    nowMs: number,
  ): Promise<void> {
    if (!this.deps.settings.onSlaBreach || !sla) return;
    const breaches: Array<['ack' | 'resolve', string]> = [];
    if (sla.acknowledgeBy && Date.parse(sla.acknowledgeBy) < nowMs)
      breaches.push(['ack', sla.acknowledgeBy]);
    if (sla.resolveBy && Date.parse(sla.resolveBy) < nowMs)
      breaches.push(['resolve', sla.resolveBy]);
    for (const [what, due] of breaches) {
      await this.send(`sla-${what}`, incident, entity => ({
        title: `SLA breached on ${
          entity.metadata.title ?? entity.metadata.name
        }: ${incident.title}`,
        description: `Not ${
          what === 'ack' ? 'acknowledged' : 'resolved'
        } by ${due} (${sla.target?.source ?? 'SLA target'}).`,
        severity: 'high',
      }));
    }
  }
}

/** Reads `pagerDuty.notifications`. */
export function readNotificationSettings(config: {
  getOptionalConfig(key: string): any;
}): NotificationSettings {
  const c = config.getOptionalConfig('pagerDuty.notifications');
  return {
    enabled: c?.getOptionalBoolean('enabled') ?? false,
    onTrigger: c?.getOptionalBoolean('onTrigger') ?? true,
    onSlaBreach: c?.getOptionalBoolean('onSlaBreach') ?? true,
  };
}
