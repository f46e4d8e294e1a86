import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

const MIGRATIONS_DIR = resolvePackagePath(
  '@backstage-pagerduty/plugin-pagerduty-backend',
  'migrations',
);

const opened = new WeakMap<DatabaseService, Promise<Knex>>();

/**
 * The plugin's database, migrated to the latest schema (unless migrations are skipped).
 * The write path and the webhooks share it: migrations run once per database service.
 */
export function openDatabase(database: DatabaseService): Promise<Knex> {
  let knex = opened.get(database);
  if (!knex) {
    knex = migrate(database);
    opened.set(database, knex);
  }
  return knex;
}

async function migrate(database: DatabaseService): Promise<Knex> {
  const knex = await database.getClient();
  if (!database.migrations?.skip) {
    await knex.migrate.latest({
      directory: MIGRATIONS_DIR,
      tableName: 'pagerduty_knex_migrations',
    });
  }
  return knex;
}
