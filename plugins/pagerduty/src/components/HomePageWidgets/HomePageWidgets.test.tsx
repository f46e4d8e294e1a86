import { registerMswTestHooks } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { http } from 'msw';
import {
  PagerDutyMyOnCallResponse,
  PagerDutyMyServicesResponse,
} from '@backstage-pagerduty/plugin-pagerduty-common';
import { errorBody } from '../../__testUtils__/fixtures';
import {
  BASE_URL,
  createPagerDutyServer,
  json,
  renderWithApis,
} from '../../__testUtils__/render';
import { MyOnCallShifts } from './MyOnCallShifts';
import { MyTeamsServices } from './MyTeamsServices';

const server = createPagerDutyServer();
registerMswTestHooks(server);

const HOUR = 3_600_000;
const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();

function myOnCall(
  over: Partial<PagerDutyMyOnCallResponse> = {},
): PagerDutyMyOnCallResponse {
  return {
    email: 'ada@example.com',
    users: [{ account: 'default', id: 'PADA', name: 'Ada Lovelace' }],
    shifts: [
      {
        account: 'default',
        escalationPolicy: {
          id: 'PEP1',
          name: 'Checkout Escalation',
          htmlUrl: 'https://acme.pagerduty.com/escalation_policies/PEP1',
        },
        level: 1,
        schedule: { id: 'PS1', name: 'Checkout Primary' },
        start: iso(-HOUR),
        end: iso(5 * HOUR),
      },
      {
        account: 'default',
        escalationPolicy: { id: 'PEP2', name: 'Payments Escalation' },
        level: 2,
      },
      {
        account: 'default',
        escalationPolicy: { id: 'PEP3', name: 'Search Escalation' },
        level: 1,
        schedule: { id: 'PS3', name: 'Search Weekly' },
        start: iso(30 * HOUR),
        end: iso(54 * HOUR),
      },
    ],
    errors: [],
    freshness: { fetchedAt: iso(0), stale: false },
    ...over,
  };
}

describe('MyOnCallShifts', () => {
  it('shows the current shifts, then the next ones, with policy, level and schedule', async () => {
    server.use(http.get(`${BASE_URL}/me/oncall`, () => json(myOnCall())));
    await renderWithApis(<MyOnCallShifts />);
    const widget = await screen.findByTestId('pagerduty-my-oncall');
    const [now, next] = within(widget).getAllByRole('list');
    const current = within(now).getAllByRole('listitem');
    expect(current).toHaveLength(2);
    expect(current[0]).toHaveTextContent('Level 1 of Checkout Escalation');
    expect(current[0]).toHaveTextContent(/until .*via Checkout Primary/);
    expect(
      within(current[0]).getByRole('link', { name: /Checkout Escalation/ }),
    ).toHaveAttribute(
      'href',
      'https://acme.pagerduty.com/escalation_policies/PEP1',
    );
    expect(current[1]).toHaveTextContent('Level 2 of Payments Escalation');
    expect(current[1]).toHaveTextContent('always (no schedule)');
    const upcoming = within(next).getAllByRole('listitem');
    expect(upcoming).toHaveLength(1);
    expect(upcoming[0]).toHaveTextContent('Level 1 of Search Escalation');
    expect(upcoming[0]).toHaveTextContent(/ – .*via Search Weekly/);
    expect(within(widget).getByText('On call now')).toBeInTheDocument();
    expect(within(widget).getByText('Next')).toBeInTheDocument();
  });

  it('says why nothing is shown: no email, no PagerDuty user, no shifts', async () => {
    server.use(
      http.get(`${BASE_URL}/me/oncall`, () =>
        json(myOnCall({ email: undefined, users: [], shifts: [] })),
      ),
    );
    await renderWithApis(<MyOnCallShifts />);
    expect(
      await screen.findByText(/has no email \(spec\.profile\.email\)/),
    ).toBeInTheDocument();

    server.use(
      http.get(`${BASE_URL}/me/oncall`, () =>
        json(myOnCall({ users: [], shifts: [] })),
      ),
    );
    await renderWithApis(<MyOnCallShifts />);
    expect(
      await screen.findByText(
        'No PagerDuty user has your email (ada@example.com).',
      ),
    ).toBeInTheDocument();

    server.use(
      http.get(`${BASE_URL}/me/oncall`, () => json(myOnCall({ shifts: [] }))),
    );
    await renderWithApis(<MyOnCallShifts />);
    expect(
      await screen.findByText('You are not on call in the next 7 days.'),
    ).toBeInTheDocument();
  });

  it('shows a failure as a problem, not as "not on call"', async () => {
    server.use(
      http.get(`${BASE_URL}/me/oncall`, () =>
        json(
          errorBody(
            404,
            'PagerDutyError',
            'no PX',
            'PAGERDUTY_SERVICE_NOT_FOUND',
          ),
          404,
        ),
      ),
    );
    await renderWithApis(<MyOnCallShifts />);
    expect(
      await screen.findByText('PagerDuty service not found'),
    ).toBeInTheDocument();
    expect(
      screen.queryByText('You are not on call in the next 7 days.'),
    ).not.toBeInTheDocument();
  });
});

