import { registerMswTestHooks } from '@backstage/test-utils';
import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';
import { errorBody } from '../../__testUtils__/fixtures';
import {
  createPagerDutyServer,
  ENTITY_URL,
  json,
  renderWithApis,
} from '../../__testUtils__/render';
import { RecordDeployButton, RecordDeployDialog } from './RecordDeployDialog';

const server = createPagerDutyServer();
registerMswTestHooks(server);
// Rendering the dialog in the test app takes seconds on a busy machine; no real-time waits here.
jest.setTimeout(20_000);

async function renderDialog(onRecorded = jest.fn()) {
  await renderWithApis(
    <RecordDeployDialog
      open
      onClose={jest.fn()}
      entityRef="component:default/checkout"
      entityName="checkout"
      onRecorded={onRecorded}
    />,
  );
  const dialog = await screen.findByRole('dialog', {
    name: 'Record a deploy of checkout',
  });
  return { dialog, onRecorded };
}

const field = (dialog: HTMLElement, name: RegExp) =>
  within(dialog).getByRole('textbox', { name });

describe('RecordDeployDialog', () => {
  it('posts the change event with version and link, then says it is recorded', async () => {
    let body: unknown;
    let path: unknown;
    server.use(
      http.post(`${ENTITY_URL}/change-events`, async ({ request, params }) => {
        body = await request.json();
        path = params;
        return json(
          {
            ids: ['o1'],
            entityRef: 'component:default/checkout',
            status: 'queued',
          },
          202,
        );
      }),
    );
    const { dialog, onRecorded } = await renderDialog();
    expect(field(dialog, /Summary/)).toHaveValue('Deployed checkout');
    fireEvent.change(field(dialog, /Summary/), {
      target: { value: 'Deployed v1.4.2' },
    });
    fireEvent.change(field(dialog, /Version/), { target: { value: '1.4.2' } });
    fireEvent.change(field(dialog, /Link/), {
      target: { value: 'https://ci.example.com/runs/42' },
    });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Record deploy' }),
    );
    expect(await within(dialog).findByText(/Recorded/)).toBeInTheDocument();
    expect(body).toEqual({
      summary: 'Deployed v1.4.2',
      source: 'Backstage',
      details: { version: '1.4.2' },
      links: [{ href: 'https://ci.example.com/runs/42', text: 'Release' }],
    });
    expect(path).toMatchObject({ kind: 'component', name: 'checkout' });
    expect(onRecorded).toHaveBeenCalledTimes(1);
  });

  it('rejects an empty summary and a link that is not a URL without calling the backend', async () => {
    const posted = jest.fn();
    server.use(http.post(`${ENTITY_URL}/change-events`, () => posted()));
    const { dialog } = await renderDialog();
    fireEvent.change(field(dialog, /Summary/), { target: { value: ' ' } });
    fireEvent.change(field(dialog, /Link/), { target: { value: 'ci run 42' } });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Record deploy' }),
    );
    expect(
      within(dialog).getByText('summary must not be empty'),
    ).toBeInTheDocument();
    expect(within(dialog).getByText(/Enter a full URL/)).toBeInTheDocument();
    expect(posted).not.toHaveBeenCalled();
  });

  it("shows the backend's refusal and keeps the form", async () => {
    server.use(
      http.post(`${ENTITY_URL}/change-events`, () =>
        json(
          errorBody(
            400,
            'InputError',
            'PagerDuty service PLEGACY has no Events API v2 integration; change events need one',
          ),
          400,
        ),
      ),
    );
    const { dialog, onRecorded } = await renderDialog();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Record deploy' }),
    );
    expect(
      await within(dialog).findByText(/no Events API v2 integration/),
    ).toBeInTheDocument();
    expect(field(dialog, /Summary/)).toBeInTheDocument();
    expect(onRecorded).not.toHaveBeenCalled();
  });

  it('offers the button to those who may trigger incidents', async () => {
    await renderWithApis(
      <RecordDeployButton
        entityRef="component:default/b"
        onClick={jest.fn()}
      />,
    );
    expect(
      await screen.findByRole('button', { name: /record a deploy/i }),
    ).toBeInTheDocument();
  });

  it('offers no button to others', async () => {
    await renderWithApis(
      <RecordDeployButton
        entityRef="component:default/a"
        onClick={jest.fn()}
      />,
      { deny: ['pagerduty.incident.trigger'] },
    );
    expect(
      screen.queryByRole('button', { name: /record a deploy/i }),
    ).toBeNull();
  });
});
