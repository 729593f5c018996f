import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ZodError } from 'zod';
import { describeEachDatabase } from '../../test/support/databases.ts';
import { anonymousCaller } from '../../test/support/org.ts';
import { authenticate } from '../auth/tokens.ts';
import { createDb } from '../db/knex.ts';
import { countOf } from '../db/rows.ts';
import { seedDemo } from '../db/seeds/index.ts';
import { DEMO_LOGINS, DEMO_PASSWORD } from '../db/seeds/demo-company.ts';
import { backupSqlite } from '../services/backup.ts';
import { box, columns, displayWidth } from './banner.ts';
import { CliError, explainError } from './errors.ts';
import { runMigrate } from './commands/migrate.ts';
import { createTokenFromCli } from './commands/token.ts';
import { createUserFromCli } from './commands/user.ts';

describe('cli output (no database)', () => {
  test('errors become one line a person can act on, with passwords hidden', () => {
    const inUse = Object.assign(new Error('listen EADDRINUSE'), {
      code: 'EADDRINUSE',
      port: 3000,
    });
    assert.match(explainError(inUse), /^Port 3000 is already in use/);
    // Node reports a refused dual-stack connection as an AggregateError with no message.
    const refused = new AggregateError([Object.assign(new Error(''), { code: 'ECONNREFUSED' })]);
    const line = explainError(refused, { databaseUrl: 'postgres://u:secret@db.internal:5432/crm' });
    assert.match(line, /^Cannot connect to PostgreSQL at postgres:\/\/u:\*\*\*@db\.internal/);
    assert.doesNotMatch(line, /secret/);
    assert.equal(explainError(new CliError('plain words')), 'plain words');
    const multi = explainError(new Error('first line\n    at stack (file.ts:1:1)'));
    assert.equal(multi, 'first line');
  });

  test('the start-up box lines up CJK names (two columns wide)', () => {
    assert.equal(displayWidth('张伟 Zhang Wei'), 14);
    const rows = columns([
      ['a@x', '张伟'],
      ['bb@x', 'Li'],
    ]);
    assert.deepEqual(rows, ['a@x   张伟', 'bb@x  Li']);
    const lines = box(['总部 HQ', 'longer line']).split('\n');
    assert.ok(lines.every((l) => displayWidth(l) === displayWidth(lines[0]!)));
  });

  test('the landing page lists every demo login the seed makes', () => {
    const page = fs.readFileSync(
      path.resolve(import.meta.dirname, '../../demo/index.html'),
      'utf8',
    );
    assert.ok(page.includes(DEMO_PASSWORD));
    for (const login of DEMO_LOGINS) {
      const email = login.email.replaceAll('.', '\\.');
      assert.match(page, new RegExp(`<td>${email}</td>\\s*<td>${login.role}</td>`));
    }
  });
});

describeEachDatabase('cli commands', (getDb) => {
  test('migrate status lists every migration as applied', async () => {
    const lines = await runMigrate(getDb().db, 'status');
    assert.match(lines.at(-1)!, /^\d+ applied, 0 pending\.$/);
    assert.deepEqual(await runMigrate(getDb().db, 'latest'), ['Already at the latest migration.']);
  });

  test('user create makes a user who can sign in; a taken email or bad role is refused', async () => {
    const tdb = getDb();
    const made = await createUserFromCli(tdb.db, {
      email: 'Founder@Example.com',
      name: 'Founder',
      role: 'admin',
      password: 'a-long-password',
    });
    assert.equal(made.email, 'founder@example.com');
    const login = await anonymousCaller(tdb).auth.login({
      email: 'founder@example.com',
      password: 'a-long-password',
    });
    assert.equal(login.user.role, 'admin');
    const history = await tdb.db('audit_log').where({ entity: 'users', entity_id: made.id });
    assert.ok(history.length > 0 && history.every((h) => h.user_id === null));
    await assert.rejects(
      createUserFromCli(tdb.db, {
        email: 'founder@example.com',
        name: 'Again',
        role: 'rep',
        password: 'a-long-password',
      }),
      (e) => e instanceof CliError && /exists already/.test(e.message),
    );
    await assert.rejects(
      createUserFromCli(tdb.db, {
        email: 'x@example.com',
        name: 'X',
        role: 'king' as 'rep',
        password: 'a-long-password',
      }),
      (e) => e instanceof ZodError && /^--role: /.test(explainError(e)),
    );
  });

  test('token create prints a working personal token with the asked scopes and expiry', async () => {
    const tdb = getDb();
    const made = await createTokenFromCli(tdb.db, {
      email: 'founder@example.com',
      name: 'nightly export',
      scopes: ['read'],
      days: 7,
    });
    const who = await authenticate(tdb.db, made.token, null);
    assert.ok(typeof who === 'object');
    assert.equal(who.user.email, 'founder@example.com');
    assert.equal(who.token.kind, 'personal');
    assert.deepEqual(who.token.scopes, ['read']);
    const days = (Date.parse(made.expiresAt) - Date.now()) / 86_400_000;
    assert.ok(days > 6.9 && days <= 7, String(days));
    await assert.rejects(
      createTokenFromCli(tdb.db, { email: 'nobody@example.com', name: 'n', scopes: [], days: 1 }),
      (e) => e instanceof CliError,
    );
  });

  describe('backup', () => {
    let dir: string;
    before(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lodestone-backup-'));
      await seedDemo(getDb().db);
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    test('writes a checked copy that opens on its own and holds the data (SQLite)', async (t) => {
      const tdb = getDb();
      if (tdb.kind === 'postgres') return t.skip('SQLite only');
      const file = path.join(dir, 'nested', 'lodestone-backup.db');
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, 'an older backup'); // replaced, atomically
      const result = await backupSqlite(tdb.db, file);
      assert.equal(result.file, file);
      assert.deepEqual(fs.readdirSync(path.dirname(file)), ['lodestone-backup.db']);
      const copy = createDb({ ...tdb.config, sqliteFile: file });
      try {
        const [check] = await copy.raw('PRAGMA integrity_check');
        assert.deepEqual(Object.values(check as object), ['ok']);
        for (const table of ['users', 'partners', 'contacts', 'activities']) {
          const live = countOf(await tdb.db(table).count({ n: '*' }).first());
          const copied = countOf(await copy(table).count({ n: '*' }).first());
          assert.equal(copied, live, table);
        }
      } finally {
        await copy.destroy();
      }
      await assert.rejects(backupSqlite(tdb.db, tdb.config.sqliteFile), /live database/);
    });

    test('refuses on PostgreSQL and points at pg_dump', async (t) => {
      const tdb = getDb();
      if (tdb.kind === 'sqlite') return t.skip('PostgreSQL only');
      const file = path.join(dir, 'pg.db');
      await assert.rejects(backupSqlite(tdb.db, file), /SQLite only.*pg_dump/);
      assert.equal(fs.existsSync(file), false);
    });
  });
});
