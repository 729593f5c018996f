// A dataset's table as the engine sees it: where its columns are (found by header, since the
// user may move them), its rows keyed by `_key` (sorting moves rows; keys never change), each
// row's cells decoded to wire values, and the base values kept in the hidden `_base_` table.
import type { SyncColumn, SyncValue } from '../../core/schemas/sync.ts';
import type { Binding } from './binding.ts';
import { cellToWire, numberFormatOf, sameWire, wireToCell, type Decoded } from './codecs.ts';
import { parseStatus, statusText, type RowState } from './status.ts';
import type { TableIO } from './table-io.ts';
import type { CellValue, CellWrite, TableLayout } from './workbook.ts';

export const KEY_HEADER = '_key';
export const VERSION_HEADER = '_ver';
export const baseTableOf = (table: string) => `_base_${table}`;

export class LayoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LayoutError';
  }
}

export interface Layout {
  key: number;
  version: number;
  status: number;
  columns: { column: SyncColumn; index: number }[];
  width: number;
}

const TEXT_TYPES = new Set(['text', 'lookup', 'enum']);

/** The table as the binding creates it: hidden key and version, Status, then the columns. */
export function tableLayout(binding: Binding): TableLayout {
  return {
    name: binding.table,
    columns: [
      { header: KEY_HEADER, hidden: true, numberFormat: '@' },
      { header: VERSION_HEADER, hidden: true },
      { header: binding.statusHeader, numberFormat: '@' },
      ...binding.columns.map((c) => ({
        header: c.label,
        readOnly: c.readOnly,
        // Text columns are formatted as text, or Excel turns "00123" into 123.
        numberFormat: numberFormatOf(c) ?? (TEXT_TYPES.has(c.type) ? '@' : undefined),
        ...(c.enum && !c.readOnly ? { list: [...new Set(c.enum.values.map((v) => v.label))] } : {}),
      })),
    ],
  };
}

export function layoutOf(headers: string[], binding: Binding): Layout {
  const find = (header: string) => {
    const i = headers.indexOf(header);
    if (i < 0) throw new LayoutError(`the column "${header}" is missing: refresh the layout`);
    return i;
  };
  return {
    key: find(KEY_HEADER),
    version: find(VERSION_HEADER),
    status: find(binding.statusHeader),
    columns: binding.columns.map((column) => ({ column, index: find(column.label) })),
    width: headers.length,
  };
}

export interface LocalRow {
  index: number;
  cells: CellValue[];
  key: string;
  version: number | null;
  state: RowState | null;
}

export function localRows(rows: CellValue[][], layout: Layout): LocalRow[] {
  return rows.map((cells, index) => {
    const version = Number(cells[layout.version]);
    return {
      index,
      cells,
      key: String(cells[layout.key] ?? '').trim(),
      version: cells[layout.version] === '' || !Number.isSafeInteger(version) ? null : version,
      state: parseStatus(String(cells[layout.status] ?? '')),
    };
  });
}

/** A server row key (`o:12`) or null for a row typed in Excel. */
export function serverId(key: string, prefix: string): number | null {
  const m = /^([a-z]+):(\d+)$/.exec(key);
  return m && m[1] === prefix ? Number(m[2]) : null;
}

function currencyOf(column: SyncColumn, cellOf: (id: string) => CellValue | undefined) {
  if (!column.currency) return null;
  const cell = cellOf(column.currency.column);
  return cell === undefined || cell === '' ? null : String(cell).trim().toUpperCase();
}

/** Each business cell of the row as a wire value (or why it is not one). */
export function wireOf(row: LocalRow, layout: Layout, locale: string): Map<string, Decoded> {
  const byId = new Map(layout.columns.map((c) => [c.column.id, c.index]));
  const cellOf = (id: string) => {
    const i = byId.get(id);
    return i === undefined ? undefined : row.cells[i];
  };
  const out = new Map<string, Decoded>();
  for (const { column, index } of layout.columns)
    out.set(
      column.id,
      cellToWire(column, row.cells[index] ?? '', { currency: currencyOf(column, cellOf), locale }),
    );
  return out;
}

