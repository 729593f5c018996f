// The demo catalogue seed: 40 products in 5 groups, the two price lists for customer groups the
// demo partners carry, the default payment terms; priced as the rules say; idempotent.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { applyRate } from '../../../core/money/index.ts';
import { describeEachDatabase, type TestDatabase } from '../../../test/support/databases.ts';
import { callerAs, createOrg, type Caller } from '../../../test/support/org.ts';
import { toInt } from '../rows.ts';
import { loadDefaultPaymentTerms } from '../../services/payment-terms.ts';
import { resolvePrices } from '../../services/price-lists.ts';
import { seed } from './06_demo_products.ts';
import { DEMO_CATALOGUE } from './demo-catalogue.ts';
import { CUSTOMER_GROUPS } from './demo-vocab.ts';
import type { SeedContext } from './context.ts';

const NOW = new Date('2026-11-22T08:00:00.000Z');
const ctx: SeedContext = {
  scale: 1,
  now: NOW,
  actor: { userId: null, requestId: 'seed:test' },
  passwordHash: () => Promise.resolve('x'),
};

describeEachDatabase('demo catalogue seed', (getDb) => {
  let tdb: TestDatabase;
  let admin: Caller;
  let first: Record<string, number>;
  before(async () => {
    tdb = getDb();
    admin = await callerAs(tdb, await createOrg(tdb), 'admin');
    first = await seed(tdb.db, ctx);
  });

  test('40 products in 5 groups of 8, named in Chinese and English, with costs below prices', async () => {
    assert.deepEqual(first, {
      products: 40,
      price_lists: 2,
      price_list_items: 40 + 82,
      payment_terms: 3,
    });
    const all = await admin.products.list({ limit: 100 });
    assert.equal(all.total, 40);
    const groups = new Map<string, number>();
    for (const p of all.items) groups.set(p.category!, (groups.get(p.category!) ?? 0) + 1);
    assert.deepEqual([...groups.values()], [8, 8, 8, 8, 8]);
    for (const p of all.items) {
      assert.match(p.name, /[\u4e00-\u9fff]/, p.code);
      assert.match(p.nameEn!, /^[\x20-\x7e]+$/, p.code);
      assert.ok(p.cost! > 0 && p.cost! < p.listPrice, p.code);
      assert.equal(p.currency, 'CNY');
    }
    assert.deepEqual([...new Set(all.items.map((p) => p.taxRate))].sort(), [1300, 600, 900].sort());
    assert.ok(all.items.filter((p) => p.stockOnHand !== null).length >= 20);
  });

  test('two price lists for customer groups the demo partners carry; standard prices include VAT', async () => {
    const lists = (await admin.priceLists.list({})).items;
    const groups = CUSTOMER_GROUPS.map(([g]) => g);
    assert.equal(lists.length, 2);
    for (const l of lists) assert.ok(groups.includes(l.customerGroup!), l.name);
    const standard = lists.find((l) => l.priceMode === 'inclusive')!;
    const detail = await admin.priceLists.get({ id: standard.id });
    assert.equal(detail.items.length, 40);
    const products = (await admin.products.list({ limit: 100 })).items;
    for (const item of detail.items) {
      const p = products.find((x) => x.id === item.productId)!;
      const gross = p.listPrice + applyRate(p.listPrice, p.taxRate);
      assert.ok(Math.abs(item.unitPrice - gross) <= 50, p.code);
      assert.equal(item.unitPrice % 100, 0, 'whole yuan');
    }
  });

  test('a distributor gets volume tiers, the season promotion on sensors, services at list price', async () => {
    const partner = await admin.partners.create({ name: '测试经销商', customerGroup: '经销商' });
    const idOf = async (code: string) =>
      toInt((await tdb.db('products').where({ code }).first('id')).id);
    const price = async (code: string, quantity: number, date = '2026-11-22') =>
      (
        await resolvePrices(tdb.db, {
          priceListId: null,
          partnerId: partner.id,
          date,
          lines: [{ productId: await idOf(code), quantity }],
        })
      ).lines[0]!.unitPrice;
    // SV-750 lists at ¥2,380: 85%, 80% from 10, 75% from 50.
    assert.deepEqual(
      [await price('SV-750', 1000), await price('SV-750', 10_000), await price('SV-750', 50_000)],
      [2_023_00, 1_904_00, 1_785_00],
    );
    // PE-30 (¥185) is on promotion at 70% in November and December only.
    assert.equal(await price('PE-30', 1000), 130_00);
    assert.equal(await price('PE-30', 1000, '2027-01-05'), 157_00);
    // Licences at 90%; services are not on the list: list price.
    assert.equal(await price('MES-STD', 1000), 252_000_00);
    assert.equal(await price('SVC-MNT', 1000), 48_000_00);
  });

  test('payment terms: 30/40/30 is the default; 3 equal monthly; 100% on signing', async () => {
    const terms = (await admin.paymentTerms.list({})).items;
    const steps = (nameEn: string) =>
      terms.find((t) => t.nameEn === nameEn)!.schedule.map((s) => [s.ratio, s.days, s.months]);
    assert.equal(terms[0]!.nameEn, '30% on signing, 40% at 30 days, 30% at 90 days');
    assert.deepEqual(steps('30% on signing, 40% at 30 days, 30% at 90 days'), [
      [3000, 0, 0],
      [4000, 30, 0],
      [3000, 90, 0],
    ]);
    assert.deepEqual(steps('3 equal monthly installments'), [
      [1, 0, 1],
      [1, 0, 2],
      [1, 0, 3],
    ]);
    assert.deepEqual(steps('100% on signing'), [[1, 0, 0]]);
    assert.deepEqual(
      terms.map((t) => t.isDefault),
      [true, false, false],
    );
    assert.equal((await loadDefaultPaymentTerms(tdb.db))?.schedule[1]!.ratio, 4000);
  });

  test('a second run adds nothing', async () => {
    assert.deepEqual(await seed(tdb.db, ctx), {
      products: 0,
      price_lists: 0,
      price_list_items: 0,
      payment_terms: 0,
    });
    assert.equal((await admin.products.list({ limit: 100 })).total, 40);
  });

  test('the plan is sound: unique codes, 8 per group, every VAT rate a Chinese one', () => {
    const codes = DEMO_CATALOGUE.flatMap((g) => g.products.map((p) => p.code));
    assert.equal(new Set(codes).size, 40);
    assert.ok(DEMO_CATALOGUE.every((g) => g.products.length === 8));
  });
});
