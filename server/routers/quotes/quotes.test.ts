// Quotes: price list filling, version immutability (sent versions never change, revise copies
// from any version), comparison, at most one accepted version (also under concurrent accepts),
// expiry on read, and the order made from the accepted version.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { computeTotals } from '../../../core/money/index.ts';
import type { DocumentLineInput } from '../../../core/schemas/quotes.ts';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import {
  code,
  dealOf,
  fieldOf,
  figures,
  line,
  productOf,
  q2cFixture,
  type Q2cFixture,
} from '../orders/fixtures.ts';

const failed = (c: string, reason?: string) => (e: unknown) => {
  const err = e as { code?: string; cause?: { details?: { reason?: string } } };
  assert.equal(err.code, c);
  if (reason) assert.equal(err.cause?.details?.reason, reason);
  return true;
};

describeEachDatabase('quotes', (getDb) => {
  let f: Q2cFixture;
  before(async () => {
    f = await q2cFixture(getDb());
  });

  async function quote(lines: DocumentLineInput[] = [line(100_00, 2000), line(50_00, 1000)]) {
    const { opportunity } = await dealOf(f);
    return f.as.rep1.quotes.create({ opportunityId: opportunity.id, lines, validUntil: null });
  }

  async function sent(lines?: DocumentLineInput[]) {
    const q = await quote(lines);
    return f.as.rep1.quotes.send({ id: q.id, versionNo: 1, version: q.version });
  }

  test('lines are filled from the customer group’s price list; explicit prices win', async () => {
    const group = `VIP-${f.uniq()}`;
    const a = await productOf(f, { listPrice: 200_00, taxRate: 1300 });
    const b = await productOf(f, { listPrice: 80_00, taxRate: 900 });
    const list = await f.as.admin.priceLists.create({
      name: `VIP ${group}`,
      customerGroup: group,
      priceMode: 'inclusive',
    });
    await f.as.admin.priceLists.items.set({
      priceListId: list.id,
      version: list.version,
      items: [{ productId: a.id, unitPrice: 180_00 }],
    });
    const { opportunity } = await dealOf(f, 'rep1', group);
    const q = await f.as.rep1.quotes.create({
      opportunityId: opportunity.id,
      lines: [
        { productId: a.id, quantity: 2000 },
        { productId: b.id, quantity: 1000, unitPrice: 99_00, description: '特价' },
      ],
      discount: { kind: 'percent', value: 500 },
    });
    const v = q.current;
    assert.deepEqual(
      [v.priceListId, v.totals.currency, v.totals.priceMode],
      [list.id, 'CNY', 'inclusive'],
    );
    assert.deepEqual(
      v.lines.map((l) => [l.productId, l.description, l.unitPrice, l.taxRate]),
      [
        [a.id, a.name, 180_00, 1300],
        // Not in the list: its list price made tax-inclusive at its rate; the explicit price wins.
        [b.id, '特价', 99_00, 900],
      ],
    );
    const expected = computeTotals(
      [
        { quantity: 2000, unitPrice: 180_00, taxRate: 1300 },
        { quantity: 1000, unitPrice: 99_00, taxRate: 900 },
      ],
      'inclusive',
      { kind: 'percent', value: 500 },
    );
    assert.deepEqual(figures(v.totals), figures(expected));
    await assert.rejects(
      f.as.rep1.quotes.create({
        opportunityId: opportunity.id,
        currency: 'USD',
        lines: [{ productId: a.id, quantity: 1000 }],
      }),
      (e) => fieldOf(e).join() === 'currency,price_list',
    );
  });

  test('a sent version is frozen; revise copies any version into a new draft; old ones stay readable', async () => {
    const s = await sent();
    const v1 = await f.as.rep1.quotes.get({ id: s.id, versionNo: 1 });
    const v1Lines = await f.tdb
      .db('quote_lines')
      .orderBy('id')
      .select('*')
      .whereIn(
        'quote_version_id',
        f.tdb.db('quote_versions').select('id').where({ quote_id: s.id, version_no: 1 }),
      );
    await assert.rejects(
      f.as.rep1.quotes.update({
        id: s.id,
        versionNo: 1,
        version: s.version,
        patch: { lines: [line(1_00)] },
      }),
      failed('PRECONDITION_FAILED', 'status'),
    );
    await assert.rejects(
      f.as.rep1.quotes.send({ id: s.id, versionNo: 1, version: s.version }),
      failed('PRECONDITION_FAILED', 'status'),
    );
    const r = await f.as.rep1.quotes.revise({ id: s.id, fromVersionNo: 1 });
    assert.deepEqual([r.latestVersionNo, r.current.versionNo, r.current.status], [2, 2, 'draft']);
    assert.equal(r.current.basedOnVersionNo, 1);
    assert.deepEqual(r.current.lines, v1.current.lines);
    assert.deepEqual(r.current.totals, v1.current.totals);
    await assert.rejects(
      f.as.rep1.quotes.revise({ id: s.id, fromVersionNo: 1 }),
      failed('PRECONDITION_FAILED', 'draft_exists'),
    );
    const edited = await f.as.rep1.quotes.update({
      id: s.id,
      versionNo: 2,
      version: r.version,
      patch: { lines: [line(100_00, 3000)], terms: '预付 30%' },
    });
    await f.as.rep1.quotes.send({ id: s.id, versionNo: 2, version: edited.version });
    const again = await f.as.rep1.quotes.get({ id: s.id });
    const v3 = await f.as.rep1.quotes.revise({ id: s.id, fromVersionNo: 1 });
    assert.deepEqual([v3.current.versionNo, v3.current.basedOnVersionNo], [3, 1]);
    assert.deepEqual(v3.current.lines, v1.current.lines);
    assert.deepEqual(
      v3.versions.map((v) => [v.versionNo, v.status]),
      [
        [1, 'sent'],
        [2, 'sent'],
        [3, 'draft'],
      ],
    );
    assert.equal(again.latestVersionNo, 2);
    // Version 1, after all that: the same answer, the same stored rows.
    const v1After = await f.as.rep1.quotes.get({ id: s.id, versionNo: 1 });
    assert.deepEqual(v1After.current, v1.current);
    const v1LinesAfter = await f.tdb
      .db('quote_lines')
      .orderBy('id')
      .select('*')
      .whereIn(
        'quote_version_id',
        f.tdb.db('quote_versions').select('id').where({ quote_id: s.id, version_no: 1 }),
      );
    assert.deepEqual(v1LinesAfter, v1Lines);
  });

  test('compare: lines matched by product or description, differences and total deltas b − a', async () => {
    const p = await productOf(f, { listPrice: 10_00, taxRate: 1300 });
    const s = await sent([
      { productId: p.id, quantity: 5000, unitPrice: 10_00, taxRate: 600 },
      line(300_00, 1000, { description: '安装' }),
      line(70_00, 1000, { description: '培训' }),
    ]);
    const r = await f.as.rep1.quotes.revise({ id: s.id, fromVersionNo: 1 });
    await f.as.rep1.quotes.update({
      id: s.id,
      versionNo: 2,
      version: r.version,
      patch: {
        lines: [
          { productId: p.id, quantity: 8000, unitPrice: 10_00, taxRate: 600 },
          line(300_00, 1000, { description: '安装' }),
          line(20_00, 2000, { description: '运费' }),
        ],
        discount: { kind: 'amount', value: 5_00 },
        validUntil: '2099-12-31',
      },
    });
    const c = await f.as.rep1.quotes.compare({ id: s.id, a: 1, b: 2 });
    assert.deepEqual(
      c.lines.map((l) => [l.change, l.a?.description ?? null, l.b?.description ?? null]),
      [
        ['changed', p.name, p.name],
        ['changed', '安装', '安装'],
        ['added', null, '运费'],
        ['removed', '培训', null],
      ],
    );
    const first = c.lines[0]!.differences;
    assert.deepEqual(first.quantity, { a: 5000, b: 8000, delta: 3000 });
    assert.equal(first.taxRate, undefined);
    // The second line differs only by its share of the new header discount.
    assert.deepEqual(Object.keys(c.lines[1]!.differences).sort(), [
      'gross',
      'headerDiscount',
      'net',
      'tax',
    ]);
    const [va, vb] = await Promise.all([
      f.as.rep1.quotes.get({ id: s.id, versionNo: 1 }),
      f.as.rep1.quotes.get({ id: s.id, versionNo: 2 }),
    ]);
    for (const k of ['subtotal', 'lineDiscount', 'headerDiscount', 'net', 'tax', 'gross'] as const)
      assert.deepEqual(c.totals[k], {
        a: va.current.totals[k],
        b: vb.current.totals[k],
        delta: vb.current.totals[k] - va.current.totals[k],
      });
    assert.deepEqual(Object.keys(c.header).sort(), ['discount', 'validUntil']);
    assert.equal(c.sameCurrency, true);
  });

  test('one accepted version at most, also when two versions are accepted at once', async () => {
    const s = await sent();
    const r = await f.as.rep1.quotes.revise({ id: s.id, fromVersionNo: 1 });
    const s2 = await f.as.rep1.quotes.send({ id: s.id, versionNo: 2, version: r.version });
    const acc = await f.as.rep1.quotes.accept({
      id: s.id,
      versionNo: 1,
      version: s2.version,
      note: 'PO-778',
    });
    assert.deepEqual(
      [acc.status, acc.acceptedVersionNo, acc.current.decisionNote],
      ['accepted', 1, 'PO-778'],
    );
    await assert.rejects(
      f.as.rep1.quotes.accept({ id: s.id, versionNo: 2, version: acc.version }),
      failed('PRECONDITION_FAILED', 'already_accepted'),
    );
    await assert.rejects(
      f.as.rep1.quotes.revise({ id: s.id, fromVersionNo: 2 }),
      failed('PRECONDITION_FAILED', 'accepted'),
    );
    for (let i = 0; i < 3; i++) {
      const q = await sent();
      const rv = await f.as.rep1.quotes.revise({ id: q.id, fromVersionNo: 1 });
      const q2 = await f.as.rep1.quotes.send({ id: q.id, versionNo: 2, version: rv.version });
      const results = await Promise.allSettled([
        f.as.rep1.quotes.accept({ id: q.id, versionNo: 1, version: q2.version }),
        f.as.mgrEast.quotes.accept({ id: q.id, versionNo: 2, version: q2.version }),
      ]);
      assert.equal(results.filter((x) => x.status === 'fulfilled').length, 1);
      const versions = await f.tdb
        .db('quote_versions')
        .where({ quote_id: q.id, status: 'accepted' });
      assert.equal(versions.length, 1);
    }
  });

  test('expiry is applied on read: past validUntil reads as expired, cannot be accepted, can be rejected', async () => {
    const q = await quote();
    await assert.rejects(
      f.as.rep1.quotes.update({
        id: q.id,
        versionNo: 1,
        version: q.version,
        patch: { quoteDate: '2026-03-10', validUntil: '2026-03-01' },
      }),
      (e) => fieldOf(e).join() === 'patch.validUntil,after_quote_date',
    );
    const s = await f.as.rep1.quotes.send({ id: q.id, versionNo: 1, version: q.version });
    // Time passes: the validity ends (set in the row, as the calendar would).
    await f.tdb
      .db('quote_versions')
      .where({ quote_id: q.id })
      .update({ valid_until: '2020-01-31' });
    const got = await f.as.rep1.quotes.get({ id: q.id });
    assert.deepEqual([got.status, got.current.status], ['expired', 'expired']);
    const expired = await f.as.rep1.quotes.list({ status: 'expired', partnerId: got.partnerId });
    assert.deepEqual(
      expired.items.map((i) => i.id),
      [q.id],
    );
    const sentList = await f.as.rep1.quotes.list({ status: 'sent', partnerId: got.partnerId });
    assert.equal(sentList.items.length, 0);
    await assert.rejects(
      f.as.rep1.quotes.accept({ id: q.id, versionNo: 1, version: s.version }),
      failed('PRECONDITION_FAILED', 'status'),
    );
    const rej = await f.as.rep1.quotes.reject({
      id: q.id,
      versionNo: 1,
      version: s.version,
      reason: '客户选择了别家',
    });
    assert.deepEqual([rej.status, rej.current.decisionNote], ['rejected', '客户选择了别家']);
    const rv = await f.as.rep1.quotes.revise({ id: q.id, fromVersionNo: 1 });
    assert.equal(rv.current.status, 'draft');
  });

  test('the order from the accepted version copies lines, partner, addresses by type and totals', async () => {
    const p = await productOf(f, { listPrice: 120_00, taxRate: 1300, cost: 70_00 });
    const { opportunity, partner } = await dealOf(f);
    const q = await f.as.rep1.quotes.create({
      opportunityId: opportunity.id,
      lines: [
        { productId: p.id, quantity: 4000, discount: { kind: 'percent', value: 250 } },
        line(45_50, 1500),
      ],
      discount: { kind: 'percent', value: 300 },
      terms: '验收后 30 天付款',
    });
    const s = await f.as.rep1.quotes.send({ id: q.id, versionNo: 1, version: q.version });
    await assert.rejects(
      f.as.rep1.orders.createFromQuote({ quoteId: q.id }),
      failed('PRECONDITION_FAILED', 'not_accepted'),
    );
    const a = await f.as.rep1.quotes.accept({ id: q.id, versionNo: 1, version: s.version });
    await assert.rejects(
      f.as.rep1.orders.createFromQuote({ quoteId: q.id, versionNo: 2 }),
      failed('PRECONDITION_FAILED', 'not_accepted'),
    );
    const order = await f.as.rep1.orders.createFromQuote({ quoteId: q.id, versionNo: 1 });
    assert.deepEqual(
      [order.partnerId, order.opportunityId, order.quoteId, order.ownerId, order.terms],
      [partner.id, opportunity.id, q.id, f.org.users.rep1, '验收后 30 天付款'],
    );
    assert.deepEqual(order.totals, a.current.totals);
    assert.deepEqual(
      order.lines.map(({ unitCost: _u, ...l }) => l),
      a.current.lines.map(({ productCode: _c, ...l }) => l),
    );
    // The cost is copied to the order (seen by those who may read costs, not by the rep).
    assert.deepEqual(
      (await f.as.finance.orders.get({ id: order.id })).lines.map((l) => l.unitCost),
      [70_00, null],
    );
    assert.deepEqual(
      [order.invoiceAddress?.line1, order.invoiceAddress?.type],
      ['3 Ledger Lane', 'invoice'],
    );
    assert.deepEqual(
      [order.deliveryAddress?.line1, order.deliveryAddress?.city],
      ['4 Default Dock', '苏州'],
    );
    assert.match(order.events[0]!.comment ?? '', new RegExp(`from quote ${q.number} version 1`));
    await assert.rejects(
      f.as.rep1.orders.createFromQuote({ quoteId: q.id }),
      failed('PRECONDITION_FAILED', 'ordered'),
    );
  });

  test('input rules: a lost deal takes no quote; the contact must be the partner’s; no empty send', async () => {
    const { opportunity } = await dealOf(f);
    const lost = await f.as.admin.opportunities.close({
      id: opportunity.id,
      version: opportunity.version,
      outcome: 'lost',
      reasonId: Object.values(f.funnel.reasons.lost)[0]!,
    });
    await assert.rejects(
      f.as.rep1.quotes.create({ opportunityId: lost.id, lines: [] }),
      failed('PRECONDITION_FAILED', 'closed'),
    );
    const other = await dealOf(f);
    const stranger = await f.as.admin.contacts.create({ name: `C ${f.uniq()}` });
    await assert.rejects(
      f.as.rep1.quotes.create({ opportunityId: other.opportunity.id, contactId: stranger.id }),
      (e) => fieldOf(e).join() === 'contactId,linked',
    );
    const empty = await f.as.rep1.quotes.create({ opportunityId: other.opportunity.id });
    await assert.rejects(
      f.as.rep1.quotes.send({ id: empty.id, versionNo: 1, version: empty.version }),
      failed('PRECONDITION_FAILED', 'no_lines'),
    );
    await assert.rejects(
      f.as.rep1.quotes.create({
        opportunityId: other.opportunity.id,
        lines: [line(10_00, 1000, { discount: { kind: 'amount', value: 11_00 } })],
      }),
      (e) => fieldOf(e).join() === 'lines.0.discount,max',
    );
    await assert.rejects(
      f.as.rep1.quotes.create({
        opportunityId: other.opportunity.id,
        lines: [line(1e12, 1e12)],
      }),
      (e) => fieldOf(e).join() === 'lines,range',
    );
    await assert.rejects(f.as.rep2.quotes.get({ id: empty.id }), code('NOT_FOUND'));
  });
});
