// What a quote tells beyond its figures: the price list it starts with when created without
// lines (the customer group's, as with lines).
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import { dealOf, line, productOf, q2cFixture, type Q2cFixture } from '../orders/fixtures.ts';

describeEachDatabase('quote reads and defaults', (getDb) => {
  let f: Q2cFixture;
  before(async () => {
    f = await q2cFixture(getDb());
  });

  async function groupList(priceMode: 'inclusive' | 'exclusive' = 'inclusive') {
    const group = `G-${f.uniq()}`;
    const list = await f.as.admin.priceLists.create({
      name: `组 ${group}`,
      customerGroup: group,
      priceMode,
    });
    return { group, list };
  }

  test('created without lines, a quote takes the customer group’s list, as with lines', async () => {
    const { group, list } = await groupList();
    const p = await productOf(f, { listPrice: 100_00, taxRate: 1300 });
    await f.as.admin.priceLists.items.set({
      priceListId: list.id,
      version: list.version,
      items: [{ productId: p.id, unitPrice: 90_00 }],
    });
    const { opportunity } = await dealOf(f, 'rep1', group);
    const empty = await f.as.rep1.quotes.create({ opportunityId: opportunity.id });
    const withProduct = await f.as.rep1.quotes.create({
      opportunityId: opportunity.id,
      lines: [{ productId: p.id, quantity: 1000 }],
    });
    const manual = await f.as.rep1.quotes.create({
      opportunityId: opportunity.id,
      lines: [line(10_00)],
    });
    for (const q of [empty, withProduct, manual])
      assert.deepEqual(
        [q.current.priceListId, q.current.totals.currency, q.current.totals.priceMode],
        [list.id, 'CNY', 'inclusive'],
      );
    // Products added later are priced by that list.
    const edited = await f.as.rep1.quotes.update({
      id: empty.id,
      versionNo: 1,
      version: empty.version,
      patch: { lines: [{ productId: p.id, quantity: 2000 }] },
    });
    assert.deepEqual(
      [edited.current.priceListId, edited.current.lines[0]!.unitPrice],
      [list.id, 90_00],
    );
    // Explicit header choices still win over the list's.
    const exclusive = await f.as.rep1.quotes.create({
      opportunityId: opportunity.id,
      priceMode: 'exclusive',
      lines: [line(10_00)],
    });
    assert.equal(exclusive.current.totals.priceMode, 'exclusive');
    // A customer whose group has no list starts without one.
    const other = await dealOf(f, 'rep1', `none-${f.uniq()}`);
    const plain = await f.as.rep1.quotes.create({ opportunityId: other.opportunity.id });
    assert.deepEqual(
      [plain.current.priceListId, plain.current.totals.priceMode],
      [null, 'exclusive'],
    );
  });
});
