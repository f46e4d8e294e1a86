import { registerMswTestHooks } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { http } from 'msw';
import { errorBody, onCallResponse } from '../../__testUtils__/fixtures';
import {
  BASE_URL,
  createPagerDutyServer,
  json,
  renderWithApis,
} from '../../__testUtils__/render';
import { HomePagePagerDutyCard } from './HomePagePagerDutyCard';

const server = createPagerDutyServer();
registerMswTestHooks(server);

describe('HomePagePagerDutyCard', () => {
  it('shows who is on call at level 1 for each entity, failing per entity', async () => {
    server.use(
      http.get(`${BASE_URL}/entities/component/default/checkout/oncall`, () =>
        json(onCallResponse()),
      ),
      http.get(`${BASE_URL}/entities/component/default/billing/oncall`, () =>
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
    await renderWithApis(
      <HomePagePagerDutyCard
        entityRefs={['component:default/checkout', 'billing']}
      />,
    );
    const list = await screen.findByRole('list', {
      name: 'On call per service',
    });
    const [checkout, billing] = within(list).getAllByRole('listitem');
    expect(
      await within(checkout).findByText('Ada Lovelace'),
    ).toBeInTheDocument();
    // Level 2 is not on the home page, and the duplicate entry is shown once.
    expect(
      within(checkout).queryByText('Grace Hopper'),
    ).not.toBeInTheDocument();
    expect(within(checkout).getAllByText('Ada Lovelace')).toHaveLength(1);
    expect(
      await within(billing).findByText('PagerDuty service not found'),
    ).toBeInTheDocument();
  });
});
