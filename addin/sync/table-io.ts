// Reading and writing whole tables through the host in chunks that fit Excel's payload limit,
// each round trip with its deadline.
import type { ChunkSizer } from './chunks.ts';
import { isPayloadError, jsonBytes, sendInChunks } from './chunks.ts';
import { withTimeout, type Timeouts } from './timeout.ts';
import type { CellNote, CellValue, RowWrite, WorkbookHost } from './workbook.ts';
import { readBinding, writeBinding, type Binding } from './binding.ts';

/** A read that came back short: Excel answers some oversized reads with nothing at all. */
class ShortRead extends Error {
  readonly code = 'RequestPayloadSizeLimitExceeded';
}

export class TableIO {
  constructor(
    readonly host: WorkbookHost,
    readonly timeouts: Timeouts,
    readonly sizer: ChunkSizer,
  ) {}

  /** One round trip to Excel, with its deadline. */
  sync<T>(what: string, run: () => Promise<T>): Promise<T> {
    return withTimeout(run(), this.timeouts.workbookMs, what);
  }

  loadBinding(table: string): Promise<Binding | null> {
    return this.sync('reading the binding', () => readBinding(this.host, table));
  }

  saveBinding(binding: Binding): Promise<void> {
    binding.budgets.workbook = this.sizer.budget;
    return this.sync('saving the binding', () => writeBinding(this.host, binding));
  }

  /** Every row of the table, in chunks of as many rows as the budget allows. */
  async readAll(table: string, width: number): Promise<CellValue[][]> {
    const total = await this.sync(`counting ${table}`, () => this.host.rowCount(table));
    const rows: CellValue[][] = [];
    // A first guess per row; each read corrects it.
    let rowBytes = 32 * Math.max(1, width);
    while (rows.length < total) {
      const count = Math.max(
        1,
        Math.min(total - rows.length, Math.floor(this.sizer.budget / rowBytes)),
      );
      try {
        const got = await this.sync(`reading ${table}`, () =>
          this.host.readRows(table, rows.length, count),
        );
        if (got.length !== count) throw new ShortRead(`${table}: ${got.length} of ${count} rows`);
        rows.push(...got);
        rowBytes = Math.max(rowBytes, Math.ceil(jsonBytes(got) / count));
      } catch (err) {
        if (!isPayloadError(err) || count === 1) throw err;
        this.sizer.refused(count * rowBytes);
      }
    }
    return rows;
  }

  /** One column of every row (the keys), to find rows after the user sorted. */
  async readColumn(table: string, column: number): Promise<CellValue[]> {
    const total = await this.sync(`counting ${table}`, () => this.host.rowCount(table));
    const out: CellValue[] = [];
    let cellBytes = 32;
    while (out.length < total) {
      const count = Math.max(
        1,
        Math.min(total - out.length, Math.floor(this.sizer.budget / cellBytes)),
      );
      try {
        const got = await this.sync(`reading ${table}`, () =>
          this.host.readColumn(table, column, out.length, count),
        );
        if (got.length !== count) throw new ShortRead(`${table}: ${got.length} of ${count} cells`);
        out.push(...got);
        cellBytes = Math.max(cellBytes, Math.ceil(jsonBytes(got) / count));
      } catch (err) {
        if (!isPayloadError(err) || count === 1) throw err;
        this.sizer.refused(count * cellBytes);
      }
    }
    return out;
  }

  writeRows(table: string, rows: RowWrite[]): Promise<void> {
    return sendInChunks(
      rows,
      this.sizer,
      (r) => jsonBytes(r) + 8,
      (chunk) => this.sync(`writing ${table}`, () => this.host.writeRows(table, chunk)),
    );
  }

  appendRows(table: string, rows: CellValue[][]): Promise<void> {
    return sendInChunks(
      rows,
      this.sizer,
      (r) => jsonBytes(r) + 8,
      (chunk) => this.sync(`adding rows to ${table}`, () => this.host.appendRows(table, chunk)),
    );
  }

  annotate(table: string, notes: CellNote[]): Promise<void> {
    return sendInChunks(
      notes,
      this.sizer,
      (n) => jsonBytes(n) + 8,
      (chunk) => this.sync(`writing notes in ${table}`, () => this.host.annotate(table, chunk)),
    );
  }
}
