/*
 * Development backend of the plugin, as `backstage-cli new` sets one up: `yarn start` in this
 * package starts it on http://localhost:7007 with the repository's app-config.yaml, mocked
 * auth (every request is user:default/mock), a fixed catalog, and a PagerDuty simulator on
 * 127.0.0.1:7300 (the port app-config.yaml's default account points at; stop `npm start` first).
 *
 *   curl http://localhost:7007/api/pagerduty/health
 *   curl http://localhost:7007/api/pagerduty/entities/component/default/checkout-api/incidents
 *   curl http://localhost:7007/api/pagerduty/entities/component/default/checkout-api/oncall
 *   curl -X POST http://localhost:7007/api/pagerduty/entities/component/default/checkout-api/incidents \
 *     -H 'Content-Type: application/json' -d '{"summary": "Test from dev", "severity": "warning"}'
 */
import { createBackend } from '@backstage/backend-defaults';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { startPagerDutySimulator } from '@backstage-pagerduty/pagerduty-simulator';

async function main() {
  const simulator = await startPagerDutySimulator({ port: 7300, seed: 1 });
  process.once('SIGINT', () => simulator.stop().finally(() => process.exit(0)));

  const backend = createBackend();
  backend.add(mockServices.auth.factory());
  backend.add(mockServices.httpAuth.factory());
  backend.add(
    catalogServiceMock.factory({
      entities: [
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: {
            name: 'checkout-api',
            annotations: { 'pagerduty.com/service-id': 'PCHKOUT' },
          },
          spec: { type: 'service', lifecycle: 'production', owner: 'mock' },
        },
        {
          // The mock user; its email is a user of the simulator (`From:` of writes).
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'User',
          metadata: { name: 'mock' },
          spec: { profile: { email: 'alice@example.com' }, memberOf: [] },
        },
      ],
    }),
  );
  backend.add(import('../src'));
  await backend.start();
}

main().catch(error => {
  // eslint-disable-next-line no-console
  console.error(error);
  process.exit(1);
});
