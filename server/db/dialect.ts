// The few expressions SQLite and PostgreSQL spell differently, in one place (STYLE: dialect SQL
// isolated in one small module, tested on both). Arguments are trusted column expressions or
// `?` placeholders written by the caller, never user input.
import type { Db } from './knex.ts';
import { dialectOf } from './knex.ts';
import type { Knex } from 'knex';

type Executor = Db | Knex.Transaction;

/** `YYYY-MM` of an ISO date or instant stored as text: the same substring on both. */
export function monthOf(expr: string): string {
  return `substr(${expr}, 1, 7)`;
}

/** Fractional days from one ISO instant (text) to another. `from` comes first in the SQL text, so `?` placeholders bind in argument order. */
export function daysBetween(db: Executor, from: string, to: string): string {
  return dialectOf(db as Db) === 'postgres'
    ? `((0 - EXTRACT(EPOCH FROM (${from})::timestamptz) + EXTRACT(EPOCH FROM (${to})::timestamptz)) / 86400.0)`
    : `(0 - julianday(${from}) + julianday(${to}))`;
}

/**
 * Integer division rounded half up, for non-negative integer expressions (money × percent).
 * PostgreSQL's sum() of bigint is numeric, where `/` would keep the fraction; div() truncates.
 */
export function roundDiv(db: Executor, expr: string, divisor: number): string {
  const half = Math.floor(divisor / 2);
  return dialectOf(db as Db) === 'postgres'
    ? `div(${expr} + ${half}, ${divisor})`
    : `((${expr} + ${half}) / ${divisor})`;
}

/**
 * Locks rows a transaction is about to read and then write (PostgreSQL `FOR UPDATE`, in id
 * order so two batches over the same rows never deadlock). SQLite needs nothing: its write
 * transactions begin IMMEDIATE and run one at a time.
 */
export async function lockRows(trx: Knex.Transaction, table: string, ids: number[]): Promise<void> {
  if (ids.length === 0 || dialectOf(trx as unknown as Db) !== 'postgres') return;
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  await trx(table).whereIn('id', sorted).orderBy('id').forUpdate().select('id');
}
