import { Knex } from 'knex';

/*
 * Tables of this module in the catalog's database, all prefixed `pagerduty_`, with their own
 * migrations table so they never mix with the catalog's migrations.
 */

export const MIGRATIONS_TABLE = 'pagerduty_knex_migrations';

interface Migration {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

const migrations: Record<string, Migration> = {
  '20261123_01_mapping': {
    async up(knex) {
      await knex.schema.createTable('pagerduty_services', t => {
        t.string('account', 255).notNullable();
        t.string('service_id', 255).notNullable();
        t.text('name').notNullable();
        t.string('status', 64).notNullable();
        t.text('html_url').notNullable();
        t.text('teams').notNullable();
        t.text('key_digests').notNullable();
        t.string('synced_at', 64).notNullable();
        t.primary(['account', 'service_id']);
      });
      await knex.schema.createTable('pagerduty_mapping_decisions', t => {
        t.string('account', 255).notNullable();
        t.string('service_id', 255).notNullable();
        t.string('entity_ref', 512).notNullable();
        t.string('decision', 16).notNullable();
        t.string('actor', 512).notNullable();
        t.string('updated_at', 64).notNullable();
        t.primary(['account', 'service_id', 'entity_ref']);
      });
      await knex.schema.createTable('pagerduty_mapping_states', t => {
        t.string('account', 255).notNullable();
        t.string('service_id', 255).notNullable();
        t.string('state', 16).notNullable();
        t.string('entity_ref', 512).nullable().index();
        t.text('body').notNullable();
        t.primary(['account', 'service_id']);
      });
      await knex.schema.createTable('pagerduty_sync_runs', t => {
        t.string('account', 255).primary();
        t.string('started_at', 64).nullable();
        t.string('finished_at', 64).nullable();
        t.integer('requests').notNullable().defaultTo(0);
        t.integer('services').notNullable().defaultTo(0);
        t.text('error').nullable();
      });
    },
    async down(knex) {
      for (const table of [
        'pagerduty_sync_runs',
        'pagerduty_mapping_states',
        'pagerduty_mapping_decisions',
        'pagerduty_services',
      ]) {
        await knex.schema.dropTableIfExists(table);
      }
    },
  },
  '20261124_01_dependencies_and_fields': {
    async up(knex) {
      // What dependency and custom field sync did in the account's last cycle (JSON).
      await knex.schema.alterTable('pagerduty_sync_runs', t => {
        t.text('details').nullable();
      });
      // The dependencies PagerDuty answered for one service (both directions), per read.
      await knex.schema.createTable('pagerduty_dependency_reads', t => {
        t.string('account', 255).notNullable();
        t.string('service_id', 255).notNullable();
        t.string('read_at', 64).notNullable();
        t.text('relationships').notNullable();
        t.primary(['account', 'service_id']);
      });
      // The relations this module created in PagerDuty (it never removes others).
      await knex.schema.createTable('pagerduty_dependency_writes', t => {
        t.string('account', 255).notNullable();
        t.string('dependent_id', 255).notNullable();
        t.string('supporting_id', 255).notNullable();
        t.string('written_at', 64).notNullable();
        t.primary(['account', 'dependent_id', 'supporting_id']);
      });
      // Custom field values last written to each service, and the last error: the sync log.
      await knex.schema.createTable('pagerduty_field_syncs', t => {
        t.string('account', 255).notNullable();
        t.string('service_id', 255).notNullable();
        t.text('entity_ref').notNullable();
        t.text('field_values').notNullable();
        t.string('synced_at', 64).nullable();
        t.string('attempted_at', 64).notNullable();
        t.text('error').nullable();
        t.primary(['account', 'service_id']);
      });
    },
    async down(knex) {
      await knex.schema.alterTable('pagerduty_sync_runs', t => {
        t.dropColumn('details');
      });
      for (const table of [
        'pagerduty_field_syncs',
        'pagerduty_dependency_writes',
        'pagerduty_dependency_reads',
      ]) {
        await knex.schema.dropTableIfExists(table);
      }
    },
  },
};

/** Brings this module's tables up to date. */
export async function migrateMappingTables(knex: Knex): Promise<void> {
  await knex.migrate.latest({
    tableName: MIGRATIONS_TABLE,
    migrationSource: {
      getMigrations: async () => Object.keys(migrations).sort(),
      getMigrationName: (name: string) => name,
      getMigration: async (name: string) => migrations[name],
    },
  });
}
