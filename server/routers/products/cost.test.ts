// A product's cost (成本价) is confidential: every role that reads the catalogue gets the field,
// but only admins and finance (products.readCost) get its value; managers and reps get null.
// The expectations are written out by hand, and checked against the grants table, so changing
// either alone fails here.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { GRANTS } from '../../../core/permissions.ts';
import { describeEachDatabase, type TestDatabase } from '../../../test/support/databases.ts';
import { callerAs, createOrg, USERS, type Caller, type Org } from '../../../test/support/org.ts';

/** Who sees the cost; rep1's partner is in reach of every one of them (for resolve). */
const SEES_COST = { admin: true, finance: true, mgrEast: false, rep1: false } as const;
type Key = keyof typeof SEES_COST;
const KEYS = Object.keys(SEES_COST) as Key[];

describeEachDatabase('product cost by role', (getDb) => {
  let tdb: TestDatabase;
  let org: Org;
  const callers = {} as Record<Key, Caller>;
  let productId: number;
  let uncostedId: number;
  let partnerId: number;
  let code: string;

  before(async () => {
    tdb = getDb();
    org = await createOrg(tdb);
    for (const key of KEYS) callers[key] = await callerAs(tdb, org, key);
    const admin = callers.admin;
    code = `COST-${Date.now().toString(36)}`;
    const p = await admin.products.create({
      code,
      name: '伺服电机 成本测试',
      listPrice: 5_000_00,
      cost: 3_210_00,
      taxRate: 1300,
    });
    productId = p.id;
    uncostedId = (
      await admin.products.create({
        code: `${code}-N`,
        name: '无成本产品',
        listPrice: 1_00,
        taxRate: 1300,
      })
    ).id;
    partnerId = (await admin.partners.create({ name: '成本测试客户', ownerId: org.users.rep1 })).id;
  });

  test('the expectations agree with the grants table', () => {
    for (const key of KEYS) {
      const scope = GRANTS[USERS[key].role]['products.readCost'] ?? 'none';
      assert.equal(scope !== 'none', SEES_COST[key], key);
    }
  });

  test('products.get and products.list: the cost for admins and finance, null for the others', async () => {
    for (const key of KEYS) {
      const c = callers[key];
      const want = SEES_COST[key] ? 3_210_00 : null;
      const got = await c.products.get({ id: productId });
      assert.ok('cost' in got, `${key}: the field is always there`);
      assert.equal(got.cost, want, `${key} get`);
      assert.equal(got.listPrice, 5_000_00, `${key} still reads the list price`);
      const page = await c.products.list({ search: code, includeInactive: true });
      assert.deepEqual(
        page.items.map((p) => [p.code, p.cost]),
        [
          [code, want],
          [`${code}-N`, null],
        ],
        `${key} list`,
      );
    }
  });

  test('priceLists.resolve: the unit cost for admins and finance, null for the others', async () => {
    for (const key of KEYS) {
      const got = await callers[key].priceLists.resolve({
        partnerId,
        date: '2026-11-23',
        lines: [
          { productId, quantity: 1000 },
          { productId: uncostedId, quantity: 1000 },
        ],
      });
      assert.deepEqual(
        got.lines.map((l) => [l.unitPrice, l.unitCost]),
        [
          [5_000_00, SEES_COST[key] ? 3_210_00 : null],
          [1_00, null],
        ],
        key,
      );
    }
  });

  test("a write's answer follows the same rule, and a read-only token of finance still sees it", async () => {
    const admin = callers.admin;
    const p = await admin.products.get({ id: productId });
    const updated = await admin.products.update({
      id: p.id,
      version: p.version,
      patch: { cost: 3_300_00 },
    });
    assert.equal(updated.cost, 3_300_00);
    const financeReadOnly = await callerAs(tdb, org, 'finance', { scopes: ['read'] });
    assert.equal((await financeReadOnly.products.get({ id: productId })).cost, 3_300_00);
    const repReadOnly = await callerAs(tdb, org, 'rep1', { scopes: ['read'] });
    assert.equal((await repReadOnly.products.get({ id: productId })).cost, null);
  });
});
