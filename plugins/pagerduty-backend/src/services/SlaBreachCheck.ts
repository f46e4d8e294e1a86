import { LoggerService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  PAGERDUTY_ACCOUNT_ANNOTATION,
  PAGERDUTY_SERVICE_ID_ANNOTATION,
  PagerDutySlaConfig,
} from '@backstage-pagerduty/plugin-pagerduty-common';
import { PagerDutyClientService } from '@backstage-pagerduty/plugin-pagerduty-node';
import { OwnerNotifier } from './OwnerNotifier';
import { withSla } from './slaDeadlines';

/**
 * The periodic SLA check (a scheduled task, one replica at a time): the open incidents of every
 * service named by an entity's annotation, their deadlines, and a notification to the owners
 * for each deadline missed (once per incident and kind, see {@link OwnerNotifier}).
 */
export class SlaBreachCheck {
  constructor(
    private readonly deps: {
      catalog: CatalogService;
      auth: { getOwnServiceCredentials(): Promise<any> };
      pagerDuty: PagerDutyClientService;
      notifier: OwnerNotifier;
      sla: PagerDutySlaConfig;
      logger: LoggerService;
      now: () => number;
    },
  ) {}

  async run(): Promise<{ incidents: number }> {
    const { catalog, pagerDuty, notifier } = this.deps;
    const credentials = await this.deps.auth.getOwnServiceCredentials();
    const { items } = await catalog.getEntities(
      {
        filter: {
          [`metadata.annotations.${PAGERDUTY_SERVICE_ID_ANNOTATION}`]:
            CATALOG_FILTER_EXISTS,
        },
        fields: ['metadata.annotations'],
      },
      { credentials },
    );
    const services = new Set<string>();
    for (const e of items) {
      const annotations = e.metadata.annotations ?? {};
      const account = annotations[PAGERDUTY_ACCOUNT_ANNOTATION] ?? '';
      for (const id of (annotations[PAGERDUTY_SERVICE_ID_ANNOTATION] ?? '')
        .split(',')
        .map(s => s.trim())
        .filter(Boolean))
        services.add(`${account}|${id}`);
    }
    let checked = 0;
    for (const key of services) {
      const [accountId, serviceId] = key.split('|');
      try {
        const client = pagerDuty.forAccount(accountId || undefined);
        const open = await client.listOpenIncidents(serviceId);
        const now = this.deps.now();
        const incidents = await withSla(open.value, this.deps.sla, client, now);
        for (const incident of incidents) {
          checked++;
          await notifier.checkSla(
            {
              account: client.account.id,
              id: incident.id,
              serviceId,
              title: incident.title,
              htmlUrl: incident.htmlUrl,
              urgency: incident.urgency,
            },
            incident.sla,
            now,
          );
        }
      } catch (error) {
        this.deps.logger.warn(
          `PagerDuty SLA check of service ${serviceId} failed: ${error}`,
        );
      }
    }
    return { incidents: checked };
  }
}
