import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import { createFunnelFixture } from '../../../test/support/funnel.ts';
import { callerAs, createOrg, type Caller, type Org } from '../../../test/support/org.ts';
import { toInt } from '../../db/rows.ts';

const code = (c: string) => (e: { code?: string }) => e.code === c;

describeEachDatabase('activities on opportunities and leads', (getDb) => {
  let org: Org;
  let rep1: Caller;
  let rep2: Caller;
  let repSouth: Caller;
  let partnerId: number;
  let other: number;

  before(async () => {
    org = await createOrg(getDb());
    await createFunnelFixture(getDb());
    rep1 = await callerAs(getDb(), org, 'rep1');
    rep2 = await callerAs(getDb(), org, 'rep2');
    repSouth = await callerAs(getDb(), org, 'repSouth');
    partnerId = (await rep1.partners.create({ name: '苏州汇丰精密' })).id;
    other = (await rep1.partners.create({ name: 'Other Co.' })).id;
  });

  async function leadOf(owner: 'rep1' | 'repSouth') {
    const at = new Date().toISOString();
    const [r] = await getDb()
      .db('leads')
      .insert({
        version: 1,
        created_at: at,
        updated_at: at,
        name: '吴先生',
        source: 'manual',
        status: 'new',
        owner_id: org.users[owner],
      })
      .returning('id');
    return toInt((r as { id: unknown }).id);
  }

  test("an activity on an opportunity takes its partner, with the partner's side effects", async () => {
    const deal = await rep1.opportunities.create({ name: 'MES 项目', partnerId });
    const a = await rep1.activities.log({
      type: 'call',
      subject: '需求沟通',
      opportunityId: deal.id,
    });
    assert.equal(a.partnerId, partnerId);
    assert.equal(a.opportunityId, deal.id);
    const p = await rep1.partners.get({ id: partnerId });
    assert.equal(p.lastContactAt, a.occurredAt);
    assert.equal(p.latestProgress, '需求沟通');
    await assert.rejects(
      rep1.activities.log({
        type: 'note',
        subject: 'x',
        opportunityId: deal.id,
        partnerId: other,
      }),
      /partnerId: is not the partner of this opportunity/,
    );
    await assert.rejects(
      repSouth.activities.log({ type: 'note', subject: 'x', opportunityId: deal.id }),
      code('NOT_FOUND'),
    );
    // A collaborator logs on the deal without owning its customer.
    const withRep2 = await rep1.opportunities.collaborators.add({
      id: deal.id,
      version: deal.version,
      userId: org.users.rep2,
    });
    const b = await rep2.activities.log({
      type: 'visit',
      subject: '上门演示',
      opportunityId: deal.id,
    });
    assert.equal(b.partnerId, partnerId);
    assert.ok(withRep2.version > deal.version);
    const listed = await rep1.activities.list({ opportunityId: deal.id });
    assert.deepEqual(
      listed.items.map((x) => x.id).sort((m, n) => m - n),
      [a.id, b.id],
    );
  });

  test('an activity on a lead only: no partner; the lead is touched and starts working', async () => {
    const leadId = await leadOf('rep1');
    const a = await rep1.activities.log({ type: 'call', subject: '首次电话', leadId });
    assert.equal(a.partnerId, null);
    assert.equal(a.leadId, leadId);
    const lead = await getDb().db('leads').where({ id: leadId }).first();
    assert.equal(lead.status, 'working');
    assert.equal(toInt(lead.version), 2);
    assert.ok(lead.last_touched_at);
    const audit = await getDb().db('audit_log').where({ entity: 'leads', entity_id: leadId });
    assert.ok(audit.some((r) => r.action === 'system' && r.field === 'status'));
    await rep1.activities.log({ type: 'email', subject: '发资料', leadId });
    const again = await getDb().db('leads').where({ id: leadId }).first();
    assert.equal(again.status, 'working');
    assert.equal((await rep1.activities.list({ leadId })).total, 2);
    await assert.rejects(
      rep1.activities.log({ type: 'call', subject: 'x', leadId: await leadOf('repSouth') }),
      code('NOT_FOUND'),
    );
    await assert.rejects(
      rep1.activities.log({ type: 'call', subject: 'nothing' }),
      code('BAD_REQUEST'),
    );
  });

  test("a colleague's activity on my lead, and the owner's on a deal I collaborate on, are mine to read", async () => {
    const admin = await callerAs(getDb(), org, 'admin');
    const leadId = await leadOf('rep1');
    const call = await admin.activities.log({ type: 'call', subject: '总部回访', leadId });
    assert.deepEqual(
      (await rep1.activities.list({ leadId })).items.map((x) => x.id),
      [call.id],
      "the admin's call is part of rep1's lead",
    );
    assert.equal((await repSouth.activities.list({ leadId })).total, 0, 'not for another rep');

    const deal = await rep1.opportunities.create({ name: '协作项目', partnerId });
    await rep1.opportunities.collaborators.add({
      id: deal.id,
      version: deal.version,
      userId: org.users.rep2,
    });
    const visit = await rep1.activities.log({
      type: 'visit',
      subject: '技术交流',
      opportunityId: deal.id,
    });
    assert.deepEqual(
      (await rep2.activities.list({ opportunityId: deal.id })).items.map((x) => x.id),
      [visit.id],
      "the collaborator reads the owner's visit",
    );
    assert.equal((await repSouth.activities.list({ opportunityId: deal.id })).total, 0);
  });
});
