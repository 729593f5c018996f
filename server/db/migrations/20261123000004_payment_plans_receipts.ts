import type { Knex } from 'knex';
import { businessColumns } from '../columns.ts';

// Payment plans (回款计划) with installments, and receipts (收款单) allocated to them.
// Installments carry partner, owner and team so receivables are scoped and aged without joins.
export async function up(knex: Knex): Promise<void> {
  // Admin-defined default terms: splits by ratio and day offset, or N equal monthly parts.
  await knex.schema.createTable('payment_terms', (t) => {
    businessColumns(t);
    t.string('name', 200).notNullable();
    t.string('name_en', 200).nullable();
    // JSON [{ "ratio": 3000, "days": 0, "label": "签约" }, ...] (ratios are weights for allocate)
    t.text('schedule').notNullable();
    t.boolean('is_default').notNullable().defaultTo(false);
    t.boolean('active').notNullable().defaultTo(true);
  });
  await knex.schema.createTable('payment_plans', (t) => {
    businessColumns(t);
    t.integer('order_id').notNullable().references('id').inTable('orders');
    t.integer('partner_id').notNullable().references('id').inTable('partners');
    t.integer('owner_id').notNullable().references('id').inTable('users');
    t.integer('team_id').nullable().references('id').inTable('teams');
    t.integer('payment_terms_id').nullable().references('id').inTable('payment_terms');
    t.string('currency', 3).notNullable().references('code').inTable('currencies');
    t.bigInteger('total').notNullable(); // equals the order's gross; installments sum to it
    t.index(['partner_id']);
  });
  await knex.raw(
    'CREATE UNIQUE INDEX payment_plans_live_order ON payment_plans (order_id) WHERE deleted_at IS NULL',
  );
  await knex.schema.createTable('installments', (t) => {
    businessColumns(t);
    t.integer('plan_id').notNullable().references('id').inTable('payment_plans');
    t.integer('order_id').notNullable().references('id').inTable('orders');
    t.integer('partner_id').notNullable().references('id').inTable('partners');
    t.integer('owner_id').notNullable().references('id').inTable('users');
    t.integer('team_id').nullable().references('id').inTable('teams');
    t.integer('seq').notNullable();
    t.string('label', 100).nullable();
    t.string('due_date', 10).notNullable();
    t.string('currency', 3).notNullable().references('code').inTable('currencies');
    t.bigInteger('amount').notNullable();
    t.bigInteger('paid_amount').notNullable().defaultTo(0);
    // open | partly_paid | paid (overdue is derived from due_date and what is left)
    t.string('status', 12).notNullable().defaultTo('open');
    t.string('last_paid_at', 10).nullable();
    t.text('note').nullable();
    t.index(['plan_id', 'seq']);
    t.index(['partner_id', 'status']);
    t.index(['owner_id', 'status', 'due_date']);
    t.index(['status', 'due_date']);
  });
  await knex.schema.createTable('receipts', (t) => {
    businessColumns(t);
    t.string('number', 32).notNullable().unique(); // RC000001
    t.integer('partner_id').notNullable().references('id').inTable('partners');
    t.integer('owner_id').nullable().references('id').inTable('users'); // the partner's owner
    t.integer('team_id').nullable().references('id').inTable('teams');
    t.string('receipt_date', 10).notNullable();
    t.string('currency', 3).notNullable().references('code').inTable('currencies');
    t.bigInteger('amount').notNullable();
    t.bigInteger('unallocated').notNullable(); // on account (预收), allocatable later
    t.string('method', 20).notNullable(); // bank_transfer | cash | cheque | card | other
    t.string('reference', 100).nullable(); // the bank's reference
    t.string('idempotency_key', 100).nullable().unique(); // a retried record never doubles
    t.string('batch_id', 100).nullable();
    t.text('note').nullable();
    t.index(['partner_id', 'receipt_date']);
    t.index(['receipt_date']);
  });
  await knex.schema.createTable('receipt_allocations', (t) => {
    t.increments('id').primary();
    t.integer('receipt_id').notNullable().references('id').inTable('receipts');
    t.integer('installment_id').notNullable().references('id').inTable('installments');
    t.bigInteger('amount').notNullable();
    t.string('created_at', 30).notNullable();
    t.integer('created_by').nullable().references('id').inTable('users');
    t.index(['receipt_id']);
    t.index(['installment_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('receipt_allocations');
  await knex.schema.dropTable('receipts');
  await knex.schema.dropTable('installments');
  await knex.raw('DROP INDEX payment_plans_live_order');
  await knex.schema.dropTable('payment_plans');
  await knex.schema.dropTable('payment_terms');
}
