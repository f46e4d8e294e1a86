/*
 * The outbox carries more than triggers: change events and acknowledge/resolve events by
 * dedup key (pipelines, actions), with the same per-routing-key limits and retries.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('pagerduty_trigger_outbox', table => {
    table
      .string('kind', 16)
      .notNullable()
      .defaultTo('trigger')
      .comment('trigger, acknowledge, resolve or change');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('pagerduty_trigger_outbox', table => {
    table.dropColumn('kind');
  });
};
