// List validation reads its options from the very hidden `_lists` sheet (a validation list typed
// inline is capped at 255 characters; owners and stages are longer). Each dataset's table owns a
// fixed block of columns there, so writing one table's lists never disturbs another's.
import type { TableLayout } from '../sync/workbook.ts';
import { columnLetter } from './addresses.ts';

export const LISTS_SHEET = '_lists';
const BLOCK = 32;
const KNOWN = [
  'Lodestone_Opportunities',
  'Lodestone_Installments',
  'Lodestone_Receipts',
  'Lodestone_Customers',
];

/** The first `_lists` column of a table's block. */
function blockOf(table: string): number {
  const known = KNOWN.indexOf(table);
  if (known >= 0) return known * BLOCK;
  let hash = 0;
  for (const ch of table) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return (KNOWN.length + (hash % 400)) * BLOCK;
}

export interface ListColumn {
  /** The table column validated. */
  column: number;
  sheetColumn: number;
  values: string[];
  /** The validation source, e.g. `='_lists'!$A$1:$A$7`. */
  source: string;
}

export function listColumnsOf(layout: TableLayout): ListColumn[] {
  const start = blockOf(layout.name);
  return layout.columns
    .map((c, column) => ({ column, values: c.list ?? [] }))
    .filter((l) => l.values.length > 0)
    .slice(0, BLOCK)
    .map((l, n) => {
      const letter = columnLetter(start + n);
      return {
        ...l,
        sheetColumn: start + n,
        source: `='${LISTS_SHEET}'!$${letter}$1:$${letter}$${l.values.length}`,
      };
    });
}
