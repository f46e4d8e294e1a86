import { z } from 'zod';
import type {
  PagerDutyInsightIncident,
  PagerDutyStandardsScore,
} from '@backstage-pagerduty/plugin-pagerduty-common';
import { PagerDutyClientOptions } from '../config/accounts';
import { Cached, ResourceCache } from '../cache/ResourceCache';
import { PagerDutyApiError } from '../http/errors';
import { PagerDutyHttpClient } from '../http/PagerDutyHttpClient';
import { parsePagerDutyAnswer } from './parse';
import { pageSchema } from './schemas';

const HOUR = 3_600_000;
/** Rows per analytics page (PagerDuty accepts up to 1000). */
const ANALYTICS_PAGE = 1000;
/**
 * Incidents read with their log entries when there is no analytics: one request each.
 * @public
 */
export const HISTORY_INCIDENT_LIMIT = 200;

const rawIncidentSchema = z.object({
  id: z.string(),
  created_at: z.string(),
  urgency: z.string().nullish(),
  priority_name: z.string().nullish(),
  seconds_to_first_ack: z.number().nullish(),
  resolved_at: z.string().nullish(),
  seconds_to_resolve: z.number().nullish(),
  total_interruptions: z.number().nullish(),
});

const rawPageSchema = z.object({
  data: z.array(rawIncidentSchema),
  more: z.boolean().nullish(),
  last: z.string().nullish(),
});

const historyIncidentSchema = z.object({
  id: z.string(),
  created_at: z.string(),
  urgency: z.enum(['high', 'low']).catch('high'),
  priority: z.object({ name: z.string().nullish() }).nullish(),
  status: z.string(),
});

const logEntrySchema = z.object({
  type: z.string(),
  created_at: z.string(),
  assignees: z.array(z.object({ id: z.string() })).nullish(),
});

const scoreSchema = z.object({
  resource_id: z.string().nullish(),
  score: z.object({ passing: z.number(), total: z.number() }),
  standards: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      pass: z.boolean(),
    }),
  ),
});

const standardsSchema = z.object({
  standards: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      description: z.string().nullish(),
    }),
  ),
});

const plusSeconds = (iso: string, seconds: number) =>
  new Date(Date.parse(iso) + seconds * 1000).toISOString();

/** A period of whole hours, so cached answers serve every request within the hour. @public */
export interface PagerDutyPeriod {
  since: string;
  until: string;
}

/**
 * PagerDuty reads about a service's health over time: analytics (raw incidents), the incident
 * history with log entries (for accounts without analytics), standards scores and escalation
 * rules. Cached for hours, not seconds (`pagerDuty.cache.insightsTtlSeconds`).
 * @public
 */
export class PagerDutyHealthClient {
  /** @internal */
  constructor(
    private readonly accountId: string,
    private readonly http: PagerDutyHttpClient,
    private readonly cache: ResourceCache,
    private readonly options: PagerDutyClientOptions,
    private readonly clock: () => number,
  ) {}

  /** The last `days` days, ending at the start of the current hour. */
  period(days: number): PagerDutyPeriod {
    const until = Math.floor(this.clock() / HOUR) * HOUR;
    return {
      since: new Date(until - days * 24 * HOUR).toISOString(),
      until: new Date(until).toISOString(),
    };
  }

  private key(kind: string, parts: string[]) {
    return `pd:${this.accountId}:${kind}:${parts.join(':')}`;
  }

  /**
   * Incidents of the services created in the period, from `POST /analytics/raw/incidents` (every
   * page). Fails with kind `forbidden` when the account has no analytics (402/403).
   */
  analyticsIncidents(
    serviceIds: string[],
    period: PagerDutyPeriod,
  ): Promise<Cached<PagerDutyInsightIncident[]>> {
    const ids = [...serviceIds].sort();
    return this.cache.get(
      this.key('analytics', [ids.join(','), period.since, period.until]),
      this.options.ttls.insights * 1000,
      async ctx => {
        const route = 'POST /analytics/raw/incidents';
        const out: PagerDutyInsightIncident[] = [];
        let cursor: string | undefined;
        for (let page = 0; page < 50; page++) {
          const body = await this.http.request<unknown>({
            method: 'POST',
            path: '/analytics/raw/incidents',
            route,
            body: {
              filters: {
                created_at_start: period.since,
                created_at_end: period.until,
                service_ids: ids,
              },
              limit: ANALYTICS_PAGE,
              order: 'asc',
              ...(cursor ? { starting_after: cursor } : {}),
            },
            noWait: ctx.haveStale,
          });
          const parsed = parsePagerDutyAnswer(rawPageSchema, body, route);
          for (const row of parsed.data) {
            out.push({
              id: row.id,
              urgency: row.urgency === 'low' ? 'low' : 'high',
              ...(row.priority_name ? { priorityName: row.priority_name } : {}),
              createdAt: row.created_at,
              ...(row.seconds_to_first_ack !== null &&
              row.seconds_to_first_ack !== undefined
                ? {
                    acknowledgedAt: plusSeconds(
                      row.created_at,
                      row.seconds_to_first_ack,
                    ),
                  }
                : {}),
              ...(row.seconds_to_resolve !== null &&
              row.seconds_to_resolve !== undefined
                ? {
                    resolvedAt: plusSeconds(
                      row.created_at,
                      row.seconds_to_resolve,
                    ),
                  }
                : {}),
              interruptions: row.total_interruptions ?? 0,
            });
          }
          if (!parsed.more || !parsed.last) break;
          cursor = parsed.last;
        }
        return out;
      },
    );
  }

