import type { Knex } from 'knex';

// The priced-document columns quotes and orders share: the inputs computeTotals takes
// (core/money/pricing.ts) and the totals it returned, stored so lists and reports need no
// recomputation. Money in minor units of `currency`; rates in basis points.

export function documentTotals(t: Knex.CreateTableBuilder): void {
  t.string('currency', 3).notNullable().references('code').inTable('currencies');
  t.string('price_mode', 10).notNullable().defaultTo('exclusive'); // exclusive | inclusive
  t.string('discount_kind', 10).nullable(); // percent | amount (the header discount)
  t.bigInteger('discount_value').nullable();
  t.bigInteger('subtotal').notNullable().defaultTo(0);
  t.bigInteger('line_discount').notNullable().defaultTo(0);
  t.bigInteger('header_discount').notNullable().defaultTo(0);
  t.bigInteger('net').notNullable().defaultTo(0);
  t.bigInteger('tax').notNullable().defaultTo(0);
  t.bigInteger('gross').notNullable().defaultTo(0);
  t.integer('discount_bp').notNullable().defaultTo(0);
}

export function pricedLine(t: Knex.CreateTableBuilder): void {
  t.integer('position').notNullable();
  t.integer('product_id').nullable().references('id').inTable('products');
  t.text('description').notNullable();
  t.string('unit', 20).nullable();
  t.bigInteger('quantity').notNullable(); // thousandths
  t.bigInteger('unit_price').notNullable();
  t.string('discount_kind', 10).nullable(); // percent | amount
  t.bigInteger('discount_value').nullable();
  t.integer('tax_rate').notNullable().defaultTo(0);
  t.bigInteger('extended').notNullable();
  t.bigInteger('line_discount').notNullable();
  t.bigInteger('header_discount').notNullable();
  t.bigInteger('net').notNullable();
  t.bigInteger('tax').notNullable();
  t.bigInteger('gross').notNullable();
}
