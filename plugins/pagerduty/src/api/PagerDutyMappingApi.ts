import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  PagerDutyMappedService,
  PagerDutyMappingDecision,
  PagerDutyMappingListResponse,
  PagerDutyMappingState,
  PagerDutySyncStatus,
} from '@backstage-pagerduty/plugin-pagerduty-common';

/**
 * The catalog mapping of PagerDuty services, served by the catalog module
 * `@backstage-pagerduty/plugin-catalog-backend-module-pagerduty` under `/api/catalog/pagerduty`.
 * @public
 */
export interface PagerDutyMappingApi {
  listServices(filter?: {
    state?: PagerDutyMappingState;
    account?: string;
    query?: string;
  }): Promise<PagerDutyMappingListResponse>;
  decide(
    decision: PagerDutyMappingDecision,
  ): Promise<{ service: PagerDutyMappedService; refreshed: string[] }>;
  getSyncStatus(): Promise<{ accounts: PagerDutySyncStatus[] }>;
  syncNow(): Promise<void>;
}

/** @public */
export const pagerDutyMappingApiRef = createApiRef<PagerDutyMappingApi>({
  id: 'plugin.pagerduty.mapping',
});

/** The default {@link PagerDutyMappingApi}, through discovery and fetch. @public */
export class PagerDutyMappingClient implements PagerDutyMappingApi {
  constructor(
    private readonly options: {
      discoveryApi: Pick<DiscoveryApi, 'getBaseUrl'>;
      fetchApi: Pick<FetchApi, 'fetch'>;
    },
  ) {}

  listServices(
    filter: {
      state?: PagerDutyMappingState;
      account?: string;
      query?: string;
    } = {},
  ) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(filter)) if (v) params.set(k, v);
    const q = params.toString();
    return this.request<PagerDutyMappingListResponse>(
      `/services${q ? `?${q}` : ''}`,
    );
  }

  decide(decision: PagerDutyMappingDecision) {
    return this.request<{
      service: PagerDutyMappedService;
      refreshed: string[];
    }>('/decisions', { method: 'POST', body: decision });
  }

  getSyncStatus() {
    return this.request<{ accounts: PagerDutySyncStatus[] }>('/sync');
  }

  async syncNow() {
    await this.request('/sync', { method: 'POST', body: {} });
  }

  private async request<T>(
    path: string,
    options: { method?: 'GET' | 'POST'; body?: unknown } = {},
  ): Promise<T> {
    const base = await this.options.discoveryApi.getBaseUrl('catalog');
    const hasBody = options.body !== undefined;
    const response = await this.options.fetchApi.fetch(
      `${base}/pagerduty/mapping${path}`,
      {
        method: options.method ?? 'GET',
        headers: {
          Accept: 'application/json',
          ...(hasBody ? { 'Content-Type': 'application/json' } : {}),
        },
        body: hasBody ? JSON.stringify(options.body) : undefined,
      },
    );
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as T;
  }
}
