import { registerMswTestHooks } from '@backstage/test-utils';
import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { axe } from 'jest-axe';
import { http } from 'msw';
import { errorBody, triggerStatus } from '../../__testUtils__/fixtures';
import {
  BASE_URL,
  createPagerDutyServer,
  ENTITY_URL,
  json,
  renderWithApis,
} from '../../__testUtils__/render';
import { TriggerDialog } from './TriggerDialog';

const server = createPagerDutyServer();
registerMswTestHooks(server);

async function renderDialog(onDelivered = jest.fn()) {
  await renderWithApis(
    <TriggerDialog
      open
      onClose={jest.fn()}
      entityRef="component:default/checkout"
      entityName="Checkout"
      onDelivered={onDelivered}
      pollDelaysMs={[10]}
    />,
  );
  const dialog = await screen.findByRole('dialog', {
    name: 'Trigger an incident for Checkout',
  });
  return { dialog, onDelivered };
}

const summaryField = (dialog: HTMLElement) =>
  within(dialog).getByRole('textbox', { name: /Summary/ });

describe('TriggerDialog', () => {
  it('rejects an empty summary without calling the backend', async () => {
    const posted = jest.fn();
    server.use(http.post(`${ENTITY_URL}/incidents`, () => posted()));
    const { dialog } = await renderDialog();
    fireEvent.change(summaryField(dialog), { target: { value: '   ' } });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Trigger incident' }),
    );
    expect(
      within(dialog).getByText('Summary must not be empty'),
    ).toBeInTheDocument();
    expect(summaryField(dialog)).toHaveAttribute('aria-invalid', 'true');
    expect(posted).not.toHaveBeenCalled();
  });

  it('counts to 1024 and rejects 1025 characters', async () => {
    const posted = jest.fn();
    server.use(http.post(`${ENTITY_URL}/incidents`, () => posted()));
    const { dialog } = await renderDialog();
    fireEvent.change(summaryField(dialog), {
      target: { value: 'x'.repeat(1024) },
    });
    expect(
      within(dialog).getByTestId('pagerduty-summary-counter'),
    ).toHaveTextContent('1024/1024');
    expect(summaryField(dialog)).toHaveAttribute('aria-invalid', 'false');

    fireEvent.change(summaryField(dialog), {
      target: { value: 'x'.repeat(1025) },
    });
    expect(
      within(dialog).getByTestId('pagerduty-summary-counter'),
    ).toHaveTextContent('1025/1024');
    expect(summaryField(dialog)).toHaveAttribute('aria-invalid', 'true');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Trigger incident' }),
    );
    expect(
      within(dialog).getByText('Summary must be at most 1024 characters'),
    ).toBeInTheDocument();
    expect(posted).not.toHaveBeenCalled();
  });

  it('rejects a link that is not a URL', async () => {
    const posted = jest.fn();
    server.use(http.post(`${ENTITY_URL}/incidents`, () => posted()));
    const { dialog } = await renderDialog();
    fireEvent.change(summaryField(dialog), {
      target: { value: 'Checkout down' },
    });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Add link' }),
    );
    fireEvent.change(
      within(dialog).getByRole('textbox', { name: 'Link 1 URL' }),
      {
        target: { value: 'not a url' },
      },
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Trigger incident' }),
    );
    expect(within(dialog).getByText(/Enter a full URL/)).toBeInTheDocument();
    expect(posted).not.toHaveBeenCalled();
  });

  it('submits summary, severity, details and links, then follows queued → delivered', async () => {
    let body: any;
    let polls = 0;
    server.use(
      http.post(`${ENTITY_URL}/incidents`, async ({ request }) => {
        body = await request.json();
        return json(triggerStatus(), 202);
      }),
      http.get(`${BASE_URL}/triggers/trg-1`, () => {
        polls += 1;
        return json(
          polls < 2
            ? triggerStatus({ attempts: 1 })
            : triggerStatus({ status: 'delivered', attempts: 2 }),
        );
      }),
    );
    const { dialog, onDelivered } = await renderDialog();
    expect(within(dialog).getByRole('radio', { name: 'Error' })).toBeChecked();
    fireEvent.change(summaryField(dialog), {
      target: { value: 'Checkout down' },
    });
    await userEvent.click(
      within(dialog).getByRole('radio', { name: 'Critical' }),
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Add detail' }),
    );
    fireEvent.change(
      within(dialog).getByRole('textbox', { name: 'Detail 1 name' }),
      {
        target: { value: 'region' },
      },
    );
    fireEvent.change(
      within(dialog).getByRole('textbox', { name: 'Detail 1 value' }),
      {
        target: { value: 'eu-west-1' },
      },
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Add link' }),
    );
    fireEvent.change(
      within(dialog).getByRole('textbox', { name: 'Link 1 URL' }),
      {
        target: { value: 'https://grafana.example.com/d/checkout' },
      },
    );
    fireEvent.change(
      within(dialog).getByRole('textbox', { name: 'Link 1 text' }),
      {
        target: { value: 'Dashboard' },
      },
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Trigger incident' }),
    );

    expect(
      await within(dialog).findByTestId('pagerduty-dedup-key'),
    ).toHaveTextContent('dedup-abc-123');
    expect(body).toEqual({
      summary: 'Checkout down',
      severity: 'critical',
      details: { region: 'eu-west-1' },
      links: [
        { href: 'https://grafana.example.com/d/checkout', text: 'Dashboard' },
      ],
    });
    expect(
      within(dialog).getByTestId('pagerduty-trigger-status'),
    ).toHaveTextContent(/Queued, delivering to PagerDuty/);
    expect(
      await within(dialog).findByText(/Delivered to PagerDuty/),
    ).toBeInTheDocument();
    expect(polls).toBe(2);
    expect(onDelivered).toHaveBeenCalledTimes(1);
    expect(onDelivered).toHaveBeenCalledWith(
      expect.objectContaining({ status: 'delivered' }),
    );
  });

  it('shows why a delivery failed', async () => {
    server.use(
      http.post(`${ENTITY_URL}/incidents`, () => json(triggerStatus(), 202)),
      http.get(`${BASE_URL}/triggers/trg-1`, () =>
        json(triggerStatus({ status: 'failed', error: 'Invalid routing key' })),
      ),
    );
    const { dialog, onDelivered } = await renderDialog();
    fireEvent.change(summaryField(dialog), {
      target: { value: 'Checkout down' },
    });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Trigger incident' }),
    );
    expect(
      await within(dialog).findByText('Delivery failed: Invalid routing key'),
    ).toBeInTheDocument();
    expect(onDelivered).not.toHaveBeenCalled();
  });

  it('shows a rejected trigger and keeps the form', async () => {
    server.use(
      http.post(`${ENTITY_URL}/incidents`, () =>
        json(errorBody(403, 'NotAllowedError', 'only owners may trigger'), 403),
      ),
    );
    const { dialog } = await renderDialog();
    fireEvent.change(summaryField(dialog), {
      target: { value: 'Checkout down' },
    });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Trigger incident' }),
    );
    expect(
      await within(dialog).findByText('Trigger: No permission'),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText('only owners may trigger'),
    ).toBeInTheDocument();
    expect(summaryField(dialog)).toHaveValue('Checkout down');
  });

  it('has no axe violations', async () => {
    const { dialog } = await renderDialog();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Add detail' }),
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Add link' }),
    );
    expect(await axe(dialog)).toHaveNoViolations();
  });
});
