// Runs a test file's suites on every database: a temporary SQLite file and a PostgreSQL
// database of its own, created for the run and dropped after.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { after, before, describe } from 'node:test';
import knexFactory from 'knex';
import { createDb, type Db } from '../../server/db/knex.ts';
import { migrateLatest } from '../../server/db/migrate.ts';
import { loadConfig, type ServerConfig } from '../../server/config.ts';

export type DbKind = 'sqlite' | 'postgres';

export interface TestDatabase {
  kind: DbKind;
  db: Db;
  config: ServerConfig;
}

const PG_ADMIN_URL = process.env.LODESTONE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const ON_CI = Boolean(process.env.CI);
const KINDS = (process.env.LODESTONE_TEST_DATABASES ?? 'sqlite,postgres').split(',') as DbKind[];

async function probePostgres(): Promise<string | null> {
  const admin = knexFactory({ client: 'pg', connection: PG_ADMIN_URL, pool: { min: 0, max: 1 } });
  try {
    await admin.raw('select 1');
    return null;
  } catch (err) {
    return (err as Error).message;
  } finally {
    await admin.destroy();
  }
}

const pgProblem = KINDS.includes('postgres') ? await probePostgres() : null;
if (pgProblem) {
  const line = '!'.repeat(78);
  console.error(
    `\n${line}\n!! PostgreSQL at ${PG_ADMIN_URL} is not reachable (${pgProblem}).\n` +
      `!! The PostgreSQL half of the server tests ${ON_CI ? 'FAILS (CI must reach it)' : 'is SKIPPED on this machine'}.\n` +
      `!! Start it: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start\n${line}\n`,
  );
}

function pgUrlFor(dbName: string): string {
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${dbName}`;
  return url.toString();
}

async function createTestDatabase(
  kind: DbKind,
): Promise<{ tdb: TestDatabase; drop: () => Promise<void> }> {
  const base = loadConfig({
    ...process.env,
    LODESTONE_LOG: 'silent',
    LODESTONE_RATE_LIMIT: '0',
    DATABASE_URL: '',
  });
  if (kind === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lodestone-test-'));
    const config = { ...base, sqliteFile: path.join(dir, 'test.db') };
    const db = createDb(config);
    await migrateLatest(db);
    return {
      tdb: { kind, db, config },
      drop: async () => {
        await db.destroy();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `lodestone_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = knexFactory({ client: 'pg', connection: PG_ADMIN_URL, pool: { min: 0, max: 1 } });
  await admin.raw(`CREATE DATABASE ${name}`);
  const config = { ...base, databaseUrl: pgUrlFor(name) };
  const db = createDb(config);
  await migrateLatest(db);
  return {
    tdb: { kind, db, config },
    drop: async () => {
      await db.destroy();
      await admin.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.destroy();
    },
  };
}

/**
 * `describe`s `title` once per database kind. `body` receives a getter for the database, which
 * is created, migrated, and given to `setup` before the suite's tests run.
 */
export function describeEachDatabase(title: string, body: (get: () => TestDatabase) => void): void {
  for (const kind of KINDS) {
    const skip = kind === 'postgres' && pgProblem !== null && !ON_CI;
    describe(`${title} [${kind}]`, { skip: skip ? 'PostgreSQL not reachable' : false }, () => {
      let current: TestDatabase | undefined;
      let drop: (() => Promise<void>) | undefined;
      before(async () => {
        if (kind === 'postgres' && pgProblem)
          throw new Error(`PostgreSQL not reachable: ${pgProblem}`);
        const made = await createTestDatabase(kind);
        current = made.tdb;
        drop = made.drop;
      });
      body(() => {
        if (!current) throw new Error('database not ready (before hook failed)');
        return current;
      });
      // After the suite's own after hooks (they run in the order registered): a server the
      // suite started stops before its database goes.
      after(async () => {
        await drop?.();
      });
    });
  }
}
