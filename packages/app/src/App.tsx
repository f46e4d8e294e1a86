import { createApp } from '@backstage/frontend-defaults';
import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import orgPlugin from '@backstage/plugin-org/alpha';
import signalsPlugin from '@backstage/plugin-signals/alpha';
import pagerDutyPlugin from '@backstage-pagerduty/plugin-pagerduty/alpha';

/** Signs in as guest without a click: this is a demo on the embedded PagerDuty simulator. */
const guestSignInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [
    SignInPageBlueprint.make({
      params: {
        loader: async () => {
          const { SignInPage } = await import('@backstage/core-components');
          return props => <SignInPage {...props} auto providers={['guest']} />;
        },
      },
    }),
  ],
});

export default createApp({
  features: [
    catalogPlugin,
    orgPlugin,
    signalsPlugin,
    pagerDutyPlugin,
    guestSignInModule,
  ],
});