/** Columns whose cell no longer holds the base value (a cell that cannot be read counts too). */
export function editedColumns(
  wire: Map<string, Decoded>,
  base: Record<string, SyncValue>,
): string[] {
  const edited: string[] = [];
  for (const [id, d] of wire) if (!d.ok || !sameWire(d.value, base[id] ?? null)) edited.push(id);
  return edited;
}

/**
 * A row's cells for server values. `keep` lists columns whose cell the user changed after what
 * was sent: those are left as they are (null), so an answer never overwrites a newer edit.
 */
export function rowCells(
  layout: Layout,
  locale: 'zh-CN' | 'en',
  fields: {
    key: string;
    version: number;
    values: Record<string, SyncValue>;
    state: RowState;
    message?: string;
  },
  keep: ReadonlySet<string> = new Set(),
): CellWrite[] {
  const cells: CellWrite[] = Array.from({ length: layout.width }, () => null);
  cells[layout.key] = fields.key;
  cells[layout.version] = fields.version;
  cells[layout.status] = statusText(fields.state, locale, fields.message);
  const currency = (c: SyncColumn) =>
    c.currency ? String(fields.values[c.currency.column] ?? '') || null : null;
  for (const { column, index } of layout.columns)
    if (!keep.has(column.id))
      cells[index] = wireToCell(column, fields.values[column.id] ?? null, {
        currency: currency(column),
        locale,
      });
  return cells;
}

/** The base values, one hidden row per server row: `_key` and each column's wire value as JSON. */
export class BaseStore {
  private readonly byKey = new Map<string, { index: number; values: Record<string, SyncValue> }>();
  private readonly pending = new Map<string, Record<string, SyncValue>>();
  private count = 0;

  constructor(
    readonly table: string,
    readonly ids: string[],
  ) {}

  static layout(table: string, ids: string[]): TableLayout {
    return {
      name: baseTableOf(table),
      hidden: true,
      columns: [KEY_HEADER, ...ids].map((header) => ({ header, numberFormat: '@' })),
    };
  }

  async load(io: TableIO): Promise<this> {
    const name = baseTableOf(this.table);
    const headers = await io.sync('reading the base layout', () => io.host.tableHeaders(name));
    if (!headers) throw new LayoutError('the base values are missing: pull the dataset again');
    const rows = await io.readAll(name, headers.length);
    const at = (id: string) => headers.indexOf(id);
    for (const [index, cells] of rows.entries()) {
      const values: Record<string, SyncValue> = {};
      for (const id of this.ids) {
        const cell = cells[at(id)];
        values[id] =
          typeof cell === 'string' && cell !== '' ? (JSON.parse(cell) as SyncValue) : null;
      }
      this.byKey.set(String(cells[at(KEY_HEADER)]), { index, values });
    }
    this.count = rows.length;
    return this;
  }

  get(key: string): Record<string, SyncValue> | undefined {
    return this.pending.get(key) ?? this.byKey.get(key)?.values;
  }

  set(key: string, values: Record<string, SyncValue>): void {
    this.pending.set(key, values);
  }

  /** Writes the changed bases: in place for known keys, appended for new ones. */
  async flush(io: TableIO): Promise<void> {
    const name = baseTableOf(this.table);
    const cellsOf = (key: string, values: Record<string, SyncValue>) => [
      key,
      ...this.ids.map((id) => JSON.stringify(values[id] ?? null)),
    ];
    const updates = [];
    const appends = [];
    for (const [key, values] of this.pending) {
      const known = this.byKey.get(key);
      if (known) updates.push({ index: known.index, cells: cellsOf(key, values) });
      else appends.push({ key, values, cells: cellsOf(key, values) });
    }
    if (updates.length) await io.writeRows(name, updates);
    if (appends.length)
      await io.appendRows(
        name,
        appends.map((a) => a.cells),
      );
    for (const u of updates)
      this.byKey.get(String(u.cells[0]))!.values = this.pending.get(String(u.cells[0]))!;
    for (const a of appends) this.byKey.set(a.key, { index: this.count++, values: a.values });
    this.pending.clear();
  }
}
