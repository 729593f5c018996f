import { migrateLatest, migrateRollback, migrateStatus } from '../../db/migrate.ts';
import type { Db } from '../../db/knex.ts';
import { CliError } from '../errors.ts';
import { configFrom, describeDatabase, parse, withDb, type Command } from '../command.ts';

const ACTIONS = ['latest', 'rollback', 'status'] as const;
type Action = (typeof ACTIONS)[number];

/** Runs one migration action and returns what to print. */
export async function runMigrate(db: Db, action: Action): Promise<string[]> {
  if (action === 'latest') {
    const applied = await migrateLatest(db);
    return applied.length
      ? [`Applied ${applied.length} migration(s):`, ...applied.map((m) => `  ${m}`)]
      : ['Already at the latest migration.'];
  }
  if (action === 'rollback') {
    const reverted = await migrateRollback(db);
    return reverted.length
      ? [`Rolled back ${reverted.length} migration(s):`, ...reverted.map((m) => `  ${m}`)]
      : ['Nothing to roll back.'];
  }
  const { done, pending } = await migrateStatus(db);
  return [
    ...done.map((m) => `  done     ${m}`),
    ...pending.map((m) => `  pending  ${m}`),
    `${done.length} applied, ${pending.length} pending.`,
  ];
}

export const migrate: Command = {
  summary: 'migrate the database: latest (default), rollback (the last batch) or status',
  help: `Usage: lodestone migrate [latest|rollback|status]

  latest    apply every pending migration (the default)
  rollback  undo the last batch of migrations
  status    list applied and pending migrations

The database comes from DATABASE_URL (PostgreSQL) or LODESTONE_DB_FILE (SQLite).`,
  async run(args, io) {
    const { positionals } = parse('migrate', args, {}, true);
    if (positionals.length > 1) throw new CliError('migrate takes one action at most');
    const action = (positionals[0] ?? 'latest') as Action;
    if (!ACTIONS.includes(action)) {
      throw new CliError(`unknown migrate action "${action}": use ${ACTIONS.join(', ')}`);
    }
    const config = configFrom(io);
    io.out(`Database: ${describeDatabase(config)}`);
    for (const line of await withDb(config, (db) => runMigrate(db, action))) io.out(line);
  },
};
