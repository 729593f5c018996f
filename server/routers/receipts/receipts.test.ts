// Receipts: oldest-first and chosen allocations, partial and over-payment (on account), receipts
// without a plan allocated later, idempotent retries in sequence and at once (exactly one receipt
// per key), batches committed per row or all-or-nothing, and the money invariants that must hold
// after all of it: every installment's paid amount is what its allocations say, every receipt's
// amount is what it allocated plus what it keeps on account.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { TRPCError } from '@trpc/server';
import type { ReceiptInput } from '../../../core/schemas/receipts.ts';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import { toInt } from '../../db/rows.ts';
import { code, fieldOf } from '../orders/fixtures.ts';
import {
  customerOf,
  planOf,
  receiptInputOf,
  receivablesFixture,
  type Q2cFixture,
} from '../paymentPlans/fixtures.ts';

describeEachDatabase('receipts', (getDb) => {
  let f: Q2cFixture;
  before(async () => {
    f = await receivablesFixture(getDb());
  });

  const receipt = (partnerId: number, amount: number, extra: Partial<ReceiptInput> = {}) =>
    receiptInputOf(f, partnerId, amount, extra);
  const paidOf = async (planId: number) =>
    (await f.as.finance.paymentPlans.get({ id: planId })).installments.map((i) => [
      i.paidAmount,
      i.paidState,
    ]);
  const receiptsWithKey = async (key: string) =>
    (await f.tdb.db('receipts').where({ idempotency_key: key })).length;

  test('oldest-first: a partial payment leaves an installment partly paid, the next pays it off', async () => {
    const { partnerId, plan } = await planOf(f, {
      installments: [
        { dueDate: '2026-04-01', amount: 400_00 },
        { dueDate: '2026-02-01', amount: 300_00 },
      ],
    });
    const first = await f.as.finance.receipts.record(receipt(partnerId, 100_00));
    assert.equal(first.unallocated, 0);
    assert.deepEqual(
      first.allocations.map((a) => [a.dueDate, a.amount]),
      [['2026-02-01', 100_00]],
    );
    assert.deepEqual(await paidOf(plan.id), [
      [0, 'open'],
      [100_00, 'partly_paid'],
    ]);
    const second = await f.as.finance.receipts.record(
      receipt(partnerId, 250_00, { date: '2026-03-11' }),
    );
    assert.deepEqual(
      second.allocations.map((a) => [a.dueDate, a.amount]),
      [
        ['2026-02-01', 200_00],
        ['2026-04-01', 50_00],
      ],
    );
    assert.deepEqual(await paidOf(plan.id), [
      [50_00, 'partly_paid'],
      [300_00, 'paid'],
    ]);
    const after = await f.as.finance.paymentPlans.get({ id: plan.id });
    assert.equal(after.installments[1]!.lastPaidAt, '2026-03-11');
    assert.equal(after.outstanding, 350_00);
  });

  test('over-payment pays everything off and keeps the rest on account', async () => {
    const { partnerId, plan } = await planOf(f, {
      installments: [{ dueDate: '2026-02-01', amount: 100_00 }],
    });
    const r = await f.as.finance.receipts.record(receipt(partnerId, 130_00));
    assert.equal(r.unallocated, 30_00);
    assert.deepEqual(await paidOf(plan.id), [[100_00, 'paid']]);
    const onAccount = await f.as.finance.receipts.list({ partnerId, onAccount: true });
    assert.deepEqual(
      onAccount.items.map((i) => i.id),
      [r.id],
    );
  });

  test('a receipt without a plan stays on account, and is allocated later (oldest-first or chosen)', async () => {
    const partner = await customerOf(f);
    const early = await f.as.finance.receipts.record(
      receipt(partner.id, 500_00, { date: '2026-01-05' }),
    );
    assert.equal(early.unallocated, 500_00);
    assert.deepEqual(early.allocations, []);
    const nothingOpen = await f.as.finance.receipts
      .allocate({ receiptId: early.id, version: early.version, allocations: 'oldest-first' })
      .catch((e: unknown) => e);
    assert.deepEqual(fieldOf(nothingOpen), ['allocations', 'open']);

    const { plan } = await planOf(f, {
      partnerId: partner.id,
      installments: [
        { dueDate: '2026-02-01', amount: 200_00 },
        { dueDate: '2026-03-01', amount: 200_00 },
        { dueDate: '2026-04-01', amount: 200_00 },
      ],
    });
    const [, second, third] = plan.installments;
    const tooMuch = await f.as.finance.receipts
      .allocate({
        receiptId: early.id,
        version: early.version,
        allocations: [{ installmentId: second!.id, amount: 200_01 }],
      })
      .catch((e: unknown) => e);
    assert.deepEqual(fieldOf(tooMuch), ['allocations.0.amount', 'max']);
    const chosen = await f.as.finance.receipts.allocate({
      receiptId: early.id,
      version: early.version,
      allocations: [{ installmentId: third!.id, amount: 150_00 }],
    });
    assert.equal(chosen.unallocated, 350_00);
    await assert.rejects(
      f.as.finance.receipts.allocate({
        receiptId: early.id,
        version: early.version,
        allocations: 'oldest-first',
      }),
      code('CONFLICT'),
    );
    const rest = await f.as.finance.receipts.allocate({
      receiptId: early.id,
      version: chosen.version,
      allocations: 'oldest-first',
    });
    assert.equal(rest.unallocated, 0);
    assert.deepEqual(await paidOf(plan.id), [
      [200_00, 'paid'],
      [150_00, 'partly_paid'],
      [150_00, 'partly_paid'],
    ]);
    const drained = await f.as.finance.receipts
      .allocate({ receiptId: early.id, version: rest.version, allocations: 'oldest-first' })
      .catch((e: unknown) => e);
    assert.deepEqual(fieldOf(drained), ['receiptId', 'on_account']);
  });

  test('chosen allocations are checked: open installments of this partner and currency, within what is owed', async () => {
    const { partnerId, plan } = await planOf(f, {
      installments: [{ dueDate: '2026-02-01', amount: 100_00 }],
    });
    const other = await planOf(f, { installments: [{ dueDate: '2026-02-01', amount: 100_00 }] });
    const i = plan.installments[0]!.id;
    const cases: [Partial<ReceiptInput>, [string, string]][] = [
      [
        { allocations: [{ installmentId: other.plan.installments[0]!.id, amount: 1_00 }] },
        ['allocations.0.installmentId', 'exists'],
      ],
      [{ allocations: [{ installmentId: i, amount: 100_01 }] }, ['allocations.0.amount', 'max']],
      [
        { amount: 50_00, allocations: [{ installmentId: i, amount: 60_00 }] },
        ['allocations', 'max'],
      ],
      [
        { currency: 'USD', allocations: [{ installmentId: i, amount: 1_00 }] },
        ['allocations.0.installmentId', 'exists'],
      ],
      [{ currency: 'XXX' }, ['currency', 'exists']],
    ];
    for (const [extra, want] of cases) {
      const e = await f.as.finance.receipts
        .record(receipt(partnerId, 100_00, extra))
        .catch((err: unknown) => err);
      assert.deepEqual(fieldOf(e), want, JSON.stringify(extra));
    }
    await assert.rejects(f.as.finance.receipts.record(receipt(999_999, 1_00)), code('NOT_FOUND'));
    const partial = await f.as.finance.receipts.record(
      receipt(partnerId, 100_00, { allocations: [{ installmentId: i, amount: 40_00 }] }),
    );
    assert.equal(partial.unallocated, 60_00);
    const kept = await f.as.finance.receipts.record(
      receipt(partnerId, 10_00, { allocations: 'none' }),
    );
    assert.equal(kept.unallocated, 10_00);
    assert.deepEqual(await paidOf(plan.id), [[40_00, 'partly_paid']]);
  });

  test('a retried key returns the first receipt and records nothing; another payload under it is refused', async () => {
    const { partnerId, plan } = await planOf(f, {
      installments: [{ dueDate: '2026-02-01', amount: 100_00 }],
    });
    const input = receipt(partnerId, 70_00);
    const first = await f.as.finance.receipts.record(input);
    const again = await f.as.finance.receipts.record(input);
    const byAdmin = await f.as.admin.receipts.record(input);
    assert.equal(first.replayed, false);
    assert.deepEqual([again.replayed, again.id, byAdmin.id], [true, first.id, first.id]);
    assert.equal(await receiptsWithKey(input.idempotencyKey), 1);
    assert.deepEqual(await paidOf(plan.id), [[70_00, 'partly_paid']]);
    const other = await f.as.finance.receipts
      .record({ ...input, amount: 71_00 })
      .catch((e: unknown) => e);
    assert.ok(other instanceof TRPCError && other.code === 'UNPROCESSABLE_CONTENT');
  });

  test('concurrent retries of one key: exactly one receipt, the money applied once', async () => {
    const { partnerId, plan } = await planOf(f, {
      installments: [
        { dueDate: '2026-02-01', amount: 100_00 },
        { dueDate: '2026-03-01', amount: 100_00 },
      ],
    });
    const input = receipt(partnerId, 150_00);
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => f.as.finance.receipts.record(input)),
    );
    assert.equal(new Set(answers.map((a) => a.id)).size, 1);
    assert.equal(answers.filter((a) => !a.replayed).length, 1);
    assert.equal(await receiptsWithKey(input.idempotencyKey), 1);
    assert.deepEqual(await paidOf(plan.id), [
      [100_00, 'paid'],
      [50_00, 'partly_paid'],
    ]);
    // Different keys at once, all oldest-first on the same installments: never more than owed.
    const many = await Promise.all(
      Array.from({ length: 6 }, () => f.as.finance.receipts.record(receipt(partnerId, 20_00))),
    );
    assert.equal(
      many.reduce((s, r) => s + (r.amount - r.unallocated), 0),
      50_00,
    );
    assert.deepEqual(await paidOf(plan.id), [
      [100_00, 'paid'],
      [100_00, 'paid'],
    ]);
  });

  test('recordBatch per row: refused rows are answered and the rest commit; a retried batch replays', async () => {
    const { partnerId, plan } = await planOf(f, {
      installments: [
        { dueDate: '2026-02-01', amount: 100_00 },
        { dueDate: '2026-03-01', amount: 100_00 },
      ],
    });
    const rows = [
      receipt(partnerId, 60_00),
      receipt(partnerId, 10_00, { currency: 'XXX' }),
      receipt(999_999, 10_00),
      receipt(partnerId, 60_00),
    ];
    const batch = await f.as.finance.receipts.recordBatch({
      batchId: 'BOC-2026-03-10',
      receipts: rows,
    });
    assert.deepEqual([batch.recorded, batch.replayed, batch.failed], [2, 0, 2]);
    const failed = batch.rows.filter((r) => !r.ok);
    assert.deepEqual(
      failed.map((r) =>
        r.ok ? null : [r.index, r.error.code, r.error.issues?.[0]?.field ?? null],
      ),
      [
        [1, 'BAD_REQUEST', 'currency'],
        [2, 'NOT_FOUND', null],
      ],
    );
    assert.deepEqual(await paidOf(plan.id), [
      [100_00, 'paid'],
      [20_00, 'partly_paid'],
    ]);
    const listed = await f.as.finance.receipts.list({ batchId: 'BOC-2026-03-10' });
    assert.equal(listed.total, 2);
    // The same statement sent again, twice at once: every good row replays, nothing doubles.
    const retries = await Promise.all(
      [1, 2].map(() =>
        f.as.finance.receipts.recordBatch({ batchId: 'BOC-2026-03-10', receipts: rows }),
      ),
    );
    for (const r of retries) assert.deepEqual([r.recorded, r.replayed, r.failed], [0, 2, 2]);
    for (const row of rows) assert.ok((await receiptsWithKey(row.idempotencyKey)) <= 1);
    assert.deepEqual(await paidOf(plan.id), [
      [100_00, 'paid'],
      [20_00, 'partly_paid'],
    ]);
  });

  test('recordBatch atomic: one refused row refuses the batch and records nothing; concurrent retries record once', async () => {
    const { partnerId, plan } = await planOf(f, {
      installments: [{ dueDate: '2026-02-01', amount: 100_00 }],
    });
    const good = [receipt(partnerId, 30_00), receipt(partnerId, 30_00)];
    const refused = await f.as.finance.receipts
      .recordBatch({
        atomic: true,
        receipts: [...good, receipt(partnerId, 1_00, { currency: 'XXX' })],
      })
      .catch((e: unknown) => e);
    assert.ok(refused instanceof TRPCError && refused.code === 'BAD_REQUEST');
    assert.deepEqual(fieldOf(refused), ['receipts.2.currency', 'exists']);
    for (const row of good) assert.equal(await receiptsWithKey(row.idempotencyKey), 0);
    assert.deepEqual(await paidOf(plan.id), [[0, 'open']]);

    const results = await Promise.all(
      [1, 2, 3].map(() => f.as.finance.receipts.recordBatch({ atomic: true, receipts: good })),
    );
    assert.equal(
      results.reduce((n, r) => n + r.recorded, 0),
      2,
    );
    assert.equal(
      results.reduce((n, r) => n + r.replayed, 0),
      4,
    );
    for (const row of good) assert.equal(await receiptsWithKey(row.idempotencyKey), 1);
    assert.deepEqual(await paidOf(plan.id), [[60_00, 'partly_paid']]);
  });

  test('receipts are scoped by the partner owner: a rep lists and reads only their own customers', async () => {
    const mine = await planOf(f, {
      owner: 'rep1',
      installments: [{ dueDate: '2026-02-01', amount: 10_00 }],
    });
    const theirs = await planOf(f, {
      owner: 'repSouth',
      installments: [{ dueDate: '2026-02-01', amount: 10_00 }],
    });
    const a = await f.as.finance.receipts.record(receipt(mine.partnerId, 5_00));
    const b = await f.as.finance.receipts.record(receipt(theirs.partnerId, 5_00));
    assert.equal(
      (await f.as.rep1.receipts.get({ id: a.id })).allocations[0]!.orderId,
      mine.order.id,
    );
    await assert.rejects(f.as.rep1.receipts.get({ id: b.id }), code('NOT_FOUND'));
    const listed = (await f.as.rep1.receipts.list({ limit: 500 })).items.map((r) => r.id);
    assert.ok(listed.includes(a.id) && !listed.includes(b.id));
    await assert.rejects(
      f.as.rep1.receipts.record(receipt(mine.partnerId, 1_00)),
      code('FORBIDDEN'),
    );
  });

  test('extreme but valid inputs answer with a result or a 4xx, never a 500', async () => {
    const { partnerId, plan, order } = await planOf(f, {
      installments: [{ dueDate: '2026-02-01', amount: 100_00 }],
    });
    const i = plan.installments[0]!.id;
    const outcomes: string[] = [];
    const attempt = async (what: string, fn: () => Promise<unknown>) => {
      try {
        await fn();
        outcomes.push(`${what}: ok`);
      } catch (err) {
        const c = (err as { code?: string }).code ?? 'throw';
        assert.notEqual(c, 'INTERNAL_SERVER_ERROR', `${what}: ${String(err)}`);
        outcomes.push(`${what}: ${c}`);
      }
    };
    const big = 1e15;
    await attempt('huge receipt', () =>
      f.as.finance.receipts.record(receipt(partnerId, big, { allocations: 'none' })),
    );
    await attempt('huge allocations', () =>
      f.as.finance.receipts.record(
        receipt(partnerId, big, {
          allocations: Array.from({ length: 500 }, () => ({ installmentId: i, amount: big })),
        }),
      ),
    );
    await attempt('ancient day', () =>
      f.as.finance.receipts.record(receipt(partnerId, 1, { date: '0001-01-01' })),
    );
    await attempt('due near 9999', () =>
      f.as.finance.paymentPlans.due({ asOf: '9999-12-31', days: 366 }),
    );
    await attempt('overdue at year 1', () =>
      f.as.finance.paymentPlans.overdue({ asOf: '0001-01-01', minDays: 3650 }),
    );
    await attempt('aging at year 0', () =>
      f.as.finance.reports.receivablesAging({ groupBy: 'team', asOf: '0000-01-01' }),
    );
    await attempt('dso over all time', () =>
      f.as.finance.reports.dso({ period: { from: '0000-01-01', to: '9999-12-31' } }),
    );
    await attempt('huge plan edit', () =>
      f.as.admin.paymentPlans.update({
        id: plan.id,
        version: plan.version,
        installments: Array.from({ length: 120 }, () => ({ dueDate: '2026-03-01', amount: big })),
      }),
    );
    await attempt('plan of a planned order', () =>
      f.as.admin.paymentPlans.generate({ orderId: order.id }),
    );
    assert.deepEqual(outcomes, [
      'huge receipt: ok',
      'huge allocations: BAD_REQUEST',
      'ancient day: ok',
      'due near 9999: ok',
      'overdue at year 1: ok',
      'aging at year 0: ok',
      'dso over all time: ok',
      'huge plan edit: BAD_REQUEST',
      'plan of a planned order: CONFLICT',
    ]);
  });

  test('the books balance: allocations make up every paid amount, and every receipt', async () => {
    const { db } = getDb();
    const installments = await db('installments as i')
      .leftJoin(
        db('receipt_allocations')
          .groupBy('installment_id')
          .select('installment_id', db.raw('sum(amount) as s'))
          .as('a'),
        'a.installment_id',
        'i.id',
      )
      .select('i.id', 'i.amount', 'i.paid_amount', 'i.status', 'a.s');
    for (const i of installments) {
      const paid = toInt(i.paid_amount);
      assert.equal(paid, i.s === null ? 0 : toInt(i.s), `installment ${i.id}`);
      assert.ok(paid <= toInt(i.amount), `installment ${i.id} overpaid`);
      assert.equal(
        i.status,
        paid === 0 ? 'open' : paid === toInt(i.amount) ? 'paid' : 'partly_paid',
      );
    }
    const receipts = await db('receipts as r')
      .leftJoin(
        db('receipt_allocations')
          .groupBy('receipt_id')
          .select('receipt_id', db.raw('sum(amount) as s'))
          .as('a'),
        'a.receipt_id',
        'r.id',
      )
      .select('r.id', 'r.amount', 'r.unallocated', 'a.s');
    for (const r of receipts) {
      assert.equal(
        toInt(r.amount),
        toInt(r.unallocated) + (r.s === null ? 0 : toInt(r.s)),
        `receipt ${r.id}`,
      );
    }
    assert.ok(installments.length > 10 && receipts.length > 10);
  });
});
