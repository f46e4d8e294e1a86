/*
 * The demo Backstage backend: catalog, guest sign-in, permissions with a small demo policy,
 * events and signals, and the PagerDuty backend plugin, pointed at an embedded PagerDuty simulator
 * unless app-config says otherwise (see app-config.production.yaml for real PagerDuty).
 */
import { createBackend } from '@backstage/backend-defaults';
import { embeddedSimulatorModule } from './modules/embeddedSimulator';
import { demoPermissionPolicyModule } from './modules/demoPermissionPolicy';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

backend.add(import('@backstage/plugin-catalog-backend'));
// PagerDuty services mapped to catalog entities (admin page routes under /api/catalog/pagerduty).
backend.add(
  import('@backstage-pagerduty/plugin-catalog-backend-module-pagerduty'),
);

backend.add(import('@backstage/plugin-permission-backend'));
backend.add(demoPermissionPolicyModule);

// The events bus: with PostgreSQL it carries events (and so signals) between replicas.
backend.add(import('@backstage/plugin-events-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

backend.add(import('@backstage-pagerduty/plugin-pagerduty-backend'));
backend.add(embeddedSimulatorModule);

backend.start();
