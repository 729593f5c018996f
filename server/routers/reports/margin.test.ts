import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { MarginReport } from '../../../core/schemas/margin.ts';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import {
  callerAs,
  createOrg,
  USERS,
  type Caller,
  type Org,
  type UserKey,
} from '../../../test/support/org.ts';
import { expectedMargin, PEOPLE, type MarginQuery } from '../targets/expected.ts';
import { generateDocuments, insertPartner, type GenOrder } from '../targets/generate.ts';

const bp = (margin: number, revenue: number) =>
  revenue === 0
    ? null
    : Number(
        (2n * BigInt(margin) * 10_000n + (margin < 0 ? -1n : 1n) * BigInt(revenue)) /
          (2n * BigInt(revenue)),
      );

/** Every row and total of the report equals the independent recomputation. */
function assertMargin(report: MarginReport, orders: GenOrder[], q: MarginQuery): number {
  const want = expectedMargin(orders, q);
  const got = new Map(
    report.rows.map((r) => [`${r.currency}|${q.groupBy === 'month' ? r.key : String(r.id)}`, r]),
  );
  assert.deepEqual([...got.keys()].sort(), [...want.keys()].sort(), 'the same groups');
  for (const [key, w] of want) {
    const r = got.get(key)!;
    assert.deepEqual(
      [
        r.revenue,
        r.cost,
        r.margin,
        r.quantity,
        r.lines,
        r.orders,
        r.uncostedLines,
        r.uncostedRevenue,
      ],
      [
        w.revenue,
        w.cost,
        w.revenue - w.cost,
        w.quantity,
        w.lines,
        w.orders.size,
        w.uncostedLines,
        w.uncostedRevenue,
      ],
      key,
    );
    assert.equal(r.marginBp, bp(w.revenue - w.cost, w.revenue), key);
  }
  for (const total of report.totals) {
    const mine = [...want.entries()]
      .filter(([k]) => k.startsWith(`${total.currency}|`))
      .map(([, v]) => v);
    const orderIds = new Set(mine.flatMap((m) => [...m.orders]));
    assert.equal(
      total.revenue,
      mine.reduce((s, m) => s + m.revenue, 0),
    );
    assert.equal(
      total.cost,
      mine.reduce((s, m) => s + m.cost, 0),
    );
    assert.equal(total.orders, orderIds.size);
  }
  return want.size;
}

