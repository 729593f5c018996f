import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import { createFunnelFixture, type FunnelFixture } from '../../../test/support/funnel.ts';
import { callerAs, createOrg, type Caller, type Org } from '../../../test/support/org.ts';
import { countOf } from '../../db/rows.ts';

describeEachDatabase('leads.convert and the lead history', (getDb) => {
  let org: Org;
  let funnel: FunnelFixture;
  let rep1: Caller;
  let admin: Caller;
  const count = async (table: string) => countOf(await getDb().db(table).count({ n: '*' }).first());

  before(async () => {
    org = await createOrg(getDb());
    funnel = await createFunnelFixture(getDb());
    rep1 = await callerAs(getDb(), org, 'rep1');
    admin = await callerAs(getDb(), org, 'admin');
  });

  let phones = 0;
  const card = (name: string, company: string) =>
    rep1.leads.create({
      name,
      company,
      jobTitle: '总经理',
      email: `${name.toLowerCase()}@${name.toLowerCase()}-tech.cn`,
      phone: `+86 21 6000 ${1000 + phones++}`,
      channel: 'referral',
      campaign: 'SPRING',
    });

  test('creates partner, contact and opportunity in one go and marks the lead converted', async () => {
    const { lead } = await card('Alpha', '上海阿尔法科技有限公司');
    const out = await rep1.leads.convert({
      id: lead.id,
      version: lead.version,
      partner: { mode: 'create' },
      contact: { mode: 'create' },
      opportunity: {
        pipelineId: funnel.lato.id,
        name: 'Alpha 生产线改造',
        expectedRevenue: 1_250_000_00,
        currency: 'CNY',
      },
    });
    assert.equal(out.lead.status, 'converted');
    assert.equal(out.lead.partnerId, out.partnerId);
    assert.equal(out.lead.contactId, out.contactId);
    assert.equal(out.lead.opportunityId, out.opportunityId);
    const partner = await rep1.partners.get({ id: out.partnerId });
    assert.equal(partner.name, '上海阿尔法科技有限公司');
    assert.equal(partner.ownerId, org.users.rep1);
    assert.deepEqual(partner.phones, ['+86 21 6000 1000']);
    assert.deepEqual(partner.emails, ['alpha@alpha-tech.cn']);
    assert.deepEqual(
      partner.contacts.map((c) => [c.contactId, c.name, c.isPrimary]),
      [[out.contactId, 'Alpha', true]],
    );
    const opp = await getDb().db('opportunities').where({ id: out.opportunityId }).first();
    assert.equal(Number(opp.partner_id), out.partnerId);
    assert.equal(Number(opp.lead_id), lead.id);
    assert.equal(Number(opp.primary_contact_id), out.contactId);
    assert.equal(Number(opp.stage_id), funnel.lato.order[0]);
    assert.equal(opp.campaign, 'SPRING');
    const detail = await rep1.leads.get({ id: lead.id });
    assert.equal(detail.activityCount, 1);
    // Converting again, or moving it back, is refused.
    await assert.rejects(
      rep1.leads.convert({ id: lead.id, version: out.lead.version, partner: { mode: 'create' } }),
      { code: 'BAD_REQUEST' },
    );
    await assert.rejects(
      rep1.leads.update({ id: lead.id, version: out.lead.version, patch: { status: 'working' } }),
      { code: 'BAD_REQUEST' },
    );
  });

  test('merges into an existing partner: duplicates are shown, nothing new is created', async () => {
    const existing = await rep1.partners.create({
      name: 'Beta Trading Co., Ltd.',
      phones: ['021-7000-2000'],
    });
    const contact = await rep1.contacts.create({ name: 'Beta Buyer' });
    const { lead, duplicates } = await card('Beta', 'BETA TRADING LIMITED');
    assert.deepEqual(
      duplicates.matches.map((m) => [m.kind, m.id, m.matched]),
      [['partner', existing.id, ['company']]],
    );
    const partnersBefore = await count('partners');
    const contactsBefore = await count('contacts');
    const out = await rep1.leads.convert({
      id: lead.id,
      version: lead.version,
      partner: { mode: 'link', partnerId: existing.id },
      contact: { mode: 'link', contactId: contact.id },
    });
    assert.equal(out.partnerId, existing.id);
    assert.equal(out.contactId, contact.id);
    assert.equal(out.opportunityId, null);
    assert.deepEqual(out.duplicates, duplicates);
    assert.equal(await count('partners'), partnersBefore);
    assert.equal(await count('contacts'), contactsBefore);
    const linked = await rep1.partners.get({ id: existing.id });
    assert.deepEqual(
      linked.contacts.map((c) => c.contactId),
      [contact.id],
    );
  });

  test('a failure anywhere leaves nothing: no partner, contact, opportunity or lead change', async () => {
    const { lead } = await card('Gamma', '广州伽马电子有限公司');
    const before = {
      partners: await count('partners'),
      contacts: await count('contacts'),
      links: await count('partner_contacts'),
      opportunities: await count('opportunities'),
      activities: await count('activities'),
      audit: await count('audit_log'),
    };
    // The stage belongs to another pipeline: refused after the partner and contact were written.
    await assert.rejects(
      rep1.leads.convert({
        id: lead.id,
        version: lead.version,
        partner: { mode: 'create' },
        contact: { mode: 'create' },
        opportunity: {
          pipelineId: funnel.lato.id,
          stageId: funnel.tender.order[0]!,
          name: 'Gamma',
          currency: 'CNY',
        },
      }),
      { code: 'BAD_REQUEST' },
    );
    assert.deepEqual(
      {
        partners: await count('partners'),
        contacts: await count('contacts'),
        links: await count('partner_contacts'),
        opportunities: await count('opportunities'),
        activities: await count('activities'),
        audit: await count('audit_log'),
      },
      before,
    );
    const unchanged = await rep1.leads.get({ id: lead.id });
    assert.equal(unchanged.status, 'new');
    assert.equal(unchanged.version, lead.version);
  });

  test('stale versions conflict; targets outside scope are not found and change nothing', async () => {
    const { lead } = await card('Delta', 'Delta GmbH');
    await assert.rejects(
      rep1.leads.convert({ id: lead.id, version: lead.version + 1, partner: { mode: 'create' } }),
      { code: 'CONFLICT' },
    );
    const foreign = await admin.partners.create({
      name: 'Someone Else Ltd',
      ownerId: org.users.repSouth,
    });
    await assert.rejects(
      rep1.leads.convert({
        id: lead.id,
        version: lead.version,
        partner: { mode: 'link', partnerId: foreign.id },
      }),
      { code: 'NOT_FOUND' },
    );
    const rep2 = await callerAs(getDb(), org, 'rep2');
    await assert.rejects(
      rep2.leads.convert({ id: lead.id, version: lead.version, partner: { mode: 'create' } }),
      { code: 'NOT_FOUND' },
    );
    assert.equal((await rep1.leads.get({ id: lead.id })).status, 'new');
    // Without a contact the lead still converts, into the partner alone.
    const out = await rep1.leads.convert({
      id: lead.id,
      version: lead.version,
      partner: { mode: 'create' },
      contact: { mode: 'none' },
    });
    assert.equal(out.contactId, null);
    assert.equal((await rep1.partners.get({ id: out.partnerId })).name, 'Delta GmbH');
  });
});
