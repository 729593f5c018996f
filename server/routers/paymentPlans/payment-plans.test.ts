// Payment plans: generation from terms, from listed installments, or as one installment; only for
// approved orders and once per order (also when asked twice at once); re-splitting unpaid
// installments with paid and partly paid ones locked; derived status; reminders per owner.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { TRPCError } from '@trpc/server';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import { code, fieldOf } from '../orders/fixtures.ts';
import {
  approvedOrder,
  customerOf,
  keyOf,
  planOf,
  receivablesFixture,
  type Q2cFixture,
} from './fixtures.ts';

describeEachDatabase('payment plans', (getDb) => {
  let f: Q2cFixture;
  before(async () => {
    f = await receivablesFixture(getDb());
  });

  test('without terms or installments: one installment of the whole gross, due on the order date', async () => {
    const partner = await customerOf(f);
    const order = await approvedOrder(f, {
      partnerId: partner.id,
      gross: 1234_56,
      orderDate: '2026-02-03',
    });
    const plan = await f.as.rep1.paymentPlans.generate({ orderId: order.id });
    assert.equal(plan.total, 1234_56);
    assert.deepEqual(
      plan.installments.map((i) => [i.seq, i.dueDate, i.amount, i.paidState]),
      [[1, '2026-02-03', 1234_56, 'open']],
    );
    assert.equal(plan.paymentTermsId, null);
  });

  test('from payment terms: 30/40/30 by allocate, due counted from the order date; the default terms apply when none are named', async () => {
    const terms = await f.as.admin.paymentTerms.create({
      name: '30/40/30',
      schedule: [
        { ratio: 3000, days: 0, label: '签约' },
        { ratio: 4000, days: 30, label: '到货' },
        { ratio: 3000, days: 90, label: '验收' },
      ],
      isDefault: true,
    });
    const partner = await customerOf(f);
    const order = await approvedOrder(f, {
      partnerId: partner.id,
      gross: 10_000_01,
      orderDate: '2026-01-31',
    });
    const plan = await f.as.finance.paymentPlans.generate({ orderId: order.id });
    assert.equal(plan.paymentTermsId, terms.id);
    assert.deepEqual(
      plan.installments.map((i) => [i.seq, i.label, i.dueDate, i.amount]),
      [
        [1, '签约', '2026-01-31', 3_000_00],
        [2, '到货', '2026-03-02', 4_000_01],
        [3, '验收', '2026-05-01', 3_000_00],
      ],
    );
    const monthly = await f.as.admin.paymentTerms.create({
      name: '3 months',
      schedule: [1, 2, 3].map((months) => ({ ratio: 1, months })),
    });
    const other = await approvedOrder(f, {
      partnerId: partner.id,
      gross: 100_00,
      orderDate: '2026-01-31',
    });
    const byMonths = await f.as.rep1.paymentPlans.generate({
      orderId: other.id,
      termsId: monthly.id,
    });
    assert.deepEqual(
      byMonths.installments.map((i) => [i.dueDate, i.amount]),
      [
        ['2026-02-28', 33_34],
        ['2026-03-31', 33_33],
        ['2026-04-30', 33_33],
      ],
    );
  });

  test('from listed installments: fixed amounts kept, ratios share the rest; the sum must be the gross', async () => {
    const partner = await customerOf(f);
    const order = await approvedOrder(f, {
      partnerId: partner.id,
      gross: 1000_00,
      orderDate: '2026-03-01',
    });
    const refused = await f.as.rep1.paymentPlans
      .generate({
        orderId: order.id,
        installments: [
          { dueDate: '2026-03-01', amount: 600_00 },
          { dueDate: '2026-04-01', amount: 300_00 },
        ],
      })
      .catch((e: unknown) => e);
    assert.ok(refused instanceof TRPCError && refused.code === 'BAD_REQUEST');
    assert.deepEqual(fieldOf(refused), ['installments', 'sum']);
    assert.match(refused.message, /900\.00 CNY.*1000\.00 CNY/);
    const early = await f.as.rep1.paymentPlans
      .generate({ orderId: order.id, installments: [{ dueDate: '2026-02-28', amount: 1000_00 }] })
      .catch((e: unknown) => e);
    assert.deepEqual(fieldOf(early), ['installments.0.dueDate', 'min']);
    const plan = await f.as.rep1.paymentPlans.generate({
      orderId: order.id,
      installments: [
        { dueDate: '2026-03-01', amount: 100_00, label: '定金' },
        { dueDate: '2026-04-01', ratio: 2 },
        { dueDate: '2026-05-01', ratio: 1 },
      ],
    });
    assert.deepEqual(
      plan.installments.map((i) => [i.label, i.amount]),
      [
        ['定金', 100_00],
        [null, 600_00],
        [null, 300_00],
      ],
    );
  });

  test('only approved orders, one plan per order, also when two generate at once', async () => {
    const partner = await customerOf(f);
    const draft = await f.as.admin.orders.create({
      partnerId: partner.id,
      ownerId: f.org.users.rep1,
      title: 'Draft',
      lines: [{ description: 'x', quantity: 1000, unitPrice: 100_00, taxRate: 0 }],
    });
    const notApproved = await f.as.rep1.paymentPlans
      .generate({ orderId: draft.id })
      .catch((e: unknown) => e);
    assert.deepEqual(fieldOf(notApproved), ['orderId', 'approved']);

    const order = await approvedOrder(f, { partnerId: partner.id, gross: 500_00 });
    const results = await Promise.allSettled(
      [f.as.rep1, f.as.finance, f.as.admin].map((c) =>
        c.paymentPlans.generate({ orderId: order.id }),
      ),
    );
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    for (const r of results) {
      if (r.status === 'rejected') assert.ok(code('CONFLICT')(r.reason), String(r.reason));
    }
    const plans = await f.tdb
      .db('payment_plans')
      .where({ order_id: order.id })
      .whereNull('deleted_at');
    assert.equal(plans.length, 1);
    // An idempotent retry replays the first answer.
    const other = await approvedOrder(f, { partnerId: partner.id, gross: 500_00 });
    const key = keyOf(f);
    const first = await f.as.rep1.paymentPlans.generate({ orderId: other.id, idempotencyKey: key });
    const again = await f.as.rep1.paymentPlans.generate({ orderId: other.id, idempotencyKey: key });
    assert.equal(again.id, first.id);
  });

  test('get by id or order; a rep reaches only their own plans', async () => {
    const { order, plan } = await planOf(f, {
      owner: 'rep2',
      installments: [{ dueDate: '2026-02-01', amount: 50_00 }],
    });
    assert.equal((await f.as.rep2.paymentPlans.get({ orderId: order.id })).id, plan.id);
    assert.equal((await f.as.mgrEast.paymentPlans.get({ id: plan.id })).orderNumber, order.number);
    await assert.rejects(f.as.rep1.paymentPlans.get({ id: plan.id }), code('NOT_FOUND'));
    await assert.rejects(f.as.mgrSouth.paymentPlans.get({ orderId: order.id }), code('NOT_FOUND'));
  });

  test('update re-splits unpaid installments; paid and partly paid ones are locked', async () => {
    const { partnerId, plan } = await planOf(f, {
      orderDate: '2026-03-01',
      installments: [
        { dueDate: '2026-03-01', amount: 300_00 },
        { dueDate: '2026-04-01', amount: 400_00 },
        { dueDate: '2026-06-01', amount: 300_00 },
      ],
    });
    const [a, b, c] = plan.installments;
    // 300.00 pays the first off; 100.00 more leaves the second partly paid.
    await f.as.finance.receipts.record({
      partnerId,
      date: '2026-03-05',
      amount: 400_00,
      currency: 'CNY',
      method: 'bank_transfer',
      idempotencyKey: keyOf(f),
    });
    const paid = await f.as.rep1.paymentPlans.get({ id: plan.id });
    assert.deepEqual(
      paid.installments.map((i) => [i.paidState, i.locked, i.paidAmount]),
      [
        ['paid', true, 300_00],
        ['partly_paid', true, 100_00],
        ['open', false, 0],
      ],
    );
    const locked = [
      { id: a!.id, dueDate: a!.dueDate },
      { id: b!.id, dueDate: b!.dueDate },
    ];
    const changeLocked = await f.as.rep1.paymentPlans
      .update({
        id: plan.id,
        version: paid.version,
        installments: [
          locked[0]!,
          { ...locked[1]!, amount: 350_00 },
          { id: c!.id, dueDate: c!.dueDate, amount: 350_00 },
        ],
      })
      .catch((e: unknown) => e);
    assert.deepEqual(fieldOf(changeLocked), ['installments.1.amount', 'locked']);
    const dropLocked = await f.as.rep1.paymentPlans
      .update({
        id: plan.id,
        version: paid.version,
        installments: [locked[0]!, { id: c!.id, dueDate: c!.dueDate }],
      })
      .catch((e: unknown) => e);
    assert.deepEqual(fieldOf(dropLocked), ['installments', 'locked']);

    // The unpaid 300.00 split into 100.00 + 200.00, a new last installment; the plan still sums.
    const updated = await f.as.rep1.paymentPlans.update({
      id: plan.id,
      version: paid.version,
      installments: [
        ...locked,
        { id: c!.id, dueDate: '2026-05-15', ratio: 1 },
        { dueDate: '2026-07-01', ratio: 2, label: '尾款' },
      ],
    });
    assert.deepEqual(
      updated.installments.map((i) => [i.seq, i.dueDate, i.amount, i.label]),
      [
        [1, '2026-03-01', 300_00, null],
        [2, '2026-04-01', 400_00, null],
        [3, '2026-05-15', 100_00, null],
        [4, '2026-07-01', 200_00, '尾款'],
      ],
    );
    assert.equal(updated.version, paid.version + 1);
    assert.equal(
      updated.installments.reduce((s, i) => s + i.amount, 0),
      updated.total,
    );
    // A stale version is a conflict; dropping an unpaid installment removes it.
    await assert.rejects(
      f.as.rep1.paymentPlans.update({ id: plan.id, version: paid.version, installments: locked }),
      code('CONFLICT'),
    );
    const shorter = await f.as.rep1.paymentPlans.update({
      id: plan.id,
      version: updated.version,
      installments: [...locked, { id: updated.installments[3]!.id, dueDate: '2026-07-01' }],
    });
    assert.deepEqual(
      shorter.installments.map((i) => [i.id, i.amount]),
      [
        [a!.id, 300_00],
        [b!.id, 400_00],
        [updated.installments[3]!.id, 300_00],
      ],
    );
    const history = await f.tdb
      .db('audit_log')
      .where({ entity: 'installments', entity_id: updated.installments[2]!.id });
    assert.ok(history.some((h) => h.action === 'archive'));
  });

  test('status is derived on the day asked: overdue once the due day has passed with money owed', async () => {
    const { plan } = await planOf(f, {
      installments: [
        { dueDate: '2026-02-01', amount: 10_00 },
        { dueDate: '2026-03-01', amount: 10_00 },
      ],
    });
    const on = async (asOf: string) =>
      (await f.as.rep1.paymentPlans.get({ id: plan.id, asOf })).installments.map((i) => [
        i.status,
        i.daysOverdue,
      ]);
    assert.deepEqual(await on('2026-02-01'), [
      ['open', 0],
      ['open', 0],
    ]);
    assert.deepEqual(await on('2026-03-03'), [
      ['overdue', 30],
      ['overdue', 2],
    ]);
  });
});
