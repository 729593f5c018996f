// A workbook in memory that behaves like Excel where the sync engine can get it wrong: rows move
// when sorted, typing is checked against list validation but a paste is not, writing null
// leaves a cell as it was, text that looks like a number or a date becomes one in a cell not
// formatted as text, a round trip can hang forever (before or after it took effect), and a
// payload over the limit fails (an oversized write throws; an oversized read comes back empty).
import type { CellNote, CellValue, RowWrite, TableLayout, WorkbookHost } from '../workbook.ts';
import { dayToSerial } from '../codecs.ts';
import { jsonBytes } from '../chunks.ts';

interface Table {
  layout: TableLayout;
  rows: CellValue[][];
  /** `${row}:${header}` → note text. */
  notes: Map<string, string>;
}

export class PayloadTooLarge extends Error {
  readonly code = 'RequestPayloadSizeLimitExceeded';
  constructor(bytes: number, limit: number) {
    super(`the request is ${bytes} bytes; Excel accepts ${limit}`);
  }
}

type Fault = { kind: 'hang'; applied: boolean } | { kind: 'fail'; error: Error };

const NUMBER_TEXT = /^-?\d+(\.\d+)?$/;
const DAY_TEXT = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;

export class InMemoryWorkbook implements WorkbookHost {
  private readonly tables = new Map<string, Table>();
  private readonly parts = new Map<string, string>();
  private readonly faults: Fault[] = [];
  /** Round trips made (each is one context.sync in Excel). */
  syncs = 0;
  /** Largest request or response seen, in bytes. */
  largestPayload = 0;

  constructor(
    /** Excel on the web: about 5 MB per request or response. */
    public payloadLimit = 5_000_000,
  ) {}

  // ---- faults ---------------------------------------------------------------------------

  /** The next round trip never answers; with `applied`, its effect happens first. */
  hangNextSync(options: { applied?: boolean } = {}): void {
    this.faults.push({ kind: 'hang', applied: options.applied ?? false });
  }

  failNextSync(error: Error): void {
    this.faults.push({ kind: 'fail', error });
  }

  // ---- what a person does in Excel ---------------------------------------------------------

  private table(name: string): Table {
    const t = this.tables.get(name);
    if (!t) throw new Error(`no table ${name}`);
    return t;
  }

  private column(t: Table, header: string): number {
    const i = t.layout.columns.findIndex((c) => c.header === header);
    if (i < 0) throw new Error(`no column ${header}`);
    return i;
  }

  /** Excel's conversion of a value put in a cell: text formatted as text stays text. */
  private stored(t: Table, column: number, value: CellValue): CellValue {
    if (typeof value !== 'string' || t.layout.columns[column]?.numberFormat === '@') return value;
    if (NUMBER_TEXT.test(value.trim())) return Number(value);
    const day = DAY_TEXT.exec(value.trim());
    if (day)
      return dayToSerial(`${day[1]}-${day[2]!.padStart(2, '0')}-${day[3]!.padStart(2, '0')}`);
    return value;
  }

  /** Typing into a cell: list validation refuses what is not in the list, as Excel does. */
  type(table: string, row: number, header: string, value: CellValue): void {
    const t = this.table(table);
    const c = this.column(t, header);
    const list = t.layout.columns[c]!.list;
    if (list && value !== '' && !list.includes(String(value)))
      throw new Error(`Excel refuses "${String(value)}": not in the list of ${header}`);
    t.rows[row]![c] = this.stored(t, c, value);
  }

  /** Pasting: no validation at all. */
  paste(table: string, row: number, header: string, value: CellValue): void {
    const t = this.table(table);
    const c = this.column(t, header);
    t.rows[row]![c] = this.stored(t, c, value);
  }

  /** Typing a new row below the table (the table grows; hidden cells stay empty). */
  addRow(table: string, values: Record<string, CellValue>): number {
    const t = this.table(table);
    const row: CellValue[] = t.layout.columns.map(() => '');
    t.rows.push(row);
    for (const [header, value] of Object.entries(values))
      this.type(table, t.rows.length - 1, header, value);
    return t.rows.length - 1;
  }

  /** Copying a whole row (hidden key included) and pasting it below the table. */
  copyRow(table: string, row: number): number {
    const t = this.table(table);
    t.rows.push([...t.rows[row]!]);
    return t.rows.length - 1;
  }

  deleteRow(table: string, row: number): void {
    this.table(table).rows.splice(row, 1);
  }

  /** Sorting by a column: rows move, nothing tells the add-in. */
  sort(table: string, header: string, direction: 'asc' | 'desc' = 'asc'): void {
    const t = this.table(table);
    const c = this.column(t, header);
    const sign = direction === 'asc' ? 1 : -1;
    t.rows.sort(
      (a, b) => sign * String(a[c]).localeCompare(String(b[c]), 'zh-CN', { numeric: true }),
    );
  }

