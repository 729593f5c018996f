import { parseArgs, type ParseArgsConfig } from 'node:util';
import { loadConfig, type ServerConfig } from '../config.ts';
import { createDb, type Db } from '../db/knex.ts';
import { CliError, redactUrl } from './errors.ts';

/** One `lodestone <name>` command. */
export interface Command {
  summary: string;
  /** Full help: usage line, options, examples. */
  help: string;
  run(args: string[], io: Io): Promise<void>;
}

/** Where a command writes; tests pass their own. */
export interface Io {
  out(text: string): void;
  env: NodeJS.ProcessEnv;
}

export const processIo: Io = {
  out: (text) => process.stdout.write(`${text}\n`),
  env: process.env,
};

type Options = NonNullable<ParseArgsConfig['options']>;

/** node's parseArgs, strict, with its errors turned into one line that points at --help. */
export function parse<O extends Options>(
  command: string,
  args: string[],
  options: O,
  allowPositionals = false,
) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (err) {
    throw new CliError(`${(err as Error).message} (see: lodestone ${command} --help)`);
  }
}

export function configFrom(io: Io): ServerConfig {
  try {
    return loadConfig(io.env);
  } catch (err) {
    throw new CliError((err as Error).message);
  }
}

/**
 * knex warns with a full stack when a connection cannot be made; the same error also rejects the
 * query that wanted it, and that is reported as one line. Other warnings pass, one line each.
 */
const knexLog = {
  warn(message: unknown) {
    const text = String(message);
    if (!text.startsWith('Acquire connection error')) {
      process.stderr.write(`knex: ${text.split('\n')[0]}\n`);
    }
  },
};

/** The configured database, with knex's warnings kept short. */
export function openDb(config: ServerConfig): Db {
  return createDb(config, knexLog);
}

/** Opens the configured database for one command and always closes it. */
export async function withDb<T>(config: ServerConfig, fn: (db: Db) => Promise<T>): Promise<T> {
  const db = openDb(config);
  try {
    return await fn(db);
  } finally {
    await db.destroy();
  }
}

export function describeDatabase(config: ServerConfig): string {
  return config.databaseUrl
    ? `PostgreSQL ${redactUrl(config.databaseUrl)}`
    : `SQLite ${config.sqliteFile}`;
}
