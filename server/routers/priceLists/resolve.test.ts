// Which price a line gets: the chosen list, the partner's customer-group list on the date, or
// the product's list price; volume tiers and validity dates; tax-inclusive lists; the errors.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import fc from 'fast-check';
import { applyRate } from '../../../core/money/index.ts';
import { describeEachDatabase, type TestDatabase } from '../../../test/support/databases.ts';
import { callerAs, createOrg, type Caller, type Org } from '../../../test/support/org.ts';
import { resolvePrices } from '../../services/price-lists.ts';

const code = (c: string) => (e: { code?: string }) => e.code === c;
/** A BAD_REQUEST naming this field and rule. */
const fieldError =
  (field: string, rule: string) =>
  (e: { code?: string; cause?: { issues?: { path: string[]; code: string }[] } }) => {
    const issue = e.cause?.issues?.[0];
    assert.equal(e.code, 'BAD_REQUEST');
    assert.deepEqual([issue?.path.join('.'), issue?.code], [field, rule]);
    return true;
  };

describeEachDatabase('price resolution', (getDb) => {
  let tdb: TestDatabase;
  let org: Org;
  let admin: Caller;
  let n = 0;
  const uniq = () => `${Date.now().toString(36)}${(n++).toString(36)}`;

  before(async () => {
    tdb = getDb();
    org = await createOrg(tdb);
    admin = await callerAs(tdb, org, 'admin');
  });

  async function product(listPrice: number, extra: Record<string, unknown> = {}) {
    return admin.products.create({
      code: `P-${uniq()}`,
      name: `产品 ${uniq()}`,
      unit: '台',
      listPrice,
      cost: Math.floor(listPrice / 2),
      taxRate: 1300,
      ...extra,
    });
  }
  async function partner(customerGroup: string | null, owner: keyof Org['users'] = 'rep1') {
    return admin.partners.create({
      name: `客户 ${uniq()}`,
      customerGroup,
      ownerId: org.users[owner],
    });
  }
  async function list(fields: Record<string, unknown>, items: Record<string, unknown>[] = []) {
    const l = await admin.priceLists.create({ name: `价格表 ${uniq()}`, ...fields });
    if (items.length === 0) return l;
    return admin.priceLists.items.set({
      priceListId: l.id,
      version: l.version,
      items: items as never,
    });
  }

  test('without a group list: the products list prices, tax-exclusive, in their currency', async () => {
    const a = await product(120_00);
    const b = await product(9_99, { taxRate: 600, unit: '次' });
    const p = await partner(`solo-${uniq()}`);
    const got = await admin.priceLists.resolve({
      partnerId: p.id,
      date: '2026-11-23',
      lines: [
        { productId: a.id, quantity: 1000 },
        { productId: b.id, quantity: 2500 },
      ],
    });
    assert.deepEqual(
      { ...got, results: undefined },
      {
        priceListId: null,
        currency: 'CNY',
        priceMode: 'exclusive',
        results: undefined,
        lines: [
          {
            productId: a.id,
            productCode: a.code,
            unitPrice: 120_00,
            taxRate: 1300,
            description: a.name,
            unit: '台',
            unitCost: 60_00,
            priceListItemId: null,
          },
          {
            productId: b.id,
            productCode: b.code,
            unitPrice: 9_99,
            taxRate: 600,
            description: b.name,
            unit: '次',
            unitCost: 4_99,
            priceListItemId: null,
          },
        ],
      },
    );
    assert.deepEqual(
      got.results,
      got.lines.map((l, index) => ({ index, productId: l.productId, status: 'priced', line: l })),
    );
  });

  test("the partner's group list, with volume tiers chosen by quantity (the boundary belongs to the higher tier)", async () => {
    const group = `经销商-${uniq()}`;
    const a = await product(100_00);
    const l = await list({ customerGroup: group }, [
      { productId: a.id, unitPrice: 90_00 },
      { productId: a.id, unitPrice: 85_00, minQuantity: 10_000 },
      { productId: a.id, unitPrice: 80_00, minQuantity: 100_000 },
    ]);
    const p = await partner(group);
    const priceAt = async (quantity: number) =>
      (
        await admin.priceLists.resolve({
          partnerId: p.id,
          date: '2026-11-23',
          lines: [{ productId: a.id, quantity }],
        })
      ).lines[0]!.unitPrice;
    assert.deepEqual(
      [
        await priceAt(0),
        await priceAt(1000),
        await priceAt(9_999),
        await priceAt(10_000),
        await priceAt(99_999),
        await priceAt(100_000),
        await priceAt(5_000_000),
      ],
      [90_00, 90_00, 90_00, 85_00, 85_00, 80_00, 80_00],
    );
    const got = await admin.priceLists.resolve({
      partnerId: p.id,
      date: '2026-11-23',
      lines: [{ productId: a.id, quantity: 10_000 }],
    });
    assert.equal(got.priceListId, l.id);
    assert.equal(got.lines[0]!.priceListItemId, l.items.find((i) => i.minQuantity === 10_000)!.id);
  });

  test('tier and list validity dates are inclusive; a dated tier overrides the standing one', async () => {
    const group = `季节-${uniq()}`;
    const a = await product(100_00);
    await list({ customerGroup: group, validFrom: '2026-01-01', validTo: '2026-12-31' }, [
      { productId: a.id, unitPrice: 95_00 },
      { productId: a.id, unitPrice: 70_00, validFrom: '2026-11-11', validTo: '2026-11-12' },
    ]);
    const p = await partner(group);
    const on = async (date: string) =>
      (
        await admin.priceLists.resolve({
          partnerId: p.id,
          date,
          lines: [{ productId: a.id, quantity: 1000 }],
        })
      ).lines[0]!.unitPrice;
    assert.deepEqual(
      await Promise.all(
        ['2026-11-10', '2026-11-11', '2026-11-12', '2026-11-13', '2026-12-31', '2027-01-01'].map(
          on,
        ),
      ),
      [95_00, 70_00, 70_00, 95_00, 95_00, 100_00],
    );
  });

  test('of several group lists valid on the day, the one starting latest wins', async () => {
    const group = `活动-${uniq()}`;
    const a = await product(100_00);
    const standing = await list({ customerGroup: group }, [{ productId: a.id, unitPrice: 90_00 }]);
    const campaign = await list({ customerGroup: group, validFrom: '2026-12-01' }, [
      { productId: a.id, unitPrice: 75_00 },
    ]);
    const p = await partner(group);
    const on = async (date: string) =>
      admin.priceLists.resolve({
        partnerId: p.id,
        date,
        lines: [{ productId: a.id, quantity: 1 }],
      });
    assert.equal((await on('2026-11-30')).priceListId, standing.id);
    assert.equal((await on('2026-12-01')).priceListId, campaign.id);
    assert.equal((await on('2026-12-01')).lines[0]!.unitPrice, 75_00);
  });

  test('a tax-inclusive list: its prices as they are, unlisted products at list price plus tax (half-up)', async () => {
    const group = `含税-${uniq()}`;
    const listed = await product(100_00);
    const unlisted = await product(9_99); // 9.99 × 1.13 = 11.2887 → 11.29
    await list({ customerGroup: group, priceMode: 'inclusive' }, [
      { productId: listed.id, unitPrice: 113_00 },
    ]);
    const p = await partner(group);
    const got = await admin.priceLists.resolve({
      partnerId: p.id,
      date: '2026-11-23',
      lines: [
        { productId: listed.id, quantity: 1000 },
        { productId: unlisted.id, quantity: 1000 },
      ],
    });
    assert.equal(got.priceMode, 'inclusive');
    assert.deepEqual(
      got.lines.map((l) => [l.unitPrice, l.priceListItemId === null]),
      [
        [113_00, false],
        [9_99 + applyRate(9_99, 1300), true],
      ],
    );
    assert.equal(got.lines[1]!.unitPrice, 11_29);
  });

  test('a chosen list overrides the group; inactive, archived or out-of-date lists are refused', async () => {
    const a = await product(100_00);
    const group = `组-${uniq()}`;
    await list({ customerGroup: group }, [{ productId: a.id, unitPrice: 90_00 }]);
    const chosen = await list({ customerGroup: 'other' }, [{ productId: a.id, unitPrice: 60_00 }]);
    const p = await partner(group);
    const req = (priceListId: number, date = '2026-11-23') => ({
      priceListId,
      partnerId: p.id,
      date,
      lines: [{ productId: a.id, quantity: 1000 }],
    });
    assert.equal((await admin.priceLists.resolve(req(chosen.id))).lines[0]!.unitPrice, 60_00);

    const dated = await list({ validTo: '2026-06-30' });
    await assert.rejects(
      admin.priceLists.resolve(req(dated.id)),
      fieldError('priceListId', 'valid_on'),
    );
    const off = await list({ active: false });
    await assert.rejects(
      admin.priceLists.resolve(req(off.id)),
      fieldError('priceListId', 'active'),
    );
    const gone = await list({});
    await admin.priceLists.archive({ id: gone.id, version: gone.version });
    await assert.rejects(
      admin.priceLists.resolve(req(gone.id)),
      fieldError('priceListId', 'exists'),
    );
  });

  test('unknown, archived and inactive products are refused by line; mixed currencies without a list too', async () => {
    const ok = await product(10_00);
    const off = await product(10_00, { active: false });
    const gone = await product(10_00);
    await admin.products.archive({ id: gone.id, version: gone.version });
    const usd = await product(10_00, { currency: 'USD' });
    const p = await partner(`none-${uniq()}`);
    const lines = (id: number) => [
      { productId: ok.id, quantity: 1000 },
      { productId: id, quantity: 1000 },
    ];
    const resolve = (id: number) =>
      admin.priceLists.resolve({ partnerId: p.id, date: '2026-11-23', lines: lines(id) });
    await assert.rejects(resolve(999_999), fieldError('lines.1.productId', 'exists'));
    await assert.rejects(resolve(gone.id), fieldError('lines.1.productId', 'exists'));
    await assert.rejects(resolve(off.id), fieldError('lines.1.productId', 'active'));
    await assert.rejects(resolve(usd.id), fieldError('lines.1.productId', 'currency'));
    await assert.rejects(
      resolvePrices(tdb.db, {
        priceListId: null,
        partnerId: 999_999,
        date: '2026-11-23',
        lines: [],
      }),
      fieldError('partnerId', 'exists'),
    );
  });

  test('partial: every product gets its price or its own reason; one gap refuses nothing', async () => {
    const group = `part-${uniq()}`;
    const a = await product(100_00);
    const b = await product(100_00);
    const off = await product(10_00, { active: false });
    const gone = await product(10_00);
    await admin.products.archive({ id: gone.id, version: gone.version });
    const usd = await product(10_00, { currency: 'USD' });
    const l = await list({ customerGroup: group }, [
      { productId: a.id, unitPrice: 90_00 },
      { productId: a.id, unitPrice: 80_00, minQuantity: 10_000 },
    ]);
    const p = await partner(group);
    // 30 lines, three of them unpriceable: the 27 others are answered.
    const ids = Array.from({ length: 30 }, (_, i) =>
      i === 4 ? usd.id : i === 11 ? off.id : i === 20 ? gone.id : i % 2 ? b.id : a.id,
    );
    const req = {
      partnerId: p.id,
      date: '2026-11-23',
      lines: ids.map((productId, i) => ({ productId, quantity: i === 0 ? 10_000 : 1000 })),
    };
    const got = await admin.priceLists.resolve({ ...req, partial: true });
    assert.deepEqual([got.priceListId, got.currency, got.results.length], [l.id, 'CNY', 30]);
    assert.deepEqual(
      got.results.flatMap((r) =>
        r.status === 'unpriced' ? [[r.index, r.productId, r.reason, r.rule]] : [],
      ),
      [
        [4, usd.id, 'no_price', 'priced'],
        [11, off.id, 'inactive', 'active'],
        [20, gone.id, 'unknown', 'exists'],
      ],
    );
    const priced = got.results.flatMap((r) => (r.status === 'priced' ? [r] : []));
    assert.equal(priced.length, 27);
    assert.deepEqual(
      got.lines,
      priced.map((r) => r.line),
    );
    assert.deepEqual(
      priced.slice(0, 3).map((r) => [r.index, r.line.productId, r.line.unitPrice]),
      [
        [0, a.id, 80_00],
        [1, b.id, 100_00],
        [2, a.id, 90_00],
      ],
    );
    // Without partial, as a saved document: unknown and inactive products refuse first.
    await assert.rejects(admin.priceLists.resolve(req), fieldError('lines.11.productId', 'active'));
    await assert.rejects(
      admin.priceLists.resolve({ ...req, lines: req.lines.slice(0, 10) }),
      fieldError('lines.4.productId', 'priced'),
    );
    // No list: the first product that can be priced sets the currency; the others differ.
    const bare = await partner(`bare-${uniq()}`);
    const noList = await admin.priceLists.resolve({
      partnerId: bare.id,
      date: '2026-11-23',
      partial: true,
      lines: [
        { productId: 999_999, quantity: 1000 },
        { productId: usd.id, quantity: 1000 },
        { productId: a.id, quantity: 1000 },
      ],
    });
    assert.deepEqual(
      [noList.priceListId, noList.currency, noList.lines.map((x) => x.productId)],
      [null, 'USD', [usd.id]],
    );
    assert.deepEqual(
      noList.results.map((r) => (r.status === 'priced' ? 'priced' : r.reason)),
      ['unknown', 'priced', 'currency'],
    );
    // Costs stay hidden from callers who may not read them, in results too.
    const rep1 = await callerAs(tdb, org, 'rep1');
    const mine = await partner(group, 'rep1');
    const asRep = await rep1.priceLists.resolve({ ...req, partnerId: mine.id, partial: true });
    assert.ok(asRep.lines.every((x) => x.unitCost === null));
    assert.ok(asRep.results.every((r) => r.status === 'unpriced' || r.line.unitCost === null));
    assert.equal(priced[0]!.line.unitCost, 50_00);
  });

  test('a list in another currency: its own prices, costs unknown; unlisted products refused', async () => {
    const group = `usd-${uniq()}`;
    const a = await product(100_00);
    const b = await product(50_00);
    await list({ customerGroup: group, currency: 'USD' }, [{ productId: a.id, unitPrice: 14_00 }]);
    const p = await partner(group);
    const got = await admin.priceLists.resolve({
      partnerId: p.id,
      date: '2026-11-23',
      lines: [{ productId: a.id, quantity: 1000 }],
    });
    assert.deepEqual(
      [got.currency, got.lines[0]!.unitPrice, got.lines[0]!.unitCost],
      ['USD', 14_00, null],
    );
    await assert.rejects(
      admin.priceLists.resolve({
        partnerId: p.id,
        date: '2026-11-23',
        lines: [{ productId: b.id, quantity: 1000 }],
      }),
      fieldError('lines.0.productId', 'priced'),
    );
  });

  test('partners without a group get the list without a group; no lines still name currency and mode', async () => {
    const a = await product(100_00);
    const general = await list({ priceMode: 'inclusive' }, [
      { productId: a.id, unitPrice: 111_00 },
    ]);
    const p = await partner(null);
    const got = await admin.priceLists.resolve({ partnerId: p.id, date: '2026-11-23', lines: [] });
    assert.deepEqual(got, {
      priceListId: general.id,
      currency: 'CNY',
      priceMode: 'inclusive',
      lines: [],
      results: [],
    });
    await admin.priceLists.archive({ id: general.id, version: general.version });
  });

  test("the editor's resolve answers only for partners the caller may read", async () => {
    const a = await product(10_00);
    const mine = await partner(null, 'rep1');
    const theirs = await partner(null, 'repSouth');
    const rep1 = await callerAs(tdb, org, 'rep1');
    const finance = await callerAs(tdb, org, 'finance');
    const req = (partnerId: number) => ({
      partnerId,
      date: '2026-11-23',
      lines: [{ productId: a.id, quantity: 1000 }],
    });
    assert.equal((await rep1.priceLists.resolve(req(mine.id))).lines[0]!.unitPrice, 10_00);
    await assert.rejects(rep1.priceLists.resolve(req(theirs.id)), code('NOT_FOUND'));
    assert.equal((await finance.priceLists.resolve(req(theirs.id))).lines[0]!.unitPrice, 10_00);
  });

  test('property: the price is the tier an independent reading of the rules picks', async () => {
    const group = `prop-${uniq()}`;
    const a = await product(100_00);
    const l = await list({ customerGroup: group });
    const p = await partner(group);
    const days = ['2026-03-01', '2026-06-15', '2026-09-30', '2026-12-31'];
    const day = fc.option(fc.constantFrom(...days), { nil: null });
    const tier = fc
      .record({
        minQuantity: fc.constantFrom(0, 1000, 5000, 10_000),
        unitPrice: fc.integer({ min: 0, max: 1_000_000 }),
        validFrom: day,
        validTo: day,
      })
      .map((t) =>
        t.validFrom && t.validTo && t.validFrom > t.validTo
          ? { ...t, validFrom: t.validTo, validTo: t.validFrom }
          : t,
      );
    let version = l.version;
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(tier, {
          maxLength: 8,
          selector: (t) => `${t.minQuantity}|${t.validFrom}`,
        }),
        fc.integer({ min: 0, max: 20_000 }),
        fc.constantFrom('2026-01-01', ...days, '2027-01-01'),
        async (tiers, quantity, date) => {
          const set = await admin.priceLists.items.set({
            priceListId: l.id,
            version,
            items: tiers.length ? tiers.map((t) => ({ productId: a.id, ...t })) : [],
            remove: tiers.length ? [] : [a.id],
          });
          version = set.version;
          const valid = tiers.filter(
            (t) =>
              (t.validFrom === null || t.validFrom <= date) &&
              (t.validTo === null || t.validTo >= date) &&
              t.minQuantity <= quantity,
          );
          const best = valid.sort(
            (x, y) =>
              y.minQuantity - x.minQuantity || (y.validFrom ?? '').localeCompare(x.validFrom ?? ''),
          )[0];
          const got = await resolvePrices(tdb.db, {
            priceListId: null,
            partnerId: p.id,
            date,
            lines: [{ productId: a.id, quantity }],
          });
          runs++;
          assert.equal(got.lines[0]!.unitPrice, best ? best.unitPrice : 100_00);
        },
      ),
      { numRuns: 60 },
    );
    assert.equal(runs, 60);
  });
});
