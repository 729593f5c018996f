import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import { callerAs, createOrg, type Caller, type Org } from '../../../test/support/org.ts';
import { toInt } from '../../db/rows.ts';

const code = (expected: string) => (e: { code?: string }) => e.code === expected;

describeEachDatabase('audit', (getDb) => {
  let org: Org;
  let admin: Caller;
  let rep1: Caller;
  let repSouth: Caller;
  let mgrEast: Caller;
  let mgrSouth: Caller;
  let partnerId: number;
  let addressId: number;

  /** A row written straight to the table, with one audit row, as its service would leave it. */
  async function insertWithHistory(table: 'contacts' | 'activities', values: object) {
    const at = new Date().toISOString();
    const [row] = await getDb()
      .db(table)
      .insert({ version: 1, created_at: at, updated_at: at, ...values })
      .returning('id');
    const id = toInt((row as { id: unknown }).id);
    await getDb()
      .db('audit_log')
      .insert({ at, entity: table, entity_id: id, action: 'create', field: null });
    return id;
  }

  before(async () => {
    org = await createOrg(getDb());
    admin = await callerAs(getDb(), org, 'admin');
    rep1 = await callerAs(getDb(), org, 'rep1');
    repSouth = await callerAs(getDb(), org, 'repSouth');
    mgrEast = await callerAs(getDb(), org, 'mgrEast');
    mgrSouth = await callerAs(getDb(), org, 'mgrSouth');
    const p = await rep1.partners.create({
      name: 'History Co.',
      addresses: [{ type: 'office', line1: '南京西路 1 号' }],
    });
    partnerId = p.id;
    addressId = (await rep1.partners.get({ id: p.id })).addresses[0]!.id;
    let version = p.version;
    for (const industry of ['Textiles', 'Machinery', 'Chemicals']) {
      version = (await rep1.partners.update({ id: p.id, version, patch: { industry } })).version;
    }
  });

  test('history is newest first, names who changed what, and pages by cursor', async () => {
    const all = await rep1.audit.list({ entity: 'partners', entityId: partnerId });
    assert.ok(all.total >= 4);
    assert.deepEqual(
      all.items.slice(0, 3).map((h) => [h.action, h.field, h.oldValue, h.newValue]),
      [
        ['update', 'industry', 'Machinery', 'Chemicals'],
        ['update', 'industry', 'Textiles', 'Machinery'],
        ['update', 'industry', null, 'Textiles'],
      ],
    );
    assert.equal(all.items[0]?.userId, org.users.rep1);
    assert.equal(all.items[0]?.userName, '张一 Rep One');
    assert.match(all.items[0]?.requestId ?? '', /^test-/);
    assert.ok(all.items.at(-1)?.action === 'create');

    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<Caller['audit']['list']>> = await rep1.audit.list({
        entity: 'partners',
        entityId: partnerId,
        limit: 2,
        cursor,
      });
      assert.ok(page.items.length <= 2);
      seen.push(...page.items.map((h) => h.id));
      cursor = page.nextCursor;
    } while (cursor);
    assert.deepEqual(
      seen,
      all.items.map((h) => h.id),
    );
  });

  test('a partner outside the scope answers NOT_FOUND, as a missing one does', async () => {
    await assert.rejects(
      repSouth.audit.list({ entity: 'partners', entityId: partnerId }),
      (e: { code?: string; message?: string }) =>
        e.code === 'NOT_FOUND' && e.message === 'Partner not found',
    );
    await assert.rejects(
      repSouth.audit.list({ entity: 'partners', entityId: 999_999 }),
      (e: { code?: string; message?: string }) =>
        e.code === 'NOT_FOUND' && e.message === 'Partner not found',
    );
    await assert.rejects(
      mgrSouth.audit.list({ entity: 'partners', entityId: partnerId }),
      code('NOT_FOUND'),
    );
    const byManager = await mgrEast.audit.list({ entity: 'partners', entityId: partnerId });
    assert.ok(byManager.total >= 4);
    const byAdmin = await admin.audit.list({ entity: 'partners', entityId: partnerId });
    assert.equal(byAdmin.total, byManager.total);
  });

  test('addresses are read through their partner', async () => {
    const h = await rep1.audit.list({ entity: 'partner_addresses', entityId: addressId });
    assert.equal(h.items.at(-1)?.action, 'create');
    await assert.rejects(
      repSouth.audit.list({ entity: 'partner_addresses', entityId: addressId }),
      code('NOT_FOUND'),
    );
  });

  test('contacts and activities follow the scope builder', async () => {
    const contactId = await insertWithHistory('contacts', {
      name: '联系人 Contact',
      owner_id: org.users.rep1,
    });
    const activityId = await insertWithHistory('activities', {
      type: 'call',
      subject: 'First call',
      occurred_at: new Date().toISOString(),
      owner_id: org.users.repSouth,
      partner_id: partnerId,
    });
    for (const [entity, entityId] of [
      ['contacts', contactId],
      ['activities', activityId],
    ] as const) {
      assert.equal((await rep1.audit.list({ entity, entityId })).total, 1);
      assert.equal((await mgrEast.audit.list({ entity, entityId })).total, 1);
    }
    await assert.rejects(
      repSouth.audit.list({ entity: 'contacts', entityId: contactId }),
      code('NOT_FOUND'),
    );
    // Logged by repSouth, so theirs; about rep1's partner, so rep1's too.
    assert.equal(
      (await repSouth.audit.list({ entity: 'activities', entityId: activityId })).total,
      1,
    );
  });

  test('the history of users and teams is for admins only', async () => {
    for (const caller of [rep1, mgrEast]) {
      for (const entity of ['users', 'teams'] as const) {
        await assert.rejects(
          caller.audit.list({ entity, entityId: org.users.rep1 }),
          code('FORBIDDEN'),
        );
      }
    }
    const finance = await callerAs(getDb(), org, 'finance');
    await assert.rejects(
      finance.audit.list({ entity: 'partners', entityId: partnerId }),
      code('FORBIDDEN'),
    );
    const rep = await admin.users.get({ id: org.users.rep2 });
    await admin.users.update({ id: rep.id, version: rep.version, patch: { locale: 'en' } });
    const h = await admin.audit.list({ entity: 'users', entityId: rep.id });
    assert.deepEqual(
      h.items.map((x) => [x.field, x.newValue, x.userName]),
      [['locale', 'en', 'Ada Admin']],
    );
    await assert.rejects(
      admin.audit.list({ entity: 'teams', entityId: 999_999 }),
      code('NOT_FOUND'),
    );
  });

  test('an archived partner keeps its history for admins', async () => {
    const p = await rep1.partners.create({ name: 'Gone Co.' });
    await mgrEast.partners.archive({ id: p.id, version: p.version });
    const h = await admin.audit.list({ entity: 'partners', entityId: p.id });
    assert.equal(h.items[0]?.action, 'archive');
    assert.equal(h.items[0]?.userName, '王东 East Manager');
  });
});
