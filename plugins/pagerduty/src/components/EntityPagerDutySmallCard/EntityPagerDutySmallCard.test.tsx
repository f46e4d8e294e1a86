import { fireEvent, screen, within } from '@testing-library/react';
import { registerMswTestHooks } from '@backstage/test-utils';
import { http } from 'msw';
import {
  incident,
  incidentsResponse,
  unannotatedEntity,
} from '../../__testUtils__/fixtures';
import {
  createPagerDutyServer,
  ENTITY_URL,
  json,
  renderWithApis,
} from '../../__testUtils__/render';
import { EntityPagerDutySmallCard as LegacyExtension } from '../../plugin';
import { EntityPagerDutySmallCard } from './EntityPagerDutySmallCard';

const server = createPagerDutyServer();
registerMswTestHooks(server);

describe('EntityPagerDutySmallCard', () => {
  it('shows the status, the open incident count and who is on call now (level 1, once each)', async () => {
    server.use(
      http.get(`${ENTITY_URL}/incidents`, () =>
        json(
          incidentsResponse([
            incident(),
            incident({ id: 'PINC002', number: 43, title: 'Second' }),
          ]),
        ),
      ),
    );
    await renderWithApis(<EntityPagerDutySmallCard />);
    const card = await screen.findByTestId('pagerduty-small-card');
    expect(within(card).getByText('Checkout API')).toBeInTheDocument();
    expect(within(card).getByText(/^Critical/)).toBeInTheDocument();
    expect(await within(card).findByText('Ada Lovelace')).toBeInTheDocument();
    expect(within(card).getAllByText('Ada Lovelace')).toHaveLength(1);
    // Level 2 (Grace) is not "on call now" for the first responder line.
    expect(within(card).queryByText('Grace Hopper')).not.toBeInTheDocument();
    expect(card).toHaveTextContent('2open incidents');
  });

  it('opens the trigger dialog from its button, and hides it read-only', async () => {
    await renderWithApis(<EntityPagerDutySmallCard />);
    fireEvent.click(
      await screen.findByRole('button', { name: /Trigger incident/ }),
    );
    expect(await screen.findByRole('dialog')).toBeInTheDocument();
  });

  it('has no trigger button read-only, and explains a missing annotation', async () => {
    await renderWithApis(<EntityPagerDutySmallCard readOnly />);
    await screen.findByTestId('pagerduty-small-card');
    expect(
      screen.queryByRole('button', { name: /Trigger incident/ }),
    ).not.toBeInTheDocument();
    await renderWithApis(<EntityPagerDutySmallCard />, {
      entity: unannotatedEntity,
    });
    expect(
      (await screen.findAllByText(/pagerduty.com\/service-id/)).length,
    ).toBeGreaterThan(0);
    expect(screen.getByText(/Missing Annotation/i)).toBeInTheDocument();
  });

  it('is offered to the legacy frontend system as a component extension', async () => {
    await renderWithApis(<LegacyExtension />);
    const card = await screen.findByTestId('pagerduty-small-card');
    expect(within(card).getByText('Checkout API')).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { name: 'PagerDuty status' }),
    ).toBeInTheDocument();
  });
});
