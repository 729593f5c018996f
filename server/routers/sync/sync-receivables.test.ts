// sync.* for the receivables datasets: installments edited through the payment-plan service
// (locked once paid, the plan still summing to its total) and receipts typed into an entry
// sheet, recorded as receipts.recordBatch records them: one receipt per row key however often,
// and however concurrently, the push is retried.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import type { Caller } from '../../../test/support/org.ts';
import {
  customerOf,
  planOf,
  receivablesFixture,
  type Q2cFixture,
} from '../paymentPlans/fixtures.ts';
import { create, edit, pullAll, push } from './sync-fixture.ts';

describeEachDatabase('sync: installments and receipts', (getDb) => {
  let f: Q2cFixture;
  let rep1: Caller;
  before(async () => {
    f = await receivablesFixture(getDb());
    rep1 = f.as.rep1;
  });

  const threeInstallments = () =>
    planOf(f, {
      installments: [
        { dueDate: '2026-02-01', amount: 300_00, label: '首付' },
        { dueDate: '2026-03-01', amount: 300_00 },
        { dueDate: '2026-04-01', amount: 400_00 },
      ],
    });
  const receiptsWithKeyLike = async (rowKey: string) =>
    (await f.tdb.db('receipts').where('idempotency_key', 'like', `%${rowKey}`)).length;

  test('installments pull with order, customer, amounts and status; a rep sees only their own', async () => {
    const { partnerId, order } = await threeInstallments();
    const { rows } = await pullAll(rep1, 'installments', { customer: partnerId });
    assert.deepEqual(
      rows.map((r) => [r.values.order, r.values.seq, r.values.amount, r.values.note]),
      [
        [order.number, 1, 300_00, '首付'],
        [order.number, 2, 300_00, null],
        [order.number, 3, 400_00, null],
      ],
    );
    assert.equal(rows[0]!.values.outstanding, 300_00);
    const south = await pullAll(f.as.repSouth, 'installments', { customer: partnerId });
    assert.equal(south.rows.length, 0);
    const d = await rep1.sync.describe({ entity: 'installments', locale: 'en' });
    assert.deepEqual(
      d.columns.filter((c) => !c.readOnly).map((c) => c.id),
      ['dueDate', 'amount', 'note'],
    );
    assert.equal(d.canCreate, false);
  });

  test('an unpaid amount edit is balanced by the last other unpaid installment; the plan keeps its total', async () => {
    const { partnerId, plan } = await threeInstallments();
    const { rows } = await pullAll(rep1, 'installments', { customer: partnerId });
    const first = rows[0]!;
    const [r] = (
      await push(rep1, 'installments', [
        edit(`i:${first.id}`, first.version, {
          amount: [300_00, 250_00],
          dueDate: ['2026-02-01', '2026-02-10'],
          note: ['首付', '首付款'],
        }),
      ])
    ).results;
    assert.equal(r!.status, 'ok', r!.message);
    assert.equal(r!.values!.amount, 250_00);
    assert.equal(r!.values!.dueDate, '2026-02-10');
    const after = await f.as.finance.paymentPlans.get({ id: plan.id });
    assert.deepEqual(
      after.installments.map((i) => [i.amount, i.dueDate, i.label]),
      [
        [250_00, '2026-02-10', '首付款'],
        [300_00, '2026-03-01', null],
        [450_00, '2026-04-01', null],
      ],
    );
    assert.equal(after.total, 1000_00);
  });

  test('a paid or partly paid installment is locked: due date and amount refused on their columns', async () => {
    const { partnerId, plan } = await threeInstallments();
    await f.as.finance.receipts.record({
      partnerId,
      date: '2026-02-05',
      amount: 100_00,
      currency: 'CNY',
      method: 'bank_transfer',
      idempotencyKey: `rc-${f.uniq()}`,
    });
    const { rows } = await pullAll(rep1, 'installments', { customer: partnerId });
    const first = rows[0]!;
    assert.equal(first.values.paidAmount, 100_00);
    const answer = await push(rep1, 'installments', [
      edit(`i:${first.id}`, first.version, { dueDate: ['2026-02-01', '2026-05-01'] }),
      edit(`i:${first.id}`.replace(String(first.id), String(rows[1]!.id)), rows[1]!.version, {
        amount: [300_00, 200_00],
      }),
    ]);
    const [locked, other] = answer.results;
    assert.equal(locked!.status, 'invalid');
    assert.deepEqual(
      locked!.fieldErrors!.map((e) => [e.field, e.rule]),
      [['dueDate', 'locked']],
    );
    // The second installment is unpaid: its edit is balanced by the third.
    assert.equal(other!.status, 'ok', other!.message);
    const after = await f.as.finance.paymentPlans.get({ id: plan.id });
    assert.deepEqual(
      after.installments.map((i) => [i.amount, i.dueDate]),
      [
        [300_00, '2026-02-01'],
        [200_00, '2026-03-01'],
        [500_00, '2026-04-01'],
      ],
    );
  });

  test('a typed receipt is recorded and allocated oldest-first; a recorded one is not changed from a sheet', async () => {
    const { partnerId, plan } = await threeInstallments();
    const partner = await f.as.admin.partners.get({ id: partnerId });
    const row = create({
      customer: partner.code,
      date: '2026-02-03',
      amount: 350_00,
      currency: 'CNY',
      method: '银行转账',
      reference: 'BK-1',
    });
    const [r] = (await push(f.as.finance, 'receipts', [row])).results;
    assert.equal(r!.status, 'ok', r!.message);
    assert.equal(r!.values!.customer, partner.name);
    assert.equal(r!.values!.unallocated, 0);
    assert.match(String(r!.values!.number), /^RC\d{6}$/);
    const after = await f.as.finance.paymentPlans.get({ id: plan.id });
    assert.deepEqual(
      after.installments.map((i) => i.paidAmount),
      [300_00, 50_00, 0],
    );
    const [changed] = (
      await push(f.as.finance, 'receipts', [
        edit(`r:${r!.id}`, r!.version!, { amount: [350_00, 360_00] }),
      ])
    ).results;
    assert.equal(changed!.status, 'forbidden');
  });

  test('a receipt row pushed again, in the same or a new batch, is recorded once', async () => {
    const partner = await customerOf(f);
    const row = create({
      customer: partner.name,
      date: '2026-02-03',
      amount: 120_00,
      currency: 'CNY',
      method: 'cash',
    });
    const batchId = `b-${crypto.randomUUID()}`;
    const first = await push(f.as.finance, 'receipts', [row], { batchId });
    const sameBatch = await push(f.as.finance, 'receipts', [row], { batchId });
    const newBatch = await push(f.as.finance, 'receipts', [row]);
    assert.deepEqual(sameBatch, first);
    assert.equal(newBatch.results[0]!.status, 'ok');
    assert.equal(newBatch.results[0]!.id, first.results[0]!.id);
    assert.equal(await receiptsWithKeyLike(row.key), 1);
    // The same key with other money is refused, not recorded.
    const [changed] = (
      await push(f.as.finance, 'receipts', [
        { ...row, fields: { ...row.fields, amount: { value: 130_00 } } },
      ])
    ).results;
    assert.equal(changed!.status, 'invalid');
    assert.equal(await receiptsWithKeyLike(row.key), 1);
  });

  test('K concurrent pushes of the same receipt rows (new batches and one shared) record one receipt per key', async () => {
    const partner = await customerOf(f);
    const rows = [1, 2, 3].map((n) =>
      create({
        customer: partner.name,
        date: '2026-02-03',
        amount: n * 10_00,
        currency: 'CNY',
        method: 'Bank transfer',
        reference: `BK-${n}`,
      }),
    );
    const shared = `b-${crypto.randomUUID()}`;
    const attempts = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) =>
        push(f.as.finance, 'receipts', rows, i % 2 ? { batchId: shared } : {}),
      ),
    );
    const answered = attempts.filter((a) => a.status === 'fulfilled');
    // A call of the shared batch may be told to retry while another holds it; new batches answer.
    assert.ok(answered.length >= 3);
    for (const a of attempts)
      if (a.status === 'rejected') assert.match(String(a.reason), /being pushed by another call/);
    const ids = new Set<number>();
    for (const a of answered)
      for (const r of a.value.results) {
        assert.equal(r.status, 'ok', r.message);
        ids.add(r.id!);
      }
    assert.equal(ids.size, 3);
    for (const row of rows) assert.equal(await receiptsWithKeyLike(row.key), 1);
  });
});
