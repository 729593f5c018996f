// What a quote tells beyond its figures: the order made from it (and its amendments), the
// product codes of its lines as written, and the price list it starts with when created without
// lines (the customer group's, as with lines).
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import * as productCodeMigration from '../../db/migrations/20261123003500_quote_line_product_code.ts';
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

  test('quotes.get links the order made from the quote, through amendment and cancellation', async () => {
    const p = await productOf(f, { listPrice: 100_00 });
    const { opportunity } = await dealOf(f);
    const q = await f.as.rep1.quotes.create({
      opportunityId: opportunity.id,
      lines: [{ productId: p.id, quantity: 1000 }],
    });
    const s = await f.as.rep1.quotes.send({ id: q.id, versionNo: 1, version: q.version });
    const a = await f.as.rep1.quotes.accept({ id: q.id, versionNo: 1, version: s.version });
    assert.deepEqual([a.order, a.orders], [null, []]);
    const order = await f.as.rep1.orders.createFromQuote({ quoteId: q.id });
    const link = (
      o: { id: number; number: string },
      status: string,
      amendsOrderId = null as number | null,
    ) => ({
      id: o.id,
      number: o.number,
      status,
      versionNo: 1,
      amendsOrderId,
    });
    let got = await f.as.rep1.quotes.get({ id: q.id });
    assert.deepEqual(got.order, link(order, 'draft'));
    assert.deepEqual(got.orders, [link(order, 'draft')]);
    // Any version read tells the same order; so do the manager and finance.
    assert.deepEqual(
      (await f.as.mgrEast.quotes.get({ id: q.id, versionNo: 1 })).order,
      link(order, 'draft'),
    );
    assert.deepEqual((await f.as.finance.quotes.get({ id: q.id })).order?.id, order.id);
    const submitted = await f.as.rep1.orders.submit({ id: order.id, version: order.version });
    const approved =
      submitted.status === 'approved'
        ? submitted
        : await f.as.mgrEast.orders.approve({ id: order.id, version: submitted.version });
    const amendment = await f.as.rep1.orders.amend({ id: order.id, version: approved.version });
    got = await f.as.rep1.quotes.get({ id: q.id });
    // The approved order stays in force while its amendment waits.
    assert.deepEqual(got.order, link(order, 'approved'));
    assert.deepEqual(got.orders, [link(order, 'approved'), link(amendment, 'draft', order.id)]);
    const sub = await f.as.rep1.orders.submit({ id: amendment.id, version: amendment.version });
    await f.as.mgrEast.orders.approve({ id: amendment.id, version: sub.version });
    got = await f.as.rep1.quotes.get({ id: q.id });
    assert.deepEqual(got.order, link(amendment, 'approved', order.id));
    assert.deepEqual(
      got.orders.map((o) => [o.id, o.status]),
      [
        [order.id, 'cancelled'],
        [amendment.id, 'approved'],
      ],
    );
    // Another quote's reads know nothing of it.
    const other = await f.as.rep1.quotes.create({ opportunityId: opportunity.id });
    assert.deepEqual([other.order, other.orders], [null, []]);
  });

  test('quote lines carry the product code as written; lines without product have none', async () => {
    const p = await productOf(f, { listPrice: 100_00 });
    const { opportunity } = await dealOf(f);
    const q = await f.as.rep1.quotes.create({
      opportunityId: opportunity.id,
      lines: [
        { productId: p.id, quantity: 1000 },
        { productId: p.id, quantity: 1000, unitPrice: 5_00, description: '特价' },
        line(10_00),
      ],
    });
    assert.deepEqual(
      q.current.lines.map((l) => [l.productCode, l.description]),
      [
        [p.code, p.name],
        [p.code, '特价'],
        [null, 'Service 1000'],
      ],
    );
    const s = await f.as.rep1.quotes.send({ id: q.id, versionNo: 1, version: q.version });
    // The product is recoded and renamed later: the sent version keeps what it was written with.
    const renamed = await f.as.admin.products.update({
      id: p.id,
      version: p.version,
      patch: { code: `${p.code}-N`, name: `${p.name} 新` },
    });
    const v1 = await f.as.rep1.quotes.get({ id: q.id, versionNo: 1 });
    assert.deepEqual(
      v1.current.lines.map((l) => [l.productCode, l.description]),
      q.current.lines.map((l) => [l.productCode, l.description]),
    );
    // A revision copies the lines as they are; repricing rewrites them with today's code.
    const r = await f.as.rep1.quotes.revise({ id: s.id, fromVersionNo: 1 });
    assert.equal(r.current.lines[0]!.productCode, p.code);
    const edited = await f.as.rep1.quotes.update({
      id: s.id,
      versionNo: 2,
      version: r.version,
      patch: { lines: [{ productId: p.id, quantity: 3000 }] },
    });
    assert.deepEqual(
      [edited.current.lines[0]!.productCode, edited.current.lines[0]!.description],
      [renamed.code, renamed.name],
    );
  });

  test('lines written before the product code was kept take the product’s code at migration', async () => {
    const p = await productOf(f, { listPrice: 100_00 });
    const { opportunity } = await dealOf(f);
    const q = await f.as.rep1.quotes.create({
      opportunityId: opportunity.id,
      lines: [{ productId: p.id, quantity: 1000 }, line(10_00)],
    });
    const db = f.tdb.db;
    await productCodeMigration.down(db);
    assert.equal(await db.schema.hasColumn('quote_lines', 'product_code'), false);
    await db('products')
      .where({ id: p.id })
      .update({ code: `${p.code}-M` });
    await productCodeMigration.up(db);
    const got = await f.as.rep1.quotes.get({ id: q.id });
    assert.deepEqual(
      got.current.lines.map((l) => l.productCode),
      [`${p.code}-M`, null],
    );
  });
});