  cell(table: string, row: number, header: string): CellValue {
    const t = this.table(table);
    return t.rows[row]![this.column(t, header)]!;
  }

  /** The row whose `_key` is `key`, by header; undefined when there is none. */
  rowByKey(table: string, key: string): Record<string, CellValue> | undefined {
    const t = this.table(table);
    const k = this.column(t, '_key');
    const row = t.rows.find((r) => r[k] === key);
    return row && Object.fromEntries(t.layout.columns.map((c, i) => [c.header, row[i]!]));
  }

  indexOfKey(table: string, key: string): number {
    const t = this.table(table);
    const k = this.column(t, '_key');
    return t.rows.findIndex((r) => r[k] === key);
  }

  rowsOf(table: string): Record<string, CellValue>[] {
    const t = this.table(table);
    return t.rows.map((row) =>
      Object.fromEntries(t.layout.columns.map((c, i) => [c.header, row[i]!])),
    );
  }

  layoutOf(table: string): TableLayout {
    return this.table(table).layout;
  }

  note(table: string, row: number, header: string): string | undefined {
    return this.table(table).notes.get(`${row}:${header}`);
  }

  hasTable(name: string): boolean {
    return this.tables.has(name);
  }

  // ---- the host, one round trip per call ---------------------------------------------------

  private async roundTrip<T>(
    request: unknown,
    run: () => T,
    response?: (result: T) => unknown,
  ): Promise<T> {
    this.syncs++;
    const fault = this.faults.shift();
    if (fault?.kind === 'fail') throw fault.error;
    if (fault?.kind === 'hang') {
      if (fault.applied) run();
      return new Promise<T>(() => {});
    }
    const sent = jsonBytes(request ?? null);
    this.largestPayload = Math.max(this.largestPayload, sent);
    if (sent > this.payloadLimit) throw new PayloadTooLarge(sent, this.payloadLimit);
    const result = run();
    if (response) {
      const got = jsonBytes(response(result));
      this.largestPayload = Math.max(this.largestPayload, got);
      // Excel on the web answers some oversized reads with nothing, and no error.
      if (got > this.payloadLimit) return [] as unknown as T;
    }
    return result;
  }

  async tableHeaders(table: string): Promise<string[] | null> {
    return this.roundTrip(
      null,
      () => this.tables.get(table)?.layout.columns.map((c) => c.header) ?? null,
    );
  }

  async createTable(layout: TableLayout): Promise<void> {
    return this.roundTrip(layout, () => {
      this.tables.set(layout.name, { layout, rows: [], notes: new Map() });
    });
  }

  async rowCount(table: string): Promise<number> {
    return this.roundTrip(null, () => this.table(table).rows.length);
  }

  async readRows(table: string, start: number, count: number): Promise<CellValue[][]> {
    return this.roundTrip(
      null,
      () =>
        this.table(table)
          .rows.slice(start, start + count)
          .map((r) => [...r]),
      (rows) => rows,
    );
  }

  async readColumn(
    table: string,
    column: number,
    start: number,
    count: number,
  ): Promise<CellValue[]> {
    return this.roundTrip(
      null,
      () =>
        this.table(table)
          .rows.slice(start, start + count)
          .map((r) => r[column]!),
      (cells) => cells,
    );
  }

  async writeRows(table: string, rows: RowWrite[]): Promise<void> {
    return this.roundTrip(rows, () => {
      const t = this.table(table);
      for (const { index, cells } of rows) {
        const row = t.rows[index];
        if (!row) throw new Error(`row ${index} is outside ${table}`);
        cells.forEach((v, c) => {
          // Excel's range.values: a null leaves the cell as it was.
          if (v !== null && c < row.length) row[c] = this.stored(t, c, v);
        });
      }
    });
  }

  async appendRows(table: string, rows: CellValue[][]): Promise<void> {
    return this.roundTrip(rows, () => {
      const t = this.table(table);
      for (const cells of rows)
        t.rows.push(t.layout.columns.map((_, c) => this.stored(t, c, cells[c] ?? '')));
    });
  }

  async annotate(table: string, notes: CellNote[]): Promise<void> {
    return this.roundTrip(notes, () => {
      const t = this.table(table);
      for (const n of notes) {
        const key = `${n.index}:${n.column}`;
        if (n.text === null) t.notes.delete(key);
        else t.notes.set(key, n.text);
      }
    });
  }

  async readPart(name: string): Promise<string | null> {
    return this.roundTrip(null, () => this.parts.get(name) ?? null);
  }

  async writePart(name: string, text: string): Promise<void> {
    return this.roundTrip(text, () => {
      this.parts.set(name, text);
    });
  }
}
