import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

const MIGRATIONS_DIR = resolvePackagePath(
  '@backstage-pagerduty/plugin-pagerduty-backend',
  'migrations',
);

/**
 * The plugin's database, migrated to the latest schema (unless migrations are skipped).
 * Called once, by the composition root (`plugin.ts`), which hands the client to the stores.
 */
export async function migrateDatabase(
  database: DatabaseService,
): Promise<Knex> {
  const knex = await database.getClient();
  if (!database.migrations?.skip) {
    await knex.migrate.latest({
      directory: MIGRATIONS_DIR,
      tableName: 'pagerduty_knex_migrations',
    });
  }
  return knex;
}
