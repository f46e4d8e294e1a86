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

const server = createPagerDutyServer();
registerMswTestHooks(server);

async function renderActions(
  status: 'triggered' | 'acknowledged' = 'triggered',
) {
  const onChanged = jest.fn();
  const onFeedback = jest.fn();
  await renderWithApis(
    <IncidentActions
      entityRef="component:default/checkout"
      incident={incident({ status })}
      onChanged={onChanged}
      onFeedback={onFeedback}
    />,
  );
  return { onChanged, onFeedback };
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
    const { onChanged, onFeedback } = await renderActions();
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
    expect(onFeedback).toHaveBeenCalledWith({
      severity: 'success',
      message: 'Incident #42 reassigned.',
    });
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
    const { onFeedback } = await renderActions();
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
    expect(onFeedback).toHaveBeenCalledWith({
      severity: 'success',
      message: 'Note added to incident #42.',
    });
  });
});
