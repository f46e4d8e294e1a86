import {
  RootConfigService,
  RootInstanceMetadataService,
} from '@backstage/backend-plugin-api';

/**
 * Whether a signal published on this replica reaches browsers connected to the others:
 * Backstage carries signals over the events service, which crosses processes only through
 * the events backend's bus, and that bus is shared only when it is stored in PostgreSQL. A
 * backend on SQLite is a single replica, where signals always reach every browser.
 */
export async function liveUpdatesAcrossReplicas(
  config: RootConfigService,
  instance?: RootInstanceMetadataService,
): Promise<{
  acrossReplicas: boolean;
  message?: string;
  eventsBackend?: boolean;
}> {
  const plugins = instance ? await instance.getInstalledPlugins() : undefined;
  const hasEvents = plugins?.some(p => p.pluginId === 'events');
  const eventsBackend =
    hasEvents === undefined ? {} : { eventsBackend: hasEvents };
  const client = config.getOptionalString('backend.database.client');
  const mode = config.getOptionalString('events.useEventBus') ?? 'auto';
  if (client === 'better-sqlite3' || client === 'sqlite3') {
    // A SQLite database belongs to one process: this backend is the only replica, so the
    // in-process events service reaches every browser.
    return { acrossReplicas: true, ...eventsBackend };
  }
  if (hasEvents === false) {
    return {
      acrossReplicas: false,
      ...eventsBackend,
      message:
        'the events backend (@backstage/plugin-events-backend) is not installed: live updates reach only browsers connected to the replica that received the PagerDuty webhook; cards on other replicas poll',
    };
  }
  if (mode === 'never') {
    return {
      acrossReplicas: false,
      ...eventsBackend,
      message:
        'events.useEventBus is "never": live updates stay in the replica that received the PagerDuty webhook; cards on other replicas poll',
    };
  }
  if (client !== 'pg') {
    return {
      acrossReplicas: false,
      ...eventsBackend,
      message: `the events bus is kept in memory (backend.database.client is ${
        client ?? 'unset'
      }, not pg): with several replicas, live updates reach only browsers of the replica that received the PagerDuty webhook`,
    };
  }
  return { acrossReplicas: true, ...eventsBackend };
}
