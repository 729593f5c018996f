import type { Knex } from 'knex';
import { businessColumns } from '../columns.ts';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('activities', (t) => {
    businessColumns(t);
    t.string('type', 10).notNullable(); // call | visit | email | meeting | note | task
    t.string('subject', 200).notNullable();
    t.text('body').nullable();
    t.string('occurred_at', 30).notNullable();
    t.string('due_at', 30).nullable();
    t.boolean('done').notNullable().defaultTo(false);
    t.string('done_at', 30).nullable();
    t.string('followup_at', 30).nullable();
    t.integer('partner_id').nullable().references('id').inTable('partners');
    t.integer('contact_id').nullable().references('id').inTable('contacts');
    // Leads and opportunities arrive with the funnel; their foreign keys are added there.
    t.integer('lead_id').nullable();
    t.integer('opportunity_id').nullable();
    t.integer('owner_id').notNullable().references('id').inTable('users');
    t.index(['partner_id', 'occurred_at']);
    t.index(['owner_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('activities');
}
