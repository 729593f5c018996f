import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Knex } from 'knex';
import type { Db } from './knex.ts';

const MIGRATIONS_DIR = path.join(import.meta.dirname, 'migrations');

interface MigrationModule {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

/**
 * Loads the timestamped TypeScript migrations from our own folder with import(), so they run the
 * same under tsx, the CLI and the tests without knex's file loader guessing at extensions.
 */
const migrationSource: Knex.MigrationSource<string> = {
  async getMigrations() {
    return fs
      .readdirSync(MIGRATIONS_DIR)
      .filter((f) => /^\d{14}_.+\.ts$/.test(f))
      .sort();
  },
  getMigrationName(file) {
    return file.replace(/\.ts$/, '');
  },
  async getMigration(file) {
    return (await import(pathToFileURL(path.join(MIGRATIONS_DIR, file)).href)) as MigrationModule;
  },
};

const config: Knex.MigratorConfig = { migrationSource, tableName: 'knex_migrations' };

export async function migrateLatest(db: Db): Promise<string[]> {
  const [, applied] = (await db.migrate.latest(config)) as [number, string[]];
  return applied;
}

export async function migrateRollback(db: Db): Promise<string[]> {
  const [, reverted] = (await db.migrate.rollback(config)) as [number, string[]];
  return reverted;
}

export async function migrateStatus(db: Db): Promise<{ done: string[]; pending: string[] }> {
  const [done, pending] = (await db.migrate.list(config)) as [
    { name: string }[],
    { file: string }[],
  ];
  return {
    done: done.map((m) => m.name.replace(/\.ts$/, '')),
    pending: pending.map((m) => String(m.file ?? m).replace(/\.ts$/, '')),
  };
}
