import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import { anonymousCaller, createOrg, PASSWORD, type Org } from '../../../test/support/org.ts';
import { authenticate } from '../../auth/tokens.ts';
import { fieldIssues } from '../../trpc/errors.ts';

const ORIGIN = 'https://intranet.example.com';
const emailOf = (key: string) => `${key.toLowerCase()}@test.lodestone`;

/** Checks a rejection's tRPC code (and message, when given) and returns the error. */
function rejectsWith(code: string, message?: RegExp) {
  return (e: unknown) => {
    const err = e as { code?: string; message?: string };
    assert.equal(err.code, code, `expected ${code}, got ${err.code}: ${err.message}`);
    if (message) assert.match(String(err.message), message);
    return true;
  };
}

describeEachDatabase('auth', (getDb) => {
  let org: Org;
  before(async () => {
    org = await createOrg(getDb());
  });

  /** A caller for a raw bearer token, authenticated exactly as the HTTP layer does it. */
  async function callerFor(token: string, origin: string | null = null) {
    const result = await authenticate(getDb().db, token, origin);
    return anonymousCaller(
      getDb(),
      typeof result === 'string' ? { origin, authFailure: result } : { origin, identity: result },
    );
  }

  async function login(key: string, password = PASSWORD) {
    return anonymousCaller(getDb()).auth.login({ email: emailOf(key), password });
  }

  test('login with the right password returns a session token that works for auth.me', async () => {
    const session = await login('rep1');
    assert.match(session.token, /^lds_[0-9a-f]{10}/);
    assert.equal(session.user.id, org.users.rep1);
    assert.ok(Date.parse(session.expiresAt) > Date.now());
    const me = await (await callerFor(session.token)).auth.me();
    assert.equal(me.id, org.users.rep1);
    assert.equal(me.role, 'rep');
    assert.deepEqual(me.teamIds, [org.teams.shanghai]);
    assert.deepEqual(me.token.scopes, ['read', 'write']);
    assert.equal(me.token.kind, 'session');
    // Emails are matched case-insensitively.
    const upper = await anonymousCaller(getDb()).auth.login({
      email: emailOf('rep1').toUpperCase(),
      password: PASSWORD,
    });
    assert.equal(upper.user.id, org.users.rep1);
  });

  test('a wrong password and an unknown email get the same UNAUTHORIZED answer', async () => {
    const wrong = await login('rep1', 'not-the-password').catch((e: unknown) => e);
    const unknown = await login('nobody').catch((e: unknown) => e);
    rejectsWith('UNAUTHORIZED')(wrong);
    rejectsWith('UNAUTHORIZED')(unknown);
    assert.equal((wrong as Error).message, (unknown as Error).message);
  });

  test('a deactivated user cannot log in, and their open session stops working', async () => {
    const { db } = getDb();
    const session = await login('repSouth');
    await db('users').where({ id: org.users.repSouth }).update({ active: false });
    try {
      await assert.rejects(login('repSouth'), rejectsWith('UNAUTHORIZED', /deactivated/));
      const stale = await callerFor(session.token);
      await assert.rejects(stale.auth.me(), rejectsWith('UNAUTHORIZED', /deactivated/));
    } finally {
      await db('users').where({ id: org.users.repSouth }).update({ active: true });
    }
  });

  test('logout revokes the session', async () => {
    const session = await login('rep1');
    const caller = await callerFor(session.token);
    assert.deepEqual(await caller.auth.logout(), { ok: true });
    assert.equal(await authenticate(getDb().db, session.token, null), 'invalid');
    await assert.rejects(
      (await callerFor(session.token)).auth.me(),
      rejectsWith('UNAUTHORIZED', /not valid/),
    );
  });

  test('a session creates a personal token; lists never show a secret', async () => {
    const session = await callerFor((await login('mgrEast')).token);
    const personal = await session.auth.tokens.create({ kind: 'personal', name: 'Excel' });
    assert.deepEqual(personal.scopes, ['read', 'write']);
    assert.deepEqual(personal.allowedOrigins, []);
    const days = (Date.parse(personal.expiresAt) - Date.now()) / 86400_000;
    assert.ok(days > 89 && days <= 90, `expires in ${days} days`);
    const me = await (await callerFor(personal.token)).auth.me();
    assert.equal(me.token.kind, 'personal');
    assert.equal(me.id, org.users.mgrEast);

    const list = await session.auth.tokens.list();
    const listed = list.find((t) => t.id === personal.id);
    assert.ok(listed);
    assert.equal(listed.name, 'Excel');
    assert.equal(listed.prefix, personal.token.slice(0, 14));
    assert.equal(list.filter((t) => t.current).length, 1);
    const text = JSON.stringify(list);
    assert.ok(!text.includes(personal.token.slice(14)), 'a token secret appears in the list');
    for (const t of list) assert.deepEqual(Object.keys(t).sort(), Object.keys(listed).sort());
    assert.ok(!('token' in listed) && !('secretHash' in listed));
    // Only the caller's own tokens are listed.
    const others = await (await callerFor((await login('rep1')).token)).auth.tokens.list();
    assert.ok(!others.some((t) => t.id === personal.id));
  });

  test('a widget token needs allowed origins, is read-only by default, and is bound to them', async () => {
    const session = await callerFor((await login('rep1')).token);
    for (const bad of [
      { kind: 'widget', name: 'w', allowedOrigins: [] },
      { kind: 'widget', name: 'w' },
      { kind: 'widget', name: 'w', allowedOrigins: ['javascript:alert(1)'] },
    ]) {
      const err = await session.auth.tokens
        .create(bad as Parameters<typeof session.auth.tokens.create>[0])
        .catch((e: unknown) => e);
      rejectsWith('BAD_REQUEST')(err);
      const issues = fieldIssues((err as Error).cause) ?? [];
      assert.ok(
        issues.some((i) => i.field.startsWith('allowedOrigins')),
        JSON.stringify(issues),
      );
    }
    const widget = await session.auth.tokens.create({
      kind: 'widget',
      name: 'Funnel on the intranet',
      allowedOrigins: [ORIGIN],
    });
    assert.deepEqual(widget.scopes, ['read']);
    const hours = (Date.parse(widget.expiresAt) - Date.now()) / 3600_000;
    assert.ok(hours > 7.9 && hours <= 8, `expires in ${hours} hours`);

    const fromPage = await callerFor(widget.token, ORIGIN);
    assert.equal((await fromPage.auth.me()).token.kind, 'widget');
    assert.equal((await fromPage.partners.list({})).total, 0);
    await assert.rejects(
      fromPage.partners.create({ name: 'Widget Write Co.' }),
      rejectsWith('FORBIDDEN', /limited to read/),
    );
    for (const origin of [null, 'https://evil.example.com']) {
      const elsewhere = await callerFor(widget.token, origin);
      await assert.rejects(elsewhere.auth.me(), rejectsWith('UNAUTHORIZED', /origin/));
    }
  });

  test('a personal token may mint only widget tokens; a widget token mints nothing', async () => {
    const session = await callerFor((await login('rep1')).token);
    const personal = await session.auth.tokens.create({ kind: 'personal', name: 'intranet' });
    const byPersonal = await callerFor(personal.token);
    await assert.rejects(
      byPersonal.auth.tokens.create({ kind: 'personal', name: 'longer-lived' }),
      rejectsWith('FORBIDDEN', /only create widget/),
    );
    const widget = await byPersonal.auth.tokens.create({
      kind: 'widget',
      name: 'page view',
      allowedOrigins: [ORIGIN],
      scopes: ['read', 'write'],
    });
    assert.deepEqual(widget.scopes, ['read', 'write']);

    const byWidget = await callerFor(widget.token, ORIGIN);
    for (const kind of ['widget', 'personal'] as const) {
      const input =
        kind === 'widget'
          ? { kind, name: 'copy', allowedOrigins: [ORIGIN] }
          : { kind, name: 'escape' };
      await assert.rejects(
        byWidget.auth.tokens.create(input),
        rejectsWith('FORBIDDEN', /Widget tokens cannot create/),
      );
    }
    await assert.rejects(
      byWidget.auth.tokens.revoke({ id: personal.id }),
      rejectsWith('FORBIDDEN', /Widget tokens cannot revoke/),
    );
  });

  test('a token never grants more scopes than the token minting it', async () => {
    const session = await callerFor((await login('rep2')).token);
    // A write-only personal token: it may mint (a mutation needs write) but holds no read.
    const writeOnly = await session.auth.tokens.create({
      kind: 'personal',
      name: 'write only',
      scopes: ['write'],
    });
    const minter = await callerFor(writeOnly.token);
    await assert.rejects(
      minter.auth.tokens.create({
        kind: 'widget',
        name: 'more',
        allowedOrigins: [ORIGIN],
        scopes: ['read', 'write'],
      }),
      rejectsWith('FORBIDDEN', /cannot grant more/),
    );
    const same = await minter.auth.tokens.create({
      kind: 'widget',
      name: 'same',
      allowedOrigins: [ORIGIN],
      scopes: ['write'],
    });
    assert.deepEqual(same.scopes, ['write']);
    // A read-only personal token cannot mint at all: minting is a write.
    const readOnly = await session.auth.tokens.create({
      kind: 'personal',
      name: 'read only',
      scopes: ['read'],
    });
    await assert.rejects(
      (await callerFor(readOnly.token)).auth.tokens.create({
        kind: 'widget',
        name: 'w',
        allowedOrigins: [ORIGIN],
      }),
      rejectsWith('FORBIDDEN', /read-only/),
    );
  });

  test('revoke ends a token; another user cannot revoke it', async () => {
    const session = await callerFor((await login('mgrSouth')).token);
    const personal = await session.auth.tokens.create({ kind: 'personal', name: 'nightly job' });
    const other = await callerFor((await login('rep1')).token);
    await assert.rejects(other.auth.tokens.revoke({ id: personal.id }), rejectsWith('NOT_FOUND'));
    assert.notEqual(typeof (await authenticate(getDb().db, personal.token, null)), 'string');

    assert.deepEqual(await session.auth.tokens.revoke({ id: personal.id }), { ok: true });
    assert.equal(await authenticate(getDb().db, personal.token, null), 'invalid');
    assert.ok(!(await session.auth.tokens.list()).some((t) => t.id === personal.id));
    await assert.rejects(session.auth.tokens.revoke({ id: personal.id }), rejectsWith('NOT_FOUND'));
  });

  test('changePassword checks the old one, revokes other sessions, keeps the current one', async () => {
    const { db } = getDb();
    const first = await login('finance');
    const second = await login('finance');
    const current = await callerFor(first.token);
    const personal = await current.auth.tokens.create({ kind: 'personal', name: 'ledger sync' });
    await assert.rejects(
      current.auth.changePassword({ currentPassword: 'wrong-one', newPassword: 'a-new-pass-99' }),
      rejectsWith('BAD_REQUEST', /currentPassword/),
    );
    await assert.rejects(
      current.auth.changePassword({ currentPassword: PASSWORD, newPassword: 'short' }),
      rejectsWith('BAD_REQUEST', /newPassword/),
    );
    await current.auth.changePassword({ currentPassword: PASSWORD, newPassword: 'a-new-pass-99' });

    assert.equal((await current.auth.me()).id, org.users.finance);
    assert.equal(await authenticate(db, first.token, null).then((r) => typeof r), 'object');
    assert.equal(await authenticate(db, second.token, null), 'invalid');
    // Personal tokens are scripts' credentials, revoked one by one, not by a password change.
    assert.equal(await authenticate(db, personal.token, null).then((r) => typeof r), 'object');
    await assert.rejects(login('finance'), rejectsWith('UNAUTHORIZED'));
    assert.equal((await login('finance', 'a-new-pass-99')).user.id, org.users.finance);

    const trail = await db('audit_log').where({
      entity: 'users',
      entity_id: org.users.finance,
      action: 'password',
    });
    assert.equal(trail.length, 1);
    assert.equal(trail[0].old_value, null);
    assert.equal(trail[0].new_value, null);
  });

  test('updateProfile changes name, locale and phone, with audit rows; role is not writable', async () => {
    const { db } = getDb();
    const caller = await callerFor((await login('repDeep')).token);
    await caller.auth.updateProfile({
      name: 'Zhao Shen',
      locale: 'en',
      phone: '+86 138 0000 0000',
    });
    const row = await db('users').where({ id: org.users.repDeep }).first();
    assert.equal(row.name, 'Zhao Shen');
    assert.equal(row.locale, 'en');
    assert.equal(row.phone, '+86 138 0000 0000');
    assert.equal(Number(row.version), 2);
    const fields = await db('audit_log')
      .where({ entity: 'users', entity_id: org.users.repDeep, action: 'update' })
      .pluck('field');
    assert.deepEqual([...fields].sort(), ['locale', 'name', 'phone']);
    // A fresh sign-in sees the new profile.
    const me = await (await callerFor((await login('repDeep')).token)).auth.me();
    assert.equal(me.name, 'Zhao Shen');
    assert.equal(me.locale, 'en');
    // Unknown keys are refused, never dropped: a profile edit cannot make anyone an admin.
    await assert.rejects(
      caller.auth.updateProfile({ name: 'X', role: 'admin' } as { name: string }),
      rejectsWith('BAD_REQUEST'),
    );
    assert.equal((await db('users').where({ id: org.users.repDeep }).first()).role, 'rep');
    // Nothing changed: no new version and no audit row.
    await caller.auth.updateProfile({ name: 'Zhao Shen' });
    assert.equal(Number((await db('users').where({ id: org.users.repDeep }).first()).version), 2);
  });

  test('a read-only token may read but calls no mutation (FORBIDDEN)', async () => {
    const session = await callerFor((await login('mgrEast')).token);
    const readOnly = await session.auth.tokens.create({
      kind: 'personal',
      name: 'report pull',
      scopes: ['read'],
    });
    const caller = await callerFor(readOnly.token);
    assert.equal((await caller.auth.me()).token.scopes.join(), 'read');
    assert.ok(Array.isArray(await caller.auth.tokens.list()));
    await caller.partners.list({});
    const refused = [
      () => caller.auth.updateProfile({ name: 'Nope' }),
      () => caller.auth.changePassword({ currentPassword: PASSWORD, newPassword: 'n3w-password' }),
      () => caller.auth.tokens.revoke({ id: readOnly.id }),
      () => caller.auth.logout(),
      () => caller.partners.create({ name: 'Read Only Co.' }),
    ];
    for (const call of refused) await assert.rejects(call(), rejectsWith('FORBIDDEN'));
    const row = await getDb().db('users').where({ id: org.users.mgrEast }).first();
    assert.equal(Number(row.version), 1);
  });
});
