/*
 * The display name of who queued an outbox event, so PagerDuty shows "Alice Anders" to the
 * responder rather than only `user:default/alice`. Null for rows written before, and for
 * service principals.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('pagerduty_trigger_outbox', table => {
    table
      .string('triggered_by_name', 512)
      .nullable()
      .comment('Display name of the user who queued the event');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('pagerduty_trigger_outbox', table => {
    table.dropColumn('triggered_by_name');
  });
};
