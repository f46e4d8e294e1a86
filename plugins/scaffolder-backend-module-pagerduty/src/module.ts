import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { pagerDutyClientServiceRef } from '@backstage-pagerduty/plugin-pagerduty-node';
import { PagerDutyPluginClient } from './api/PagerDutyPluginClient';
import { createChangeEventAction } from './actions/changeEvent';
import { createPagerDutyServiceAction } from './actions/createService';
import { createTriggerIncidentAction } from './actions/triggerIncident';

/**
 * PagerDuty actions for software templates: `pagerduty:service:create`,
 * `pagerduty:incident:trigger` and `pagerduty:change-event`.
 * @public
 */
export const scaffolderModulePagerDuty = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'pagerduty',
  register({ registerInit }) {
    registerInit({
      deps: {
        scaffolderActions: scaffolderActionsExtensionPoint,
        pagerDuty: pagerDutyClientServiceRef,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
      },
      async init({ scaffolderActions, pagerDuty, discovery, auth }) {
        const plugin = new PagerDutyPluginClient(discovery, auth);
        scaffolderActions.addActions(
          createPagerDutyServiceAction({ pagerDuty }),
          createTriggerIncidentAction({ plugin }),
          createChangeEventAction({ plugin }),
        );
      },
    });
  },
});
