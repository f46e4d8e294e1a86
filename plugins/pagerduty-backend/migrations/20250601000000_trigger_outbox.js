/*
 * Durable outbox of incident triggers, and the per-routing-key send log that keeps the worker
 * under the Events API limit across replicas.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('pagerduty_trigger_outbox', table => {
    table.comment(
      'Incident triggers accepted by the API and not yet delivered for good',
    );
    table.string('id', 36).primary().notNullable();
    table.string('account', 255).notNullable();
    table.string('entity_ref', 512).notNullable();
    table.string('service_id', 64).nullable();
    table.string('dedup_key', 255).notNullable();
    table
      .string('mode', 16)
      .nullable()
      .comment('events, rest, or null until resolved');
    table.text('routing_key').nullable();
    table
      .string('rate_key', 64)
      .nullable()
      .comment('sha256 of the routing key, for the per-key rate limit');
    table
      .text('request')
      .notNullable()
      .comment('JSON: the validated trigger request');
    table.string('triggered_by', 512).notNullable();
    table.string('from_email', 512).nullable();
    table.string('client_url', 2048).nullable();
    table
      .string('status', 16)
      .notNullable()
      .comment('queued, sending, delivered, failed');
    table.integer('attempts').notNullable().defaultTo(0);
    table.bigInteger('next_attempt_at').notNullable();
    table.string('locked_by', 64).nullable();
    table.bigInteger('locked_until').nullable();
    table.text('last_error').nullable();
    table.string('incident_id', 64).nullable();
    table.bigInteger('created_at').notNullable();
    table.bigInteger('delivered_at').nullable();
    table.index(
      ['status', 'next_attempt_at'],
      'pagerduty_trigger_outbox_due_idx',
    );
  });

  await knex.schema.createTable('pagerduty_trigger_rate_keys', table => {
    table.comment(
      'One row per routing key: a lock for the send window, and a 429 pause',
    );
    table.string('rate_key', 64).primary().notNullable();
    table.bigInteger('paused_until').notNullable().defaultTo(0);
  });

  await knex.schema.createTable('pagerduty_trigger_sends', table => {
    table.comment(
      'Send attempts per routing key in the current window (sliding log)',
    );
    table.increments('id');
    table.string('rate_key', 64).notNullable();
    table.bigInteger('sent_at').notNullable();
    table.index(['rate_key', 'sent_at'], 'pagerduty_trigger_sends_key_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('pagerduty_trigger_sends');
  await knex.schema.dropTable('pagerduty_trigger_rate_keys');
  await knex.schema.dropTable('pagerduty_trigger_outbox');
};
