import { registerMswTestHooks } from '@backstage/test-utils';
import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';
import { incident } from '../../__testUtils__/fixtures';
import {
  createPagerDutyServer,
  ENTITY_URL,
  json,
  renderWithApis,
} from '../../__testUtils__/render';
import { IncidentActions } from './IncidentActions';
import { reassignCandidatesOf } from './reassignCandidates';

const server = createPagerDutyServer();
registerMswTestHooks(server);

async function renderActions(
  status: 'triggered' | 'acknowledged' = 'triggered',
) {
  const onChanged = jest.fn();
  const { alerts, analytics } = await renderWithApis(
    <IncidentActions
      entityRef="component:default/checkout"
      incident={incident({ status })}
      onChanged={onChanged}
    />,
  );
  return { onChanged, alerts, analytics };
}

describe('IncidentActions', () => {
  it('offers no acknowledge for an acknowledged incident', async () => {
    await renderActions('acknowledged');
    expect(
      await screen.findByRole('button', { name: 'Resolve incident #42' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /Acknowledge/ }),
    ).not.toBeInTheDocument();
  });

  it('reassigns to an escalation policy', async () => {
    let body: unknown;
    server.use(
      http.post(
        `${ENTITY_URL}/incidents/PINC001/reassign`,
        async ({ request }) => {
          body = await request.json();
          return json({ incident: incident({ status: 'triggered' }) });
        },
      ),
    );
    const { onChanged, alerts, analytics } = await renderActions();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Reassign incident #42' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Reassign incident #42',
    });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Reassign' }),
    );
    expect(
      within(dialog).getByText(/Enter the PagerDuty id of the user/),
    ).toBeInTheDocument();
    expect(body).toBeUndefined();

    await userEvent.click(
      within(dialog).getByRole('radio', { name: 'An escalation policy' }),
    );
    fireEvent.change(
      within(dialog).getByRole('textbox', { name: 'Escalation policy id' }),
      {
        target: { value: 'PEP0002' },
      },
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Reassign' }),
    );
    await screen.findByRole('button', { name: 'Reassign incident #42' });
    expect(body).toEqual({ escalationPolicyId: 'PEP0002' });
    expect(onChanged).toHaveBeenCalledWith(
      expect.objectContaining({ id: 'PINC001' }),
    );
    expect(alerts).toEqual([
      expect.objectContaining({
        severity: 'success',
        message: 'Incident #42 reassigned.',
      }),
    ]);
    expect(analytics.getEvents()).toEqual([
      expect.objectContaining({ action: 'reassign', subject: 'PINC001' }),
    ]);
  });

  it('reassigns with one click to someone on call', async () => {
    let body: unknown;
    server.use(
      http.post(
        `${ENTITY_URL}/incidents/PINC001/reassign`,
        async ({ request }) => {
          body = await request.json();
          return json({ incident: incident({ status: 'triggered' }) });
        },
      ),
    );
    await renderWithApis(
      <IncidentActions
        entityRef="component:default/checkout"
        incident={incident({ status: 'triggered' })}
        reassignCandidates={{
          users: [
            { id: 'PUSER01', name: 'Ada Lovelace' },
            { id: 'PUSER02', name: 'Grace Hopper' },
          ],
          escalationPolicies: [{ id: 'PEP0001', name: 'Checkout escalation' }],
        }}
        onChanged={jest.fn()}
      />,
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'Reassign incident #42' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Reassign incident #42',
    });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Grace Hopper' }),
    );
    expect(
      within(dialog).getByRole('textbox', { name: 'PagerDuty user id' }),
    ).toHaveValue('PUSER02');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Reassign' }),
    );
    await screen.findByRole('button', { name: 'Reassign incident #42' });
    expect(body).toEqual({ userId: 'PUSER02' });
  });

  it('offers everyone on call once, in level order, and the services’ policies', () => {
    const user = (id: string, name: string) => ({ user: { id, name } });
    const candidates = reassignCandidatesOf(
      [
        {
          account: 'default',
          id: 'PSVC001',
          name: 'Checkout',
          status: 'active',
          htmlUrl: 'https://pd/PSVC001',
          teams: [],
          escalationPolicy: { id: 'PEP0001', name: 'Checkout escalation' },
        },
      ],
      {
        freshness: { fetchedAt: '2026-01-01T00:00:00Z', stale: false },
        errors: [],
        policies: [
          {
            escalationPolicy: { id: 'PEP0001', name: 'Checkout escalation' },
            serviceIds: ['PSVC001'],
            levels: [
              {
                level: 2,
                oncalls: [user('PUSER02', 'Grace'), user('PUSER01', 'Ada')],
              },
              { level: 1, oncalls: [user('PUSER01', 'Ada')] },
            ],
          },
        ],
      },
    );
    expect(candidates.users.map(u => u.id)).toEqual(['PUSER01', 'PUSER02']);
    expect(candidates.escalationPolicies).toEqual([
      { id: 'PEP0001', name: 'Checkout escalation' },
    ]);
  });

  it('adds a note', async () => {
    let body: unknown;
    server.use(
      http.post(
        `${ENTITY_URL}/incidents/PINC001/notes`,
        async ({ request }) => {
          body = await request.json();
          return json({ incident: incident() });
        },
      ),
    );
    const { alerts, analytics } = await renderActions();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Add a note to incident #42' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Add a note to incident #42',
    });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Add note' }),
    );
    expect(
      within(dialog).getByText('Write the note first.'),
    ).toBeInTheDocument();
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Note' }), {
      target: { value: 'Rolled back to v2.3.0' },
    });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Add note' }),
    );
    await screen.findByRole('button', { name: 'Add a note to incident #42' });
    expect(body).toEqual({ content: 'Rolled back to v2.3.0' });
    expect(alerts).toEqual([
      expect.objectContaining({
        severity: 'success',
        message: 'Note added to incident #42.',
      }),
    ]);
    expect(analytics.getEvents()).toEqual([
      expect.objectContaining({ action: 'note', subject: 'PINC001' }),
    ]);
  });
});
