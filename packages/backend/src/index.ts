/*
 * The demo Backstage backend: catalog, guest sign-in, permissions with a small demo policy,
 * events, signals, notifications, the scaffolder with the PagerDuty template actions, the MCP
 * actions server, and the PagerDuty backend plugin (metrics on :9464/metrics), pointed at an
 * embedded PagerDuty simulator unless app-config says otherwise (see app-config.production.yaml).
 */
// Must come first: the metrics provider exists before plugins create their meters.
import './instrumentation';
import { createBackend } from '@backstage/backend-defaults';
import { embeddedSimulatorModule } from './modules/embeddedSimulator';
import { demoPermissionPolicyModule } from './modules/demoPermissionPolicy';
import {
  demoCatalogFileLocations,
  demoEntityRegistrationModule,
} from './modules/demoEntityRegistration';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

backend.add(import('@backstage/plugin-catalog-backend'));
// PagerDuty services mapped to catalog entities (admin page routes under /api/catalog/pagerduty).
backend.add(
  import('@backstage-pagerduty/plugin-catalog-backend-module-pagerduty'),
);
// Template entities in the catalog (the scaffolder's templates).
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(demoCatalogFileLocations);

backend.add(import('@backstage/plugin-permission-backend'));
backend.add(demoPermissionPolicyModule);

// The events bus: with PostgreSQL it carries events (and so signals) between replicas.
backend.add(import('@backstage/plugin-events-backend'));
backend.add(import('@backstage/plugin-signals-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));

// Software templates, with the PagerDuty actions (pagerduty:service:create, ...).
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(
  import('@backstage-pagerduty/plugin-scaffolder-backend-module-pagerduty'),
);
backend.add(demoEntityRegistrationModule);

// AI clients: the actions of the plugins in backend.actions.pluginSources as MCP tools.
backend.add(import('@backstage/plugin-mcp-actions-backend'));

backend.add(import('@backstage-pagerduty/plugin-pagerduty-backend'));
backend.add(embeddedSimulatorModule);

backend.start();
