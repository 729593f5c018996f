import assert from 'node:assert/strict';
import { test } from 'node:test';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describeEachDatabase } from '../../test/support/databases.ts';
import { writeTx } from '../services/tx.ts';

/**
 * Another process holding the write lock for `holdMs`, having inserted a row it commits at the
 * end. A separate process, because two SQLite libraries in one process do not see each other's
 * POSIX locks, and better-sqlite3's busy wait would block this process's event loop.
 */
async function outsideWriter(file: string, code: string, holdMs: number, commit: boolean) {
  const script = `
    const db = new (require('better-sqlite3'))(process.argv[1]);
    db.exec('BEGIN IMMEDIATE');
    db.prepare("INSERT INTO currencies (code, exponent, name, symbol, active) VALUES ('${code}', 2, 'Test', 'T', 1)").run();
    process.stdout.write('locked\\n');
    setTimeout(() => { db.exec(${commit ? "'COMMIT'" : "'ROLLBACK'"}); db.close(); }, ${holdMs});`;
  const child = spawn(process.execPath, ['-e', script, file], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await once(child.stdout, 'data');
  return { exited: once(child, 'exit') };
}

describeEachDatabase('database factory', (getDb) => {
  test('SQLite connections run with WAL, foreign keys, busy timeout and synchronous FULL', async (t) => {
    const { kind, db } = getDb();
    if (kind !== 'sqlite') return t.skip('SQLite only');
    const one = async (pragma: string) => {
      const rows = (await db.raw(`PRAGMA ${pragma}`)) as Record<string, unknown>[];
      return Object.values(rows[0] ?? {})[0];
    };
    assert.equal(String(await one('journal_mode')).toLowerCase(), 'wal');
    assert.equal(Number(await one('foreign_keys')), 1);
    assert.equal(Number(await one('busy_timeout')), 5000);
    assert.equal(Number(await one('synchronous')), 2); // FULL
  });

  test('a read-then-write transaction waits for another writer instead of failing (BEGIN IMMEDIATE)', async (t) => {
    const { kind, db, config } = getDb();
    if (kind !== 'sqlite') return t.skip('SQLite only');
    const outside = await outsideWriter(config.sqliteFile, 'XTS', 300, true);
    const seen = await writeTx(db, async (trx) => {
      const row = await trx('currencies').where({ code: 'XTS' }).first();
      await trx('currencies').insert({
        code: 'XTT',
        exponent: 2,
        name: 'Test 2',
        symbol: 'T',
        active: true,
      });
      return row;
    });
    await outside.exited;
    // Began only after the outside commit, so it read that row and its own write succeeded.
    assert.equal(seen?.code, 'XTS');
    assert.ok(await db('currencies').where({ code: 'XTT' }).first());
  });

  test('a lock held past busy_timeout gives a retryable error, and later transactions succeed', async (t) => {
    const { kind, db, config } = getDb();
    if (kind !== 'sqlite') return t.skip('SQLite only');
    const outside = await outsideWriter(config.sqliteFile, 'XTU', 7000, false);
    await assert.rejects(
      writeTx(db, (trx) => trx('currencies').where({ code: 'CNY' }).update({ name: 'Yuan' })),
      (e: { code?: string }) => e.code === 'SERVICE_UNAVAILABLE',
    );
    await outside.exited;
    await writeTx(db, (trx) =>
      trx('currencies').where({ code: 'CNY' }).update({ name: 'Chinese yuan' }),
    );
    assert.equal((await db('currencies').where({ code: 'CNY' }).first())?.name, 'Chinese yuan');
  });

  test('the same migrations give the same currency table on both databases', async () => {
    const { db } = getDb();
    const rows = await db('currencies')
      .whereIn('code', ['CNY', 'JPY', 'KWD'])
      .orderBy('code')
      .select('code', 'exponent');
    assert.deepEqual(
      rows.map((r) => [r.code, Number(r.exponent)]),
      [
        ['CNY', 2],
        ['JPY', 0],
        ['KWD', 3],
      ],
    );
  });
});
