// Retention of idempotency answers: a retried call finds its first answer for this long, then the
// row goes, so the table does not grow by one row per pushed Excel row forever. Receipts do not
// depend on it: their own key is a unique column of the receipt, kept with it.
import type { Db } from '../db/knex.ts';
import type { Logger } from '../http/logging.ts';
import { every, type ScheduledJob } from './schedule.ts';

export const IDEMPOTENCY_RETENTION_DAYS = 30;
const HOUR_MS = 3_600_000;

/** Deletes answers stored before `now` minus the retention; returns how many. */
export async function pruneIdempotencyKeys(
  db: Db,
  now: Date,
  days = IDEMPOTENCY_RETENTION_DAYS,
): Promise<number> {
  const cutoff = new Date(now.getTime() - days * 24 * HOUR_MS).toISOString();
  return db('idempotency_keys').where('created_at', '<', cutoff).delete();
}

/** Prunes every `intervalMs` (hourly by default). */
export function startPruneJob(db: Db, logger?: Logger, intervalMs = HOUR_MS): ScheduledJob {
  return every(
    'prune',
    intervalMs,
    async () => {
      const deleted = await pruneIdempotencyKeys(db, new Date());
      if (deleted) logger?.info({ job: 'prune', idempotencyKeys: deleted });
    },
    logger,
  );
}
