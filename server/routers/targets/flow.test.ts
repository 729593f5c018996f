// Attainment and margin over documents written through the real workflow (orders.create, submit,
// approve, cancel; receipts.record), not generated rows: an order counts once it is approved, and
// stops counting when it is cancelled; a receipt counts for its customer's owner.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { extend } from '../../../core/money/index.ts';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import { callerAs, createOrg, type Caller, type Org } from '../../../test/support/org.ts';

describeEachDatabase('targets and margin over the order and receipt workflow', (getDb) => {
  let org: Org;
  let admin: Caller;
  let rep1: Caller;
  let mgrEast: Caller;
  let partnerId: number;
  let productId: number;

  before(async () => {
    org = await createOrg(getDb());
    admin = await callerAs(getDb(), org, 'admin');
    rep1 = await callerAs(getDb(), org, 'rep1');
    mgrEast = await callerAs(getDb(), org, 'mgrEast');
    partnerId = (
      await admin.partners.create({ name: '苏州工业园自动化有限公司', ownerId: org.users.rep1 })
    ).id;
    productId = (
      await admin.products.create({
        code: 'FLOW-1',
        name: '伺服驱动器',
        listPrice: 2_980_00,
        cost: 1_880_37,
        taxRate: 1300,
      })
    ).id;
  });

  const attained = async (c: Caller, s: { teamId?: number; userId?: number }, basis?: 'receipts') =>
    (await c.targets.attainment({ ...s, period: '2026-05', basis })).rows[0]!;

  test('an approved order counts for its owner and up the tree; a cancelled one stops counting', async () => {
    const target = await mgrEast.targets.set({
      userId: org.users.rep1,
      period: '2026-05',
      currency: 'CNY',
      amount: 100_000_00,
      quantity: 10_000,
    });
    const draft = await rep1.orders.create({
      partnerId,
      title: '5月 伺服驱动器',
      orderDate: '2026-05-12',
      lines: [{ productId, quantity: 3_500 }],
    });
    assert.equal(
      (await attained(rep1, { userId: org.users.rep1 })).actualAmount,
      0,
      'a draft counts nowhere',
    );

    const submitted = await rep1.orders.submit({ id: draft.id, version: draft.version });
    const order =
      submitted.status === 'approved'
        ? submitted
        : await mgrEast.orders.approve({ id: submitted.id, version: submitted.version });
    assert.equal(order.status, 'approved');
    const gross = order.totals.gross;
    const net = order.totals.net;
    assert.ok(gross > net && net > 0);

    const mine = await rep1.targets.attainment({ id: target.id });
    assert.deepEqual(
      [mine.rows[0]!.actualAmount, mine.rows[0]!.actualQuantity, mine.rows[0]!.targetAmount],
      [gross, 3_500, 100_000_00],
    );
    assert.equal(mine.rows[0]!.amountBp, Math.round((gross * 10_000) / 100_000_00));
    for (const teamId of [org.teams.shanghai, org.teams.east, org.teams.hq])
      assert.equal((await attained(admin, { teamId })).actualAmount, gross, `team ${teamId}`);
    assert.equal((await attained(admin, { teamId: org.teams.pudong })).actualAmount, 0);
    assert.equal((await attained(admin, { teamId: org.teams.south })).actualAmount, 0);

    const margin = await rep1.reports.margin({
      groupBy: 'product',
      from: '2026-05-01',
      to: '2026-05-31',
    });
    assert.equal(margin.rows.length, 1);
    assert.deepEqual(
      [margin.rows[0]!.id, margin.rows[0]!.revenue, margin.rows[0]!.cost, margin.rows[0]!.quantity],
      [productId, net, extend(3_500, 1_880_37), 3_500],
    );
    assert.equal(margin.rows[0]!.margin, net - extend(3_500, 1_880_37));

    await mgrEast.orders.cancel({ id: order.id, version: order.version, reason: '客户取消' });
    assert.equal((await attained(rep1, { userId: org.users.rep1 })).actualAmount, 0);
    assert.equal((await attained(admin, { teamId: org.teams.hq })).actualAmount, 0);
    const after = await admin.reports.margin({
      groupBy: 'customer',
      from: '2026-05-01',
      to: '2026-05-31',
    });
    assert.deepEqual(after.rows, []);
  });

  test("a receipt counts on the receipts basis for its customer's owner, by receipt date", async () => {
    const finance = await callerAs(getDb(), org, 'finance');
    await finance.receipts.record({
      partnerId,
      date: '2026-05-20',
      amount: 12_345_67,
      currency: 'CNY',
      method: 'bank_transfer',
      idempotencyKey: 'flow-receipt-0001',
    });
    await finance.receipts.record({
      partnerId,
      date: '2026-06-01',
      amount: 1_00,
      currency: 'CNY',
      method: 'bank_transfer',
      idempotencyKey: 'flow-receipt-0002',
    });
    assert.equal(
      (await attained(rep1, { userId: org.users.rep1 }, 'receipts')).actualAmount,
      12_345_67,
    );
    assert.equal(
      (await attained(admin, { teamId: org.teams.east }, 'receipts')).actualAmount,
      12_345_67,
    );
    assert.equal((await attained(admin, { userId: org.users.rep2 }, 'receipts')).actualAmount, 0);
  });
});
