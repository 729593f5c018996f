// The catalogue's history through audit.list: products, price lists, their prices (tiers) and
// payment terms. Whoever holds audit.read and reads the catalogue (products.read) reads the
// history of live records; admins also that of archived ones; a product's cost rows only with
// products.readCost.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { describeEachDatabase, type TestDatabase } from '../../../test/support/databases.ts';
import { callerAs, createOrg, type Caller, type Org } from '../../../test/support/org.ts';

const code = (c: string, message?: string) => (e: { code?: string; message?: string }) =>
  e.code === c && (message === undefined || e.message === message);

type Entry = Awaited<ReturnType<Caller['audit']['list']>>['items'][number];
const fieldsOf = (items: Entry[]) => items.map((h) => [h.action, h.field, h.oldValue, h.newValue]);

describeEachDatabase('audit of the catalogue', (getDb) => {
  let tdb: TestDatabase;
  let org: Org;
  let admin: Caller;
  let mgrEast: Caller;
  let rep1: Caller;
  let finance: Caller;
  let n = 0;
  const uniq = () => `${Date.now().toString(36)}${(n++).toString(36)}`;

  before(async () => {
    tdb = getDb();
    org = await createOrg(tdb);
    admin = await callerAs(tdb, org, 'admin');
    mgrEast = await callerAs(tdb, org, 'mgrEast');
    rep1 = await callerAs(tdb, org, 'rep1');
    finance = await callerAs(tdb, org, 'finance');
  });

  async function product() {
    const p = await admin.products.create({
      code: `A-${uniq()}`,
      name: '审计产品',
      listPrice: 100_00,
      cost: 60_00,
      taxRate: 1300,
    });
    const u = await admin.products.update({
      id: p.id,
      version: p.version,
      patch: { listPrice: 120_00, cost: 70_00 },
    });
    return u;
  }

  test('product writes are history: who, what, old and new; the cost only for cost readers', async () => {
    const p = await product();
    const full = await admin.audit.list({ entity: 'products', entityId: p.id });
    assert.deepEqual(fieldsOf(full.items.filter((h) => h.action === 'update')), [
      ['update', 'cost', '6000', '7000'],
      ['update', 'list_price', '10000', '12000'],
    ]);
    assert.ok(full.items.every((h) => h.userName === 'Ada Admin'));
    const created = full.items.filter((h) => h.action === 'create').map((h) => h.field);
    assert.ok(created.includes('code') && created.includes('cost'), created.join());

    for (const [who, c] of [
      ['mgrEast', mgrEast],
      ['rep1', rep1],
    ] as const) {
      const seen = await c.audit.list({ entity: 'products', entityId: p.id });
      assert.deepEqual(
        seen.items.map((h) => h.id),
        full.items.filter((h) => h.field !== 'cost').map((h) => h.id),
        who,
      );
      assert.equal(seen.total, full.total - 2, `${who}: the two cost rows are left out`);
      assert.ok(!seen.items.some((h) => h.oldValue === '6000' || h.newValue === '7000'), who);
    }
    // Paging over the filtered history neither repeats nor skips.
    const paged: number[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<Caller['audit']['list']>> = await rep1.audit.list({
        entity: 'products',
        entityId: p.id,
        limit: 3,
        cursor,
      });
      paged.push(...page.items.map((h) => h.id));
      cursor = page.nextCursor;
    } while (cursor);
    assert.deepEqual(
      paged,
      full.items.filter((h) => h.field !== 'cost').map((h) => h.id),
    );
  });

  test('finance reads costs but holds no audit.read: FORBIDDEN, as for partners', async () => {
    const p = await product();
    await assert.rejects(
      finance.audit.list({ entity: 'products', entityId: p.id }),
      code('FORBIDDEN'),
    );
  });

  test('an archived product: admins read its history, the others NOT_FOUND', async () => {
    const p = await product();
    await admin.products.archive({ id: p.id, version: p.version });
    const h = await admin.audit.list({ entity: 'products', entityId: p.id });
    assert.equal(h.items[0]?.action, 'archive');
    assert.equal(h.items[0]?.field, 'deleted_at');
    for (const c of [mgrEast, rep1])
      await assert.rejects(
        c.audit.list({ entity: 'products', entityId: p.id }),
        code('NOT_FOUND', 'Product not found'),
      );
    await assert.rejects(
      rep1.audit.list({ entity: 'products', entityId: 999_999 }),
      code('NOT_FOUND', 'Product not found'),
    );
    await assert.rejects(
      admin.audit.list({ entity: 'products', entityId: 999_999 }),
      code('NOT_FOUND', 'Product not found'),
    );
  });

  test('price lists and their prices: a removed tier is read through its live list', async () => {
    const p = await product();
    const l = await admin.priceLists.create({ name: `审计价格表 ${uniq()}` });
    const renamed = await admin.priceLists.update({
      id: l.id,
      version: l.version,
      patch: { name: `改名价格表 ${uniq()}` },
    });
    const set = await admin.priceLists.items.set({
      priceListId: l.id,
      version: renamed.version,
      items: [{ productId: p.id, unitPrice: 90_00, minQuantity: 0 }],
    });
    const itemId = set.items[0]!.id;
    const repriced = await admin.priceLists.items.set({
      priceListId: l.id,
      version: set.version,
      items: [{ productId: p.id, unitPrice: 85_00, minQuantity: 0 }],
    });
    const emptied = await admin.priceLists.items.set({
      priceListId: l.id,
      version: repriced.version,
      items: [],
      remove: [p.id],
    });
    assert.equal(emptied.items.length, 0);

    for (const c of [admin, mgrEast, rep1]) {
      const list = await c.audit.list({ entity: 'price_lists', entityId: l.id });
      assert.deepEqual(
        list.items.filter((h) => h.action === 'update').map((h) => h.field),
        ['name'],
      );
      const item = await c.audit.list({ entity: 'price_list_items', entityId: itemId });
      assert.deepEqual(
        item.items.map((h) => h.action),
        ['archive', 'update', ...Array<string>(item.items.length - 2).fill('create')],
      );
      assert.deepEqual(fieldsOf(item.items.filter((h) => h.action === 'update')), [
        ['update', 'unit_price', '9000', '8500'],
      ]);
    }

    await admin.priceLists.archive({ id: l.id, version: emptied.version });
    for (const entity of ['price_lists', 'price_list_items'] as const) {
      const entityId = entity === 'price_lists' ? l.id : itemId;
      assert.ok((await admin.audit.list({ entity, entityId })).total > 0);
      await assert.rejects(rep1.audit.list({ entity, entityId }), code('NOT_FOUND'));
    }
  });

  test('payment terms: edits, the default passing on, archiving', async () => {
    const a = await admin.paymentTerms.create({
      name: `条款甲 ${uniq()}`,
      schedule: [{ ratio: 1 }],
      isDefault: true,
    });
    const b = await admin.paymentTerms.create({
      name: `条款乙 ${uniq()}`,
      schedule: [{ ratio: 1 }, { ratio: 1, days: 30 }],
      isDefault: true,
    });
    const lost = await rep1.audit.list({ entity: 'payment_terms', entityId: a.id });
    const flag = lost.items.filter((h) => h.action === 'update');
    assert.deepEqual(
      flag.map((h) => [h.field, h.newValue]),
      [['is_default', 'false']],
    );
    // The old value is the stored flag as the driver reads it: 1 on SQLite, true on PostgreSQL.
    assert.ok(['1', 'true'].includes(flag[0]!.oldValue ?? ''), String(flag[0]!.oldValue));
    assert.equal(lost.items[0]?.userName, 'Ada Admin');
    const named = await admin.paymentTerms.update({
      id: b.id,
      version: b.version,
      patch: { nameEn: 'Half now, half in 30 days' },
    });
    const h = await mgrEast.audit.list({ entity: 'payment_terms', entityId: b.id });
    assert.deepEqual(fieldsOf(h.items.slice(0, 1)), [
      ['update', 'name_en', null, 'Half now, half in 30 days'],
    ]);
    await admin.paymentTerms.archive({ id: b.id, version: named.version });
    assert.equal(
      (await admin.audit.list({ entity: 'payment_terms', entityId: b.id })).items[0]?.action,
      'archive',
    );
    await assert.rejects(
      rep1.audit.list({ entity: 'payment_terms', entityId: b.id }),
      code('NOT_FOUND', 'Payment terms not found'),
    );
  });
});
