import type { Knex } from 'knex';
import { businessColumns } from '../columns.ts';

// Sales targets (销售指标) for a team or a rep per period, optionally per product. Periods are
// written '2026', '2026-Q1', '2026-03' or '2026-W09' (ISO week), so text order is time order
// within a kind.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('targets', (t) => {
    businessColumns(t);
    t.integer('team_id').nullable().references('id').inTable('teams');
    t.integer('user_id').nullable().references('id').inTable('users'); // exactly one of the two
    t.string('period_kind', 8).notNullable(); // year | quarter | month | week
    t.string('period', 10).notNullable();
    t.integer('product_id').nullable().references('id').inTable('products');
    t.string('currency', 3).nullable().references('code').inTable('currencies');
    t.bigInteger('amount').nullable(); // minor units
    t.bigInteger('quantity').nullable(); // thousandths
    t.string('basis', 10).notNullable().defaultTo('orders'); // orders (won, approved) | receipts
    t.integer('parent_target_id').nullable().references('id').inTable('targets'); // breakdown source
    t.index(['team_id', 'period']);
    t.index(['user_id', 'period']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('targets');
}
