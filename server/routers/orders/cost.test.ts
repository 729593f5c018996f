// An order line keeps the product's cost for margin reports, but cost is confidential
// (products.readCost): the rep who owns the order and their manager see the line with its cost
// null; finance and admins see it. Every answer carrying the order hides it alike.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import { dealOf, productOf, q2cFixture, type Q2cFixture } from './fixtures.ts';

describeEachDatabase('order line cost by role', (getDb) => {
  let f: Q2cFixture;
  before(async () => {
    f = await q2cFixture(getDb());
  });

  test('orders.get and the write answers: cost for finance and admins, null for the rep and manager', async () => {
    const { partner } = await dealOf(f);
    const product = await productOf(f, { cost: 61_50 });
    const created = await f.as.rep1.orders.create({
      partnerId: partner.id,
      title: '成本保密',
      lines: [{ productId: product.id, quantity: 2000 }],
    });
    assert.deepEqual(
      created.lines.map((l) => l.unitCost),
      [null],
      "the rep's own write answer",
    );
    const seen = async (who: 'rep1' | 'mgrEast' | 'finance' | 'admin') =>
      (await f.as[who].orders.get({ id: created.id })).lines.map((l) => l.unitCost);
    assert.deepEqual(await seen('rep1'), [null]);
    assert.deepEqual(await seen('mgrEast'), [null]);
    assert.deepEqual(await seen('finance'), [61_50]);
    assert.deepEqual(await seen('admin'), [61_50]);
    const submitted = await f.as.rep1.orders.submit({ id: created.id, version: created.version });
    assert.deepEqual(
      submitted.lines.map((l) => l.unitCost),
      [null],
    );
  });
});
