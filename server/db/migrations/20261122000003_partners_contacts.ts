import type { Knex } from 'knex';
import { businessColumns, jsonArray } from '../columns.ts';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('partners', (t) => {
    businessColumns(t);
    t.string('code', 32).notNullable().unique();
    t.string('name', 200).notNullable();
    t.string('kind', 10).notNullable(); // customer | supplier | both
    t.boolean('is_company').notNullable().defaultTo(true);
    t.string('industry', 100).nullable();
    t.string('region', 100).nullable();
    t.string('customer_group', 50).nullable();
    t.integer('owner_id').nullable().references('id').inTable('users');
    t.integer('team_id').nullable().references('id').inTable('teams');
    jsonArray(t, 'phones');
    jsonArray(t, 'emails');
    t.string('website', 300).nullable();
    jsonArray(t, 'tags');
    t.string('tax_id', 50).nullable();
    t.text('notes').nullable();
    // Kept up to date by the system (activities, orders), never written by clients.
    t.string('last_contact_at', 30).nullable();
    t.string('next_followup_at', 30).nullable();
    t.text('latest_progress').nullable();
    t.string('last_order_at', 30).nullable();
    // Lower-cased name, code and phone digits: one LIKE serves the search box on both databases.
    t.text('search_text').notNullable().defaultTo('');
    t.index(['owner_id']);
    t.index(['team_id']);
  });
  await knex.schema.createTable('partner_addresses', (t) => {
    businessColumns(t);
    t.integer('partner_id').notNullable().references('id').inTable('partners');
    t.string('type', 10).notNullable(); // invoice | delivery | office | other
    t.boolean('is_default').notNullable().defaultTo(false);
    t.string('label', 100).nullable();
    t.string('line1', 200).notNullable();
    t.string('line2', 200).nullable();
    t.string('city', 100).nullable();
    t.string('province', 100).nullable();
    t.string('postcode', 20).nullable();
    t.string('country', 2).notNullable().defaultTo('CN');
    t.index(['partner_id']);
  });
  // At most one live default address per partner and type; same SQL on both databases.
  await knex.raw(
    'CREATE UNIQUE INDEX partner_addresses_one_default ON partner_addresses (partner_id, type) ' +
      'WHERE is_default = TRUE AND deleted_at IS NULL',
  );
  await knex.schema.createTable('contacts', (t) => {
    businessColumns(t);
    t.string('name', 100).notNullable();
    t.string('email', 254).nullable();
    jsonArray(t, 'phones');
    t.string('wechat', 100).nullable();
    t.string('job_title', 100).nullable();
    t.text('notes').nullable();
    t.integer('owner_id').nullable().references('id').inTable('users');
    t.text('search_text').notNullable().defaultTo('');
    t.index(['owner_id']);
  });
  await knex.schema.createTable('partner_contacts', (t) => {
    businessColumns(t);
    t.integer('partner_id').notNullable().references('id').inTable('partners');
    t.integer('contact_id').notNullable().references('id').inTable('contacts');
    t.string('title', 100).nullable();
    t.string('role', 20).notNullable().defaultTo('other');
    t.boolean('is_primary').notNullable().defaultTo(false);
    t.index(['partner_id']);
    t.index(['contact_id']);
  });
  await knex.raw(
    'CREATE UNIQUE INDEX partner_contacts_live_link ON partner_contacts (partner_id, contact_id) ' +
      'WHERE deleted_at IS NULL',
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('partner_contacts');
  await knex.schema.dropTable('contacts');
  await knex.schema.dropTable('partner_addresses');
  await knex.schema.dropTable('partners');
}
