import type { Knex } from 'knex';
import { businessColumns, jsonArray } from '../columns.ts';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('opportunities', (t) => {
    businessColumns(t);
    t.string('name', 200).notNullable();
    t.integer('partner_id').notNullable().references('id').inTable('partners');
    t.integer('pipeline_id').notNullable().references('id').inTable('pipelines');
    t.integer('stage_id').notNullable().references('id').inTable('pipeline_stages');
    t.string('status', 10).notNullable().defaultTo('open'); // open | won | lost | invalid
    t.bigInteger('expected_revenue').nullable(); // minor units of `currency`
    t.string('currency', 3).notNullable().references('code').inTable('currencies');
    t.string('expected_close_date', 10).nullable(); // YYYY-MM-DD
    t.integer('probability').notNullable().defaultTo(0);
    t.integer('owner_id').notNullable().references('id').inTable('users');
    t.integer('team_id').nullable().references('id').inTable('teams');
    t.integer('lead_id').nullable().references('id').inTable('leads');
    t.integer('primary_contact_id').nullable().references('id').inTable('contacts');
    t.string('channel', 50).nullable();
    t.string('campaign', 100).nullable();
    t.text('description').nullable();
    jsonArray(t, 'tags');
    t.string('stage_entered_at', 30).notNullable();
    t.integer('close_reason_id').nullable().references('id').inTable('close_reasons');
    t.text('close_note').nullable();
    t.string('closed_at', 30).nullable();
    t.bigInteger('won_amount').nullable();
    t.text('search_text').notNullable().defaultTo('');
    t.index(['pipeline_id', 'status', 'stage_id']);
    t.index(['owner_id']);
    t.index(['team_id']);
    t.index(['partner_id']);
    t.index(['expected_close_date']);
  });
  await knex.schema.alterTable('leads', (t) => {
    t.foreign('opportunity_id').references('id').inTable('opportunities');
  });
  await knex.schema.alterTable('activities', (t) => {
    t.foreign('lead_id').references('id').inTable('leads');
    t.foreign('opportunity_id').references('id').inTable('opportunities');
    t.index(['lead_id']);
    t.index(['opportunity_id']);
  });
  // Every stage change and close, with time and actor: the source of velocity and conversion.
  await knex.schema.createTable('opportunity_stage_history', (t) => {
    t.increments('id').primary();
    t.integer('opportunity_id').notNullable().references('id').inTable('opportunities');
    t.integer('from_stage_id').nullable().references('id').inTable('pipeline_stages');
    t.integer('to_stage_id').notNullable().references('id').inTable('pipeline_stages');
    t.string('status', 10).notNullable(); // the opportunity's status after the move
    t.string('at', 30).notNullable();
    t.integer('user_id').nullable().references('id').inTable('users');
    t.string('request_id', 64).nullable();
    t.boolean('automatic').notNullable().defaultTo(false); // milestone advance
    t.index(['opportunity_id', 'at']);
    t.index(['to_stage_id', 'at']);
  });
  await knex.schema.createTable('opportunity_tasks', (t) => {
    businessColumns(t);
    t.integer('opportunity_id').notNullable().references('id').inTable('opportunities');
    t.integer('stage_task_id').notNullable().references('id').inTable('stage_tasks');
    t.boolean('done').notNullable().defaultTo(false);
    t.string('done_at', 30).nullable();
    t.integer('done_by').nullable().references('id').inTable('users');
    t.unique(['opportunity_id', 'stage_task_id']);
  });
  await knex.schema.createTable('opportunity_collaborators', (t) => {
    businessColumns(t);
    t.integer('opportunity_id').notNullable().references('id').inTable('opportunities');
    t.integer('user_id').notNullable().references('id').inTable('users');
    t.string('role', 50).nullable();
    t.index(['opportunity_id']);
    t.index(['user_id']);
  });
  await knex.schema.createTable('opportunity_contacts', (t) => {
    businessColumns(t);
    t.integer('opportunity_id').notNullable().references('id').inTable('opportunities');
    t.integer('contact_id').notNullable().references('id').inTable('contacts');
    t.string('decision_role', 20).notNullable(); // decision_maker | influencer | evaluator | user
    t.string('attitude', 10).notNullable().defaultTo('neutral'); // supporter | neutral | opponent
    t.integer('influence').notNullable().defaultTo(3); // 1 (low) .. 5 (high)
    t.index(['opportunity_id']);
  });
  await knex.schema.createTable('opportunity_competitors', (t) => {
    businessColumns(t);
    t.integer('opportunity_id').notNullable().references('id').inTable('opportunities');
    t.string('name', 200).notNullable();
    t.bigInteger('price').nullable();
    t.string('currency', 3).nullable().references('code').inTable('currencies');
    t.text('strengths').nullable();
    t.text('weaknesses').nullable();
    t.index(['opportunity_id']);
  });
  await knex.schema.createTable('opportunity_lines', (t) => {
    businessColumns(t);
    t.integer('opportunity_id').notNullable().references('id').inTable('opportunities');
    t.integer('product_id').nullable(); // products arrive with quote-to-cash
    t.string('description', 300).notNullable();
    t.bigInteger('quantity_milli').notNullable(); // thousandths of a unit
    t.bigInteger('unit_price').notNullable(); // minor units of the opportunity's currency
    t.integer('sequence').notNullable().defaultTo(0);
    t.index(['opportunity_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('opportunity_lines');
  await knex.schema.dropTable('opportunity_competitors');
  await knex.schema.dropTable('opportunity_contacts');
  await knex.schema.dropTable('opportunity_collaborators');
  await knex.schema.dropTable('opportunity_tasks');
  await knex.schema.dropTable('opportunity_stage_history');
  await knex.schema.alterTable('activities', (t) => {
    t.dropForeign(['lead_id']);
    t.dropForeign(['opportunity_id']);
    t.dropIndex(['lead_id']);
    t.dropIndex(['opportunity_id']);
  });
  await knex.schema.alterTable('leads', (t) => {
    t.dropForeign(['opportunity_id']);
  });
  await knex.schema.dropTable('opportunities');
}
