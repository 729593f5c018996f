import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { describeEachDatabase, type TestDatabase } from '../../../test/support/databases.ts';
import { callerAs, createOrg, type Caller, type Org } from '../../../test/support/org.ts';
import {
  escalateStaleLeads,
  escalationIntervalMs,
  startEscalationJob,
} from '../../jobs/escalation.ts';
import { toInt } from '../../db/rows.ts';
import { insertLead } from './intake-fixtures.ts';

const HOUR = 3600_000;
const quiet = { info: () => undefined, error: () => undefined };

describeEachDatabase('lead escalation', (getDb) => {
  let tdb: TestDatabase;
  let org: Org;
  let admin: Caller;
  const now = new Date('2026-11-22T12:00:00.000Z');
  const ago = (hours: number) => new Date(now.getTime() - hours * HOUR).toISOString();
  const lead = async (id: number) => tdb.db('leads').where({ id }).first();

  before(async () => {
    tdb = getDb();
    org = await createOrg(tdb);
    admin = await callerAs(tdb, org, 'admin');
    for (const teamId of [org.teams.shanghai, org.teams.hq]) {
      const team = await admin.teams.get({ id: teamId });
      await admin.leads.teamSettings.set({ teamId, version: team.version, escalateAfterHours: 24 });
    }
  });

  test('the job moves stale open leads up one level, leaves fresh, closed and root-team leads, and a second run does nothing', async () => {
    const sh = org.teams.shanghai;
    const stale = await insertLead(
      tdb,
      { name: 'Stale', team_id: sh, owner_id: org.users.rep1, assigned_at: ago(30) },
      ago(40),
    );
    const touched = await insertLead(
      tdb,
      { name: 'Touched', team_id: sh, last_touched_at: ago(2) },
      ago(40),
    );
    const fresh = await insertLead(tdb, { name: 'Fresh', team_id: sh }, ago(3));
    const closed = await insertLead(
      tdb,
      { name: 'Closed', team_id: sh, status: 'disqualified' },
      ago(40),
    );
    const root = await insertLead(tdb, { name: 'Root', team_id: org.teams.hq }, ago(400));
    const south = await insertLead(
      tdb,
      { name: 'No setting', team_id: org.teams.shenzhen },
      ago(400),
    );
    const lines: Record<string, unknown>[] = [];
    const run = await escalateStaleLeads(tdb.db, now, {
      info: (f) => lines.push(f),
      error: () => undefined,
    });
    assert.equal(run.escalated, 1);
    assert.equal(lines.length, 1, 'one log line per run');
    assert.equal(lines[0]!.escalated, 1);
    const moved = await lead(stale);
    assert.equal(toInt(moved.team_id), org.teams.east);
    assert.equal(moved.owner_id, null);
    assert.equal(toInt(moved.escalation_level), 1);
    assert.equal(toInt(moved.version), 2);
    const note = await tdb.db('activities').where({ lead_id: stale }).first();
    assert.match(String(note.subject), /Escalated to 华东区 East \(level 1\)/);
    assert.equal(toInt(note.owner_id), org.users.rep1, 'the note belongs to the former owner');
    for (const id of [touched, fresh, closed, root, south]) {
      assert.equal(toInt((await lead(id)).version), 1, `lead ${id} untouched`);
    }
    const again = await escalateStaleLeads(tdb.db, now, quiet);
    assert.equal(again.escalated, 0, 'idempotent');
    assert.equal(toInt((await lead(stale)).version), 2);
  });

  test('a lead escalated into a team with its own setting waits that team’s full time again', async () => {
    const east = await admin.teams.get({ id: org.teams.east });
    await admin.leads.teamSettings.set({
      teamId: east.id,
      version: east.version,
      escalateAfterHours: 24,
    });
    const id = await insertLead(tdb, { name: 'Climber', team_id: org.teams.pudong }, ago(100));
    const pudong = await admin.teams.get({ id: org.teams.pudong });
    await admin.leads.teamSettings.set({
      teamId: pudong.id,
      version: pudong.version,
      escalateAfterHours: 1,
    });
    assert.equal((await escalateStaleLeads(tdb.db, now, quiet)).escalated, 1);
    assert.equal(toInt((await lead(id)).team_id), org.teams.shanghai, 'one level per run');
    await escalateStaleLeads(tdb.db, new Date(now.getTime() + 23 * HOUR), quiet);
    assert.equal(toInt((await lead(id)).team_id), org.teams.shanghai, 'Shanghai’s 24 hours not up');
    await escalateStaleLeads(tdb.db, new Date(now.getTime() + 25 * HOUR), quiet);
    const l = await lead(id);
    assert.equal(toInt(l.team_id), org.teams.east);
    assert.equal(toInt(l.escalation_level), 2);
  });

  test('leads.escalate by hand: the owner moves it up with a reason; root teams and stale versions are refused', async () => {
    const rep1 = await callerAs(tdb, org, 'rep1');
    const id = await insertLead(tdb, {
      name: 'Too big for me',
      team_id: org.teams.shanghai,
      owner_id: org.users.rep1,
    });
    const done = await rep1.leads.escalate({
      id,
      version: 1,
      reason: 'Needs a key-account manager',
    });
    assert.deepEqual(done, { id, version: 2, teamId: org.teams.east, escalationLevel: 1 });
    const note = await tdb.db('activities').where({ lead_id: id }).first();
    assert.equal(note.body, 'Needs a key-account manager');
    assert.equal(toInt(note.owner_id), org.users.rep1);
    const audit = await tdb
      .db('audit_log')
      .where({ entity: 'leads', entity_id: id, action: 'escalate' });
    assert.ok(audit.some((a) => a.field === 'team_id'));
    // No longer the rep's: it left their reach with the owner cleared.
    await assert.rejects(
      rep1.leads.escalate({ id, version: 2 }),
      (e: { code?: string }) => e.code === 'NOT_FOUND',
    );
    await assert.rejects(
      admin.leads.escalate({ id, version: 1 }),
      (e: { code?: string }) => e.code === 'CONFLICT',
    );
    const top = await insertLead(tdb, { name: 'Top', team_id: org.teams.hq });
    await assert.rejects(
      admin.leads.escalate({ id: top, version: 1 }),
      (e: { code?: string }) => e.code === 'BAD_REQUEST',
    );
    const other = await insertLead(tdb, {
      name: 'Other',
      team_id: org.teams.shenzhen,
      owner_id: org.users.repSouth,
    });
    await assert.rejects(
      rep1.leads.escalate({ id: other, version: 1 }),
      (e: { code?: string }) => e.code === 'NOT_FOUND',
    );
  });

  test('the timer runs the job and stops cleanly', async () => {
    let ran!: () => void;
    const first = new Promise<void>((resolve) => (ran = resolve));
    const job = startEscalationJob(tdb.db, 5, { info: () => ran(), error: () => undefined });
    await first;
    await job.stop();
  });

  test('the interval: LODESTONE_JOBS=off disables the job; minutes are configurable', () => {
    assert.equal(escalationIntervalMs({ LODESTONE_JOBS: 'off' }), null);
    assert.equal(escalationIntervalMs({}), 15 * 60_000);
    assert.equal(escalationIntervalMs({ LODESTONE_ESCALATION_MINUTES: '5' }), 5 * 60_000);
    assert.throws(() => escalationIntervalMs({ LODESTONE_ESCALATION_MINUTES: 'soon' }));
  });
});
