/*
 * Notifications sent to the owners of entities: one row per (account, incident, kind), so each
 * replica that sees the same PagerDuty event or breach sends the notification at most once.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('pagerduty_owner_notifications', table => {
    table.comment(
      'Owner notifications already sent (one per incident and kind)',
    );
    table.string('account', 255).notNullable();
    table.string('incident_id', 255).notNullable();
    table.string('kind', 64).notNullable();
    table.bigInteger('sent_at').notNullable();
    table.primary(['account', 'incident_id', 'kind']);
    table.index(['sent_at'], 'pagerduty_owner_notifications_sent_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('pagerduty_owner_notifications');
};
