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

describeEachDatabase('products', (getDb) => {
  let tdb: TestDatabase;
  let org: Org;
  let admin: Caller;
  let rep1: Caller;
  let n = 0;
  const uniq = () => `${Date.now().toString(36)}${(n++).toString(36)}`;

  before(async () => {
    tdb = getDb();
    org = await createOrg(tdb);
    admin = await callerAs(tdb, org, 'admin');
    rep1 = await callerAs(tdb, org, 'rep1');
  });

  test('admin creates a product; every seller reads it, the cost only with products.readCost', async () => {
    const p = await admin.products.create({
      code: 'GR-100',
      name: '减速机 GR-100',
      nameEn: 'Gear reducer GR-100',
      category: '传动件',
      unit: '台',
      listPrice: 12_800_00,
      cost: 8_960_00,
      taxRate: 1300,
      stockOnHand: 25_500,
      description: '二级斜齿轮',
    });
    assert.deepEqual(
      {
        ...(await rep1.products.get({ id: p.id })),
        createdAt: undefined,
        updatedAt: undefined,
      },
      {
        id: p.id,
        version: 1,
        createdBy: org.users.admin,
        updatedBy: org.users.admin,
        createdAt: undefined,
        updatedAt: undefined,
        code: 'GR-100',
        name: '减速机 GR-100',
        nameEn: 'Gear reducer GR-100',
        category: '传动件',
        unit: '台',
        listPrice: 12_800_00,
        // Confidential: a rep gets the field, always null (cost.test.ts covers every role).
        cost: null,
        currency: 'CNY',
        taxRate: 1300,
        active: true,
        stockOnHand: 25_500,
        description: '二级斜齿轮',
        prices: [],
      },
    );
    assert.equal((await admin.products.get({ id: p.id })).cost, 8_960_00);
    await assert.rejects(
      rep1.products.create({ code: 'X', name: 'x', listPrice: 1, taxRate: 0 }),
      code('FORBIDDEN'),
    );
  });

  test('list: search by code, Chinese or English name; category; inactive only on request; pages', async () => {
    const tag = uniq();
    const made = [];
    for (const [i, [name, en, category, active]] of (
      [
        ['轴承', 'Bearing', `轴承类${tag}`, true],
        ['联轴器', 'Coupling', `传动${tag}`, true],
        ['链条', 'Chain', `传动${tag}`, false],
      ] as const
    ).entries())
      made.push(
        await admin.products.create({
          code: `L${tag}-${i}`,
          name: `${name}${tag}`,
          nameEn: `${en} ${tag}`,
          category,
          listPrice: 100,
          taxRate: 1300,
          active,
        }),
      );
    const codes = async (input: Parameters<Caller['products']['list']>[0]) =>
      (await rep1.products.list(input)).items.map((p) => p.code);
    assert.deepEqual(await codes({ search: `L${tag}` }), [`L${tag}-0`, `L${tag}-1`]);
    assert.deepEqual(await codes({ search: `联轴器${tag}` }), [`L${tag}-1`]);
    assert.deepEqual(await codes({ search: `coupling ${tag}` }), [`L${tag}-1`]);
    assert.deepEqual(await codes({ category: `传动${tag}` }), [`L${tag}-1`]);
    assert.deepEqual(await codes({ category: `传动${tag}`, includeInactive: true }), [
      `L${tag}-1`,
      `L${tag}-2`,
    ]);
    const first = await rep1.products.list({ search: `L${tag}`, includeInactive: true, limit: 2 });
    assert.equal(first.total, 3);
    const second = await rep1.products.list({
      search: `L${tag}`,
      includeInactive: true,
      limit: 2,
      cursor: first.nextCursor,
    });
    assert.deepEqual(
      [...first.items, ...second.items].map((p) => p.id),
      made.map((p) => p.id),
    );
    assert.equal(second.nextCursor, null);
  });

  test('update is versioned and audited; a stale version is a CONFLICT; codes are unique among live products', async () => {
    const p = await admin.products.create({
      code: `U-${uniq()}`,
      name: '电机',
      listPrice: 1_000_00,
      taxRate: 1300,
    });
    const u = await admin.products.update({
      id: p.id,
      version: p.version,
      patch: { listPrice: 1_050_00, nameEn: 'Motor', cost: null },
    });
    assert.deepEqual([u.version, u.listPrice, u.nameEn], [2, 1_050_00, 'Motor']);
    assert.deepEqual(
      (await rep1.products.list({ search: 'motor' })).items.map((x) => x.id),
      [p.id],
      'the English name is searchable after the update',
    );
    await assert.rejects(
      admin.products.update({ id: p.id, version: 1, patch: { listPrice: 1 } }),
      code('CONFLICT'),
    );
    const audit = await tdb
      .db('audit_log')
      .where({ entity: 'products', entity_id: p.id, action: 'update' })
      .orderBy('field')
      .select('field', 'old_value', 'new_value');
    assert.deepEqual(
      audit.map((a) => [a.field, a.old_value, a.new_value]),
      [
        ['list_price', '100000', '105000'],
        ['name_en', null, 'Motor'],
      ],
    );

    const other = await admin.products.create({
      code: `V-${uniq()}`,
      name: '泵',
      listPrice: 1,
      taxRate: 1300,
    });
    await assert.rejects(
      admin.products.update({ id: other.id, version: 1, patch: { code: u.code } }),
      code('CONFLICT'),
    );
    await assert.rejects(
      admin.products.create({ code: u.code, name: '重复', listPrice: 1, taxRate: 0 }),
      code('CONFLICT'),
    );
    // An archived product's code is free again.
    await admin.products.archive({ id: u.id, version: u.version });
    const reused = await admin.products.create({
      code: u.code,
      name: '新电机',
      listPrice: 1,
      taxRate: 0,
    });
    assert.equal(reused.code, u.code);
  });

  test('archive hides the product from lists and reads, with a version check', async () => {
    const p = await admin.products.create({
      code: `A-${uniq()}`,
      name: '旧型号',
      listPrice: 1,
      taxRate: 0,
    });
    await assert.rejects(admin.products.archive({ id: p.id, version: 9 }), code('CONFLICT'));
    const gone = await admin.products.archive({ id: p.id, version: p.version });
    assert.equal(gone.version, 2);
    await assert.rejects(rep1.products.get({ id: p.id }), code('NOT_FOUND'));
    const listed = await rep1.products.list({ search: p.code, includeInactive: true });
    assert.equal(listed.total, 0);
    await assert.rejects(
      admin.products.update({ id: p.id, version: 2, patch: { name: 'x' } }),
      code('NOT_FOUND'),
    );
  });

  test('input rules: money in whole minor units, rates within 0–100%, known currencies; idempotent create', async () => {
    const base = { code: `I-${uniq()}`, name: '测试', listPrice: 100, taxRate: 1300 };
    await assert.rejects(admin.products.create({ ...base, listPrice: 1.5 }), code('BAD_REQUEST'));
    await assert.rejects(admin.products.create({ ...base, listPrice: -1 }), code('BAD_REQUEST'));
    await assert.rejects(admin.products.create({ ...base, taxRate: 10_001 }), code('BAD_REQUEST'));
    await assert.rejects(
      admin.products.create({ ...base, currency: 'XYZ' }),
      fieldError('currency', 'currency'),
    );
    await assert.rejects(
      admin.products.create({ ...base, extra: 1 } as never),
      code('BAD_REQUEST'),
    );
    const key = `product-${uniq()}`;
    const once = await admin.products.create({ ...base, idempotencyKey: key });
    const again = await admin.products.create({ ...base, idempotencyKey: key });
    assert.equal(again.id, once.id);
  });

  test('get lists the prices a product has in live price lists', async () => {
    const p = await admin.products.create({
      code: `G-${uniq()}`,
      name: '阀门',
      listPrice: 500_00,
      taxRate: 1300,
    });
    const l = await admin.priceLists.create({ name: `经销 ${uniq()}`, customerGroup: '经销商' });
    await admin.priceLists.items.set({
      priceListId: l.id,
      version: l.version,
      items: [
        { productId: p.id, unitPrice: 450_00 },
        { productId: p.id, unitPrice: 420_00, minQuantity: 10_000, validTo: '2026-12-31' },
      ],
    });
    const got = await rep1.products.get({ id: p.id });
    assert.deepEqual(
      got.prices.map((x) => [x.priceListId, x.unitPrice, x.minQuantity, x.validTo]),
      [
        [l.id, 450_00, 0, null],
        [l.id, 420_00, 10_000, '2026-12-31'],
      ],
    );
    assert.equal(got.prices[0]!.customerGroup, '经销商');
  });
});
