// Online backups of the SQLite file (RELIABILITY.md: never copy a live file). VACUUM INTO writes
// a consistent snapshot while the server keeps running; the copy is checked before it replaces
// the target, so a backup file on disk is always a whole, verified database.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { dialectOf, type Db } from '../db/knex.ts';

export const POSTGRES_BACKUP_HINT =
  'lodestone backup works on SQLite only. On PostgreSQL use pg_dump, for example: ' +
  'pg_dump --format=custom --file=lodestone.dump "$DATABASE_URL"';

export interface BackupResult {
  file: string;
  bytes: number;
}

const CHECK_SCHEMA = 'lodestone_backup_check';

/** `PRAGMA integrity_check` and `foreign_key_check` on the copy, opened beside the live one. */
async function verify(db: Db, file: string): Promise<void> {
  await db.raw(`ATTACH DATABASE ? AS ${CHECK_SCHEMA}`, [file]);
  try {
    const integrity = (await db.raw(`PRAGMA ${CHECK_SCHEMA}.integrity_check`)) as Record<
      string,
      unknown
    >[];
    const verdict = integrity.map((r) => String(Object.values(r)[0]));
    if (verdict.length !== 1 || verdict[0] !== 'ok') {
      throw new Error(`backup copy failed integrity_check: ${verdict.slice(0, 3).join('; ')}`);
    }
    const orphans = (await db.raw(`PRAGMA ${CHECK_SCHEMA}.foreign_key_check`)) as unknown[];
    if (orphans.length > 0) {
      throw new Error(
        `backup copy failed foreign_key_check: ${orphans.length} broken reference(s)`,
      );
    }
  } finally {
    await db.raw(`DETACH DATABASE ${CHECK_SCHEMA}`);
  }
}

/** SQLite does not fsync what VACUUM INTO writes; a backup must survive a power cut. */
function fsyncPath(p: string): void {
  const fd = fs.openSync(p, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export async function backupSqlite(db: Db, target: string): Promise<BackupResult> {
  if (dialectOf(db) === 'postgres') throw new Error(POSTGRES_BACKUP_HINT);
  const file = path.resolve(target);
  const live = path.resolve(String((db.client.config.connection as { filename: string }).filename));
  if (file === live) throw new Error('the backup file cannot be the live database file');
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) {
    throw new Error(`${file} is a directory; name the backup file`);
  }
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true });
  // Next to the target, so the final rename stays on one file system and is atomic.
  const tmp = path.join(dir, `.${path.basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await db.raw('VACUUM INTO ?', [tmp]);
    await verify(db, tmp);
    fsyncPath(tmp);
    fs.renameSync(tmp, file);
    fsyncPath(dir);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  return { file, bytes: fs.statSync(file).size };
}
