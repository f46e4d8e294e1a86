import { registerMswTestHooks } from '@backstage/test-utils';
import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { axe } from 'jest-axe';
import { http } from 'msw';
import {
  errorBody,
  onCallResponse,
  servicesResponse,
  triggerStatus,
} from '../../__testUtils__/fixtures';
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

  describe('says what happens', () => {
    const twoServices = () => {
      const [checkout] = servicesResponse().services;
      return [
        checkout,
        {
          ...checkout,
          id: 'PSVC002',
          name: 'Payments API',
          htmlUrl: 'https://acme.pagerduty.com/service-directory/PSVC002',
          escalationPolicy: { id: 'PEP0009', name: 'Other policy' },
        },
      ];
    };

    it('names who is paged, suggests the owner when not urgent, and who triggers it', async () => {
      await renderWithApis(
        <TriggerDialog
          open
          onClose={jest.fn()}
          entityRef="component:default/checkout"
          entityName="Checkout"
          services={servicesResponse().services}
          oncall={onCallResponse()}
          ownerRef="group:default/team-payments"
          pollDelaysMs={[10]}
        />,
      );
      const paged = await screen.findByTestId('pagerduty-who-is-paged');
      expect(paged).toHaveTextContent(
        'This pages Ada Lovelace (level 1, Payments escalation) now.',
      );
      expect(paged).toHaveTextContent(
        'Not urgent? Don’t page anyone: contact team-payments instead.',
      );
      // The signed-in user's display name, not their entity reference.
      expect(await within(paged).findByText(/Triggered by/)).toHaveTextContent(
        /Triggered by .+, with Checkout attached\./,
      );
      expect(paged).not.toHaveTextContent('user:default');
    });

    it('pages several services at once with one shared key, each linking the others, and links the new incidents', async () => {
      const bodies: any[] = [];
      server.use(
        http.post(`${ENTITY_URL}/incidents`, async ({ request }) => {
          const body = (await request.json()) as any;
          bodies.push(body);
          return json(
            triggerStatus({
              id: `trg-${body.serviceId}`,
              serviceId: body.serviceId,
              dedupKey: body.dedupKey,
            }),
            202,
          );
        }),
        http.get(`${BASE_URL}/triggers/:id`, ({ params }) =>
          json(
            triggerStatus({
              id: String(params.id),
              status: 'delivered',
              serviceId: String(params.id).slice(4),
              incident: {
                id: `INC-${params.id}`,
                number: 7,
                htmlUrl: `https://acme.pagerduty.com/incidents/INC-${params.id}`,
              },
            }),
          ),
        ),
      );
      const { analytics } = await renderWithApis(
        <TriggerDialog
          open
          onClose={jest.fn()}
          entityRef="component:default/checkout"
          entityName="Checkout"
          services={twoServices()}
          oncall={onCallResponse()}
          pollDelaysMs={[10]}
        />,
      );
      const dialog = await screen.findByRole('dialog');
      const services = within(dialog).getByRole('group', {
        name: 'Services to page',
      });
      expect(
        within(services).getByRole('checkbox', { name: 'Checkout API' }),
      ).toBeChecked();
      await userEvent.click(
        within(services).getByRole('checkbox', { name: 'Payments API' }),
      );
      fireEvent.change(summaryField(dialog), {
        target: { value: 'Checkout and payments down' },
      });
      await userEvent.click(
        within(dialog).getByRole('button', { name: 'Trigger incident' }),
      );
      const statuses = await within(dialog).findAllByTestId(
        'pagerduty-trigger-status',
      );
      expect(statuses).toHaveLength(2);
      expect(bodies.map(b => b.serviceId)).toEqual(['PSVC001', 'PSVC002']);
      expect(bodies[0].dedupKey).toMatch(/^backstage-/);
      expect(bodies[1].dedupKey).toBe(bodies[0].dedupKey);
      expect(bodies[0].links).toEqual([
        {
          href: 'https://acme.pagerduty.com/service-directory/PSVC002',
          text: 'Also paged: Payments API',
        },
      ]);
      expect(bodies[1].links[0].text).toBe('Also paged: Checkout API');
      await within(dialog).findAllByText(/Open incident/);
      const links = within(dialog).getAllByRole('link', {
        name: /Open incident #7 in PagerDuty/,
      });
      expect(links.map(l => l.getAttribute('href'))).toEqual([
        'https://acme.pagerduty.com/incidents/INC-trg-PSVC001',
        'https://acme.pagerduty.com/incidents/INC-trg-PSVC002',
      ]);
      // The dedup key is there, under "Advanced".
      expect(
        within(dialog)
          .getAllByTestId('pagerduty-dedup-key')[0]
          .closest('details'),
      ).not.toHaveAttribute('open');
      expect(
        analytics.getEvents().filter(e => e.action === 'trigger'),
      ).toHaveLength(2);
    });
  });
});
