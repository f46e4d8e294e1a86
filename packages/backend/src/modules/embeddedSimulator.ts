import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  PagerDutySimulator,
  startPagerDutySimulator,
} from '@backstage-pagerduty/pagerduty-simulator';

/**
 * Starts PagerDuty simulators inside the demo backend, as `pagerDutySimulator.instances` in
 * app-config describes, so `npm start` needs no PagerDuty account. Off unless configured.
 */
export const embeddedSimulatorModule = createBackendModule({
  pluginId: 'pagerduty',
  moduleId: 'embedded-simulator',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        lifecycle: coreServices.rootLifecycle,
      },
      async init({ config, logger, lifecycle }) {
        const settings = config.getOptionalConfig('pagerDutySimulator');
        if (!settings || settings.getOptionalBoolean('enabled') === false)
          return;

        const simulators: PagerDutySimulator[] = [];
        for (const instance of settings.getOptionalConfigArray('instances') ??
          []) {
          const simulator = await startPagerDutySimulator({
            port: instance.getNumber('port'),
            host: instance.getOptionalString('host') ?? '127.0.0.1',
            seed: instance.getOptionalNumber('seed') ?? 1,
            latencyMs: instance.getOptionalNumber('latencyMs') ?? 0,
            tokens: instance.getOptionalStringArray('tokens'),
            analytics: instance.getOptionalBoolean('analytics') ?? true,
            webhookSubscriptions: (
              instance.getOptionalConfigArray('webhooks') ?? []
            ).map(w => ({
              url: w.getString('url'),
              secret: w.getString('secret'),
              events: w.getOptionalStringArray('events'),
            })),
          });
          simulators.push(simulator);
          logger.info(
            `Embedded PagerDuty simulator listening on ${simulator.url}`,
          );
        }
        lifecycle.addShutdownHook(async () => {
          await Promise.all(simulators.map(s => s.stop()));
        });
      },
    });
  },
});
