import type { Knex } from 'knex';

// Voiding a receipt (收款单作废): the receipt stays, marked with when, by whom and why; its
// allocations are removed and its whole amount sits in `unallocated` (so amount = unallocated +
// allocations holds for every receipt), but a voided receipt counts nowhere.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('receipts', (t) => {
    t.string('voided_at', 30).nullable();
    t.integer('voided_by').nullable().references('id').inTable('users');
    t.string('void_reason', 500).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('receipts', (t) => {
    t.dropForeign(['voided_by']);
    t.dropColumn('void_reason');
    t.dropColumn('voided_by');
    t.dropColumn('voided_at');
  });
}
