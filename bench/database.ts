// A throwaway database for one benchmark run: a temporary SQLite file, or a PostgreSQL database
// of its own on the local server (created here, dropped with FORCE after), migrated.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import knexFactory from 'knex';
import { createDb, type Db } from '../server/db/knex.ts';
import { migrateLatest } from '../server/db/migrate.ts';
import { loadConfig, type ServerConfig } from '../server/config.ts';

export type BenchDbKind = 'sqlite' | 'postgres';

export interface BenchDatabase {
  db: Db;
  config: ServerConfig;
  drop(): Promise<void>;
}

/** Loopback only; the `postgres` database always exists, so it serves for CREATE DATABASE. */
const PG_ADMIN_URL =
  process.env.LODESTONE_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export async function createBenchDatabase(kind: BenchDbKind): Promise<BenchDatabase> {
  // A quiet server without a rate limit on a free loopback port: the bench measures, not guards.
  const base: ServerConfig = {
    ...loadConfig({ ...process.env, LODESTONE_LOG: 'silent', LODESTONE_RATE_LIMIT: '0' }),
    databaseUrl: undefined,
    host: '127.0.0.1',
    port: 0,
    seedDemo: false,
  };
  if (kind === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lodestone-bench-'));
    const config = { ...base, sqliteFile: path.join(dir, 'bench.db') };
    const db = createDb(config);
    await migrateLatest(db);
    return {
      db,
      config,
      drop: async () => {
        await db.destroy();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `lodestone_bench_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = knexFactory({ client: 'pg', connection: PG_ADMIN_URL, pool: { min: 0, max: 1 } });
  await admin.raw(`CREATE DATABASE ${name}`);
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  const config = { ...base, databaseUrl: url.toString() };
  const db = createDb(config);
  await migrateLatest(db);
  return {
    db,
    config,
    drop: async () => {
      await db.destroy();
      await admin.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.destroy();
    },
  };
}

/**
 * Waits until no query has run or waited for a connection for 100 ms (a request between its
 * queries holds none), at most 10 s. autocannon walks away from the requests in flight when a
 * run ends; the server still finishes them, and must before the next run or the drop.
 */
export async function settle(db: Db): Promise<void> {
  const pool = db.client.pool as { numUsed(): number; numPendingAcquires(): number } | undefined;
  const busy = () => (pool ? pool.numUsed() + pool.numPendingAcquires() > 0 : false);
  for (let idle = 0, i = 0; idle < 2 && i < 200; i++) {
    await sleep(50);
    idle = busy() ? 0 : idle + 1;
  }
}
