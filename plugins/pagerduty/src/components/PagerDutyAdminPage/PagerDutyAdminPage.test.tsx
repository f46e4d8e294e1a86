import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  permissionApiRef,
  usePermission,
} from '@backstage/plugin-permission-react';
import {
  MockFetchApi,
  mockApis,
  registerMswTestHooks,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import {
  PagerDutyMappedService,
  PagerDutyMappingListResponse,
} from '@backstage-pagerduty/plugin-pagerduty-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  pagerDutyApiRef,
  PagerDutyClient,
  pagerDutyMappingApiRef,
  PagerDutyMappingClient,
} from '../../api';
import { PagerDutyAdminPage } from './PagerDutyAdminPage';

const MAPPING_URL = 'http://localhost:7007/api/catalog/pagerduty/mapping';

const svc = (
  serviceId: string,
  name: string,
  extra: Partial<PagerDutyMappedService>,
): PagerDutyMappedService => ({
  account: 'main',
  serviceId,
  name,
  status: 'active',
  htmlUrl: `https://pd.test/${serviceId}`,
  teams: [{ id: 'T1', name: 'Platform' }],
  state: 'unmapped',
  candidates: [],
  rejected: [],
  ...extra,
});

function listing(
  services: PagerDutyMappedService[],
): PagerDutyMappingListResponse {
  const totals = { mapped: 0, suggested: 0, conflict: 0, unmapped: 0 };
  for (const s of services) totals[s.state] += 1;
  return { services, totals };
}

// The first render of a test file loads the MUI table and tabs: slow on a busy 2-core machine.
jest.setTimeout(30_000);

const server = setupServer();
registerMswTestHooks(server);

// usePermission caches decisions for the whole test file (SWR), so each test sets its own.
jest.mock('@backstage/plugin-permission-react', () => ({
  ...jest.requireActual('@backstage/plugin-permission-react'),
  usePermission: jest.fn(),
}));

function render(allow: boolean) {
  jest
    .mocked(usePermission)
    .mockReturnValue({ loading: false, allowed: allow });
  const discoveryApi = mockApis.discovery({ baseUrl: 'http://localhost:7007' });
  const fetchApi = new MockFetchApi();
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [pagerDutyApiRef, new PagerDutyClient({ discoveryApi, fetchApi })],
        [
          pagerDutyMappingApiRef,
          new PagerDutyMappingClient({ discoveryApi, fetchApi }),
        ],
        [
          permissionApiRef,
          mockApis.permission({
            authorize: allow ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
          }),
        ],
      ]}
    >
      <PagerDutyAdminPage />
    </TestApiProvider>,
  );
}

