import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { describeEachDatabase, type TestDatabase } from '../../../test/support/databases.ts';
import { callerAs, createOrg, type Caller, type Org } from '../../../test/support/org.ts';
import { routeLead, type RoutableLead } from '../../services/lead-routing.ts';
import { writeTx } from '../../services/tx.ts';
import { toInt } from '../../db/rows.ts';
import { insertLead, ownerCounts, teamWithReps } from './intake-fixtures.ts';

const blank: RoutableLead = {
  region: null,
  industry: null,
  channel: null,
  campaign: null,
  teamId: null,
};

describeEachDatabase('lead routing and assignment', (getDb) => {
  let tdb: TestDatabase;
  let org: Org;
  let admin: Caller;
  let mgr: Caller;
  before(async () => {
    tdb = getDb();
    org = await createOrg(tdb);
    admin = await callerAs(tdb, org, 'admin');
    mgr = await callerAs(tdb, org, 'mgrEast');
  });

  /** Routes like an arriving lead does: pick, then insert, in one transaction. */
  const arrive = (lead: Partial<RoutableLead> = {}) =>
    writeTx(tdb.db, async (trx) => {
      const r = await routeLead(trx, { ...blank, ...lead });
      const [row] = await trx('leads')
        .insert({
          version: 1,
          created_at: new Date().toISOString(),
          updated_at: new Date().toISOString(),
          name: 'Arriving',
          source: 'api',
          status: 'new',
          owner_id: r.ownerId,
          team_id: r.teamId,
        })
        .returning('id');
      return { ...r, id: toInt((row as { id: unknown }).id) };
    });

  test('rules: the first active matching rule (by sequence) picks the team; null matches anything', async () => {
    const t = org.teams;
    await admin.leads.rules.create({
      sequence: 5,
      name: 'off',
      region: '华东',
      teamId: t.south,
      active: false,
    });
    await admin.leads.rules.create({
      sequence: 10,
      name: 'east',
      region: '华东',
      teamId: t.shanghai,
    });
    await admin.leads.rules.create({
      sequence: 20,
      name: 'east web',
      region: '华东',
      channel: 'web',
      teamId: t.pudong,
    });
    const web = await admin.leads.rules.create({
      sequence: 30,
      name: 'web',
      channel: 'web',
      teamId: t.shenzhen,
    });
    const route = (lead: Partial<RoutableLead>) =>
      writeTx(tdb.db, (trx) => routeLead(trx, { ...blank, ...lead }));
    assert.equal((await route({ region: '华东', channel: 'web' })).teamId, t.shanghai);
    assert.equal((await route({ region: '华南', channel: ' WEB ' })).teamId, t.shenzhen);
    assert.equal((await route({ region: '华南' })).teamId, null, 'no rule matches');
    assert.equal((await route({ teamId: t.south })).teamId, t.south, 'a given team is kept');
    const list = await admin.leads.rules.list();
    assert.deepEqual(
      list.map((r) => r.sequence),
      [5, 10, 20, 30],
    );
    // Remove the catch-all web rule: the lead from 华南 on the web now goes nowhere.
    await admin.leads.rules.remove({ id: web.id, version: web.version });
    assert.equal((await route({ region: '华南', channel: 'web' })).teamId, null);
    const updated = await admin.leads.rules.update({
      id: list[0]!.id,
      version: list[0]!.version,
      patch: { active: true },
    });
    assert.equal(updated.version, 2);
    assert.equal(
      (await route({ region: '华东' })).teamId,
      t.south,
      'the reactivated rule comes first',
    );
    await admin.leads.rules.update({
      id: updated.id,
      version: updated.version,
      patch: { active: false },
    });
  });

  test('round-robin is fair: over 31 leads, counts per rep differ by at most 1, in user-id order', async () => {
    const { teamId, reps } = await teamWithReps(tdb, admin, org, 3);
    const ids: number[] = [];
    const order: (number | null)[] = [];
    for (let i = 0; i < 31; i++) {
      const r = await arrive({ teamId });
      ids.push(r.id);
      order.push(r.ownerId);
    }
    assert.deepEqual(order.slice(0, 6), [reps[0], reps[1], reps[2], reps[0], reps[1], reps[2]]);
    const counts = await ownerCounts(tdb, ids);
    assert.deepEqual(
      reps.map((r) => counts.get(r)),
      [11, 10, 10],
    );
  });

  test('capacity: a rep at capacity is skipped; inactive reps and non-reps never get leads; nobody free leaves the lead in the queue', async () => {
    const { teamId, reps } = await teamWithReps(tdb, admin, org, 3);
    const [a, b, c] = reps as [number, number, number];
    // A manager and an inactive rep in the same team never receive leads.
    await tdb.db('team_members').insert({
      team_id: teamId,
      user_id: org.users.mgrSouth,
      created_at: new Date().toISOString(),
    });
    await tdb.db('users').where({ id: c }).update({ active: false });
    const team = await admin.teams.get({ id: teamId });
    const settings = await admin.leads.teamSettings.set({
      teamId,
      version: team.version,
      capacities: [
        { userId: a, leadCapacity: 1 },
        { userId: b, leadCapacity: 3 },
      ],
    });
    assert.equal(settings.members.find((m) => m.userId === a)?.leadCapacity, 1);
    const owners: (number | null)[] = [];
    for (let i = 0; i < 5; i++) owners.push((await arrive({ teamId })).ownerId);
    assert.deepEqual(owners, [a, b, b, b, null]);
    const queued = await arrive({ teamId });
    assert.equal(queued.ownerId, null);
    assert.equal(queued.teamId, teamId, 'unassigned, in the team queue');
    // A closed lead frees capacity.
    const aLead = await tdb.db('leads').where({ owner_id: a }).first('id');
    await tdb.db('leads').where({ id: aLead.id }).update({ status: 'converted' });
    assert.equal((await arrive({ teamId })).ownerId, a);
    const after = await admin.leads.teamSettings.get({ teamId });
    assert.deepEqual(
      after.members.filter((m) => m.role === 'rep').map((m) => [m.userId, m.openLeads]),
      [
        [a, 1],
        [b, 3],
        [c, 0],
      ],
    );
    assert.equal(after.version, team.version + 1, 'settings bump the team version');
  });

  test('concurrent arrivals never double-assign out of turn', async () => {
    const { teamId, reps } = await teamWithReps(tdb, admin, org, 3);
    const results = await Promise.all(Array.from({ length: 12 }, () => arrive({ teamId })));
    const counts = await ownerCounts(
      tdb,
      results.map((r) => r.id),
    );
    assert.deepEqual(
      reps.map((r) => counts.get(r)),
      [4, 4, 4],
    );
    // In commit order (ids), owners rotate strictly.
    const byId = [...results].sort((x, y) => x.id - y.id).map((r) => r.ownerId);
    for (let i = 3; i < byId.length; i++) assert.equal(byId[i], byId[i - 3]);
  });

  test('team settings: only members get capacities; stale team version is a CONFLICT', async () => {
    const team = await admin.teams.get({ id: org.teams.shanghai });
    await assert.rejects(
      admin.leads.teamSettings.set({
        teamId: team.id,
        version: team.version,
        capacities: [{ userId: org.users.repSouth, leadCapacity: 2 }],
      }),
      (e: { code?: string }) => e.code === 'BAD_REQUEST',
    );
    const s = await admin.leads.teamSettings.set({
      teamId: team.id,
      version: team.version,
      escalateAfterHours: 48,
    });
    assert.equal(s.escalateAfterHours, 48);
    await assert.rejects(
      admin.leads.teamSettings.set({
        teamId: team.id,
        version: team.version,
        escalateAfterHours: 12,
      }),
      (e: { code?: string }) => e.code === 'CONFLICT',
    );
    const audit = await tdb
      .db('audit_log')
      .where({ entity: 'teams', entity_id: team.id, action: 'lead_settings' });
    assert.equal(audit.length, 1);
    await admin.leads.teamSettings.set({
      teamId: team.id,
      version: s.version,
      escalateAfterHours: null,
    });
  });

  test('assign: manual, to a team queue, and auto; per-id results; audited with a note on the lead', async () => {
    const sh = org.teams.shanghai;
    const l1 = await insertLead(tdb, { name: 'Queue one', team_id: sh });
    const l2 = await insertLead(tdb, { name: 'Queue two', team_id: sh });
    const closed = await insertLead(tdb, { name: 'Done', team_id: sh, status: 'converted' });
    const res = await mgr.leads.assign({
      ids: [
        { id: l1, version: 1 },
        { id: l2, version: 7 },
        { id: closed, version: 1 },
        { id: 999_999, version: 1 },
      ],
      ownerId: org.users.rep2,
    });
    assert.equal(res.assigned, 1);
    assert.deepEqual(
      res.results.map((r) => (r.ok ? 'ok' : r.code)),
      ['ok', 'CONFLICT', 'CONFLICT', 'NOT_FOUND'],
    );
    const first = res.results[0]!;
    assert.ok(first.ok);
    assert.equal(first.ownerId, org.users.rep2);
    assert.equal(first.teamId, sh);
    assert.equal(first.version, 2);
    const note = await tdb.db('activities').where({ lead_id: l1 }).first();
    assert.equal(note.type, 'note');
    assert.match(String(note.subject), /Assigned to 陈二 Rep Two/);
    const audit = await tdb
      .db('audit_log')
      .where({ entity: 'leads', entity_id: l1, action: 'assign' });
    assert.ok(audit.some((a) => a.field === 'owner_id' && a.new_value === String(org.users.rep2)));

    // Back to the team queue (owner cleared), then auto: the next rep in turn takes it.
    const queued = await mgr.leads.assign({ ids: [{ id: l1, version: 2 }], teamId: sh });
    assert.ok(queued.results[0]!.ok && queued.results[0]!.ownerId === null);
    const auto = await mgr.leads.assign({
      ids: [
        { id: l1, version: 3 },
        { id: l2, version: 1 },
      ],
      auto: true,
    });
    const owners = auto.results.map((r) => (r.ok ? r.ownerId : r.code));
    assert.deepEqual(
      [...owners].sort(),
      [org.users.rep1, org.users.rep2].sort(),
      'round-robin over Shanghai',
    );
  });

  test('assign: the new owner and team must be in the caller’s reach; reps may not assign', async () => {
    const l = await insertLead(tdb, { name: 'Reach', team_id: org.teams.shanghai });
    await assert.rejects(
      mgr.leads.assign({ ids: [{ id: l, version: 1 }], ownerId: org.users.repSouth }),
      (e: { code?: string }) => e.code === 'FORBIDDEN',
    );
    await assert.rejects(
      mgr.leads.assign({ ids: [{ id: l, version: 1 }], teamId: org.teams.shenzhen }),
      (e: { code?: string }) => e.code === 'FORBIDDEN',
    );
    const rep1 = await callerAs(tdb, org, 'rep1');
    await assert.rejects(
      rep1.leads.assign({ ids: [{ id: l, version: 1 }], ownerId: org.users.rep1 }),
      (e: { code?: string }) => e.code === 'FORBIDDEN',
    );
    // A lead in another subtree is invisible to the manager: NOT_FOUND for that id only.
    const south = await insertLead(tdb, { name: 'South', team_id: org.teams.shenzhen });
    const res = await mgr.leads.assign({
      ids: [{ id: south, version: 1 }],
      ownerId: org.users.rep1,
    });
    assert.deepEqual(
      res.results.map((r) => (r.ok ? 'ok' : r.code)),
      ['NOT_FOUND'],
    );
    const row = await tdb.db('leads').where({ id: south }).first('version', 'owner_id');
    assert.equal(toInt(row.version), 1);
  });
});
