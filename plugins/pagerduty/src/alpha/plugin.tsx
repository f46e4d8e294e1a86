import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { z } from 'zod';
import { pagerDutyApiRef, PagerDutyClient } from '../api';
import { isPagerDutyAvailable } from '../conditions';

/**
 * The `PagerDutyClient` as an API extension.
 * @alpha
 */
export const pagerDutyApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: pagerDutyApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new PagerDutyClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * The PagerDuty card on the entity overview, for entities with a valid PagerDuty annotation.
 * Configurable under `app.extensions` as `entity-card:pagerduty`.
 * @alpha
 */
export const pagerDutyEntityCard = EntityCardBlueprint.makeWithOverrides({
  configSchema: {
    readOnly: z.boolean().default(false),
    disableChangeEvents: z.boolean().default(false),
    disableOnCall: z.boolean().default(false),
  },
  factory(originalFactory, { config }) {
    return originalFactory({
      filter: isPagerDutyAvailable,
      loader: async () => {
        const { EntityPagerDutyCard } = await import(
          '../components/EntityPagerDutyCard'
        );
        return (
          <EntityPagerDutyCard
            readOnly={config.readOnly}
            disableChangeEvents={config.disableChangeEvents}
            disableOnCall={config.disableOnCall}
          />
        );
      },
    });
  },
});

/**
 * The PagerDuty plugin for the new frontend system.
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'pagerduty',
  info: { packageJson: () => import('../../package.json') },
  extensions: [pagerDutyApi, pagerDutyEntityCard],
});