function myServices(
  over: Partial<PagerDutyMyServicesResponse> = {},
): PagerDutyMyServicesResponse {
  return {
    truncated: false,
    entities: [
      {
        entityRef: 'component:default/checkout',
        title: 'Checkout',
        openIncidents: 3,
        triggered: 2,
        highUrgency: 1,
      },
      {
        entityRef: 'component:default/search',
        title: 'Search',
        openIncidents: 0,
        triggered: 0,
        highUrgency: 0,
      },
      {
        entityRef: 'component:default/payments',
        title: 'Payments',
        openIncidents: 0,
        triggered: 0,
        highUrgency: 0,
        error: {
          name: 'PagerDutyError',
          message: 'token rejected',
          code: 'PAGERDUTY_TOKEN_REJECTED',
        },
      },
    ],
    ...over,
  };
}

describe('MyTeamsServices', () => {
  it('lists the services with open incidents (and unreadable ones), not the quiet ones', async () => {
    server.use(http.get(`${BASE_URL}/me/services`, () => json(myServices())));
    await renderWithApis(<MyTeamsServices />);
    const widget = await screen.findByTestId('pagerduty-my-services');
    const rows = within(widget).getAllByRole('listitem');
    expect(rows).toHaveLength(2);
    expect(
      within(rows[0]).getByRole('link', { name: 'Checkout' }),
    ).toHaveAttribute(
      'href',
      expect.stringContaining('/catalog/default/component/checkout'),
    );
    expect(rows[0]).toHaveTextContent('3 open');
    expect(rows[0]).toHaveTextContent('2 triggered');
    expect(rows[0]).toHaveTextContent('1 high urgency');
    expect(rows[1]).toHaveTextContent('Payments');
    expect(rows[1]).toHaveTextContent(
      'Could not read its incidents: token rejected',
    );
    expect(within(widget).queryByText('Search')).not.toBeInTheDocument();
  });

  it('says when all of them are quiet, and when there are none', async () => {
    server.use(
      http.get(`${BASE_URL}/me/services`, () =>
        json(
          myServices({
            entities: myServices().entities.slice(1, 2),
          }),
        ),
      ),
    );
    await renderWithApis(<MyTeamsServices />);
    expect(
      await screen.findByText('No open incidents on your team’s 1 service.'),
    ).toBeInTheDocument();

    server.use(
      http.get(`${BASE_URL}/me/services`, () =>
        json(myServices({ entities: [] })),
      ),
    );
    await renderWithApis(<MyTeamsServices />);
    expect(
      await screen.findByText(
        'Your teams own no entity with a PagerDuty annotation.',
      ),
    ).toBeInTheDocument();
  });
});
