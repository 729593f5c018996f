import type { Knex } from 'knex';
import { businessColumns, jsonArray } from '../columns.ts';

/** Sales methods (销售方法): pipelines of ordered stages with entry requirements and exit tasks. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('pipelines', (t) => {
    businessColumns(t);
    t.string('name', 100).notNullable();
    t.string('name_en', 100).nullable();
    t.text('description').nullable();
    t.boolean('is_default').notNullable().defaultTo(false);
    t.boolean('active').notNullable().defaultTo(true);
    t.integer('sequence').notNullable().defaultTo(0);
  });
  await knex.schema.createTable('pipeline_stages', (t) => {
    businessColumns(t);
    t.integer('pipeline_id').notNullable().references('id').inTable('pipelines');
    t.integer('sequence').notNullable();
    t.string('name', 100).notNullable();
    t.string('name_en', 100).nullable();
    t.integer('probability').notNullable(); // percent, 0..100
    t.boolean('auto_probability').notNullable().defaultTo(true);
    // Opportunity fields that must be filled to enter the stage (API names, e.g. "amount").
    jsonArray(t, 'required_fields');
    t.integer('stale_after_days').nullable();
    t.index(['pipeline_id', 'sequence']);
  });
  await knex.schema.createTable('stage_tasks', (t) => {
    businessColumns(t);
    t.integer('stage_id').notNullable().references('id').inTable('pipeline_stages');
    t.integer('sequence').notNullable();
    t.string('name', 200).notNullable();
    t.string('name_en', 200).nullable();
    // Strict: must be done before the opportunity may leave the stage forwards.
    t.boolean('strict').notNullable().defaultTo(false);
    // Milestone: when every milestone task of a stage is done, the opportunity advances itself.
    t.boolean('milestone').notNullable().defaultTo(false);
    t.index(['stage_id']);
  });
  await knex.schema.createTable('close_reasons', (t) => {
    businessColumns(t);
    t.string('outcome', 10).notNullable(); // won | lost | invalid
    t.string('name', 100).notNullable();
    t.string('name_en', 100).nullable();
    t.boolean('active').notNullable().defaultTo(true);
    t.integer('sequence').notNullable().defaultTo(0);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('close_reasons');
  await knex.schema.dropTable('stage_tasks');
  await knex.schema.dropTable('pipeline_stages');
  await knex.schema.dropTable('pipelines');
}
