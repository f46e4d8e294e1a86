import { z } from 'zod';
import { PagerDutyHttpClient } from '../http/PagerDutyHttpClient';
import {
  PdService,
  PdServiceDependency,
  PdTeam,
  pageSchema,
  pdServiceDependencySchema,
  pdServiceSchema,
  pdTeamSchema,
} from './schemas';
import { parsePagerDutyAnswer as parse } from './parse';

/** A service custom field of the account (`GET /services/custom_fields`). @public */
export interface PdServiceCustomField {
  id: string;
  name: string;
  display_name?: string | null;
  data_type?: string | null;
  field_type?: string | null;
  enabled?: boolean | null;
}

const pdServiceCustomFieldSchema: z.ZodType<PdServiceCustomField> = z.object({
  id: z.string(),
  name: z.string(),
  display_name: z.string().nullish(),
  data_type: z.string().nullish(),
  field_type: z.string().nullish(),
  enabled: z.boolean().nullish(),
});

/** Largest page PagerDuty serves. */
const PAGE_LIMIT = 100;
/** Classic pagination stops at offset + limit = 10000. */
const MAX_OFFSET = 10_000 - PAGE_LIMIT;

/** A whole listing and the number of requests it took. @public */
export interface PdListing<T> {
  items: T[];
  /** Requests sent to PagerDuty (pages). */
  requests: number;
}

/**
 * Uncached, paged reads of a whole account's directory (services, teams, service dependencies)
 * and the service-dependency writes: what catalog sync needs. Every request goes through the
 * account's request budget, waiting for a slot like any other background work.
 * @public
 */
export class PagerDutyDirectoryClient {
  /** @internal */
  constructor(private readonly http: PagerDutyHttpClient) {}

  /** Every service of the account with its teams and integrations (100 per request). */
  listServices(): Promise<PdListing<PdService>> {
    return this.listAll('services', pdServiceSchema, 'GET /services', {
      include: ['teams', 'integrations'],
    });
  }

  /** One service with its teams and integrations, uncached (a `service.*` webhook arrived). */
  async getService(serviceId: string): Promise<PdService> {
    const { service } = await this.read(
      'GET /services/{id}',
      `/services/${encodeURIComponent(serviceId)}`,
      z.object({ service: pdServiceSchema }),
      { include: ['teams', 'integrations'] },
    );
    return service;
  }

  /** The account's service custom fields (one request; PagerDuty does not page them). */
  async listServiceCustomFields(): Promise<PdServiceCustomField[]> {
    const { fields } = await this.read(
      'GET /services/custom_fields',
      '/services/custom_fields',
      z.object({ fields: z.array(pdServiceCustomFieldSchema) }),
    );
    return fields;
  }

  /**
   * Sets custom field values of a service by field name (null clears a value). PagerDuty applies
   * all of them or none.
   */
  async setServiceCustomFieldValues(
    serviceId: string,
    values: Array<{ name: string; value: string | null }>,
  ): Promise<void> {
    await this.http.request<unknown>({
      method: 'PUT',
      path: `/services/${encodeURIComponent(serviceId)}/custom_fields/values`,
      route: 'PUT /services/{id}/custom_fields/values',
      body: { custom_fields: values },
    });
  }

  /** Every team of the account (100 per request). */
  listTeams(): Promise<PdListing<PdTeam>> {
    return this.listAll('teams', pdTeamSchema, 'GET /teams', {});
  }

  /** The dependencies (both directions) of one technical service. */
  async getServiceDependencies(
    serviceId: string,
  ): Promise<PdServiceDependency[]> {
    const { relationships } = await this.read(
      'GET /service_dependencies/technical_services/{id}',
      `/service_dependencies/technical_services/${encodeURIComponent(
        serviceId,
      )}`,
      z.object({ relationships: z.array(pdServiceDependencySchema) }),
    );
    return relationships;
  }

  /** Creates or removes "dependent depends on supporting" relations between services. */
  async changeServiceDependencies(
    change: 'associate' | 'disassociate',
    relations: Array<{ supportingId: string; dependentId: string }>,
  ): Promise<void> {
    if (relations.length === 0) return;
    const route = `POST /service_dependencies/${change}`;
    await this.http.request<unknown>({
      method: 'POST',
      path: `/service_dependencies/${change}`,
      route,
      body: {
        relationships: relations.map(r => ({
          supporting_service: { id: r.supportingId, type: 'service' },
          dependent_service: { id: r.dependentId, type: 'service' },
        })),
      },
    });
  }

  /** One GET, its answer checked against `schema` (a 502-style error names the route). */
  private async read<T>(
    route: string,
    path: string,
    schema: z.ZodType<T>,
    query?: Record<string, string[]>,
  ): Promise<T> {
    const body = await this.http.request<unknown>({ path, route, query });
    return parse(schema, body, route);
  }

  private async listAll<T>(
    listKey: string,
    item: z.ZodType<T>,
    route: string,
    query: Record<string, string[]>,
  ): Promise<PdListing<T>> {
    const schema = pageSchema(listKey, item);
    const path = route.split(' ')[1];
    const items: T[] = [];
    let requests = 0;
    for (let offset = 0; offset <= MAX_OFFSET; offset += PAGE_LIMIT) {
      const body = await this.http.request<unknown>({
        path,
        route,
        query: { ...query, limit: PAGE_LIMIT, offset },
      });
      requests += 1;
      const page = parse(schema, body, route);
      items.push(...(page[listKey] as T[]));
      if (!page.more) break;
    }
    return { items, requests };
  }
}
