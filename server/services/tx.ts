import { TRPCError } from '@trpc/server';
import type { Knex } from 'knex';
import type { Db } from '../db/knex.ts';
import { isBusy, isSerializationFailure } from '../trpc/errors.ts';
import { changeSetFor, collectChanges, publishChanges } from './changes.ts';

export type Trx = Knex.Transaction;

const ATTEMPTS = 3;

/**
 * Runs one write transaction (BEGIN IMMEDIATE on SQLite, see db/knex.ts). PostgreSQL
 * serialization failures and deadlocks are retried; a SQLite file still locked by another
 * process after busy_timeout answers a retryable SERVICE_UNAVAILABLE error.
 */
export async function writeTx<T>(db: Db, fn: (trx: Trx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    // Change notices (services/changes.ts) are collected per attempt and published only after
    // the commit: a rolled-back or retried attempt tells nothing.
    const changes = changeSetFor(db);
    let result: T;
    try {
      result = await db.transaction((trx) => {
        collectChanges(trx, changes);
        return fn(trx);
      });
    } catch (err) {
      if (isSerializationFailure(err) && attempt < ATTEMPTS) continue;
      if (isBusy(err)) {
        throw new TRPCError({
          code: 'SERVICE_UNAVAILABLE',
          message: 'The database is busy; try again in a moment',
        });
      }
      throw err;
    }
    publishChanges(db, changes);
    return result;
  }
}
