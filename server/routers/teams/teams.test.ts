import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import {
  callerAs,
  createOrg,
  type Caller,
  type Org,
  type UserKey,
} from '../../../test/support/org.ts';
import { countOf } from '../../db/rows.ts';

const code = (expected: string) => (e: { code?: string }) => e.code === expected;

describeEachDatabase('teams', (getDb) => {
  let org: Org;
  let admin: Caller;
  let rep1: Caller;
  // A caller's context lives for one request (its subtree is memoized there): a fresh caller is
  // the "next call" after a re-org.
  const nextRequestAs = (key: UserKey) => callerAs(getDb(), org, key);
  const auditCount = async (entityId: number) =>
    countOf(
      await getDb()
        .db('audit_log')
        .where({ entity: 'teams', entity_id: entityId })
        .count({ n: '*' })
        .first(),
    );

  before(async () => {
    org = await createOrg(getDb());
    admin = await callerAs(getDb(), org, 'admin');
    rep1 = await callerAs(getDb(), org, 'rep1');
  });

  test('every role reads the whole tree with parents, managers and members', async () => {
    const tree = await rep1.teams.list();
    assert.equal(tree.length, 6);
    const shanghai = tree.find((t) => t.id === org.teams.shanghai);
    assert.equal(shanghai?.parentId, org.teams.east);
    assert.deepEqual(
      shanghai?.memberIds,
      [org.users.rep1, org.users.rep2].sort((a, b) => a - b),
    );
    const east = await rep1.teams.get({ id: org.teams.east });
    assert.equal(east.managerId, org.users.mgrEast);
    await assert.rejects(rep1.teams.create({ name: 'Rogue' }), code('FORBIDDEN'));
    await assert.rejects(rep1.teams.get({ id: 999_999 }), code('NOT_FOUND'));
  });

  test('create and update are versioned and audited; the manager must be fit', async () => {
    const t = await admin.teams.create({
      name: '杭州组 Hangzhou',
      nameEn: 'Hangzhou',
      parentId: org.teams.east,
    });
    assert.equal(t.version, 1);
    assert.equal(t.nameEn, 'Hangzhou');
    assert.equal(await auditCount(t.id), 3);
    await assert.rejects(
      admin.teams.update({ id: t.id, version: 1, patch: { managerId: org.users.rep1 } }),
      (e: { code?: string; message?: string }) =>
        e.code === 'BAD_REQUEST' && /managerId: must be an active user/.test(e.message ?? ''),
    );
    const managed = await admin.teams.update({
      id: t.id,
      version: 1,
      patch: { managerId: org.users.mgrEast, name: '杭州组' },
    });
    assert.equal(managed.version, 2);
    assert.equal(managed.managerId, org.users.mgrEast);
    await assert.rejects(
      admin.teams.update({ id: t.id, version: 1, patch: { name: 'stale' } }),
      code('CONFLICT'),
    );
    assert.equal(await auditCount(t.id), 5);
    await assert.rejects(
      admin.teams.create({ name: 'Orphan', parentId: 999_999 }),
      (e: { code?: string; message?: string }) => e.message === 'parentId: is not an existing team',
    );
  });

  test('a move under its own descendant is refused and writes nothing', async () => {
    const before = await admin.teams.get({ id: org.teams.east });
    const audits = await auditCount(org.teams.east);
    for (const parentId of [org.teams.pudong, org.teams.east]) {
      await assert.rejects(
        admin.teams.update({ id: org.teams.east, version: before.version, patch: { parentId } }),
        (e: { code?: string; message?: string }) =>
          e.code === 'BAD_REQUEST' && e.message === 'parentId: would create a cycle',
      );
    }
    assert.equal((await admin.teams.get({ id: org.teams.east })).version, before.version);
    assert.equal(await auditCount(org.teams.east), audits);
  });

  test('archive is refused while the team has child teams or members', async () => {
    const shanghai = await admin.teams.get({ id: org.teams.shanghai });
    await assert.rejects(
      admin.teams.archive({ id: shanghai.id, version: shanghai.version }),
      (e: { code?: string; message?: string }) =>
        e.code === 'CONFLICT' && /1 child team\(s\) and 2 member\(s\)/.test(e.message ?? ''),
    );
    const empty = await admin.teams.create({ name: 'Short-lived', parentId: org.teams.south });
    const withMember = await admin.teams.addMember({ teamId: empty.id, userId: org.users.rep2 });
    await assert.rejects(
      admin.teams.archive({ id: empty.id, version: withMember.version }),
      code('CONFLICT'),
    );
    const emptied = await admin.teams.removeMember({ teamId: empty.id, userId: org.users.rep2 });
    const archived = await admin.teams.archive({ id: empty.id, version: emptied.version });
    assert.ok(archived.archivedAt);
    assert.ok(!(await admin.teams.list()).some((t) => t.id === empty.id));
    await assert.rejects(
      admin.teams.addMember({ teamId: empty.id, userId: org.users.rep2 }),
      code('NOT_FOUND'),
    );
    const history = await admin.audit.list({ entity: 'teams', entityId: empty.id });
    assert.deepEqual(history.items.map((h) => h.action).slice(0, 3), [
      'archive',
      'remove_member',
      'add_member',
    ]);
  });

  test('membership changes are audited; duplicates and strangers are refused', async () => {
    const before = await admin.teams.get({ id: org.teams.pudong });
    const added = await admin.teams.addMember({ teamId: org.teams.pudong, userId: org.users.rep2 });
    assert.ok(added.memberIds.includes(org.users.rep2));
    assert.equal(added.version, before.version + 1);
    const audits = await auditCount(org.teams.pudong);
    await assert.rejects(
      admin.teams.addMember({ teamId: org.teams.pudong, userId: org.users.rep2 }),
      code('CONFLICT'),
    );
    await assert.rejects(
      admin.teams.removeMember({ teamId: org.teams.pudong, userId: org.users.repSouth }),
      code('NOT_FOUND'),
    );
    await assert.rejects(
      admin.teams.addMember({ teamId: org.teams.pudong, userId: 999_999 }),
      code('BAD_REQUEST'),
    );
    assert.equal(await auditCount(org.teams.pudong), audits);
    const removed = await admin.teams.removeMember({
      teamId: org.teams.pudong,
      userId: org.users.rep2,
    });
    assert.ok(!removed.memberIds.includes(org.users.rep2));
    const [last] = (await admin.audit.list({ entity: 'teams', entityId: org.teams.pudong })).items;
    assert.equal(last?.action, 'remove_member');
    assert.equal(last?.oldValue, String(org.users.rep2));
    assert.equal(last?.userName, 'Ada Admin');
  });

  test('a re-org takes effect on the very next call', async () => {
    const repSouth = await nextRequestAs('repSouth');
    const p = await repSouth.partners.create({ name: '深圳远航贸易 Re-org Co.' });
    const seenBy = async (key: UserKey) =>
      (await (await nextRequestAs(key)).partners.list({ search: 'Re-org' })).items.some(
        (x) => x.id === p.id,
      );
    assert.equal(await seenBy('mgrEast'), false);
    assert.equal(await seenBy('mgrSouth'), true);

    // The rep joins Shanghai: the East manager now reaches the rep's book.
    await admin.teams.addMember({ teamId: org.teams.shanghai, userId: org.users.repSouth });
    assert.equal(await seenBy('mgrEast'), true);
    await admin.teams.removeMember({ teamId: org.teams.shanghai, userId: org.users.repSouth });
    assert.equal(await seenBy('mgrEast'), false);

    // Shenzhen moves from South to East, and back.
    const shenzhen = await admin.teams.get({ id: org.teams.shenzhen });
    const moved = await admin.teams.update({
      id: shenzhen.id,
      version: shenzhen.version,
      patch: { parentId: org.teams.east },
    });
    assert.equal(await seenBy('mgrEast'), true);
    assert.equal(await seenBy('mgrSouth'), false);
    await admin.teams.update({
      id: shenzhen.id,
      version: moved.version,
      patch: { parentId: org.teams.south },
    });
    assert.equal(await seenBy('mgrEast'), false);
    assert.equal(await seenBy('mgrSouth'), true);
  });
});
