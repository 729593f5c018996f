import type { Knex } from 'knex';
import { businessColumns } from '../columns.ts';
import { documentTotals, pricedLine } from '../document-columns.ts';

// Orders / contracts (合同订单) with approval. An approved order is locked: changing it means
// cancelling it (with a reason) and creating an amendment that points back at it.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('orders', (t) => {
    businessColumns(t);
    t.string('number', 32).notNullable().unique(); // SO000001
    t.string('title', 200).notNullable();
    t.integer('partner_id').notNullable().references('id').inTable('partners');
    t.integer('opportunity_id').nullable().references('id').inTable('opportunities');
    t.integer('quote_id').nullable().references('id').inTable('quotes');
    t.integer('quote_version_id').nullable().references('id').inTable('quote_versions');
    t.integer('amends_order_id').nullable().references('id').inTable('orders');
    t.integer('owner_id').notNullable().references('id').inTable('users');
    t.integer('team_id').nullable().references('id').inTable('teams');
    t.integer('contact_id').nullable().references('id').inTable('contacts');
    t.integer('price_list_id').nullable().references('id').inTable('price_lists');
    t.string('order_date', 10).notNullable();
    // draft | submitted | approved | rejected | cancelled
    t.string('status', 10).notNullable().defaultTo('draft');
    documentTotals(t);
    t.boolean('needs_approval').notNullable().defaultTo(false);
    t.text('approval_reason').nullable(); // e.g. "discount 18.0% above the rep limit 10.0%"
    // Addresses are copied, not referenced: a contract keeps the address it was signed with.
    t.text('invoice_address').nullable(); // JSON snapshot of a partner address
    t.text('delivery_address').nullable();
    t.text('terms').nullable();
    t.string('submitted_at', 30).nullable();
    t.string('decided_at', 30).nullable();
    t.integer('decided_by').nullable().references('id').inTable('users');
    t.text('decision_comment').nullable();
    t.string('cancelled_at', 30).nullable();
    t.text('cancel_reason').nullable();
    t.text('search_text').notNullable().defaultTo('');
    t.index(['partner_id']);
    t.index(['owner_id']);
    t.index(['team_id']);
    t.index(['status', 'order_date']);
    t.index(['opportunity_id']);
  });
  await knex.schema.createTable('order_lines', (t) => {
    t.increments('id').primary();
    t.integer('order_id').notNullable().references('id').inTable('orders');
    pricedLine(t);
    t.bigInteger('unit_cost').nullable(); // the product's cost when the line was written: margin
    t.index(['order_id', 'position']);
    t.index(['product_id']);
  });
  // Every workflow step, in order: created, submitted, approved, rejected, cancelled, amended.
  await knex.schema.createTable('order_events', (t) => {
    t.increments('id').primary();
    t.integer('order_id').notNullable().references('id').inTable('orders');
    t.string('action', 20).notNullable();
    t.string('from_status', 10).nullable();
    t.string('to_status', 10).notNullable();
    t.text('comment').nullable();
    t.string('at', 30).notNullable();
    t.integer('user_id').nullable().references('id').inTable('users');
    t.index(['order_id', 'at']);
  });
  // The discount guard: the overall discount (basis points) a role may give without approval.
  await knex.schema.createTable('discount_limits', (t) => {
    t.string('role', 10).primary();
    t.integer('max_discount_bp').notNullable();
    t.string('updated_at', 30).notNullable();
    t.integer('updated_by').nullable().references('id').inTable('users');
  });
  await knex('discount_limits').insert(
    [
      ['rep', 1000],
      ['manager', 2500],
      ['admin', 10000],
      ['finance', 0],
    ].map(([role, bp]) => ({ role, max_discount_bp: bp, updated_at: new Date(0).toISOString() })),
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('discount_limits');
  await knex.schema.dropTable('order_events');
  await knex.schema.dropTable('order_lines');
  await knex.schema.dropTable('orders');
}
