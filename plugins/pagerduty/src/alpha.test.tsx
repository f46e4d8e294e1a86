import { Entity } from '@backstage/catalog-model';
import {
  coreExtensionData,
  createExtension,
  createExtensionInput,
  createFrontendPlugin,
} from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  mockApis,
  registerMswTestHooks,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { screen, waitFor } from '@testing-library/react';
import { annotatedEntity, unannotatedEntity } from './__testUtils__/fixtures';
import { createPagerDutyServer } from './__testUtils__/render';
import pagerDutyPlugin, { pagerDutyEntityCard } from './alpha';

const server = createPagerDutyServer();
registerMswTestHooks(server);

/**
 * A stand-in for the catalog's entity overview: the extension the entity cards attach to
 * (`entity-content:catalog/overview`, input `cards`), rendering the cards whose filter accepts
 * the entity, as the catalog plugin does.
 */
function overviewFor(entity: Entity) {
  // A plugin rather than a module: modules of plugins that are not installed are ignored.
  return createFrontendPlugin({
    pluginId: 'catalog',
    extensions: [
      createExtension({
        kind: 'entity-content',
        name: 'overview',
        attachTo: { id: 'app/routes', input: 'routes' },
        inputs: {
          cards: createExtensionInput([
            coreExtensionData.reactElement,
            EntityCardBlueprint.dataRefs.filterFunction.optional(),
          ]),
        },
        output: [coreExtensionData.reactElement, coreExtensionData.routePath],
        factory: ({ inputs }) => [
          coreExtensionData.routePath('/'),
          coreExtensionData.reactElement(
            <EntityProvider entity={entity}>
              <div data-testid="overview">
                {inputs.cards
                  .filter(card => {
                    const filter = card.get(
                      EntityCardBlueprint.dataRefs.filterFunction,
                    );
                    return !filter || filter(entity);
                  })
                  .map(card => (
                    <div key={card.node.spec.id}>
                      {card.get(coreExtensionData.reactElement)}
                    </div>
                  ))}
              </div>
            </EntityProvider>,
          ),
        ],
      }),
    ],
  });
}

const renderApp = (entity: Entity) =>
  renderTestApp({
    features: [pagerDutyPlugin, overviewFor(entity)],
    apis: [mockApis.identity(), mockApis.permission()],
  });

describe('pagerduty plugin for the new frontend system', () => {
  it('shows the card, backed by its own API extension, for an annotated entity', async () => {
    renderApp(annotatedEntity);
    expect(
      await screen.findByRole('heading', { name: 'PagerDuty' }),
    ).toBeInTheDocument();
    // Data came through the plugin's ApiBlueprint client and the app's discovery/fetch APIs.
    expect(
      await screen.findByText('Checkout latency above 2 s'),
    ).toBeInTheDocument();
    expect(screen.getByText('Checkout API')).toBeInTheDocument();
  });

  it('shows nothing for an entity without PagerDuty annotations', async () => {
    renderApp(unannotatedEntity);
    await screen.findByTestId('overview');
    await waitFor(() =>
      expect(screen.getByTestId('overview')).toBeEmptyDOMElement(),
    );
    expect(
      screen.queryByRole('heading', { name: 'PagerDuty' }),
    ).not.toBeInTheDocument();
  });

  it('adds the PagerDuty admin page with its nav item', async () => {
    renderApp(unannotatedEntity);
    const item = await screen.findByText('PagerDuty');
    expect(item.closest('a')).toHaveAttribute('href', '/pagerduty');
  });

  it('filters with isPagerDutyAvailable and maps the config to the card props', async () => {
    const tester = createExtensionTester(pagerDutyEntityCard, {
      config: { readOnly: true, disableChangeEvents: true },
    });
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction)!;
    expect(filter(annotatedEntity)).toBe(true);
    expect(filter(unannotatedEntity)).toBe(false);

    const { findByText, queryByRole, getByRole } = renderTestApp({
      features: [pagerDutyPlugin, overviewFor(annotatedEntity)],
      apis: [mockApis.identity(), mockApis.permission()],
      config: {
        app: {
          baseUrl: 'http://localhost:3000',
          extensions: [
            {
              'entity-card:pagerduty': {
                config: { readOnly: true, disableChangeEvents: true },
              },
            },
          ],
        },
        backend: { baseUrl: 'http://localhost:7007' },
      },
    });
    expect(await findByText('Checkout latency above 2 s')).toBeInTheDocument();
    expect(
      queryByRole('button', { name: /Trigger incident/ }),
    ).not.toBeInTheDocument();
    expect(
      queryByRole('tab', { name: 'Change events' }),
    ).not.toBeInTheDocument();
    expect(getByRole('tab', { name: 'On call' })).toBeInTheDocument();
  });
});
