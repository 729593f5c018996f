import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { describeEachDatabase, type TestDatabase } from '../../../test/support/databases.ts';
import {
  anonymousCaller,
  baseContext,
  callerAs,
  createOrg,
  PASSWORD,
  type Caller,
  type Org,
} from '../../../test/support/org.ts';
import { authenticate } from '../../auth/tokens.ts';
import { createCallerFactory } from '../../trpc/init.ts';
import { appRouter } from '../../trpc/app-router.ts';
import { countOf } from '../../db/rows.ts';

const createCaller = createCallerFactory(appRouter);

/** One request carrying `token`, authenticated exactly as the HTTP layer does it. */
async function requestWith(tdb: TestDatabase, token: string): Promise<Caller> {
  const result = await authenticate(tdb.db, token, null);
  return typeof result === 'string'
    ? anonymousCaller(tdb, { authFailure: result })
    : createCaller(baseContext(tdb, result));
}

const code = (expected: string) => (e: { code?: string }) => e.code === expected;

describeEachDatabase('users', (getDb) => {
  let org: Org;
  let admin: Caller;
  let rep1: Caller;
  const auditCount = async (entityId: number) =>
    countOf(
      await getDb()
        .db('audit_log')
        .where({ entity: 'users', entity_id: entityId })
        .count({ n: '*' })
        .first(),
    );

  before(async () => {
    org = await createOrg(getDb());
    admin = await callerAs(getDb(), org, 'admin');
    rep1 = await callerAs(getDb(), org, 'rep1');
  });

  test('every role reads the directory; filters; no password hash anywhere', async () => {
    const all = await rep1.users.list();
    assert.equal(all.total, 8);
    assert.ok(all.items.every((u) => !('passwordHash' in u) && !('password_hash' in u)));
    const me = all.items.find((u) => u.id === org.users.rep1);
    assert.deepEqual(me?.teamIds, [org.teams.shanghai]);
    const shanghai = await rep1.users.list({ teamId: org.teams.shanghai });
    assert.deepEqual(
      shanghai.items.map((u) => u.id).sort(),
      [org.users.rep1, org.users.rep2].sort(),
    );
    const managers = await rep1.users.list({ role: 'manager' });
    assert.equal(managers.total, 2);
    const found = await rep1.users.list({ search: 'DEEP' });
    assert.deepEqual(
      found.items.map((u) => u.id),
      [org.users.repDeep],
    );
    const one = await rep1.users.get({ id: org.users.finance });
    assert.equal(one.role, 'finance');
    assert.ok(!('password_hash' in one));
    await assert.rejects(rep1.users.get({ id: 999_999 }), code('NOT_FOUND'));
  });

  test('only admins create users; email is lower-cased and unique', async () => {
    await assert.rejects(
      rep1.users.create({ email: 'x@test.lodestone', name: 'X', role: 'rep', password: PASSWORD }),
      code('FORBIDDEN'),
    );
    const u = await admin.users.create({
      email: '  New.Rep@Test.Lodestone ',
      name: '新人 New Rep',
      role: 'rep',
      password: PASSWORD,
    });
    assert.equal(u.email, 'new.rep@test.lodestone');
    assert.equal(u.active, true);
    assert.equal(u.version, 1);
    assert.ok(!('password_hash' in u));
    const login = await anonymousCaller(getDb()).auth.login({
      email: 'NEW.REP@test.lodestone',
      password: PASSWORD,
    });
    assert.equal(login.user.id, u.id);
    const history = await admin.audit.list({ entity: 'users', entityId: u.id });
    assert.ok(history.items.some((h) => h.action === 'create' && h.field === 'email'));
    assert.ok(history.items.every((h) => h.field !== 'password_hash'));

    await assert.rejects(
      admin.users.create({
        email: 'NEW.REP@test.lodestone',
        name: 'Twin',
        role: 'rep',
        password: PASSWORD,
      }),
      (e: { code?: string; message?: string }) =>
        e.code === 'CONFLICT' && e.message === 'email: already used',
    );
    await assert.rejects(
      admin.users.update({ id: org.users.rep2, version: 1, patch: { email: u.email } }),
      (e: { code?: string; message?: string }) =>
        e.code === 'CONFLICT' && e.message === 'email: already used',
    );
    assert.equal(await auditCount(org.users.rep2), 0);
  });

  test('update is versioned and audited field by field', async () => {
    const u = await admin.users.create({
      email: 'versioned@test.lodestone',
      name: 'Versioned',
      role: 'rep',
      password: PASSWORD,
    });
    const updated = await admin.users.update({
      id: u.id,
      version: 1,
      patch: { name: 'Renamed', locale: 'en', phone: '+86 21 5555 0000' },
    });
    assert.equal(updated.version, 2);
    assert.equal(updated.locale, 'en');
    await assert.rejects(
      admin.users.update({ id: u.id, version: 1, patch: { name: 'Stale' } }),
      code('CONFLICT'),
    );
    await assert.rejects(
      admin.users.update({ id: u.id, version: 2, patch: { role: 'admin', extra: 1 } as never }),
      code('BAD_REQUEST'),
    );
    const rows = await getDb()
      .db('audit_log')
      .where({ entity: 'users', entity_id: u.id, action: 'update' })
      .orderBy('field');
    assert.deepEqual(
      rows.map((r) => [r.field, r.old_value, r.new_value]),
      [
        ['locale', 'zh-CN', 'en'],
        ['name', 'Versioned', 'Renamed'],
        ['phone', null, '+86 21 5555 0000'],
      ],
    );
  });

  test('the last active admin can be neither demoted nor deactivated', async () => {
    const id = org.users.admin;
    for (const patch of [{ role: 'manager' as const }, { active: false }]) {
      const before = await admin.users.get({ id });
      const audits = await auditCount(id);
      await assert.rejects(
        admin.users.update({ id, version: before.version, patch }),
        (e: { code?: string; message?: string }) =>
          e.code === 'BAD_REQUEST' && /last active admin/.test(e.message ?? ''),
      );
      const after = await admin.users.get({ id });
      assert.equal(after.version, before.version);
      assert.equal(after.role, 'admin');
      assert.equal(after.active, true);
      assert.equal(await auditCount(id), audits);
    }
    // With a second admin, either may step down.
    const second = await admin.users.create({
      email: 'second.admin@test.lodestone',
      name: 'Second Admin',
      role: 'admin',
      password: PASSWORD,
    });
    const demoted = await admin.users.update({
      id: second.id,
      version: 1,
      patch: { role: 'rep' },
    });
    assert.equal(demoted.role, 'rep');
  });

  test('a team manager keeps a role that may manage while the team lasts', async () => {
    const mgr = await admin.users.get({ id: org.users.mgrSouth });
    await assert.rejects(
      admin.users.update({ id: mgr.id, version: mgr.version, patch: { role: 'rep' } }),
      (e: { code?: string; message?: string }) =>
        e.code === 'BAD_REQUEST' && /manages 1 team/.test(e.message ?? ''),
    );
    assert.equal((await admin.users.get({ id: mgr.id })).version, mgr.version);
  });

  test('deactivating a user revokes every token in the same write', async () => {
    const u = await admin.users.create({
      email: 'leaver@test.lodestone',
      name: 'Leaver',
      role: 'rep',
      password: PASSWORD,
    });
    const { token } = await anonymousCaller(getDb()).auth.login({
      email: 'leaver@test.lodestone',
      password: PASSWORD,
    });
    const asLeaver = await requestWith(getDb(), token);
    assert.equal((await asLeaver.auth.me()).id, u.id);
    const personal = await asLeaver.auth.tokens.create({ kind: 'personal', name: 'script' });

    await admin.users.update({ id: u.id, version: 1, patch: { active: false } });
    for (const t of [token, personal.token]) {
      assert.equal(await authenticate(getDb().db, t, null), 'invalid');
      const next = await requestWith(getDb(), t);
      await assert.rejects(next.partners.list({}), code('UNAUTHORIZED'));
    }
    const live = await getDb()
      .db('api_tokens')
      .where({ user_id: u.id })
      .whereNull('revoked_at')
      .count({ n: '*' })
      .first();
    assert.equal(countOf(live), 0);
    // Reactivation brings none of the old tokens back.
    await admin.users.update({ id: u.id, version: 2, patch: { active: true } });
    assert.equal(await authenticate(getDb().db, token, null), 'invalid');
    const inactive = await admin.users.list({ includeInactive: true, search: 'leaver' });
    assert.equal(inactive.total, 1);
  });

  test('setPassword: admin only, ends the sessions, keeps personal tokens', async () => {
    const u = await admin.users.create({
      email: 'forgetful@test.lodestone',
      name: 'Forgetful',
      role: 'rep',
      password: PASSWORD,
    });
    const { token } = await anonymousCaller(getDb()).auth.login({
      email: 'forgetful@test.lodestone',
      password: PASSWORD,
    });
    const personal = await (
      await requestWith(getDb(), token)
    ).auth.tokens.create({ kind: 'personal', name: 'excel' });
    await assert.rejects(
      rep1.users.setPassword({ id: u.id, password: 'another-pass-99' }),
      code('FORBIDDEN'),
    );
    await admin.users.setPassword({ id: u.id, password: 'another-pass-99' });
    const next = await requestWith(getDb(), token);
    await assert.rejects(next.auth.me(), code('UNAUTHORIZED'));
    assert.notEqual(typeof (await authenticate(getDb().db, personal.token, null)), 'string');
    await assert.rejects(
      anonymousCaller(getDb()).auth.login({
        email: 'forgetful@test.lodestone',
        password: PASSWORD,
      }),
      code('UNAUTHORIZED'),
    );
    const ok = await anonymousCaller(getDb()).auth.login({
      email: 'forgetful@test.lodestone',
      password: 'another-pass-99',
    });
    assert.equal(ok.user.id, u.id);
    const history = await admin.audit.list({ entity: 'users', entityId: u.id });
    assert.equal(history.items[0]?.action, 'password');
    assert.equal(history.items[0]?.newValue, null);
  });
});
