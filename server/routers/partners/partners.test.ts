import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import { callerAs, createOrg, type Caller, type Org } from '../../../test/support/org.ts';

describeEachDatabase('partners', (getDb) => {
  let org: Org;
  let rep1: Caller;
  let mgr: Caller;
  before(async () => {
    org = await createOrg(getDb());
    rep1 = await callerAs(getDb(), org, 'rep1');
    mgr = await callerAs(getDb(), org, 'mgrEast');
  });

  test('create fills owner, team and a generated code; get returns addresses', async () => {
    const p = await rep1.partners.create({
      name: '上海明辉机械有限公司',
      phones: ['+86 21 5555 0101'],
      addresses: [
        { type: 'invoice', isDefault: true, line1: '浦东新区张江路 100 号', city: '上海' },
      ],
    });
    assert.equal(p.ownerId, org.users.rep1);
    assert.equal(p.teamId, org.teams.shanghai);
    assert.equal(p.code, `C${String(p.id).padStart(6, '0')}`);
    assert.equal(p.version, 1);
    const full = await rep1.partners.get({ id: p.id });
    assert.equal(full.addresses.length, 1);
    assert.equal(full.addresses[0]?.isDefault, true);
  });

  test('search by phone digits and by name; manager sees it, list has total and cursor', async () => {
    const byPhone = await mgr.partners.list({ search: '5555 0101' });
    assert.equal(byPhone.total, 1);
    // Digits inside a word are not a phone number: "x5555y0101" must not match the phone.
    const byWord = await mgr.partners.list({ search: 'x5555y0101' });
    assert.equal(byWord.total, 0);
    const byName = await mgr.partners.list({ search: '明辉' });
    assert.equal(byName.items[0]?.name, '上海明辉机械有限公司');
    for (let i = 0; i < 5; i++) await rep1.partners.create({ name: `Partner ${i}` });
    const page1 = await rep1.partners.list({ limit: 4 });
    assert.equal(page1.items.length, 4);
    assert.equal(page1.total, 6);
    assert.ok(page1.nextCursor);
    const page2 = await rep1.partners.list({ limit: 4, cursor: page1.nextCursor });
    assert.equal(page2.items.length, 2);
    assert.equal(page2.nextCursor, null);
    const ids = new Set([...page1.items, ...page2.items].map((p) => p.id));
    assert.equal(ids.size, 6);
  });

  test('two updates from the same version: one wins, the other gets CONFLICT', async () => {
    const p = await rep1.partners.create({ name: 'Concurrent Co.' });
    const first = await rep1.partners.update({
      id: p.id,
      version: 1,
      patch: { industry: 'Machinery' },
    });
    assert.equal(first.version, 2);
    await assert.rejects(
      rep1.partners.update({ id: p.id, version: 1, patch: { industry: 'Textiles' } }),
      (e: { code?: string }) => e.code === 'CONFLICT',
    );
    const after = await rep1.partners.get({ id: p.id });
    assert.equal(after.industry, 'Machinery');
  });

  test('concurrent updates from the same version: exactly one lands, the rest get CONFLICT', async () => {
    const p = await rep1.partners.create({ name: 'Race Co.' });
    const regions = ['华东', '华南', '华北', '西南'];
    const results = await Promise.allSettled(
      regions.map((region) => rep1.partners.update({ id: p.id, version: 1, patch: { region } })),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter(
      (r) => r.status === 'rejected' && (r.reason as { code?: string }).code === 'CONFLICT',
    );
    assert.equal(won.length, 1);
    assert.equal(lost.length, regions.length - 1);
    const after = await rep1.partners.get({ id: p.id });
    assert.equal(after.version, 2);
    assert.equal(after.region, (won[0] as PromiseFulfilledResult<{ region: string }>).value.region);
  });

  test('a rep may not reassign; the refused write leaves the row unchanged', async () => {
    const p = await rep1.partners.create({ name: 'Keep Me Co.' });
    await assert.rejects(
      rep1.partners.update({
        id: p.id,
        version: 1,
        patch: { ownerId: org.users.rep2, industry: 'X' },
      }),
      (e: { code?: string }) => e.code === 'FORBIDDEN',
    );
    const after = await rep1.partners.get({ id: p.id });
    assert.equal(after.version, 1);
    assert.equal(after.industry, null);
  });

  test('a failed create leaves neither the partner nor audit rows (one transaction)', async () => {
    const { db } = getDb();
    const partnersBefore = await db('partners').count({ n: '*' }).first();
    const auditBefore = await db('audit_log').count({ n: '*' }).first();
    await assert.rejects(
      rep1.partners.create({
        name: 'Half Made Ltd',
        addresses: [
          { type: 'invoice', isDefault: true, line1: 'A' },
          { type: 'invoice', isDefault: true, line1: 'B' },
        ],
      }),
      (e: { code?: string; message?: string }) =>
        e.code === 'BAD_REQUEST' && /addresses/.test(e.message ?? ''),
    );
    assert.deepEqual(await db('partners').count({ n: '*' }).first(), partnersBefore);
    assert.deepEqual(await db('audit_log').count({ n: '*' }).first(), auditBefore);
  });

  test('updates write one audit row per changed field; a no-op writes none', async () => {
    const { db } = getDb();
    const p = await rep1.partners.create({ name: 'Audited Ltd' });
    await rep1.partners.update({
      id: p.id,
      version: 1,
      patch: { industry: 'Food', region: '华东' },
    });
    const rows = await db('audit_log')
      .where({ entity: 'partners', entity_id: p.id, action: 'update' })
      .orderBy('field');
    assert.deepEqual(
      rows.map((r) => [r.field, r.old_value, r.new_value, r.user_id]),
      [
        ['industry', null, 'Food', org.users.rep1],
        ['region', null, '华东', org.users.rep1],
      ],
    );
    assert.ok(rows.every((r) => typeof r.request_id === 'string' && r.request_id.length > 0));
    const same = await rep1.partners.update({ id: p.id, version: 2, patch: { industry: 'Food' } });
    assert.equal(same.version, 2);
    const after = await db('audit_log').where({
      entity: 'partners',
      entity_id: p.id,
      action: 'update',
    });
    assert.equal(after.length, 2);
  });

  test('archive is a soft delete: gone from get and list, kept in the table', async () => {
    const { db } = getDb();
    const p = await mgr.partners.create({ name: 'Archived Trading', ownerId: org.users.rep1 });
    await mgr.partners.archive({ id: p.id, version: 1 });
    await assert.rejects(
      rep1.partners.get({ id: p.id }),
      (e: { code?: string }) => e.code === 'NOT_FOUND',
    );
    const list = await mgr.partners.list({ search: 'Archived Trading' });
    assert.equal(list.total, 0);
    const row = await db('partners').where({ id: p.id }).first();
    assert.ok(row.deleted_at);
    assert.equal(Number(row.version), 2);
  });

  test('an idempotency key replays the first answer and refuses another payload', async () => {
    const a = await rep1.partners.create({
      name: 'Once Only GmbH',
      idempotencyKey: 'shop-order-000001',
    });
    const b = await rep1.partners.create({
      name: 'Once Only GmbH',
      idempotencyKey: 'shop-order-000001',
    });
    assert.equal(b.id, a.id);
    await assert.rejects(
      rep1.partners.create({ name: 'Other GmbH', idempotencyKey: 'shop-order-000001' }),
      (e: { code?: string }) => e.code === 'UNPROCESSABLE_CONTENT',
    );
    const list = await rep1.partners.list({ search: 'Once Only' });
    assert.equal(list.total, 1);
  });

  test('a new default address takes the flag from the old one', async () => {
    const p = await rep1.partners.create({
      name: 'Two Docks Ltd',
      addresses: [{ type: 'delivery', isDefault: true, line1: 'Dock 1' }],
    });
    await rep1.partners.addresses.add({
      partnerId: p.id,
      address: { type: 'delivery', isDefault: true, line1: 'Dock 2' },
    });
    const full = await rep1.partners.get({ id: p.id });
    const defaults = full.addresses.filter((a) => a.isDefault).map((a) => a.line1);
    assert.deepEqual(defaults, ['Dock 2']);
  });

  test('bad input names the field and the rule', async () => {
    await assert.rejects(
      rep1.partners.create({ name: '', website: 'javascript:alert(1)' }),
      (e: { code?: string; message?: string }) =>
        e.code === 'BAD_REQUEST' && /name/.test(e.message ?? '') && /website/.test(e.message ?? ''),
    );
  });

  test('an id beyond the 32-bit columns is a field error, not a database failure', async () => {
    await assert.rejects(
      rep1.partners.get({ id: 3e9 }),
      (e: { code?: string; message?: string }) =>
        e.code === 'BAD_REQUEST' && /id/.test(e.message ?? ''),
    );
  });
});
