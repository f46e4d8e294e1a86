import { ReactElement } from 'react';
import {
  TranslationApi,
  translationApiRef,
} from '@backstage/core-plugin-api/alpha';
import { registerMswTestHooks, TestApiProvider } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { incident, incidentsResponse } from './__testUtils__/fixtures';
import {
  createPagerDutyServer,
  ENTITY_URL,
  json,
  renderWithApis,
} from './__testUtils__/render';
import { http } from 'msw';
import { EntityPagerDutyCard } from './components/EntityPagerDutyCard';
import { EntityPagerDutySmallCard } from './components/EntityPagerDutySmallCard';

const server = createPagerDutyServer();
registerMswTestHooks(server);

/** A translation API that answers every key with the key itself, in «». */
const keysOnly: TranslationApi = {
  getTranslation: () => ({
    ready: true,
    t: ((key: string) => `«${key}»`) as any,
  }),
  translation$: () =>
    ({
      subscribe: () => ({ unsubscribe() {}, closed: false }),
      [Symbol.observable ?? '@@observable']() {
        return this;
      },
    } as any),
};

function renderTranslated(element: ReactElement) {
  return renderWithApis(
    <TestApiProvider apis={[[translationApiRef, keysOnly]]}>
      {element}
    </TestApiProvider>,
  );
}

/** The name a control is announced by: aria-label, its <label>, or its text. */
function controlName(el: HTMLElement): string {
  const labels = (el as HTMLInputElement).labels;
  return (
    el.getAttribute('aria-label') ??
    (labels && labels.length > 0
      ? [...labels].map(label => label.textContent).join(' ')
      : el.textContent ?? '')
  );
}

/** Controls inside `root` whose name does not come from the translation ref. */
function untranslatedControls(root: HTMLElement, roles: string[]): string[] {
  return roles.flatMap(role =>
    within(root)
      .queryAllByRole(role)
      .map(controlName)
      .filter(name => !name.includes('«')),
  );
}

describe('translations', () => {
  it('every label of the card and its trigger dialog comes from the translation ref', async () => {
    server.use(
      http.get(`${ENTITY_URL}/incidents`, () =>
        json(incidentsResponse([incident({ status: 'triggered' })])),
      ),
    );
    await renderTranslated(<EntityPagerDutyCard />);
    const card = await screen.findByRole('heading', {
      name: '«card.title»',
    });
    const root = card.closest('article') ?? document.body;
    await within(root).findByRole('tab', { name: /«card.incidentsTabCount»/ });
    expect(untranslatedControls(root, ['button', 'tab'])).toEqual([]);
    expect(
      within(root).getByRole('tablist', { name: '«card.sections»' }),
    ).toBeInTheDocument();
    expect(
      within(root).getByText('«incidents.status.triggered»'),
    ).toBeInTheDocument();

    await userEvent.click(
      within(root).getByRole('button', { name: '«trigger.button»' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: '«trigger.titleFor»',
    });
    expect(
      untranslatedControls(dialog, ['button', 'textbox', 'radio']),
    ).toEqual([]);
    expect(within(dialog).getByText('«trigger.severity»')).toBeInTheDocument();
    // Labels of form fields, named by their <label> element.
    expect(
      within(dialog).getByRole('textbox', { name: /«trigger.summary»/ }),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByRole('radio', {
        name: '«trigger.severities.critical»',
      }),
    ).toBeInTheDocument();
  });

  it('the small card speaks through the translation ref too', async () => {
    await renderTranslated(<EntityPagerDutySmallCard />);
    expect(
      await screen.findByRole('heading', { name: '«smallCard.title»' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('«smallCard.onCallNow»'),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('«smallCard.openIncidents»'),
    ).toBeInTheDocument();
  });
});