describe('PagerDutyAdminPage', () => {
  it('lists services with their state and accepts a suggestion', async () => {
    let services = [
      svc('P1', 'Shipping', {
        state: 'mapped',
        source: 'name',
        entityRef: 'component:default/shipping',
        fieldSync: {
          entityRef: 'component:default/shipping',
          values: { lifecycle: 'production' },
          syncedAt: '2026-11-20T10:00:00Z',
          attemptedAt: '2026-11-24T10:00:00Z',
          error: 'lifecycle must be one of experimental, production',
        },
      }),
      svc('P2', 'Identity', {
        state: 'suggested',
        candidates: [
          { entityRef: 'component:default/auth-gateway', reasons: ['team'] },
        ],
      }),
    ];
    const decisions: unknown[] = [];
    server.use(
      http.get(`${MAPPING_URL}/services`, () =>
        HttpResponse.json(listing(services)),
      ),
      http.post(`${MAPPING_URL}/decisions`, async ({ request }) => {
        const body = await request.json();
        decisions.push(body);
        services = services.map(s =>
          s.serviceId === 'P2'
            ? {
                ...s,
                state: 'mapped',
                source: 'manual',
                entityRef: 'component:default/auth-gateway',
                candidates: [],
              }
            : s,
        );
        return HttpResponse.json({ service: services[1], refreshed: [] });
      }),
    );
    await render(true);
    const table = await screen.findByRole('table', {
      name: 'PagerDuty services',
    });
    expect(within(table).getByText('Shipping')).toBeInTheDocument();
    expect(within(table).getByText('by name')).toBeInTheDocument();
    // The custom field sync log: the last error shows on the service's row.
    expect(
      within(within(table).getByTestId('service-P1')).getByText(
        'sync failed: lifecycle must be one of experimental, production',
      ),
    ).toBeInTheDocument();
    fireEvent.click(
      screen.getByRole('button', {
        name: 'Accept component:default/auth-gateway for Identity',
      }),
    );
    await waitFor(() =>
      expect(within(table).getByText('by manual')).toBeInTheDocument(),
    );
    expect(decisions).toEqual([
      {
        action: 'accept',
        account: 'main',
        serviceId: 'P2',
        entityRef: 'component:default/auth-gateway',
      },
    ]);
  });

  it('offers to reject the candidates of a name conflict, not the YAML claims of one', async () => {
    server.use(
      http.get(`${MAPPING_URL}/services`, () =>
        HttpResponse.json(
          listing([
            svc('P4', 'Payments', {
              state: 'conflict',
              candidates: [
                { entityRef: 'component:default/payments', reasons: ['name'] },
                { entityRef: 'component:shop/payments', reasons: ['name'] },
              ],
            }),
            svc('P5', 'Search', {
              state: 'conflict',
              candidates: [
                {
                  entityRef: 'component:default/search-a',
                  reasons: ['annotation'],
                },
                {
                  entityRef: 'component:default/search-b',
                  reasons: ['annotation'],
                },
              ],
            }),
          ]),
        ),
      ),
    );
    await render(true);
    expect(
      await screen.findByRole('button', {
        name: 'Reject component:shop/payments for Payments',
      }),
    ).toBeEnabled();
    expect(
      screen.getByRole('button', {
        name: 'Accept component:default/search-a for Search',
      }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', {
        name: 'Reject component:default/search-a for Search',
      }),
    ).not.toBeInTheDocument();
  });

  it('disables changes without pagerduty.mapping.manage', async () => {
    server.use(
      http.get(`${MAPPING_URL}/services`, () =>
        HttpResponse.json(listing([svc('P3', 'Wiki', {})])),
      ),
    );
    await render(false);
    expect(
      await screen.findByText(/needs the permission pagerduty.mapping.manage/),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Map Wiki' })).toBeDisabled();
  });

  it('shows the health of each account with its last sync', async () => {
    server.use(
      http.get(`${MAPPING_URL}/services`, () => HttpResponse.json(listing([]))),
      http.get(`${MAPPING_URL}/sync`, () =>
        HttpResponse.json({
          accounts: [
            {
              account: 'main',
              startedAt: '2026-11-23T10:00:00Z',
              finishedAt: '2026-11-23T10:00:01Z',
              requests: 20,
              services: 2000,
              error: null,
              dependencies: {
                read: 200,
                associated: 3,
                disassociated: 1,
                errors: [],
              },
              fields: { written: 12, unchanged: 380, failed: 0 },
            },
            {
              account: 'eu',
              startedAt: '2026-11-23T10:00:00Z',
              finishedAt: '2026-11-23T10:00:02Z',
              requests: 1,
              services: 0,
              error: 'PagerDuty rejected the API token (401)',
            },
          ],
        }),
      ),
      http.get('http://localhost:7007/api/pagerduty/health', () =>
        HttpResponse.json({
          status: 'ok',
          accounts: [
            {
              id: 'main',
              isDefault: true,
              region: 'us',
              auth: 'api-token',
              status: 'ok',
              latencyMs: 84,
              webhooks: {
                configured: true,
                lastReceivedAt: new Date(Date.now() - 120_000).toISOString(),
              },
              budget: { usedInLastMinute: 37, limitPerMinute: 900 },
            },
            {
              id: 'eu',
              isDefault: false,
              region: 'eu',
              auth: 'api-token',
              status: 'token-rejected',
              message: 'PagerDuty rejected the token',
              latencyMs: 12,
              webhooks: { configured: false },
              budget: { usedInLastMinute: 1, limitPerMinute: 0 },
            },
          ],
          infrastructure: {
            cache: { status: 'ok' },
            budget: { store: 'redis', status: 'ok' },
            liveUpdates: { acrossReplicas: true, eventsBackend: true },
          },
        }),
      ),
    );
    await render(true);
    fireEvent.click(await screen.findByRole('tab', { name: 'Health' }));
    const table = await screen.findByRole('table', { name: 'Account health' });
    const main = within(within(table).getByTestId('account-health-main'));
    expect(main.getByText('main (default)')).toBeInTheDocument();
    expect(main.getByText('84 ms')).toBeInTheDocument();
    expect(main.getByText('2 minutes ago')).toBeInTheDocument();
    expect(main.getByText('37 of 900')).toBeInTheDocument();
    expect(main.getByText('2000')).toBeInTheDocument();
    expect(main.getByText('20')).toBeInTheDocument();
    expect(main.getByText('none')).toBeInTheDocument();
    expect(main.getByText('read 200, added 3, removed 1')).toBeInTheDocument();
    expect(
      main.getByText('written 12, unchanged 380, failed 0'),
    ).toBeInTheDocument();
    const eu = within(within(table).getByTestId('account-health-eu'));
    expect(
      eu.getByText('token-rejected: PagerDuty rejected the token'),
    ).toBeInTheDocument();
    expect(eu.getByText('not set up')).toBeInTheDocument();
    expect(eu.getByText('1 (no limit)')).toBeInTheDocument();
    expect(
      eu.getByText('PagerDuty rejected the API token (401)'),
    ).toBeInTheDocument();
    const infra = screen.getByRole('table', { name: 'This replica' });
    expect(within(infra).getByText('redis, ok')).toBeInTheDocument();
    expect(within(infra).getByText('installed')).toBeInTheDocument();
  });
});
