import { createApp } from '@backstage/frontend-defaults';
import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import orgPlugin from '@backstage/plugin-org/alpha';
import notificationsPlugin from '@backstage/plugin-notifications/alpha';
import signalsPlugin from '@backstage/plugin-signals/alpha';
import pagerDutyPlugin from '@backstage-pagerduty/plugin-pagerduty/alpha';

/**
 * Signs in as guest without a click: this is a demo on the embedded PagerDuty simulator.
 * The sign-in page signs in silently with the provider it remembers as last used; the demo
 * has only one, so it is remembered from the start.
 */
const LAST_PROVIDER_KEY = '@backstage/core:SignInPage:provider';
const guestSignInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [
    SignInPageBlueprint.make({
      params: {
        loader: async () => {
          const { SignInPage } = await import('@backstage/core-components');
          if (!window.localStorage.getItem(LAST_PROVIDER_KEY)) {
            window.localStorage.setItem(LAST_PROVIDER_KEY, 'guest');
          }
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
    notificationsPlugin,
    pagerDutyPlugin,
    guestSignInModule,
  ],
});
