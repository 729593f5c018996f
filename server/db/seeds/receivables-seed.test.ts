// The demo receivables seed on approved orders made through the order workflow: a plan for each,
// paid, partly paid and overdue installments, over-payments and prepayments on account, and the
// books balancing; a second run adds nothing.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import { installmentStatus } from '../../../core/receivables/index.ts';
import { DEMO_PAYMENT_TERMS } from './demo-catalogue.ts';
import { countOf, toInt } from '../rows.ts';
import {
  approvedOrder,
  customerOf,
  receivablesFixture,
  type Q2cFixture,
} from '../../routers/paymentPlans/fixtures.ts';
import { seed } from './08_demo_receivables.ts';
import type { SeedContext } from './context.ts';

const NOW = new Date('2026-11-22T08:00:00.000Z');
const TODAY = '2026-11-22';
const ctx: SeedContext = {
  scale: 1,
  now: NOW,
  actor: { userId: null, requestId: 'seed:test' },
  passwordHash: () => Promise.resolve('x'),
};

describeEachDatabase('demo receivables seed', (getDb) => {
  let f: Q2cFixture;
  let orders = 0;
  before(async () => {
    f = await receivablesFixture(getDb());
    for (const t of DEMO_PAYMENT_TERMS) {
      await f.as.admin.paymentTerms.create({ ...t, schedule: t.schedule.map((s) => ({ ...s })) });
    }
    for (const owner of ['rep1', 'rep2', 'repDeep', 'repSouth'] as const) {
      for (let n = 0; n < 8; n++) {
        const partner = await customerOf(f, owner);
        const day = new Date(NOW.getTime() - (20 + n * 23) * 86_400_000).toISOString().slice(0, 10);
        await approvedOrder(f, {
          partnerId: partner.id,
          owner,
          gross: 10_000_00 * (n + 1) + n,
          orderDate: day,
        });
        orders++;
      }
      await customerOf(f, owner);
    }
  });

  test('a plan per approved order; paid, partly paid and overdue installments; money on account', async () => {
    const { db } = getDb();
    const added = await seed(db, ctx);
    assert.equal(added.payment_plans, orders);
    assert.ok(added.receipts! > orders / 2, `${added.receipts} receipts`);
    const installments = await db('installments')
      .whereNull('deleted_at')
      .select('due_date', 'amount', 'paid_amount', 'status');
    const states = installments.map((i) =>
      installmentStatus(
        { dueDate: String(i.due_date), amount: toInt(i.amount), paidAmount: toInt(i.paid_amount) },
        TODAY,
      ),
    );
    for (const s of ['paid', 'overdue', 'open'] as const) assert.ok(states.includes(s), s);
    assert.ok(
      installments.some((i) => i.status === 'partly_paid'),
      'partly paid',
    );
    const plans = await db('payment_plans').select('payment_terms_id');
    assert.ok(
      plans.some((p) => p.payment_terms_id === null) &&
        plans.some((p) => p.payment_terms_id !== null),
    );
    const onAccount = await db('receipts').where('unallocated', '>', 0).select('idempotency_key');
    assert.ok(onAccount.some((r) => String(r.idempotency_key).startsWith('demo:prepayment:')));
    const batches = await db('receipts').distinct('batch_id');
    assert.ok(batches.every((b) => String(b.batch_id).startsWith('demo-statement-')));
    // The books balance.
    const mismatched = await db('installments as i')
      .leftJoin(
        db('receipt_allocations')
          .groupBy('installment_id')
          .select('installment_id', db.raw('sum(amount) as s'))
          .as('a'),
        'a.installment_id',
        'i.id',
      )
      .whereRaw('i.paid_amount <> coalesce(a.s, 0)')
      .count({ n: '*' })
      .first();
    assert.equal(countOf(mismatched), 0);
  });

  test('a second run adds nothing', async () => {
    const { db } = getDb();
    const before = await db('receipts').count({ n: '*' }).first();
    assert.deepEqual(await seed(db, ctx), { payment_plans: 0, installments: 0, receipts: 0 });
    assert.equal(countOf(await db('receipts').count({ n: '*' }).first()), countOf(before));
  });
});
