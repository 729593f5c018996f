import { audit, type Actor } from './audit.ts';
import type { Trx } from './tx.ts';
import { conflict, notFound } from '../trpc/errors.ts';
import { toInt } from '../db/rows.ts';

/** Stamps for a newly inserted business row. */
export function createStamps(actor: Actor, at = new Date().toISOString()) {
  return {
    version: 1,
    created_at: at,
    created_by: actor.userId,
    updated_at: at,
    updated_by: actor.userId,
  };
}

/**
 * `UPDATE … SET …, version = version + 1 WHERE id = ? AND version = ?`: the one way a business
 * row is changed. Zero rows means someone else wrote first (CONFLICT) or it is gone (NOT_FOUND).
 */
export async function updateVersioned(
  trx: Trx,
  table: string,
  id: number,
  expectedVersion: number,
  values: Record<string, unknown>,
  actor: Actor,
  what: string,
): Promise<number> {
  const at = new Date().toISOString();
  const n = await trx(table)
    .where({ id, version: expectedVersion })
    .whereNull('deleted_at')
    .update({ ...values, version: expectedVersion + 1, updated_at: at, updated_by: actor.userId });
  if (n === 1) return expectedVersion + 1;
  const row = await trx(table).where({ id }).whereNull('deleted_at').first('version');
  if (!row) throw notFound(what);
  throw conflict(what);
}

/** Loads a row and checks the caller's version against it before any work is done. */
export function assertVersion(row: Record<string, unknown>, expected: number, what: string): void {
  if (toInt(row.version) !== expected) throw conflict(what);
}

/**
 * Soft delete: sets `deleted_at` through the versioned update and writes the 'archive' audit
 * row, in the caller's transaction. Returns the time, so callers can end dependents with it.
 */
export async function softDelete(
  trx: Trx,
  actor: Actor,
  table: string,
  id: number,
  version: number,
  what: string,
  at = new Date().toISOString(),
): Promise<string> {
  await updateVersioned(trx, table, id, version, { deleted_at: at }, actor, what);
  await audit(trx, actor, table, id, 'archive', { deleted_at: { old: null, new: at } });
  return at;
}
