import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { describeEachDatabase, type TestDatabase } from '../../../test/support/databases.ts';
import { callerAs, createOrg, type Caller, type Org } from '../../../test/support/org.ts';
import { progressSummary } from '../../services/activities.ts';

const code = (c: string) => (e: { code?: string }) => e.code === c;

/**
 * Makes every audit write about a partner fail: the last step of logging an activity, after the
 * activity, its audit rows and the partner update were written. Dialect SQL, test-only.
 */
async function failPartnerAudits(tdb: TestDatabase): Promise<() => Promise<void>> {
  if (tdb.kind === 'sqlite') {
    await tdb.db.raw(
      `CREATE TRIGGER fail_partner_audit BEFORE INSERT ON audit_log WHEN NEW.entity = 'partners'
       BEGIN SELECT RAISE(ABORT, 'forced failure'); END`,
    );
    return async () => void (await tdb.db.raw('DROP TRIGGER fail_partner_audit'));
  }
  await tdb.db.raw(
    `CREATE FUNCTION fail_partner_audit() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN IF NEW.entity = 'partners' THEN RAISE EXCEPTION 'forced failure'; END IF;
     RETURN NEW; END $$`,
  );
  await tdb.db.raw(
    `CREATE TRIGGER fail_partner_audit BEFORE INSERT ON audit_log
     FOR EACH ROW EXECUTE FUNCTION fail_partner_audit()`,
  );
  return async () => {
    await tdb.db.raw('DROP TRIGGER fail_partner_audit ON audit_log');
    await tdb.db.raw('DROP FUNCTION fail_partner_audit()');
  };
}

test('progressSummary: one line, subject first, at most 200 characters', () => {
  assert.equal(progressSummary('电话回访', '客户确认\n下周  签约'), '电话回访: 客户确认 下周 签约');
  assert.equal(progressSummary('Call', null), 'Call');
  const long = progressSummary('Visit', '很'.repeat(300));
  assert.equal(Array.from(long).length, 200);
  assert.ok(long.endsWith('…'));
});

