import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('audit_log', (t) => {
    t.bigIncrements('id').primary();
    t.string('at', 30).notNullable();
    t.integer('user_id').nullable().references('id').inTable('users');
    t.string('request_id', 64).nullable();
    t.string('entity', 40).notNullable();
    t.integer('entity_id').notNullable();
    t.string('action', 20).notNullable();
    t.string('field', 60).nullable();
    t.text('old_value').nullable();
    t.text('new_value').nullable();
    t.index(['entity', 'entity_id']);
  });
  await knex.schema.createTable('idempotency_keys', (t) => {
    t.increments('id').primary();
    t.integer('user_id').notNullable().references('id').inTable('users');
    t.string('key', 200).notNullable();
    t.string('procedure', 100).notNullable();
    t.string('fingerprint', 64).notNullable();
    t.text('response').notNullable();
    t.string('created_at', 30).notNullable();
    t.unique(['user_id', 'key']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('idempotency_keys');
  await knex.schema.dropTable('audit_log');
}
