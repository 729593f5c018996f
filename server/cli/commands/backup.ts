import { backupSqlite } from '../../services/backup.ts';
import { CliError } from '../errors.ts';
import { configFrom, parse, withDb, type Command } from '../command.ts';

export const backup: Command = {
  summary: 'backup <file>: a checked online copy of the SQLite database',
  help: `Usage: lodestone backup <file>

Writes a consistent copy of the SQLite database while the server may keep running:
VACUUM INTO a temporary file beside <file>, PRAGMA integrity_check and foreign_key_check
on the copy, then an atomic rename onto <file>. An existing <file> is replaced only by a
copy that passed the checks. On PostgreSQL, use pg_dump instead.`,
  async run(args, io) {
    const { positionals } = parse('backup', args, {}, true);
    if (positionals.length !== 1) throw new CliError('usage: lodestone backup <file>');
    const config = configFrom(io);
    const result = await withDb(config, (db) => backupSqlite(db, positionals[0]!));
    io.out(
      `Backup written to ${result.file} (${(result.bytes / 1024).toFixed(0)} KiB); integrity_check ok, foreign keys ok.`,
    );
  },
};
