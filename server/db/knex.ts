// The one database factory: picks the dialect from config and sets its options.
// Dialect-specific behaviour lives here and in ./dialect.ts, nowhere else.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import type { ServerConfig } from '../config.ts';

const require = createRequire(import.meta.url);

export type Db = Knex;
export type Dialect = 'sqlite' | 'postgres';

/**
 * knex starts SQLite transactions with a plain BEGIN, which takes the write lock only at the
 * first write: a read-then-write transaction can then fail with SQLITE_BUSY instead of waiting
 * for busy_timeout. Every transaction we open writes, so they all begin IMMEDIATE.
 * (Nested transactions become savepoints and never reach begin().)
 */
function immediateSqliteClient(driver: 'better-sqlite3' | 'sqlite3') {
  const Base = require(`knex/lib/dialects/${driver}/index.js`);
  const SqliteTransaction = require('knex/lib/dialects/sqlite3/execution/sqlite-transaction.js');
  class ImmediateTransaction extends SqliteTransaction {
    begin(conn: unknown) {
      return this.query(conn, 'BEGIN IMMEDIATE;');
    }
  }
  return class ImmediateSqliteClient extends Base {
    transaction(...args: unknown[]) {
      const Trx = ImmediateTransaction as new (...a: unknown[]) => unknown;
      return new Trx(this, ...args);
    }
  };
}

/** Pragmas for every SQLite connection; synchronous=FULL because receipts and money live here. */
const SQLITE_PRAGMAS = [
  'PRAGMA journal_mode = WAL',
  'PRAGMA foreign_keys = ON',
  'PRAGMA busy_timeout = 5000',
  'PRAGMA synchronous = FULL',
];

function runPragmas(conn: unknown, done: (err: Error | null, conn: unknown) => void) {
  const anyConn = conn as {
    pragma?: (s: string) => unknown;
    exec?: (s: string, cb?: (err: Error | null) => void) => unknown;
  };
  if (typeof anyConn.pragma === 'function') {
    // better-sqlite3: synchronous API
    try {
      for (const p of SQLITE_PRAGMAS) anyConn.pragma(p.replace(/^PRAGMA /, ''));
      done(null, conn);
    } catch (err) {
      done(err as Error, conn);
    }
    return;
  }
  // sqlite3: callback API
  anyConn.exec!(SQLITE_PRAGMAS.join('; '), (err) => done(err, conn));
}

export function createDb(
  config: Pick<ServerConfig, 'databaseUrl' | 'sqliteFile' | 'sqliteDriver'>,
  /** Where knex's own warnings go (the CLI keeps them to one line); knex's default otherwise. */
  log?: Knex.Logger,
): Db {
  if (config.databaseUrl) {
    return knexFactory({
      client: 'pg',
      connection: config.databaseUrl,
      pool: { min: 0, max: 10 },
      log,
    });
  }
  fs.mkdirSync(path.dirname(config.sqliteFile), { recursive: true });
  return knexFactory({
    client: immediateSqliteClient(config.sqliteDriver) as unknown as typeof Knex.Client,
    connection: { filename: config.sqliteFile },
    useNullAsDefault: true,
    log,
    // One connection per file, always: SQLite has one writer, and a second pool would
    // turn waits into SQLITE_BUSY errors.
    pool: { min: 1, max: 1, afterCreate: runPragmas },
  });
}

export function dialectOf(db: Db): Dialect {
  const name = db.client.config.client;
  return name === 'pg' ? 'postgres' : 'sqlite';
}
