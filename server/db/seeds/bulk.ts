import type { Trx } from '../../services/tx.ts';
import { toInt } from '../rows.ts';

// Small enough for any SQLite build's bound-variable limit at the widest table (about 20 columns).
const ROWS_PER_STATEMENT = 200;

export async function insertRows(trx: Trx, table: string, rows: object[]): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    await trx(table).insert(rows.slice(i, i + ROWS_PER_STATEMENT));
  }
}

/**
 * Inserts rows and returns their ids in the order of `rows`. Ids of one multi-row INSERT grow in
 * the order of its VALUES on both databases (SQLite has one writer; a PostgreSQL serial draws
 * them row by row), whatever order RETURNING lists them in, so sorting them restores the pairing.
 */
export async function insertReturningIds(
  trx: Trx,
  table: string,
  rows: object[],
): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const returned = await trx(table)
      .insert(rows.slice(i, i + ROWS_PER_STATEMENT))
      .returning('id');
    ids.push(...returned.map((r: { id: unknown }) => toInt(r.id)).sort((a, b) => a - b));
  }
  return ids;
}

/** One 'create' history entry per inserted row, by the seed (the system, no user). */
export async function auditCreated(
  trx: Trx,
  actor: { requestId: string | null },
  at: string,
  created: Record<string, number[]>,
): Promise<void> {
  await insertRows(
    trx,
    'audit_log',
    Object.entries(created).flatMap(([entity, rowIds]) =>
      rowIds.map((id) => ({
        at,
        user_id: null,
        request_id: actor.requestId,
        entity,
        entity_id: id,
        action: 'create',
        field: null,
        old_value: null,
        new_value: null,
      })),
    ),
  );
}
