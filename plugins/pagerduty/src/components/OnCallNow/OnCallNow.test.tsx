import { registerMswTestHooks } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { axe } from 'jest-axe';
import { http } from 'msw';
import {
  adaUserEntity,
  minutesAgo,
  onCallResponse,
} from '../../__testUtils__/fixtures';
import {
  createPagerDutyServer,
  ENTITY_URL,
  json,
  renderWithApis,
} from '../../__testUtils__/render';
import { EntityPagerDutyCard } from '../EntityPagerDutyCard';
import { summarizeOnCall } from './onCallSummary';

const server = createPagerDutyServer();
registerMswTestHooks(server);

describe('OnCallNow', () => {
  it('shows the level-1 responder on load with phone, SMS, email, Backstage profile and Slack', async () => {
    const { container } = await renderWithApis(<EntityPagerDutyCard />, {
      catalogEntities: [adaUserEntity],
    });
    const now = await screen.findByRole('region', { name: 'On call now' });
    const ada = await within(now).findByTestId('oncall-now-PUSER01');
    expect(ada).toHaveTextContent('Ada Lovelace');
    expect(ada).toHaveTextContent(/Payments primary · until /);
    const contact = within(ada).getByRole('group', {
      name: 'Contact Ada Lovelace',
    });
    expect(
      within(contact).getByRole('link', { name: /^Call Ada Lovelace/ }),
    ).toHaveAttribute('href', 'tel:+14155550101');
    expect(
      within(contact).getByRole('link', { name: /^Send an SMS/ }),
    ).toHaveAttribute('href', 'sms:+14155550101');
    expect(
      within(contact).getByRole('link', { name: /^Email Ada/ }),
    ).toHaveAttribute('href', 'mailto:ada@example.com');
    // The User entity matched by email (case-insensitively): profile and Slack.
    expect(
      await within(contact).findByRole('link', {
        name: 'Backstage profile of Ada Lovelace',
      }),
    ).toHaveAttribute('href', '/catalog/default/user/ada');
    expect(
      within(contact).getByRole('link', {
        name: 'Message Ada Lovelace on Slack',
      }),
    ).toHaveAttribute('href', 'https://slack.com/app_redirect?channel=U0ADA01');
    // The delay of level 1 and who comes after it.
    expect(within(now).getByTestId('oncall-now-next')).toHaveTextContent(
      'Escalates after 30 min to Grace Hopper (level 2)',
    );
    // Level 2 is not listed as a responder: only level 1 is paged first.
    expect(within(now).queryByTestId('oncall-now-PUSER02')).toBeNull();
    expect(await axe(container)).toHaveNoViolations();
  });

  it('offers no profile link when no User entity has the email', async () => {
    await renderWithApis(<EntityPagerDutyCard />);
    const ada = await screen.findByTestId('oncall-now-PUSER01');
    expect(within(ada).getByRole('link', { name: /^Call/ })).toBeVisible();
    expect(
      within(ada).queryByRole('link', { name: /Backstage profile/ }),
    ).toBeNull();
  });

  it('during a level-1 gap, says who is paged now and who comes on next', async () => {
    server.use(
      http.get(`${ENTITY_URL}/oncall`, () => {
        const response = onCallResponse();
        const level1 = response.policies[0].levels.find(l => l.level === 1)!;
        level1.oncalls = [
          {
            user: { id: 'PUSER09', name: 'Barbara Liskov' },
            from: minutesAgo(-45),
            until: minutesAgo(-500),
          },
        ];
        return json(response);
      }),
    );
    await renderWithApis(<EntityPagerDutyCard />);
    const now = await screen.findByRole('region', { name: 'On call now' });
    await within(now).findByText(/Nobody is on call at level 1 right now/);
    const grace = within(now).getByTestId('oncall-now-PUSER02');
    expect(grace).toHaveTextContent('level 2');
    expect(
      within(grace).getByRole('link', { name: /^Email Grace Hopper/ }),
    ).toBeInTheDocument();
    expect(
      within(now).getByRole('list', { name: 'Next at level 1' }),
    ).toHaveTextContent(/Barbara Liskov.*from /);
  });
});

describe('summarizeOnCall', () => {
  it('reduces levels to responders, delay and the next level', () => {
    const summary = summarizeOnCall(onCallResponse().policies[0]);
    expect(summary.responders.map(e => e.user.name)).toEqual(['Ada Lovelace']);
    expect(summary.respondersLevel).toBe(1);
    expect(summary.level1Gap).toBe(false);
    expect(summary.escalationDelayInMinutes).toBe(30);
    expect(summary.next.map(e => e.user.name)).toEqual(['Grace Hopper']);
    expect(summary.nextLevel).toBe(2);
  });
});
