// Price list administration: the header, prices per product in tiers (items.set upserts per
// product), one version guarding the whole list, audit, and the input rules.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { describeEachDatabase, type TestDatabase } from '../../../test/support/databases.ts';
import { callerAs, createOrg, type Caller, type Org } from '../../../test/support/org.ts';

const code = (c: string) => (e: { code?: string }) => e.code === c;
const fieldError =
  (field: string, rule: string) =>
  (e: { code?: string; cause?: { issues?: { path: string[]; code: string }[] } }) => {
    const issue = e.cause?.issues?.[0];
    assert.equal(e.code, 'BAD_REQUEST');
    assert.deepEqual([issue?.path.join('.'), issue?.code], [field, rule]);
    return true;
  };

describeEachDatabase('price lists', (getDb) => {
  let tdb: TestDatabase;
  let org: Org;
  let admin: Caller;
  let rep1: Caller;
  let n = 0;
  const uniq = () => `${Date.now().toString(36)}${(n++).toString(36)}`;
  const product = (code: string) =>
    admin.products.create({
      code: `${code}-${uniq()}`,
      name: code,
      listPrice: 100_00,
      taxRate: 1300,
    });

  before(async () => {
    tdb = getDb();
    org = await createOrg(tdb);
    admin = await callerAs(tdb, org, 'admin');
    rep1 = await callerAs(tdb, org, 'rep1');
  });

  test('create, read and list: header fields, item counts, filters', async () => {
    const group = `批发-${uniq()}`;
    const l = await admin.priceLists.create({
      name: '经销商价 2026',
      nameEn: 'Distributor 2026',
      priceMode: 'inclusive',
      customerGroup: group,
      validFrom: '2026-01-01',
      validTo: '2026-12-31',
    });
    assert.deepEqual(
      [l.name, l.nameEn, l.currency, l.priceMode, l.customerGroup, l.validFrom, l.validTo],
      ['经销商价 2026', 'Distributor 2026', 'CNY', 'inclusive', group, '2026-01-01', '2026-12-31'],
    );
    assert.deepEqual([l.version, l.active, l.itemCount, l.items], [1, true, 0, []]);
    const a = await product('A');
    await admin.priceLists.items.set({
      priceListId: l.id,
      version: 1,
      items: [
        { productId: a.id, unitPrice: 90_00 },
        { productId: a.id, unitPrice: 80_00, minQuantity: 50_000 },
      ],
    });
    const off = await admin.priceLists.create({ name: 'off', customerGroup: group, active: false });
    const mine = await rep1.priceLists.list({ customerGroup: group });
    assert.deepEqual(
      mine.items.map((x) => [x.id, x.itemCount]),
      [[l.id, 2]],
    );
    const all = await rep1.priceLists.list({ customerGroup: group, includeInactive: true });
    assert.deepEqual(all.items.map((x) => x.id).sort(), [l.id, off.id].sort());
  });

  test('items.set upserts per product: named products get exactly their tiers, others keep theirs', async () => {
    const a = await product('A');
    const b = await product('B');
    const c = await product('C');
    const l = await admin.priceLists.create({ name: `upsert ${uniq()}` });
    const first = await admin.priceLists.items.set({
      priceListId: l.id,
      version: l.version,
      items: [
        { productId: a.id, unitPrice: 90_00 },
        { productId: a.id, unitPrice: 85_00, minQuantity: 10_000 },
        { productId: b.id, unitPrice: 45_00 },
      ],
    });
    assert.equal(first.version, 2);
    const aBase = first.items.find((i) => i.productId === a.id && i.minQuantity === 0)!;

    const second = await admin.priceLists.items.set({
      priceListId: l.id,
      version: first.version,
      items: [
        { productId: a.id, unitPrice: 88_00 },
        { productId: a.id, unitPrice: 80_00, minQuantity: 20_000 },
        { productId: c.id, unitPrice: 10_00, validFrom: '2026-12-01' },
      ],
    });
    assert.equal(second.version, 3);
    const rows = second.items.map((i) => [i.productId, i.minQuantity, i.unitPrice, i.validFrom]);
    assert.deepEqual(
      rows.sort((x, y) => String(x).localeCompare(String(y))),
      [
        [a.id, 0, 88_00, null],
        [a.id, 20_000, 80_00, null],
        [b.id, 0, 45_00, null],
        [c.id, 0, 10_00, '2026-12-01'],
      ].sort((x, y) => String(x).localeCompare(String(y))),
    );
    const aBaseAfter = second.items.find((i) => i.productId === a.id && i.minQuantity === 0)!;
    assert.deepEqual([aBaseAfter.id, aBaseAfter.version], [aBase.id, 2], 'kept and changed');

    const third = await admin.priceLists.items.set({
      priceListId: l.id,
      version: second.version,
      remove: [b.id, 999_999],
    });
    assert.deepEqual([...new Set(third.items.map((i) => i.productId))].sort(), [a.id, c.id].sort());
    await assert.rejects(
      admin.priceLists.items.set({ priceListId: l.id, version: second.version, remove: [a.id] }),
      code('CONFLICT'),
    );

    const history = await tdb
      .db('audit_log')
      .where({ entity: 'price_list_items' })
      .whereIn(
        'entity_id',
        [...first.items, ...second.items].map((i) => i.id),
      )
      .select('entity_id', 'action', 'field', 'new_value');
    const actions = (id: number) =>
      history.filter((h) => Number(h.entity_id) === id).map((h) => h.action);
    assert.ok(actions(aBase.id).includes('create'));
    assert.ok(
      history.some(
        (h) =>
          Number(h.entity_id) === aBase.id && h.field === 'unit_price' && h.new_value === '8800',
      ),
    );
    const removed = first.items.find((i) => i.minQuantity === 10_000)!;
    assert.ok(actions(removed.id).includes('archive'));
  });

  test('items.set refuses ambiguous tiers, reversed dates, unknown products and contradictions', async () => {
    const a = await product('A');
    const l = await admin.priceLists.create({ name: `rules ${uniq()}` });
    const set = (items: unknown[], remove: number[] = []) =>
      admin.priceLists.items.set({
        priceListId: l.id,
        version: l.version,
        items: items as never,
        remove,
      });
    await assert.rejects(
      set([
        { productId: a.id, unitPrice: 1, validFrom: '2026-01-01' },
        { productId: a.id, unitPrice: 2, validFrom: '2026-01-01', validTo: '2026-02-01' },
      ]),
      fieldError('items.1.validFrom', 'duplicate'),
    );
    await assert.rejects(
      set([{ productId: a.id, unitPrice: 1, validFrom: '2026-02-01', validTo: '2026-01-31' }]),
      fieldError('items.0.validTo', 'after_from'),
    );
    await assert.rejects(
      set([{ productId: 999_999, unitPrice: 1 }]),
      fieldError('items.0.productId', 'exists'),
    );
    await assert.rejects(
      set([{ productId: a.id, unitPrice: 1 }], [a.id]),
      fieldError('remove.0', 'conflict'),
    );
    await assert.rejects(set([{ productId: a.id, unitPrice: -1 }]), code('BAD_REQUEST'));
    await assert.rejects(
      rep1.priceLists.items.set({ priceListId: l.id, version: l.version, items: [] }),
      code('FORBIDDEN'),
    );
    const unchanged = await admin.priceLists.get({ id: l.id });
    assert.deepEqual([unchanged.version, unchanged.items], [1, []]);
  });

  test('update: versioned; currency and price mode are fixed while the list holds prices; dates in order', async () => {
    const a = await product('A');
    const l = await admin.priceLists.create({ name: `upd ${uniq()}`, validFrom: '2026-01-01' });
    const empty = await admin.priceLists.update({
      id: l.id,
      version: l.version,
      patch: { currency: 'USD', priceMode: 'inclusive' },
    });
    assert.deepEqual([empty.version, empty.currency, empty.priceMode], [2, 'USD', 'inclusive']);
    const priced = await admin.priceLists.items.set({
      priceListId: l.id,
      version: empty.version,
      items: [{ productId: a.id, unitPrice: 14_00 }],
    });
    await assert.rejects(
      admin.priceLists.update({ id: l.id, version: priced.version, patch: { currency: 'CNY' } }),
      fieldError('patch.currency', 'fixed'),
    );
    await assert.rejects(
      admin.priceLists.update({
        id: l.id,
        version: priced.version,
        patch: { priceMode: 'exclusive' },
      }),
      fieldError('patch.priceMode', 'fixed'),
    );
    await assert.rejects(
      admin.priceLists.update({
        id: l.id,
        version: priced.version,
        patch: { validTo: '2025-12-31' },
      }),
      fieldError('patch.validTo', 'after_from'),
    );
    await assert.rejects(
      admin.priceLists.update({ id: l.id, version: 1, patch: { name: 'stale' } }),
      code('CONFLICT'),
    );
    const renamed = await admin.priceLists.update({
      id: l.id,
      version: priced.version,
      patch: { name: '美元价', customerGroup: 'export', validTo: '2026-12-31' },
    });
    assert.deepEqual(
      [renamed.name, renamed.customerGroup, renamed.validTo, renamed.items.length],
      ['美元价', 'export', '2026-12-31', 1],
    );
    await assert.rejects(
      admin.priceLists.create({ name: 'x', validFrom: '2026-02-01', validTo: '2026-01-01' }),
      fieldError('validTo', 'after_from'),
    );
    await assert.rejects(
      admin.priceLists.create({ name: 'x', currency: 'ABC' }),
      fieldError('currency', 'currency'),
    );
  });

  test('archive: the list is gone from reads; archived products drop out of a list', async () => {
    const a = await product('A');
    const b = await product('B');
    const l = await admin.priceLists.create({ name: `arc ${uniq()}` });
    const priced = await admin.priceLists.items.set({
      priceListId: l.id,
      version: l.version,
      items: [
        { productId: a.id, unitPrice: 1_00 },
        { productId: b.id, unitPrice: 2_00 },
      ],
    });
    await admin.products.archive({ id: b.id, version: b.version });
    const after = await rep1.priceLists.get({ id: l.id });
    assert.deepEqual([after.itemCount, after.items.map((i) => i.productId)], [1, [a.id]]);
    await assert.rejects(admin.priceLists.archive({ id: l.id, version: 1 }), code('CONFLICT'));
    await admin.priceLists.archive({ id: l.id, version: priced.version });
    await assert.rejects(rep1.priceLists.get({ id: l.id }), code('NOT_FOUND'));
    const listed = await rep1.priceLists.list({ includeInactive: true });
    assert.ok(!listed.items.some((x) => x.id === l.id));
  });

  test('concurrent items.set on the same version: exactly one lands, the other is a CONFLICT', async () => {
    const a = await product('A');
    const l = await admin.priceLists.create({ name: `race ${uniq()}` });
    const results = await Promise.allSettled(
      [10_00, 20_00, 30_00].map((unitPrice) =>
        admin.priceLists.items.set({
          priceListId: l.id,
          version: l.version,
          items: [{ productId: a.id, unitPrice }],
        }),
      ),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    assert.equal(won.length, 1);
    assert.ok(lost.every((r) => (r.reason as { code?: string }).code === 'CONFLICT'));
    const after = await admin.priceLists.get({ id: l.id });
    assert.equal(after.version, 2);
    assert.deepEqual(
      after.items.map((i) => i.unitPrice),
      [won[0]!.value.items[0]!.unitPrice],
    );
  });
});
