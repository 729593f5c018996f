// Undoing receipts: voiding (作废) takes back exactly what a receipt paid and leaves it counting
// nowhere (aging, on account, the customer summary, DSO, the receipt lists and the Excel sheet);
// unallocating and reallocating (反核销, 重新核销) move a receipt's money within its customer and
// currency under the allocation limits. Who may, stale versions, double voids, and the audit log.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import fc from 'fast-check';
import type { ReceiptInput } from '../../../core/schemas/receipts.ts';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import type { UserKey } from '../../../test/support/org.ts';
import { toInt } from '../../db/rows.ts';
import { code, fieldOf } from '../orders/fixtures.ts';
import {
  customerOf,
  planOf,
  receiptInputOf,
  receivablesFixture,
  type Q2cFixture,
} from '../paymentPlans/fixtures.ts';
import { pullAll } from '../sync/sync-fixture.ts';

describeEachDatabase('receipts: void, unallocate, reallocate', (getDb) => {
  let f: Q2cFixture;
  before(async () => {
    f = await receivablesFixture(getDb());
  });

  const receipt = (partnerId: number, amount: number, extra: Partial<ReceiptInput> = {}) =>
    receiptInputOf(f, partnerId, amount, extra);
  /** Every installment of the plan as [paid, stored status, last payment day]. */
  const stateOf = async (planId: number) =>
    (await f.as.finance.paymentPlans.get({ id: planId })).installments.map((i) => [
      i.paidAmount,
      i.paidState,
      i.lastPaidAt,
    ]);
  const threeInstallments = (
    extra: { partnerId?: number; currency?: string; orderDate?: string } = {},
  ) =>
    planOf(f, {
      ...extra,
      installments: [
        { dueDate: '2026-02-01', amount: 300_00 },
        { dueDate: '2026-03-01', amount: 300_00 },
        { dueDate: '2026-04-01', amount: 400_00 },
      ],
    });

  test('voiding takes back what the receipt paid; later receipts keep theirs', async () => {
    const { partnerId, plan } = await threeInstallments();
    const before = await stateOf(plan.id);
    const first = await f.as.finance.receipts.record(
      receipt(partnerId, 450_00, { date: '2026-02-05' }),
    );
    const afterFirst = await stateOf(plan.id);
    const second = await f.as.finance.receipts.record(
      receipt(partnerId, 200_00, { date: '2026-03-05' }),
    );
    assert.deepEqual(await stateOf(plan.id), [
      [300_00, 'paid', '2026-02-05'],
      [300_00, 'paid', '2026-03-05'],
      [50_00, 'partly_paid', '2026-03-05'],
    ]);
    const voided = await f.as.finance.receipts.void({
      id: second.id,
      version: second.version,
      reason: '重复录入 entered twice',
    });
    assert.equal(voided.status, 'voided');
    assert.equal(voided.voidReason, '重复录入 entered twice');
    assert.equal(voided.voidedBy, f.org.users.finance);
    assert.ok(voided.voidedAt);
    assert.deepEqual(voided.allocations, []);
    assert.equal(voided.unallocated, 200_00, 'the whole amount, so the receipt still balances');
    assert.equal(voided.version, second.version + 1);
    assert.deepEqual(await stateOf(plan.id), afterFirst);

    // Voiding the earlier receipt too brings the plan back to where it started.
    const firstNow = await f.as.finance.receipts.get({ id: first.id });
    await f.as.admin.receipts.void({ id: first.id, version: firstNow.version, reason: 'bounced' });
    assert.deepEqual(await stateOf(plan.id), before);
    const rows = await f.tdb.db('receipt_allocations').whereIn('receipt_id', [first.id, second.id]);
    assert.equal(rows.length, 0);
  });

  test('voiding a receipt in the middle keeps the later payment day of the others', async () => {
    const { partnerId, plan } = await planOf(f, {
      installments: [{ dueDate: '2026-02-01', amount: 1000_00 }],
    });
    await f.as.finance.receipts.record(receipt(partnerId, 100_00, { date: '2026-02-01' }));
    const late = await f.as.finance.receipts.record(
      receipt(partnerId, 100_00, { date: '2026-02-20' }),
    );
    await f.as.finance.receipts.record(receipt(partnerId, 100_00, { date: '2026-02-10' }));
    assert.deepEqual(await stateOf(plan.id), [[300_00, 'partly_paid', '2026-02-20']]);
    await f.as.finance.receipts.void({
      id: late.id,
      version: late.version,
      reason: 'wrong customer',
    });
    assert.deepEqual(await stateOf(plan.id), [[200_00, 'partly_paid', '2026-02-10']]);
  });

  test('property: voiding receipts newest first restores each earlier state exactly', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 900 }), { minLength: 1, maxLength: 4 }),
        fc.array(fc.integer({ min: 1, max: 60_000 }), { minLength: 1, maxLength: 4 }),
        async (installmentAmounts, receiptAmounts) => {
          const { partnerId, plan } = await planOf(f, {
            installments: installmentAmounts.map((amount, n) => ({
              dueDate: `2026-0${2 + n}-01`,
              amount: amount * 100,
            })),
          });
          const states = [];
          const recorded = [];
          for (const [n, amount] of receiptAmounts.entries()) {
            states.push(await stateOf(plan.id));
            recorded.push(
              await f.as.finance.receipts.record(
                receipt(partnerId, amount, { date: `2026-03-${String(10 + n).padStart(2, '0')}` }),
              ),
            );
          }
          for (const r of recorded.reverse()) {
            const now = await f.as.finance.receipts.get({ id: r.id });
            await f.as.finance.receipts.void({ id: r.id, version: now.version, reason: 'undo' });
            assert.deepEqual(await stateOf(plan.id), states.pop());
          }
          const summary = await f.as.finance.reports.receivableSummary({ partnerId });
          assert.deepEqual(
            summary.currencies.map((c) => [c.open, c.onAccount]),
            [[plan.total, 0]],
          );
        },
      ),
      { numRuns: 6 },
    );
  });

  test('only finance and admins void; rep and manager are refused and nothing changes', async () => {
    const { partnerId, plan } = await threeInstallments();
    const r = await f.as.finance.receipts.record(receipt(partnerId, 100_00));
    const state = await stateOf(plan.id);
    for (const who of ['rep1', 'mgrEast'] as UserKey[]) {
      await assert.rejects(
        f.as[who].receipts.void({ id: r.id, version: r.version, reason: 'mine' }),
        code('FORBIDDEN'),
        who,
      );
      await assert.rejects(
        f.as[who].receipts.unallocate({
          receiptId: r.id,
          version: r.version,
          installmentId: plan.installments[0]!.id,
        }),
        code('FORBIDDEN'),
        who,
      );
    }
    assert.deepEqual(await stateOf(plan.id), state);
    const byFinance = await f.as.finance.receipts.void({
      id: r.id,
      version: r.version,
      reason: 'finance',
    });
    assert.equal(byFinance.status, 'voided');
    const other = await f.as.finance.receipts.record(receipt(partnerId, 100_00));
    const byAdmin = await f.as.admin.receipts.void({
      id: other.id,
      version: other.version,
      reason: 'admin',
    });
    assert.equal(byAdmin.status, 'voided');
    assert.deepEqual(
      await stateOf(plan.id),
      state.map(() => [0, 'open', null]),
    );
  });

  test('a stale version is CONFLICT; voiding twice is refused on the id, whatever the version', async () => {
    const { partnerId, plan } = await threeInstallments();
    const r = await f.as.finance.receipts.record(
      receipt(partnerId, 100_00, { allocations: 'none' }),
    );
    const allocated = await f.as.finance.receipts.allocate({
      receiptId: r.id,
      version: r.version,
      allocations: 'oldest-first',
    });
    await assert.rejects(
      f.as.finance.receipts.void({ id: r.id, version: r.version, reason: 'stale' }),
      code('CONFLICT'),
    );
    assert.deepEqual((await stateOf(plan.id))[0], [100_00, 'partly_paid', '2026-03-10']);
    const voided = await f.as.finance.receipts.void({
      id: r.id,
      version: allocated.version,
      reason: 'fine',
    });
    for (const version of [voided.version, allocated.version]) {
      const again = await f.as.finance.receipts
        .void({ id: r.id, version, reason: 'again' })
        .catch((e: unknown) => e);
      assert.deepEqual(fieldOf(again), ['id', 'voided']);
    }
    // Nothing else moves a voided receipt's money either.
    const allocate = await f.as.finance.receipts
      .allocate({ receiptId: r.id, version: voided.version, allocations: 'oldest-first' })
      .catch((e: unknown) => e);
    assert.deepEqual(fieldOf(allocate), ['receiptId', 'voided']);
    const unallocate = await f.as.finance.receipts
      .unallocate({
        receiptId: r.id,
        version: voided.version,
        installmentId: plan.installments[0]!.id,
      })
      .catch((e: unknown) => e);
    assert.deepEqual(fieldOf(unallocate), ['receiptId', 'voided']);
    assert.deepEqual((await stateOf(plan.id))[0], [0, 'open', null]);
  });

  test('a voided receipt keeps its key: recording it again replays the voided receipt', async () => {
    const { partnerId, plan } = await threeInstallments();
    const input = receipt(partnerId, 100_00);
    const r = await f.as.finance.receipts.record(input);
    await f.as.finance.receipts.void({ id: r.id, version: r.version, reason: 'typo' });
    const again = await f.as.finance.receipts.record(input);
    assert.equal(again.replayed, true);
    assert.equal(again.id, r.id);
    assert.equal(again.status, 'voided');
    assert.equal(
      (await f.tdb.db('receipts').where({ idempotency_key: input.idempotencyKey })).length,
      1,
    );
    assert.deepEqual((await stateOf(plan.id))[0], [0, 'open', null]);
  });

  test('a void needs a reason of at most 500 characters', async () => {
    const { partnerId } = await threeInstallments();
    const r = await f.as.finance.receipts.record(receipt(partnerId, 100_00));
    for (const [reason, rule] of [
      ['   ', 'too_small'],
      ['x'.repeat(501), 'too_big'],
    ] as const) {
      const e = await f.as.finance.receipts
        .void({ id: r.id, version: r.version, reason })
        .catch((err: unknown) => err);
      assert.deepEqual(fieldOf(e), ['reason', rule]);
    }
    const missing = await f.as.finance.receipts
      .void({ id: r.id, version: r.version } as never)
      .catch((err: unknown) => err);
    assert.equal(fieldOf(missing)[0], 'reason');
  });

  test('the void is audited on the receipt and on each installment it paid', async () => {
    const { partnerId, plan } = await threeInstallments();
    const r = await f.as.finance.receipts.record(receipt(partnerId, 350_00));
    await f.as.finance.receipts.void({ id: r.id, version: r.version, reason: '银行退票' });
    const db = f.tdb.db;
    const onReceipt = await db('audit_log')
      .where({ entity: 'receipts', entity_id: r.id, action: 'void' })
      .orderBy('field')
      .select('field', 'old_value', 'new_value', 'user_id');
    assert.deepEqual(
      onReceipt.map((a) => a.field),
      ['allocations', 'unallocated', 'void_reason', 'voided_at'],
    );
    assert.equal(toInt(onReceipt[0]!.user_id), f.org.users.finance);
    assert.deepEqual(JSON.parse(String(onReceipt[0]!.old_value)), [
      { installmentId: plan.installments[0]!.id, amount: 300_00 },
      { installmentId: plan.installments[1]!.id, amount: 50_00 },
    ]);
    assert.equal(onReceipt.find((a) => a.field === 'void_reason')!.new_value, '银行退票');
    const onInstallments = await db('audit_log')
      .where({ entity: 'installments', action: 'unallocate', field: 'paid_amount' })
      .whereIn('entity_id', [plan.installments[0]!.id, plan.installments[1]!.id])
      .orderBy('entity_id')
      .select('old_value', 'new_value');
    assert.deepEqual(
      onInstallments.map((a) => [a.old_value, a.new_value]),
      [
        ['30000', '0'],
        ['5000', '0'],
      ],
    );
  });

  test('unallocate puts one allocation back on account; reallocate moves it in one write', async () => {
    const { partnerId, plan } = await threeInstallments();
    const [i1, i2, i3] = plan.installments;
    const r = await f.as.finance.receipts.record(receipt(partnerId, 400_00));
    assert.deepEqual(
      r.allocations.map((a) => [a.installmentId, a.amount]),
      [
        [i1!.id, 300_00],
        [i2!.id, 100_00],
      ],
    );
    const back = await f.as.finance.receipts.unallocate({
      receiptId: r.id,
      version: r.version,
      installmentId: i1!.id,
    });
    assert.equal(back.unallocated, 300_00);
    assert.deepEqual(
      back.allocations.map((a) => [a.installmentId, a.amount]),
      [[i2!.id, 100_00]],
    );
    assert.deepEqual(await stateOf(plan.id), [
      [0, 'open', null],
      [100_00, 'partly_paid', '2026-03-10'],
      [0, 'open', null],
    ]);
    const onAccount = await f.as.finance.reports.receivableSummary({ partnerId });
    assert.equal(onAccount.currencies[0]!.onAccount, 300_00);

    // Move the 100 on the second installment to the third, adding 250 from what is on account.
    const moved = await f.as.finance.receipts.reallocate({
      receiptId: r.id,
      version: back.version,
      fromInstallmentId: i2!.id,
      allocations: [{ installmentId: i3!.id, amount: 350_00 }],
    });
    assert.equal(moved.version, back.version + 1);
    assert.equal(moved.unallocated, 50_00);
    assert.deepEqual(
      moved.allocations.map((a) => [a.installmentId, a.amount]),
      [[i3!.id, 350_00]],
    );
    assert.deepEqual(await stateOf(plan.id), [
      [0, 'open', null],
      [0, 'open', null],
      [350_00, 'partly_paid', '2026-03-10'],
    ]);
    // Taking back an installment the receipt paid nothing on names the field.
    const nothing = await f.as.finance.receipts
      .unallocate({ receiptId: r.id, version: moved.version, installmentId: i1!.id })
      .catch((e: unknown) => e);
    assert.deepEqual(fieldOf(nothing), ['installmentId', 'allocated']);
    await assert.rejects(
      f.as.finance.receipts.unallocate({
        receiptId: r.id,
        version: back.version,
        installmentId: i3!.id,
      }),
      code('CONFLICT'),
    );
    const audited = await f.tdb
      .db('audit_log')
      .where({ entity: 'receipts', entity_id: r.id })
      .whereIn('action', ['unallocate', 'reallocate'])
      .where('field', 'unallocated')
      .orderBy('id')
      .select('action', 'old_value', 'new_value');
    assert.deepEqual(
      audited.map((a) => [a.action, a.old_value, a.new_value]),
      [
        ['unallocate', '0', '30000'],
        ['reallocate', '30000', '5000'],
      ],
    );
  });

  test('reallocation limits: the installment still owes it, the receipt has it, same customer and currency', async () => {
    const { partnerId, plan } = await threeInstallments();
    const [i1, i2] = plan.installments;
    const other = await threeInstallments();
    const usd = await planOf(f, {
      partnerId,
      currency: 'USD',
      installments: [{ dueDate: '2026-02-01', amount: 500_00 }],
    });
    // 200 on i1 from one receipt; 100 more on i1 from r, which keeps 250 on account.
    await f.as.finance.receipts.record(receipt(partnerId, 200_00, { date: '2026-03-01' }));
    const r = await f.as.finance.receipts.record(
      receipt(partnerId, 350_00, { allocations: [{ installmentId: i1!.id, amount: 100_00 }] }),
    );
    const attempt = async (allocations: { installmentId: number; amount: number }[]) =>
      fieldOf(
        await f.as.finance.receipts
          .reallocate({
            receiptId: r.id,
            version: r.version,
            fromInstallmentId: i1!.id,
            allocations,
          })
          .catch((e: unknown) => e),
      );
    // Freed: 100 back on i1 (owing 100 again); on account 250 + 100 = 350.
    assert.deepEqual(await attempt([{ installmentId: i2!.id, amount: 300_01 }]), [
      'allocations.0.amount',
      'max',
    ]);
    assert.deepEqual(await attempt([{ installmentId: i1!.id, amount: 100_01 }]), [
      'allocations.0.amount',
      'max',
    ]);
    assert.deepEqual(
      await attempt([
        { installmentId: i1!.id, amount: 100_00 },
        { installmentId: i2!.id, amount: 250_01 },
      ]),
      ['allocations', 'max'],
    );
    assert.deepEqual(
      await attempt([{ installmentId: other.plan.installments[0]!.id, amount: 1_00 }]),
      ['allocations.0.installmentId', 'exists'],
    );
    assert.deepEqual(
      await attempt([{ installmentId: usd.plan.installments[0]!.id, amount: 1_00 }]),
      ['allocations.0.installmentId', 'exists'],
    );
    const fromNothing = fieldOf(
      await f.as.finance.receipts
        .reallocate({
          receiptId: r.id,
          version: r.version,
          fromInstallmentId: plan.installments[2]!.id,
          allocations: [{ installmentId: i2!.id, amount: 1_00 }],
        })
        .catch((e: unknown) => e),
    );
    assert.deepEqual(fromNothing, ['fromInstallmentId', 'allocated']);
    // Refusals changed nothing.
    assert.deepEqual((await stateOf(plan.id)).slice(0, 2), [
      [300_00, 'paid', '2026-03-10'],
      [0, 'open', null],
    ]);
    assert.equal((await f.as.finance.receipts.get({ id: r.id })).unallocated, 250_00);
    // Exactly what the limits allow.
    const full = await f.as.finance.receipts.reallocate({
      receiptId: r.id,
      version: r.version,
      fromInstallmentId: i1!.id,
      allocations: [
        { installmentId: i2!.id, amount: 300_00 },
        { installmentId: i1!.id, amount: 50_00 },
      ],
    });
    assert.equal(full.unallocated, 0);
    assert.deepEqual((await stateOf(plan.id)).slice(0, 2), [
      [250_00, 'partly_paid', '2026-03-10'],
      [300_00, 'paid', '2026-03-10'],
    ]);
  });

  test('voided receipts count nowhere: aging, summary, on account, DSO, lists and the sheet', async () => {
    // Its own currency and period, so other tests' receipts do not move the figures.
    const partner = await customerOf(f);
    const { partnerId, plan } = await threeInstallments({
      partnerId: partner.id,
      currency: 'EUR',
      orderDate: '2026-01-15',
    });
    const asOf = '2026-03-15';
    const figures = async () => {
      const aging = await f.as.finance.reports.receivablesAging({
        groupBy: 'customer',
        currency: 'EUR',
        asOf,
      });
      const summary = await f.as.finance.reports.receivableSummary({ partnerId, asOf });
      const dso = await f.as.finance.reports.dso({
        currency: 'EUR',
        period: { from: '2026-01-01', to: '2026-03-31' },
      });
      const row = aging.rows.find((x) => x.groupId === partnerId);
      const eur = summary.currencies.find((c) => c.currency === 'EUR');
      return {
        total: row?.total ?? 0,
        overdue: row?.overdue ?? 0,
        open: eur?.open ?? 0,
        onAccount: eur?.onAccount ?? 0,
        receivables: dso.receivables,
      };
    };
    const before = await figures();
    assert.equal(before.total, plan.total);
    const r = await f.as.finance.receipts.record(
      receipt(partnerId, 1200_00, { currency: 'EUR', date: '2026-03-01' }),
    );
    assert.deepEqual(await figures(), {
      total: 0,
      overdue: 0,
      open: 0,
      onAccount: 200_00,
      receivables: before.receivables - plan.total,
    });
    const pulled = await pullAll(f.as.finance, 'receipts', { customer: partnerId });
    assert.deepEqual(
      pulled.rows.map((x) => x.id),
      [r.id],
    );
    await f.as.finance.receipts.void({ id: r.id, version: r.version, reason: 'wrong currency' });
    assert.deepEqual(await figures(), before);

    const listed = async (extra: object) =>
      (await f.as.finance.receipts.list({ partnerId, ...extra })).items.map((x) => [
        x.id,
        x.status,
      ]);
    assert.deepEqual(await listed({}), [[r.id, 'voided']]);
    assert.deepEqual(await listed({ status: 'voided' }), [[r.id, 'voided']]);
    assert.deepEqual(await listed({ status: 'active' }), []);
    assert.deepEqual(await listed({ onAccount: true }), []);

    const sheet = await pullAll(f.as.finance, 'receipts', { customer: partnerId });
    assert.deepEqual(sheet.rows, []);
    const changes = await f.as.finance.sync.changes({
      entity: 'receipts',
      filter: { customer: partnerId },
      since: pulled.snapshot,
    });
    assert.ok(changes.removed.includes(r.id), 'a voided receipt leaves the sheet');
    assert.ok(!changes.rows.some((x) => x.id === r.id));
  });

  test('at the same moment: two voids, or a void and a reallocation, of one receipt: one wins', async () => {
    const { partnerId, plan } = await threeInstallments();
    const i2 = plan.installments[1];
    for (let round = 0; round < 3; round++) {
      const r = await f.as.finance.receipts.record(receipt(partnerId, 100_00));
      const state = await stateOf(plan.id);
      const results = await Promise.allSettled([
        f.as.finance.receipts.void({ id: r.id, version: r.version, reason: 'a' }),
        round === 0
          ? f.as.admin.receipts.void({ id: r.id, version: r.version, reason: 'b' })
          : f.as.admin.receipts.reallocate({
              receiptId: r.id,
              version: r.version,
              fromInstallmentId: r.allocations[0]!.installmentId,
              allocations: [{ installmentId: i2!.id, amount: 100_00 }],
            }),
      ]);
      const won = results.filter((x) => x.status === 'fulfilled');
      assert.equal(won.length, 1, `round ${round}: exactly one wins`);
      for (const lost of results.filter((x) => x.status === 'rejected')) {
        const e = lost.reason as { code?: string };
        assert.ok(
          e.code === 'CONFLICT' || fieldOf(e)[1] === 'voided',
          `round ${round}: the loser is told (${String(e.code)})`,
        );
      }
      const now = await f.as.finance.receipts.get({ id: r.id });
      if (now.status === 'voided') {
        // The void won: the receipt's 100 came off exactly once.
        assert.deepEqual(
          (await stateOf(plan.id)).map((x) => x[0]),
          state.map(
            (x, n) =>
              (x[0] as number) -
              (r.allocations[0]!.installmentId === plan.installments[n]!.id ? 100_00 : 0),
          ),
        );
      } else {
        assert.deepEqual(
          now.allocations.map((a) => [a.installmentId, a.amount]),
          [[i2!.id, 100_00]],
        );
        // Void what the reallocation left, so the next round starts from the same plan.
        await f.as.finance.receipts.void({ id: r.id, version: now.version, reason: 'cleanup' });
      }
    }
    assert.deepEqual(
      (await stateOf(plan.id)).map((x) => x[0]),
      [0, 0, 0],
    );
  });

  test('the books still balance after voids and reallocations', async () => {
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
      .select('r.id', 'r.amount', 'r.unallocated', 'r.voided_at', 'a.s');
    let voided = 0;
    for (const r of receipts) {
      const allocated = r.s === null ? 0 : toInt(r.s);
      assert.equal(toInt(r.amount), toInt(r.unallocated) + allocated, `receipt ${r.id}`);
      if (r.voided_at) {
        voided++;
        assert.equal(allocated, 0, `voided receipt ${r.id} still pays`);
      }
    }
    assert.ok(voided > 5);
  });
});
