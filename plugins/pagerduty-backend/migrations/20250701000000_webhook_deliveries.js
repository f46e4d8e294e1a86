/*
 * Webhooks v3 received from PagerDuty: one row per X-Webhook-Id, so a retried or duplicated
 * delivery is processed once across restarts and replicas, and so every replica can tell when
 * a valid webhook last arrived for an account (webhook health, which lengthens cache TTLs).
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('pagerduty_webhook_deliveries', table => {
    table.comment(
      'Webhook ids already received (de-duplication), kept until expires_at',
    );
    table.string('webhook_id', 255).primary().notNullable();
    table.string('account', 255).notNullable();
    table.string('event_type', 128).nullable();
    table.bigInteger('received_at').notNullable();
    table.bigInteger('expires_at').notNullable();
    table.index(['expires_at'], 'pagerduty_webhook_deliveries_expiry_idx');
    table.index(
      ['account', 'received_at'],
      'pagerduty_webhook_deliveries_account_idx',
    );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('pagerduty_webhook_deliveries');
};