describeEachDatabase('reports.margin', (getDb) => {
  let org: Org;
  let admin: Caller;
  let orders: GenOrder[];
  let products: number[];
  const all = () => (Object.keys(USERS) as UserKey[]).map((k) => org.users[k]);

  before(async () => {
    const { db } = getDb();
    org = await createOrg(getDb());
    admin = await callerAs(getDb(), org, 'admin');
    const u = org.users;
    const t = org.teams;
    products = [];
    for (const code of ['M1', 'M2', 'M3', 'M4'])
      products.push(
        (
          await admin.products.create({
            code,
            name: `产品 ${code}`,
            nameEn: `Product ${code}`,
            listPrice: 100,
            taxRate: 1300,
          })
        ).id,
      );
    ({ orders } = await generateDocuments(db, {
      seed: 7,
      orders: 400,
      receipts: 0,
      owners: [
        { userId: u.rep1, teamId: t.shanghai },
        { userId: u.rep2, teamId: t.shanghai },
        { userId: u.repDeep, teamId: t.pudong },
        { userId: u.repSouth, teamId: t.shenzhen },
        { userId: u.mgrEast, teamId: t.east },
        { userId: u.rep1, teamId: null },
      ],
      partnerIds: [
        await insertPartner(db, u.rep1, '上海精工机械有限公司'),
        await insertPartner(db, u.repSouth, '深圳华南电子有限公司'),
        await insertPartner(db, u.rep2, '杭州西湖仪表有限公司'),
      ],
      productIds: products,
      currencies: ['CNY', 'CNY', 'USD'],
      startDay: '2026-01-01',
      days: 300,
    }));
  });

  const range = { from: '2026-02-10', to: '2026-09-20' };

  test('by customer, product and month: every figure equals the recomputation', async (t) => {
    let groups = 0;
    for (const groupBy of ['customer', 'product', 'month'] as const) {
      const report = await admin.reports.margin({ groupBy, ...range });
      groups += assertMargin(report, orders, { groupBy, ...range, owners: all() });
    }
    // Lines without a product form a group of their own, and products carry their names.
    const byProduct = await admin.reports.margin({ groupBy: 'product', ...range, currency: 'CNY' });
    assert.ok(byProduct.rows.some((r) => r.id === null && r.name === null));
    const named = byProduct.rows.find((r) => r.id === products[0])!;
    assert.deepEqual([named.key, named.name, named.nameEn], ['M1', '产品 M1', 'Product M1']);
    assert.ok(byProduct.rows.every((r) => r.currency === 'CNY'));
    const months = await admin.reports.margin({ groupBy: 'month', ...range });
    assert.deepEqual(
      months.rows.filter((r) => r.currency === 'CNY').map((r) => r.key),
      ['2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09'],
    );
    const customers = await admin.reports.margin({
      groupBy: 'customer',
      ...range,
      currency: 'CNY',
    });
    assert.ok(customers.rows.some((r) => r.name === '上海精工机械有限公司'));
    for (let i = 1; i < customers.rows.length; i++)
      assert.ok(
        customers.rows[i - 1]!.revenue >= customers.rows[i]!.revenue,
        'largest revenue first',
      );
    assert.ok(
      orders.some((o) => o.status === 'approved' && o.lines.some((l) => l.unitCost === null)),
    );
    t.diagnostic(`groups checked: ${groups}`);
  });

  test('filters: owner, team subtree, product, partner and currency', async () => {
    const u = org.users;
    const tm = org.teams;
    const q = { groupBy: 'customer' as const, ...range };
    assertMargin(await admin.reports.margin({ ...q, ownerId: u.rep2 }), orders, {
      ...q,
      owners: [u.rep2],
    });
    assertMargin(await admin.reports.margin({ ...q, teamId: tm.shanghai }), orders, {
      ...q,
      owners: all(),
      teamIds: [tm.shanghai, tm.pudong],
    });
    assertMargin(
      await admin.reports.margin({ ...q, groupBy: 'month', productId: products[1]! }),
      orders,
      {
        ...q,
        groupBy: 'month',
        owners: all(),
        productId: products[1]!,
      },
    );
    const usd = await admin.reports.margin({ ...q, currency: 'USD' });
    assert.ok(usd.rows.length > 0 && usd.rows.every((r) => r.currency === 'USD'));
    assert.deepEqual(
      usd.totals.map((t) => t.currency),
      ['USD'],
    );
    const one = await admin.reports.margin({ ...q, partnerId: usd.rows[0]!.id! });
    assert.ok(one.rows.every((r) => r.id === usd.rows[0]!.id));
  });

  test('scope: a rep sees the margin of his own orders, a manager his subtree, finance all', async () => {
    const q = { groupBy: 'product' as const, ...range };
    const as = async (k: UserKey) => (await callerAs(getDb(), org, k)).reports.margin(q);
    assertMargin(await as('rep1'), orders, { ...q, owners: [org.users.rep1] });
    assertMargin(await as('mgrEast'), orders, {
      ...q,
      owners: PEOPLE.east.map((k) => org.users[k]),
    });
    assertMargin(await as('mgrSouth'), orders, {
      ...q,
      owners: PEOPLE.south.map((k) => org.users[k]),
    });
    assertMargin(await as('finance'), orders, { ...q, owners: all() });
  });

  test('an empty range answers no rows; a reversed one is refused', async () => {
    const empty = await admin.reports.margin({
      groupBy: 'month',
      from: '2020-01-01',
      to: '2020-12-31',
    });
    assert.deepEqual([empty.rows, empty.totals], [[], []]);
    await assert.rejects(
      admin.reports.margin({ groupBy: 'month', from: '2026-02-01', to: '2026-01-01' }),
      /from must not be after to/,
    );
  });
});