  /**
   * The same figures without analytics: the incidents of the period (`GET /incidents`) and,
   * for each, its log entries (first acknowledgement, resolution, the people notified), newest
   * {@link HISTORY_INCIDENT_LIMIT} incidents at most. `truncated` says when older ones were left out.
   */
  historyIncidents(
    serviceIds: string[],
    period: PagerDutyPeriod,
  ): Promise<
    Cached<{ incidents: PagerDutyInsightIncident[]; truncated: boolean }>
  > {
    const ids = [...serviceIds].sort();
    return this.cache.get(
      this.key('history', [ids.join(','), period.since, period.until]),
      this.options.ttls.insights * 1000,
      async ctx => {
        const listRoute = 'GET /incidents';
        const listed: z.infer<typeof historyIncidentSchema>[] = [];
        let more = true;
        for (let offset = 0; more && listed.length < 1000; offset += 100) {
          const body = await this.http.request<unknown>({
            path: '/incidents',
            route: listRoute,
            query: {
              service_ids: ids,
              since: period.since,
              until: period.until,
              sort_by: 'created_at:desc',
              limit: 100,
              offset,
            },
            noWait: ctx.haveStale,
          });
          const page = parsePagerDutyAnswer(
            pageSchema('incidents', historyIncidentSchema),
            body,
            listRoute,
          );
          listed.push(
            ...(page.incidents as z.infer<typeof historyIncidentSchema>[]),
          );
          more = !!page.more;
        }
        const chosen = listed.slice(0, HISTORY_INCIDENT_LIMIT);
        const incidents: PagerDutyInsightIncident[] = [];
        for (const incident of chosen) {
          const route = 'GET /incidents/{id}/log_entries';
          const body = await this.http.request<unknown>({
            path: `/incidents/${encodeURIComponent(incident.id)}/log_entries`,
            route,
            query: { limit: 100 },
            noWait: ctx.haveStale,
          });
          const entries = parsePagerDutyAnswer(
            pageSchema('log_entries', logEntrySchema),
            body,
            route,
          ).log_entries as z.infer<typeof logEntrySchema>[];
          const first = (type: string) =>
            entries
              .filter(e => e.type === type)
              .map(e => e.created_at)
              .sort()[0];
          const notified = entries
            .filter(e =>
              [
                'assign_log_entry',
                'escalate_log_entry',
                'delegate_log_entry',
              ].includes(e.type),
            )
            .reduce((n, e) => n + (e.assignees?.length ?? 0), 0);
          const acknowledgedAt = first('acknowledge_log_entry');
          const resolvedAt = first('resolve_log_entry');
          incidents.push({
            id: incident.id,
            urgency: incident.urgency,
            ...(incident.priority?.name
              ? { priorityName: incident.priority.name }
              : {}),
            createdAt: incident.created_at,
            ...(acknowledgedAt ? { acknowledgedAt } : {}),
            ...(resolvedAt ? { resolvedAt } : {}),
            interruptions: notified,
          });
        }
        return { incidents, truncated: listed.length > chosen.length };
      },
    );
  }

  /** A service's standards score with the failing standards (names and descriptions). */
  standardsScore(serviceId: string): Promise<Cached<PagerDutyStandardsScore>> {
    return this.cache.get(
      this.key('standards', [serviceId]),
      this.options.ttls.standards * 1000,
      async ctx => {
        const route = 'GET /standards/scores/{resource_type}/{id}';
        const body = await this.http.request<unknown>({
          path: `/standards/scores/technical_services/${encodeURIComponent(
            serviceId,
          )}`,
          route,
          noWait: ctx.haveStale,
        });
        const score = parsePagerDutyAnswer(scoreSchema, body, route);
        const failing = score.standards.filter(s => !s.pass);
        let descriptions = new Map<string, string>();
        if (failing.length) {
          const listRoute = 'GET /standards';
          const list = parsePagerDutyAnswer(
            standardsSchema,
            await this.http.request<unknown>({
              path: '/standards',
              route: listRoute,
              query: { resource_type: 'technical_service', active: true },
              noWait: ctx.haveStale,
            }),
            listRoute,
          );
          descriptions = new Map(
            list.standards.flatMap(s =>
              s.description ? [[s.id, s.description] as [string, string]] : [],
            ),
          );
        }
        return {
          serviceId,
          passing: score.score.passing,
          total: score.score.total,
          failing: failing.map(s => ({
            id: s.id,
            name: s.name,
            ...(descriptions.get(s.id)
              ? { description: descriptions.get(s.id) }
              : {}),
          })),
        };
      },
    );
  }
}

/** True when the failure means "this account has no analytics" (402, 403). @public */
export function isAnalyticsUnavailable(error: unknown): boolean {
  return error instanceof PagerDutyApiError && error.kind === 'forbidden';
}