describeEachDatabase('activities', (getDb) => {
  let org: Org;
  let rep1: Caller;
  let rep2: Caller;
  let mgrEast: Caller;
  const db = () => getDb().db;
  const newPartner = async (name: string) => (await rep1.partners.create({ name })).id;
  const partnerRow = (id: number) => db()('partners').where({ id }).first();
  const counts = async () => ({
    activities: Number((await db()('activities').count({ n: '*' }).first())?.n),
    audit: Number((await db()('audit_log').count({ n: '*' }).first())?.n),
  });

  before(async () => {
    org = await createOrg(getDb());
    rep1 = await callerAs(getDb(), org, 'rep1');
    rep2 = await callerAs(getDb(), org, 'rep2');
    mgrEast = await callerAs(getDb(), org, 'mgrEast');
  });

  test('a done call sets last contact and latest progress; the partner write is audited', async () => {
    const pid = await newPartner('Side Effects Co.');
    const call = await rep1.activities.log({
      type: 'call',
      subject: '电话回访',
      body: '客户对报价满意,\n下周安排技术交流。',
      occurredAt: '2026-03-02T17:30:00+08:00',
      partnerId: pid,
    });
    assert.equal(call.done, true);
    assert.equal(call.occurredAt, '2026-03-02T09:30:00.000Z');
    assert.equal(call.doneAt, call.occurredAt);
    assert.equal(call.ownerId, org.users.rep1);
    const p = await rep1.partners.get({ id: pid });
    assert.equal(p.lastContactAt, '2026-03-02T09:30:00.000Z');
    assert.equal(p.latestProgress, '电话回访: 客户对报价满意, 下周安排技术交流。');
    assert.equal(p.version, 2);
    const rows = await db()('audit_log')
      .where({ entity: 'partners', entity_id: pid, action: 'system' })
      .orderBy('field');
    assert.deepEqual(
      rows.map((r) => [r.field, Number(r.user_id)]),
      [
        ['last_contact_at', org.users.rep1],
        ['latest_progress', org.users.rep1],
      ],
    );
    const activityAudit = await db()('audit_log').where({
      entity: 'activities',
      entity_id: call.id,
    });
    assert.ok(activityAudit.some((r) => r.action === 'create' && r.field === 'subject'));
  });

  test('an older, backdated activity moves neither last contact nor progress', async () => {
    const pid = await newPartner('Backdated Co.');
    await rep1.activities.log({
      type: 'visit',
      subject: 'Site visit',
      occurredAt: '2026-05-10T02:00:00Z',
      partnerId: pid,
    });
    const before = await partnerRow(pid);
    await rep1.activities.log({
      type: 'email',
      subject: 'Old email, entered late',
      occurredAt: '2026-04-01T02:00:00Z',
      partnerId: pid,
    });
    const after = await partnerRow(pid);
    assert.equal(after.last_contact_at, '2026-05-10T02:00:00.000Z');
    assert.equal(after.latest_progress, 'Site visit');
    assert.equal(Number(after.version), Number(before.version));
  });

  test('follow-ups and open tasks set the next follow-up; completing a task updates the partner', async () => {
    const pid = await newPartner('Follow-up Co.');
    await rep1.activities.log({
      type: 'call',
      subject: 'First call',
      occurredAt: '2026-06-01T01:00:00Z',
      followupAt: '2030-06-20T01:00:00Z',
      partnerId: pid,
    });
    assert.equal((await partnerRow(pid)).next_followup_at, '2030-06-20T01:00:00.000Z');

    const task = await rep1.activities.log({
      type: 'task',
      subject: '发送产品手册',
      body: 'PDF and price list',
      occurredAt: '2026-06-01T02:00:00Z',
      dueAt: '2030-06-05T09:00:00Z',
      partnerId: pid,
    });
    assert.equal(task.done, false);
    assert.equal(task.doneAt, null);
    let p = await partnerRow(pid);
    assert.equal(p.next_followup_at, '2030-06-05T09:00:00.000Z', 'an open task due earlier');
    assert.equal(p.latest_progress, 'First call', 'an open task is not a contact');

    const done = await rep1.activities.complete({
      id: task.id,
      version: task.version,
      outcome: '已发送,客户确认收到',
    });
    assert.equal(done.done, true);
    assert.equal(done.version, 2);
    assert.equal(done.body, 'PDF and price list\n\n已发送,客户确认收到');
    p = await partnerRow(pid);
    assert.equal(p.last_contact_at, done.doneAt);
    assert.equal(p.latest_progress, '发送产品手册: 已发送,客户确认收到');
    assert.equal(p.next_followup_at, '2030-06-20T01:00:00.000Z', 'back to the call follow-up');

    // A newer plan replaces the older one, even when it is later.
    await rep1.activities.log({
      type: 'meeting',
      subject: 'Tech exchange',
      occurredAt: '2026-06-15T01:00:00Z',
      followupAt: '2030-07-01T01:00:00Z',
      partnerId: pid,
    });
    assert.equal((await partnerRow(pid)).next_followup_at, '2030-07-01T01:00:00.000Z');
    const due = await rep1.partners.list({ followupBefore: '2030-07-01T01:00:00Z' });
    assert.ok(due.items.some((x) => x.id === pid));
  });

  test('completing: stale version is CONFLICT, a done activity cannot be completed again', async () => {
    const pid = await newPartner('Complete Co.');
    const task = await rep1.activities.log({ type: 'task', subject: 'Call back', partnerId: pid });
    await rep1.activities.complete({ id: task.id, version: 1 });
    await assert.rejects(rep1.activities.complete({ id: task.id, version: 1 }), code('CONFLICT'));
    await assert.rejects(
      rep1.activities.complete({ id: task.id, version: 2 }),
      code('BAD_REQUEST'),
    );
    await assert.rejects(rep2.activities.complete({ id: task.id, version: 2 }), code('NOT_FOUND'));
  });

  test('the partner side effect never answers CONFLICT to the logger', async () => {
    const pid = await newPartner('Busy Co.');
    const p = await rep1.partners.get({ id: pid });
    await rep1.partners.update({ id: pid, version: p.version, patch: { industry: 'Textiles' } });
    const times = [1, 2, 3, 4, 5].map((d) => `2026-07-0${d}T08:00:00.000Z`);
    const logged = await Promise.all(
      times.map((occurredAt, i) =>
        (i % 2 ? mgrEast : rep1).activities.log({
          type: 'call',
          subject: `Call ${i}`,
          occurredAt,
          partnerId: pid,
        }),
      ),
    );
    assert.equal(logged.length, 5);
    const row = await partnerRow(pid);
    assert.equal(row.last_contact_at, times[4]);
    assert.equal(row.latest_progress, 'Call 4');
    assert.equal(row.industry, 'Textiles');
  });

  test('idempotent logging: a retry returns the same activity, another payload is refused', async () => {
    const pid = await newPartner('Retry Co.');
    const input = {
      type: 'call' as const,
      subject: 'Scripted call',
      partnerId: pid,
      idempotencyKey: 'erp-sync:call:42',
    };
    const first = await rep1.activities.log(input);
    const before = await counts();
    const retry = await rep1.activities.log(input);
    assert.deepEqual(retry, first);
    assert.deepEqual(await counts(), before);
    await assert.rejects(
      rep1.activities.log({ ...input, subject: 'Another call' }),
      code('UNPROCESSABLE_CONTENT'),
    );
    assert.deepEqual(await counts(), before);
  });

  test('a contact not linked to the partner is a field error and changes nothing', async () => {
    const pid = await newPartner('Unlinked Co.');
    const other = await newPartner('Other Co.');
    const c = await rep1.contacts.create({ name: 'Elsewhere', partners: [{ partnerId: other }] });
    const partnerBefore = await partnerRow(pid);
    const before = await counts();
    await assert.rejects(
      rep1.activities.log({ type: 'call', subject: 'x', partnerId: pid, contactId: c.id }),
      (e: { code?: string; message?: string }) =>
        e.code === 'BAD_REQUEST' && /^contactId:/.test(e.message ?? ''),
    );
    assert.deepEqual(await counts(), before);
    assert.deepEqual(await partnerRow(pid), partnerBefore);
    const ok = await rep1.activities.log({
      type: 'call',
      subject: 'Linked',
      partnerId: other,
      contactId: c.id,
    });
    assert.equal(ok.contactId, c.id);
  });

  test('a failure after the activity insert leaves no activity, audit row or partner change', async () => {
    const pid = await newPartner('Atomic Co.');
    const partnerBefore = await partnerRow(pid);
    const before = await counts();
    const restore = await failPartnerAudits(getDb());
    try {
      await assert.rejects(
        rep1.activities.log({ type: 'visit', subject: 'Doomed', partnerId: pid }),
        code('INTERNAL_SERVER_ERROR'),
      );
    } finally {
      await restore();
    }
    assert.deepEqual(await counts(), before);
    assert.deepEqual(await partnerRow(pid), partnerBefore);
    assert.equal((await db()('activities').where({ subject: 'Doomed' })).length, 0);
  });

  test('log needs a visible partner; a done activity may not lie in the future', async () => {
    const rep2Partner = (await rep2.partners.create({ name: 'Not Yours Co.' })).id;
    await assert.rejects(
      rep1.activities.log({ type: 'call', subject: 'x', partnerId: rep2Partner }),
      code('NOT_FOUND'),
    );
    const pid = await newPartner('Future Co.');
    await assert.rejects(
      rep1.activities.log({
        type: 'call',
        subject: 'x',
        partnerId: pid,
        occurredAt: '2099-01-01T00:00:00Z',
      }),
      code('BAD_REQUEST'),
    );
    const planned = await rep1.activities.log({
      type: 'meeting',
      subject: 'Planned',
      partnerId: pid,
      occurredAt: '2099-01-01T00:00:00Z',
      done: false,
    });
    assert.equal(planned.done, false);
  });

  test('list: newest first, filters, cursor and total, within scope', async () => {
    const pid = await newPartner('List Co.');
    for (const [i, type] of (['call', 'visit', 'email', 'task'] as const).entries()) {
      await rep1.activities.log({
        type,
        subject: `L${i}`,
        occurredAt: `2026-08-0${i + 1}T08:00:00Z`,
        dueAt: type === 'task' ? '2026-09-01T00:00:00Z' : undefined,
        partnerId: pid,
      });
    }
    const page1 = await rep1.activities.list({ partnerId: pid, limit: 3 });
    assert.equal(page1.total, 4);
    assert.deepEqual(
      page1.items.map((a) => a.subject),
      ['L3', 'L2', 'L1'],
    );
    const page2 = await rep1.activities.list({
      partnerId: pid,
      limit: 3,
      cursor: page1.nextCursor,
    });
    assert.deepEqual(
      page2.items.map((a) => a.subject),
      ['L0'],
    );
    const ranged = await rep1.activities.list({
      partnerId: pid,
      from: '2026-08-02T08:00:00Z',
      to: '2026-08-04T08:00:00Z',
    });
    assert.deepEqual(
      ranged.items.map((a) => a.subject),
      ['L2', 'L1'],
    );
    const open = await rep1.activities.list({ partnerId: pid, done: false });
    assert.deepEqual(
      open.items.map((a) => a.subject),
      ['L3'],
    );
    assert.equal(
      (await rep1.activities.list({ partnerId: pid, dueBefore: '2026-09-01T00:00:00Z' })).total,
      1,
    );
    assert.equal((await rep1.activities.list({ partnerId: pid, type: 'visit' })).total, 1);
    assert.equal((await rep2.activities.list({ partnerId: pid })).total, 0);
    assert.equal((await mgrEast.activities.list({ partnerId: pid })).total, 4);
    assert.equal(
      (await mgrEast.activities.list({ partnerId: pid, ownerId: org.users.rep2 })).total,
      0,
    );
  });
});
