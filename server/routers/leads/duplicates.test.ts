import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import { callerAs, createOrg, USERS, type Caller, type Org } from '../../../test/support/org.ts';
import type { Duplicates } from '../../../core/schemas/leads.ts';
import { up as backfillKeys } from '../../db/migrations/20261122200201_collision_keys_backfill.ts';

/** kind:id → what matched, for the visible matches. */
const found = (d: Duplicates) =>
  Object.fromEntries(d.matches.map((m) => [`${m.kind}:${m.id}`, m.matched.join(',')]));

describeEachDatabase('leads.duplicates (撞单分析)', (getDb) => {
  let org: Org;
  let admin: Caller;
  let rep1: Caller;
  let repSouth: Caller;
  // repSouth's customer: a partner, its contact, and a lead from elsewhere.
  let partnerId: number;
  let contactId: number;
  let leadId: number;
  let companyLeadId: number;

  before(async () => {
    org = await createOrg(getDb());
    admin = await callerAs(getDb(), org, 'admin');
    rep1 = await callerAs(getDb(), org, 'rep1');
    repSouth = await callerAs(getDb(), org, 'repSouth');
    const owner = org.users.repSouth;
    const p = await admin.partners.create({
      name: '上海华信科技有限公司',
      ownerId: owner,
      phones: ['+86 21 5555 0101'],
      emails: ['info@huaxin-tech.com'],
    });
    partnerId = p.id;
    const c = await admin.contacts.create({
      name: '李华',
      email: 'Li.Hua@Huaxin-Tech.com',
      phones: ['+86 138 1234 5678'],
      ownerId: owner,
      partners: [{ partnerId }],
    });
    contactId = c.id;
    const l = await admin.leads.create({
      name: '王五',
      company: 'Acme Co., Ltd.',
      email: 'wang.wu@qq.com',
      phone: '0755-8888 1234',
      ownerId: owner,
    });
    leadId = l.lead.id;
    const l2 = await admin.leads.create({
      name: 'Buyer',
      email: 'buyer@acme-cn.com',
      ownerId: owner,
    });
    companyLeadId = l2.lead.id;
  });

  test('company names match with and without legal suffixes, on partners and leads', async () => {
    for (const company of ['上海华信科技', '上海华信科技股份有限公司', '上海华信科技集团']) {
      assert.deepEqual(found(await admin.leads.duplicates({ company })), {
        [`partner:${partnerId}`]: 'company',
      });
    }
    for (const company of ['ACME Inc.', 'Acme', 'acme co ltd']) {
      assert.deepEqual(found(await admin.leads.duplicates({ company })), {
        [`lead:${leadId}`]: 'company',
      });
    }
    assert.deepEqual(found(await admin.leads.duplicates({ company: '华信' })), {});
  });

  test('a company mail domain matches partners, contacts and leads; public domains never do', async () => {
    assert.deepEqual(found(await admin.leads.duplicates({ email: 'zhang@HUAXIN-tech.com' })), {
      [`partner:${partnerId}`]: 'domain',
      [`contact:${contactId}`]: 'domain',
    });
    assert.deepEqual(found(await admin.leads.duplicates({ email: 'sales@acme-cn.com' })), {
      [`lead:${companyLeadId}`]: 'domain',
    });
    // Same provider, different person: no collision.
    assert.deepEqual(found(await admin.leads.duplicates({ email: 'someone@qq.com' })), {});
  });

  test('the same address matches contacts and leads (and the domain with it)', async () => {
    assert.deepEqual(found(await admin.leads.duplicates({ email: ' li.hua@huaxin-tech.com ' })), {
      [`partner:${partnerId}`]: 'domain',
      [`contact:${contactId}`]: 'email,domain',
    });
    assert.deepEqual(found(await admin.leads.duplicates({ email: 'WANG.WU@qq.com' })), {
      [`lead:${leadId}`]: 'email',
    });
  });

  test('phones match with and without country code and trunk 0, on all three kinds', async () => {
    for (const phone of ['021-5555-0101', '2155550101', '0086 21 5555 0101']) {
      assert.deepEqual(found(await admin.leads.duplicates({ phone })), {
        [`partner:${partnerId}`]: 'phone',
      });
    }
    for (const phone of ['13812345678', '+8613812345678']) {
      assert.deepEqual(found(await admin.leads.duplicates({ phone })), {
        [`contact:${contactId}`]: 'phone',
      });
    }
    assert.deepEqual(found(await admin.leads.duplicates({ phone: '+86 755 8888 1234' })), {
      [`lead:${leadId}`]: 'phone',
    });
  });

  test("a rep sees another rep's collision as a count with the owner's name, never the record", async () => {
    const d = await rep1.leads.duplicates({ company: '上海华信科技', phone: '021 5555 0101' });
    assert.deepEqual(d.matches, []);
    assert.deepEqual(d.hidden, {
      count: 1,
      owners: [
        {
          ownerId: org.users.repSouth,
          ownerName: USERS.repSouth.name,
          count: 1,
          matched: ['phone', 'company'],
        },
      ],
    });
    await assert.rejects(rep1.partners.get({ id: partnerId }), { code: 'NOT_FOUND' });
    // The owner sees their own records in full.
    const own = await repSouth.leads.duplicates({ company: '上海华信科技' });
    assert.deepEqual(found(own), { [`partner:${partnerId}`]: 'company' });
    assert.equal(own.matches[0]?.ownerName, USERS.repSouth.name);
    assert.equal(own.hidden.count, 0);
  });

  test('create reports collisions at once, or refuses them with rejectDuplicates', async () => {
    const created = await rep1.leads.create({ name: '周六', company: '上海华信科技有限公司' });
    assert.equal(created.duplicates.hidden.count, 1);
    assert.equal(created.duplicates.hidden.owners[0]?.ownerName, USERS.repSouth.name);
    // The new lead of rep1 now collides too, and rep1 sees it.
    const again = await rep1.leads.duplicates({ company: '上海华信科技' });
    assert.deepEqual(found(again), { [`lead:${created.lead.id}`]: 'company' });
    const before = (await admin.leads.list({})).total;
    await assert.rejects(
      rep1.leads.create({ name: '周七', phone: '13812345678', rejectDuplicates: true }),
      { code: 'CONFLICT' },
    );
    assert.equal((await admin.leads.list({})).total, before);
  });

  test("a lead's own duplicates leave the lead itself out; get carries them", async () => {
    const d = await admin.leads.duplicates({ leadId });
    assert.equal(found(d)[`lead:${leadId}`], undefined);
    const detail = await admin.leads.get({ id: leadId });
    assert.deepEqual(detail.duplicates, d);
    await assert.rejects(rep1.leads.duplicates({ leadId }), { code: 'NOT_FOUND' });
  });

  test('partner and contact edits keep their collision keys current', async () => {
    const p = await admin.partners.create({ name: 'Keys Ltd', ownerId: org.users.rep1 });
    assert.deepEqual(found(await admin.leads.duplicates({ phone: '+86 10 6666 7777' })), {});
    await admin.partners.update({
      id: p.id,
      version: p.version,
      patch: { phones: ['010-6666-7777'], website: 'https://www.keys-ltd.cn' },
    });
    assert.deepEqual(found(await admin.leads.duplicates({ phone: '+86 10 6666 7777' })), {
      [`partner:${p.id}`]: 'phone',
    });
    assert.deepEqual(found(await admin.leads.duplicates({ email: 'a@keys-ltd.cn' })), {
      [`partner:${p.id}`]: 'domain',
    });
    const c = await admin.contacts.create({ name: 'Key Person', ownerId: org.users.rep1 });
    await admin.contacts.update({
      id: c.id,
      version: c.version,
      patch: { email: 'key.person@example.org' },
    });
    assert.deepEqual(found(await admin.leads.duplicates({ email: 'Key.Person@example.org' })), {
      [`contact:${c.id}`]: 'email,domain',
    });
  });

  test('fields without a usable key are refused, or find nothing', async () => {
    await assert.rejects(admin.leads.duplicates({ name: 'Only a name' }), { code: 'BAD_REQUEST' });
    assert.deepEqual(await admin.leads.duplicates({ phone: '110' }), {
      matches: [],
      hidden: { count: 0, owners: [] },
    });
  });

  test('the backfill gives partners and contacts written before collision analysis their keys', async () => {
    const db = getDb().db;
    const p = await admin.partners.create({
      name: 'Legacy Machinery Co., Ltd.',
      ownerId: org.users.rep1,
      phones: ['0512-6123 4567'],
    });
    const c = await admin.contacts.create({
      name: 'Legacy Person',
      email: 'old@legacy-machinery.cn',
      ownerId: org.users.rep1,
    });
    // As a foundation-era database left them.
    await db('partners')
      .where({ id: p.id })
      .update({ norm_company: null, norm_phones: '', norm_domains: '' });
    await db('contacts').where({ id: c.id }).update({ norm_email: null, norm_phone: null });
    assert.deepEqual(found(await admin.leads.duplicates({ company: 'legacy machinery' })), {});
    await backfillKeys(db);
    assert.deepEqual(
      found(
        await admin.leads.duplicates({ company: 'Legacy Machinery', phone: '+86 512 6123 4567' }),
      ),
      { [`partner:${p.id}`]: 'phone,company' },
    );
    assert.deepEqual(found(await admin.leads.duplicates({ email: 'OLD@legacy-machinery.cn' })), {
      [`contact:${c.id}`]: 'email,domain',
    });
  });
});
