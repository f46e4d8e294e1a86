import { mockServices } from '@backstage/backend-test-utils';
import { RootInstanceMetadataService } from '@backstage/backend-plugin-api';
import { liveUpdatesAcrossReplicas } from './liveUpdatesAcrossReplicas';

const withPlugins = (...pluginIds: string[]) =>
  ({
    getInstalledPlugins: async () => pluginIds.map(pluginId => ({ pluginId })),
  } as unknown as RootInstanceMetadataService);

const config = (data: object) => mockServices.rootConfig({ data });

describe('liveUpdatesAcrossReplicas', () => {
  it('trusts signals on PostgreSQL with the events backend', async () => {
    await expect(
      liveUpdatesAcrossReplicas(
        config({ backend: { database: { client: 'pg' } } }),
        withPlugins('pagerduty', 'events'),
      ),
    ).resolves.toEqual({ acrossReplicas: true, eventsBackend: true });
  });

  it('trusts signals on SQLite, which only one replica can use', async () => {
    for (const client of ['better-sqlite3', 'sqlite3']) {
      await expect(
        liveUpdatesAcrossReplicas(
          config({ backend: { database: { client } } }),
          withPlugins('pagerduty'),
        ),
      ).resolves.toEqual({ acrossReplicas: true, eventsBackend: false });
    }
  });

  it('does not trust signals on PostgreSQL without the events backend, or with its bus off', async () => {
    const pg = { backend: { database: { client: 'pg' } } };
    await expect(
      liveUpdatesAcrossReplicas(config(pg), withPlugins('pagerduty')),
    ).resolves.toEqual({
      acrossReplicas: false,
      eventsBackend: false,
      message: expect.stringContaining('events-backend) is not installed'),
    });
    await expect(
      liveUpdatesAcrossReplicas(
        config({ ...pg, events: { useEventBus: 'never' } }),
        withPlugins('pagerduty', 'events'),
      ),
    ).resolves.toEqual({
      acrossReplicas: false,
      eventsBackend: true,
      message: expect.stringContaining('useEventBus is "never"'),
    });
  });

  it('does not trust signals on another shared database, where the bus stays in memory', async () => {
    await expect(
      liveUpdatesAcrossReplicas(
        config({ backend: { database: { client: 'mysql2' } } }),
        withPlugins('pagerduty', 'events'),
      ),
    ).resolves.toEqual({
      acrossReplicas: false,
      eventsBackend: true,
      message: expect.stringContaining('kept in memory'),
    });
  });
});
