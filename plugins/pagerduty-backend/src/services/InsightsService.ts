import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  PagerDutyInsightIncident,
  PagerDutyInsightsResponse,
  PagerDutySlaConfig,
  PagerDutyStandardsScore,
  computeInsights,
} from '@backstage-pagerduty/plugin-pagerduty-common';
import {
  Cached,
  isAnalyticsUnavailable,
} from '@backstage-pagerduty/plugin-pagerduty-node';
import { SectionBuilder } from './SectionBuilder';
import { EntityParams, EntityResolver } from './EntityResolver';

/** Longest period the insights cover. */
export const MAX_INSIGHTS_DAYS = 90;

/**
 * Health over time of an entity's services: from PagerDuty's analytics API, or, when the account
 * has no analytics (402/403), computed from the incident history; plus standards scores. Cached
 * by the PagerDuty client for hours (`pagerDuty.cache.insightsTtlSeconds`).
 */
export class InsightsService {
  constructor(
    private readonly resolver: EntityResolver,
    private readonly sla: PagerDutySlaConfig | undefined,
  ) {}

  async insights(
    params: EntityParams,
    credentials: BackstageCredentials,
    days = 30,
  ): Promise<PagerDutyInsightsResponse> {
    if (!Number.isInteger(days) || days < 1 || days > MAX_INSIGHTS_DAYS)
      throw new InputError(
        `days must be a whole number from 1 to ${MAX_INSIGHTS_DAYS}`,
      );
    const resolved = await this.resolver.resolve(params, credentials);
    const results = await this.resolver.services(resolved);
    const section = new SectionBuilder();
    const serviceIds: string[] = [];
    for (const r of results) {
      if (r.ok) serviceIds.push(r.serviceId);
      else section.fail(r.error, r.serviceId);
    }
    if (!serviceIds.length) section.finish(false);
    const health = resolved.client.health;
    const period = health.period(days);

    let source: 'analytics' | 'incidents' = 'analytics';
    let incidents: PagerDutyInsightIncident[] = [];
    try {
      incidents = section.use(
        await health.analyticsIncidents(serviceIds, period),
      );
    } catch (error) {
      if (!isAnalyticsUnavailable(error)) throw error;
      source = 'incidents';
      const history = await health.historyIncidents(serviceIds, period);
      incidents = section.use(history).incidents;
    }

    const standards: PagerDutyStandardsScore[] = [];
    await Promise.all(
      serviceIds.map(id =>
        health.standardsScore(id).then(
          (cached: Cached<PagerDutyStandardsScore>) =>
            standards.push(section.use(cached)),
          // Standards are extra: an account without them still gets its insights.
          error => {
            if (!isAnalyticsUnavailable(error)) section.fail(error, id);
          },
        ),
      ),
    );
    standards.sort((a, b) => a.serviceId.localeCompare(b.serviceId));

    return {
      insights: computeInsights(incidents, {
        source,
        ...period,
        sla: this.sla,
      }),
      standards,
      ...section.finish(true),
    };
  }
}
