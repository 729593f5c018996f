import type { Knex } from 'knex';
import { businessColumns } from '../columns.ts';

// Products and price lists (价格表). Money in minor units of `currency`, quantities in
// thousandths, rates in basis points (core/money/README.md).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('products', (t) => {
    businessColumns(t);
    t.string('code', 32).notNullable();
    t.string('name', 200).notNullable(); // zh-CN
    t.string('name_en', 200).nullable();
    t.string('category', 100).nullable(); // the product group reports break down by
    t.string('unit', 20).notNullable().defaultTo('pcs');
    t.bigInteger('list_price').notNullable();
    t.bigInteger('cost').nullable(); // for margin; null when unknown
    t.string('currency', 3).notNullable().references('code').inTable('currencies');
    t.integer('tax_rate').notNullable().defaultTo(0); // basis points: 1300 = 13% VAT
    t.boolean('active').notNullable().defaultTo(true);
    t.bigInteger('stock_on_hand').nullable(); // thousandths; a plain number, no warehouse logic
    t.text('description').nullable();
    t.text('search_text').notNullable().defaultTo('');
    t.index(['category']);
  });
  await knex.raw(
    'CREATE UNIQUE INDEX products_live_code ON products (code) WHERE deleted_at IS NULL',
  );

  await knex.schema.createTable('price_lists', (t) => {
    businessColumns(t);
    t.string('name', 200).notNullable();
    t.string('name_en', 200).nullable();
    t.string('currency', 3).notNullable().references('code').inTable('currencies');
    t.string('price_mode', 10).notNullable().defaultTo('exclusive'); // exclusive | inclusive (含税)
    t.string('customer_group', 50).nullable(); // null: the list for partners without a group
    t.string('valid_from', 10).nullable(); // YYYY-MM-DD, inclusive
    t.string('valid_to', 10).nullable();
    t.boolean('active').notNullable().defaultTo(true);
    t.index(['customer_group']);
  });

  await knex.schema.createTable('price_list_items', (t) => {
    businessColumns(t);
    t.integer('price_list_id').notNullable().references('id').inTable('price_lists');
    t.integer('product_id').notNullable().references('id').inTable('products');
    t.bigInteger('unit_price').notNullable(); // in the list's currency and price mode
    t.bigInteger('min_quantity').notNullable().defaultTo(0); // thousandths: volume tiers
    t.string('valid_from', 10).nullable();
    t.string('valid_to', 10).nullable();
    t.index(['price_list_id', 'product_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('price_list_items');
  await knex.schema.dropTable('price_lists');
  await knex.raw('DROP INDEX products_live_code');
  await knex.schema.dropTable('products');
}
