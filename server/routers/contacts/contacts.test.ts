import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import { callerAs, createOrg, type Caller, type Org } from '../../../test/support/org.ts';

const code = (c: string) => (e: { code?: string }) => e.code === c;

describeEachDatabase('contacts', (getDb) => {
  let org: Org;
  let rep1: Caller;
  let rep2: Caller;
  let mgrEast: Caller;
  let mgrSouth: Caller;
  let p1: number;
  let p2: number;
  let rep2Partner: number;
  const db = () => getDb().db;
  const auditRows = (entity: string, id: number) =>
    db()('audit_log').where({ entity, entity_id: id }).orderBy('id');
  const primaryOf = async (partnerId: number) =>
    (
      await db()('partner_contacts')
        .where({ partner_id: partnerId, is_primary: true })
        .whereNull('deleted_at')
        .select('contact_id')
    ).map((r) => Number(r.contact_id));

  before(async () => {
    org = await createOrg(getDb());
    rep1 = await callerAs(getDb(), org, 'rep1');
    rep2 = await callerAs(getDb(), org, 'rep2');
    mgrEast = await callerAs(getDb(), org, 'mgrEast');
    mgrSouth = await callerAs(getDb(), org, 'mgrSouth');
    p1 = (await rep1.partners.create({ name: '上海明辉机械有限公司' })).id;
    p2 = (await rep1.partners.create({ name: '苏州精工电子' })).id;
    rep2Partner = (await rep2.partners.create({ name: 'Rep Two Trading' })).id;
  });

  test('a contact linked to two partners, with a title and role per link', async () => {
    const c = await rep1.contacts.create({
      name: '周敏 Zhou Min',
      email: 'zhou.min@minghui.example',
      phones: ['+86 138 0013 8000'],
      partners: [
        { partnerId: p1, title: '采购经理', role: 'decision_maker', isPrimary: true },
        { partnerId: p2, title: '技术顾问', role: 'technical' },
      ],
    });
    assert.equal(c.ownerId, org.users.rep1);
    assert.equal(c.version, 1);
    const byPartner = new Map(c.partners.map((l) => [l.partnerId, l]));
    assert.equal(byPartner.get(p1)?.role, 'decision_maker');
    assert.equal(byPartner.get(p1)?.isPrimary, true);
    assert.equal(byPartner.get(p1)?.partnerName, '上海明辉机械有限公司');
    assert.equal(byPartner.get(p2)?.title, '技术顾问');
    assert.equal(byPartner.get(p2)?.isPrimary, false);
    assert.match(byPartner.get(p2)?.partnerCode ?? '', /^C\d{6}$/);

    // Both partners' cards show the contact; the contact's search covers name, email, phone.
    assert.deepEqual(
      (await rep1.partners.get({ id: p2 })).contacts.map((x) => x.contactId),
      [c.id],
    );
    for (const search of ['zhou min', 'MINGHUI.example', '138-0013-8000']) {
      const found = await rep1.contacts.list({ search });
      assert.deepEqual(
        found.items.map((x) => x.id),
        [c.id],
        search,
      );
    }
    const ofP2 = await rep1.contacts.list({ partnerId: p2 });
    assert.equal(ofP2.total, 1);
    const audits = await auditRows('partner_contacts', byPartner.get(p1)!.linkId);
    assert.equal(audits[0]?.action, 'create');
  });

  test('one primary contact per partner: a new primary takes the flag, audited', async () => {
    const a = await rep1.contacts.create({
      name: 'Primary A',
      partners: [{ partnerId: p2, role: 'finance', isPrimary: true }],
    });
    const aLink = a.partners[0]!;
    assert.deepEqual(await primaryOf(p2), [a.id]);

    const b = await rep1.contacts.create({ name: 'Primary B' });
    const bLink = await rep1.contacts.link({
      contactId: b.id,
      partnerId: p2,
      role: 'user',
      isPrimary: true,
    });
    assert.deepEqual(await primaryOf(p2), [b.id]);
    const aAfter = (await rep1.contacts.get({ id: a.id })).partners[0]!;
    assert.equal(aAfter.isPrimary, false);
    assert.equal(aAfter.linkVersion, aLink.linkVersion + 1);
    const cleared = await auditRows('partner_contacts', aLink.linkId);
    assert.deepEqual(
      cleared.filter((r) => r.action === 'update').map((r) => [r.field, r.new_value]),
      [['is_primary', 'false']],
    );

    // Back to A through updateLink, which clears B in the same transaction.
    const back = await rep1.contacts.updateLink({
      id: aAfter.linkId,
      version: aAfter.linkVersion,
      patch: { isPrimary: true, title: '财务总监' },
    });
    assert.equal(back.isPrimary, true);
    assert.equal(back.title, '财务总监');
    assert.deepEqual(await primaryOf(p2), [a.id]);
    const bAfter = (await rep1.contacts.get({ id: b.id })).partners[0]!;
    assert.equal(bAfter.isPrimary, false);
    assert.equal(bAfter.linkVersion, bLink.linkVersion + 1);

    // The index backs the rule even against a write that skips the service.
    await assert.rejects(
      db()('partner_contacts')
        .where({ id: bAfter.linkId })
        .update({ is_primary: true }) as unknown as Promise<unknown>,
    );
  });

  test('linking to a partner the caller cannot see is NOT_FOUND and writes nothing', async () => {
    const before = await db()('contacts').count({ n: '*' }).first();
    await assert.rejects(
      rep1.contacts.create({ name: 'Nope', partners: [{ partnerId: rep2Partner }] }),
      code('NOT_FOUND'),
    );
    assert.deepEqual(await db()('contacts').count({ n: '*' }).first(), before);
    const c = await rep1.contacts.create({ name: 'Linker' });
    await assert.rejects(
      rep1.contacts.link({ contactId: c.id, partnerId: rep2Partner }),
      code('NOT_FOUND'),
    );
    await rep1.contacts.link({ contactId: c.id, partnerId: p1 });
    await assert.rejects(rep1.contacts.link({ contactId: c.id, partnerId: p1 }), code('CONFLICT'));
    await assert.rejects(
      rep1.contacts.link({ contactId: c.id, partnerId: p2, role: 'boss' as 'other' }),
      code('BAD_REQUEST'),
    );
  });

  test("scope: rep2 cannot see rep1's private contact; their manager can, another cannot", async () => {
    const c = await rep1.contacts.create({ name: '私人联系人 Private', phones: ['021 6666 7777'] });
    await assert.rejects(rep2.contacts.get({ id: c.id }), code('NOT_FOUND'));
    await assert.rejects(
      rep2.contacts.update({ id: c.id, version: 1, patch: { notes: 'x' } }),
      code('NOT_FOUND'),
    );
    await assert.rejects(
      rep2.contacts.link({ contactId: c.id, partnerId: rep2Partner }),
      code('NOT_FOUND'),
    );
    assert.equal((await rep2.contacts.list({ search: '6666 7777' })).total, 0);
    assert.equal((await mgrEast.contacts.get({ id: c.id })).name, '私人联系人 Private');
    assert.equal((await mgrEast.contacts.list({ search: '6666 7777' })).total, 1);
    await assert.rejects(mgrSouth.contacts.get({ id: c.id }), code('NOT_FOUND'));

    // Linked to rep2's partner (by rep2's manager), rep2 sees it but only rep2's partner link.
    await mgrEast.contacts.link({ contactId: c.id, partnerId: p1 });
    await mgrEast.contacts.link({ contactId: c.id, partnerId: rep2Partner });
    const seen = await rep2.contacts.get({ id: c.id });
    assert.deepEqual(
      seen.partners.map((l) => l.partnerId),
      [rep2Partner],
    );
    assert.equal((await mgrEast.contacts.get({ id: c.id })).partners.length, 2);
    // A partner filter never reveals links to partners out of reach.
    assert.equal((await rep2.contacts.list({ partnerId: p1 })).total, 0);
  });

  test('update is versioned and audited per field; a stale version is CONFLICT', async () => {
    const c = await rep1.contacts.create({ name: 'Versioned', phones: ['010 1234 5678'] });
    const u = await rep1.contacts.update({
      id: c.id,
      version: 1,
      patch: { jobTitle: 'CFO', phones: ['010 8765 4321'] },
    });
    assert.equal(u.version, 2);
    assert.equal(u.jobTitle, 'CFO');
    const fields = (await auditRows('contacts', c.id))
      .filter((r) => r.action === 'update')
      .map((r) => r.field)
      .sort();
    assert.deepEqual(fields, ['job_title', 'phones']);
    assert.equal((await rep1.contacts.list({ search: '8765 4321' })).total, 1);
    assert.equal((await rep1.contacts.list({ search: '1234 5678' })).total, 0);
    await assert.rejects(
      rep1.contacts.update({ id: c.id, version: 1, patch: { jobTitle: 'CEO' } }),
      code('CONFLICT'),
    );
    await assert.rejects(
      rep1.contacts.update({ id: c.id, version: 2, patch: { ownerId: org.users.rep2 } }),
      code('FORBIDDEN'),
    );
    assert.equal((await rep1.contacts.get({ id: c.id })).jobTitle, 'CFO');
  });

  test('unlink soft-deletes the link (versioned); the pair may be linked again', async () => {
    const c = await rep1.contacts.create({ name: 'Unlinker', partners: [{ partnerId: p1 }] });
    const link = c.partners[0]!;
    await rep1.contacts.updateLink({ id: link.linkId, version: 1, patch: { role: 'influencer' } });
    await assert.rejects(rep1.contacts.unlink({ id: link.linkId, version: 1 }), code('CONFLICT'));
    const gone = await rep1.contacts.unlink({ id: link.linkId, version: 2 });
    assert.equal(gone.version, 3);
    const row = await db()('partner_contacts').where({ id: link.linkId }).first();
    assert.ok(row.deleted_at);
    assert.equal(Number(row.version), 3);
    assert.equal((await rep1.contacts.get({ id: c.id })).partners.length, 0);
    await assert.rejects(
      rep1.contacts.updateLink({ id: link.linkId, version: 3, patch: { role: 'user' } }),
      code('NOT_FOUND'),
    );
    const again = await rep1.contacts.link({ contactId: c.id, partnerId: p1 });
    assert.notEqual(again.linkId, link.linkId);
  });

  test('archive is versioned, hides the contact and ends its links', async () => {
    const c = await rep1.contacts.create({
      name: 'Archived Contact',
      partners: [{ partnerId: p1 }],
    });
    // Reps may not archive (a manager's decision); the manager does it.
    await assert.rejects(rep1.contacts.archive({ id: c.id, version: 1 }), code('FORBIDDEN'));
    await assert.rejects(mgrEast.contacts.archive({ id: c.id, version: 2 }), code('CONFLICT'));
    await mgrEast.contacts.archive({ id: c.id, version: 1 });
    await assert.rejects(rep1.contacts.get({ id: c.id }), code('NOT_FOUND'));
    assert.equal((await rep1.contacts.list({ search: 'archived contact' })).total, 0);
    const link = await db()('partner_contacts').where({ id: c.partners[0]!.linkId }).first();
    assert.ok(link.deleted_at);
  });

  test('create with an idempotency key: a retry replays, another payload is refused', async () => {
    const input = {
      name: 'Idempotent Contact',
      partners: [{ partnerId: p1, role: 'user' as const }],
      idempotencyKey: 'contact-import-0001',
    };
    const first = await rep1.contacts.create(input);
    const retry = await rep1.contacts.create(input);
    assert.equal(retry.id, first.id);
    await assert.rejects(
      rep1.contacts.create({ ...input, name: 'Someone Else' }),
      code('UNPROCESSABLE_CONTENT'),
    );
    const rows = await db()('contacts').where({ name: 'Idempotent Contact' });
    assert.equal(rows.length, 1);
  });

  test('list pages with a cursor and a total, sorted by name', async () => {
    for (const n of ['Lst C', 'Lst A', 'Lst B']) await rep2.contacts.create({ name: n });
    const page1 = await rep2.contacts.list({ search: 'lst', limit: 2 });
    assert.equal(page1.total, 3);
    assert.deepEqual(
      page1.items.map((c) => c.name),
      ['Lst A', 'Lst B'],
    );
    const page2 = await rep2.contacts.list({ search: 'lst', limit: 2, cursor: page1.nextCursor });
    assert.deepEqual(
      page2.items.map((c) => c.name),
      ['Lst C'],
    );
    assert.equal(page2.nextCursor, null);
  });
});
