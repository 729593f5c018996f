import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import { callerAs, createOrg, type Caller, type Org } from '../../../test/support/org.ts';

describeEachDatabase('leads', (getDb) => {
  let org: Org;
  let rep1: Caller;
  let rep2: Caller;
  let mgr: Caller;
  let admin: Caller;
  before(async () => {
    org = await createOrg(getDb());
    rep1 = await callerAs(getDb(), org, 'rep1');
    rep2 = await callerAs(getDb(), org, 'rep2');
    mgr = await callerAs(getDb(), org, 'mgrEast');
    admin = await callerAs(getDb(), org, 'admin');
  });

  test('a business card typed in by a rep is theirs: owner, team, source manual, status new', async () => {
    const { lead } = await rep1.leads.create({
      name: '张伟',
      company: '苏州恒达精密机械有限公司',
      jobTitle: '采购经理',
      email: 'zhang.wei@hengda-precision.cn',
      phone: '+86 512 6666 0101',
      region: '华东',
      industry: 'Machinery',
      channel: 'trade_show',
      campaign: 'CIMT2026',
      tags: ['hot'],
    });
    assert.equal(lead.ownerId, org.users.rep1);
    assert.equal(lead.teamId, org.teams.shanghai);
    assert.equal(lead.source, 'manual');
    assert.equal(lead.status, 'new');
    assert.equal(lead.version, 1);
    assert.ok(lead.assignedAt);
    await assert.rejects(rep1.leads.create({ name: 'x', ownerId: org.users.rep2 }), {
      code: 'FORBIDDEN',
    });
  });

  test('through a personal token the source is api; an idempotency key replays the answer', async () => {
    const script = await callerAs(getDb(), org, 'rep1', { kind: 'personal' });
    const input = {
      name: 'Web shop sign-up',
      email: 'new@shop-user.cn',
      idempotencyKey: 'shop-0001',
    };
    const first = await script.leads.create(input);
    const again = await script.leads.create(input);
    assert.equal(first.lead.source, 'api');
    assert.equal(again.lead.id, first.lead.id);
    assert.equal((await rep1.leads.list({ search: 'shop-user' })).total, 1);
  });

  test('a manager may queue a lead in a team; a lead nothing routes stays with its creator', async () => {
    const queued = await mgr.leads.create({ name: 'Queued', teamId: org.teams.pudong });
    assert.equal(queued.lead.teamId, org.teams.pudong);
    const unrouted = await mgr.leads.create({ name: 'Nobody routes me' });
    assert.equal(unrouted.lead.ownerId, org.users.mgrEast);
    await assert.rejects(mgr.leads.create({ name: 'x', teamId: org.teams.shenzhen }), {
      code: 'FORBIDDEN',
    });
  });

  test('list filters, searches and pages with a cursor and a total; a rep sees only their own', async () => {
    for (let i = 0; i < 5; i++)
      await rep2.leads.create({ name: `Page ${i}`, channel: 'website', campaign: 'PAGE' });
    const page1 = await rep2.leads.list({ campaign: 'PAGE', limit: 3, sort: 'name' });
    assert.equal(page1.total, 5);
    assert.equal(page1.items.length, 3);
    assert.ok(page1.nextCursor);
    const page2 = await rep2.leads.list({
      campaign: 'PAGE',
      limit: 3,
      sort: 'name',
      cursor: page1.nextCursor,
    });
    assert.deepEqual(
      [...page1.items, ...page2.items].map((l) => l.name),
      ['Page 0', 'Page 1', 'Page 2', 'Page 3', 'Page 4'],
    );
    assert.equal(page2.nextCursor, null);
    assert.equal((await rep1.leads.list({ campaign: 'PAGE' })).total, 0);
    assert.equal((await mgr.leads.list({ campaign: 'PAGE', channel: 'website' })).total, 5);
    assert.equal((await mgr.leads.list({ campaign: 'PAGE', source: 'import' })).total, 0);
    assert.equal((await mgr.leads.list({ search: '6666 0101' })).total, 1);
    assert.equal((await mgr.leads.list({ search: '恒达', status: 'new' })).total, 1);
  });

  test('update is versioned and audited; a status change lands in the history', async () => {
    const { lead } = await rep1.leads.create({ name: 'Edit me', company: 'Old Name Ltd' });
    const updated = await rep1.leads.update({
      id: lead.id,
      version: 1,
      patch: { company: 'New Name Ltd', status: 'working' },
    });
    assert.equal(updated.version, 2);
    assert.equal(updated.status, 'working');
    await assert.rejects(
      rep1.leads.update({ id: lead.id, version: 1, patch: { notes: 'stale' } }),
      { code: 'CONFLICT' },
    );
    await assert.rejects(rep2.leads.update({ id: lead.id, version: 2, patch: { notes: 'x' } }), {
      code: 'NOT_FOUND',
    });
    const detail = await rep1.leads.get({ id: lead.id });
    assert.equal(detail.activityCount, 1);
    assert.ok(detail.lastActivityAt);
    const history = await getDb()
      .db('audit_log')
      .where({ entity: 'leads', entity_id: lead.id, action: 'update' })
      .pluck('field');
    assert.deepEqual(history.sort(), ['company', 'status']);
    // The collision key follows the edit.
    assert.equal((await rep1.leads.duplicates({ company: 'new name' })).matches[0]?.id, lead.id);
  });

  test('disqualify keeps the reason and writes it into the history; reopening clears it', async () => {
    const { lead } = await rep1.leads.create({ name: 'Tyre kicker' });
    await assert.rejects(rep1.leads.disqualify({ id: lead.id, version: 9, reason: 'x' }), {
      code: 'CONFLICT',
    });
    const dq = await rep1.leads.disqualify({ id: lead.id, version: 1, reason: '预算不足' });
    assert.equal(dq.status, 'disqualified');
    assert.equal(dq.disqualifyReason, '预算不足');
    const notes = await getDb()
      .db('activities')
      .where({ lead_id: lead.id })
      .select('subject', 'body');
    assert.deepEqual(notes, [{ subject: 'Disqualified', body: '预算不足' }]);
    await assert.rejects(rep1.leads.disqualify({ id: lead.id, version: 2, reason: 'again' }), {
      code: 'BAD_REQUEST',
    });
    const reopened = await rep1.leads.update({
      id: lead.id,
      version: 2,
      patch: { status: 'working' },
    });
    assert.equal(reopened.status, 'working');
    assert.equal(reopened.disqualifyReason, null);
    assert.equal((await rep1.leads.get({ id: lead.id })).activityCount, 2);
  });

  test('finance may not read leads; unknown keys are refused', async () => {
    const finance = await callerAs(getDb(), org, 'finance');
    await assert.rejects(finance.leads.list({}), { code: 'FORBIDDEN' });
    await assert.rejects(
      admin.leads.create({ name: 'x', unknown: 1 } as unknown as { name: string }),
      { code: 'BAD_REQUEST' },
    );
  });
});
