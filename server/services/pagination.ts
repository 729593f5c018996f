import type { Knex } from 'knex';
import type { Page } from '../../core/schemas/common.ts';
import { countOf, toInt } from '../db/rows.ts';
import { invalidField } from '../trpc/errors.ts';

export interface PageRequest {
  cursor?: string | null;
  limit: number;
  direction: 'asc' | 'desc';
}

function encodeCursor(value: string, id: number): string {
  return Buffer.from(JSON.stringify([value, id])).toString('base64url');
}

function decodeCursor(cursor: string): [string, number] {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      typeof parsed[0] === 'string' &&
      Number.isSafeInteger(parsed[1])
    ) {
      return [parsed[0], parsed[1] as number];
    }
  } catch {
    // fall through to the validation error
  }
  throw invalidField('cursor', 'invalid_cursor', 'is not a cursor returned by this list');
}

/**
 * Keyset pagination over a text sort column (NULLs sort as ''), with `id` as the tie-breaker,
 * plus the total of rows matching the filters. `base` must already carry filters and scope.
 * Stable under inserts and deletes between pages, unlike OFFSET. Declare a NOT NULL sort column
 * as such: it is then sorted bare, so an index on (column, id) can serve the page.
 */
export async function paginate<T>(
  base: Knex.QueryBuilder,
  sortColumn: string,
  idColumn: string,
  req: PageRequest,
  map: (row: Record<string, unknown>) => T,
  options: { notNull?: boolean } = {},
): Promise<Page<T>> {
  const sortExpr = options.notNull ? sortColumn : `COALESCE(${sortColumn}, '')`;
  const totalRow = await base.clone().clearSelect().clearOrder().count({ n: '*' }).first();
  const q = base.clone();
  if (req.cursor) {
    const [value, id] = decodeCursor(req.cursor);
    const op = req.direction === 'asc' ? '>' : '<';
    q.where((w) => {
      w.whereRaw(`${sortExpr} ${op} ?`, [value]).orWhere((w2) => {
        w2.whereRaw(`${sortExpr} = ?`, [value]).where(idColumn, op, id);
      });
    });
  }
  const rows = (await q
    .select(base.client.raw(`${sortExpr} as _sort`))
    .orderByRaw(`${sortExpr} ${req.direction}`)
    .orderBy(idColumn, req.direction)
    .limit(req.limit + 1)) as Record<string, unknown>[];
  const more = rows.length > req.limit;
  const page = more ? rows.slice(0, req.limit) : rows;
  const last = page[page.length - 1];
  return {
    items: page.map(map),
    nextCursor: more && last ? encodeCursor(String(last._sort), toInt(last.id)) : null,
    total: countOf(totalRow as { n?: unknown } | undefined),
  };
}
