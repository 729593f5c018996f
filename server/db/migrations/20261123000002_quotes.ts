import type { Knex } from 'knex';
import { businessColumns } from '../columns.ts';
import { documentTotals, pricedLine } from '../document-columns.ts';

// Quotes (报价单) with immutable versions: a quote is the header shared by its versions; each
// version carries its own lines, terms and totals. Only a draft version is editable; sending
// freezes it, and revising copies any version into a new draft (n+1).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('quotes', (t) => {
    businessColumns(t);
    t.string('number', 32).notNullable().unique(); // Q000001
    t.string('title', 200).notNullable();
    t.integer('opportunity_id').notNullable().references('id').inTable('opportunities');
    t.integer('partner_id').notNullable().references('id').inTable('partners');
    t.integer('owner_id').notNullable().references('id').inTable('users');
    t.integer('team_id').nullable().references('id').inTable('teams');
    t.integer('latest_version_no').notNullable().defaultTo(1);
    t.integer('accepted_version_no').nullable(); // at most one accepted version per quote
    t.text('search_text').notNullable().defaultTo('');
    t.index(['opportunity_id']);
    t.index(['partner_id']);
    t.index(['owner_id']);
  });
  await knex.schema.createTable('quote_versions', (t) => {
    businessColumns(t);
    t.integer('quote_id').notNullable().references('id').inTable('quotes');
    t.integer('version_no').notNullable();
    t.integer('based_on_version_no').nullable();
    t.string('status', 10).notNullable().defaultTo('draft'); // draft|sent|accepted|rejected|expired
    t.integer('contact_id').nullable().references('id').inTable('contacts');
    t.integer('price_list_id').nullable().references('id').inTable('price_lists');
    t.string('quote_date', 10).notNullable();
    t.string('valid_until', 10).nullable();
    t.text('terms').nullable();
    documentTotals(t);
    t.string('sent_at', 30).nullable();
    t.string('decided_at', 30).nullable();
    t.integer('decided_by').nullable().references('id').inTable('users');
    t.text('decision_note').nullable(); // why rejected, or the customer's acceptance reference
    t.unique(['quote_id', 'version_no']);
  });
  await knex.schema.createTable('quote_lines', (t) => {
    t.increments('id').primary();
    t.integer('quote_version_id').notNullable().references('id').inTable('quote_versions');
    pricedLine(t);
    t.index(['quote_version_id', 'position']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('quote_lines');
  await knex.schema.dropTable('quote_versions');
  await knex.schema.dropTable('quotes');
}
