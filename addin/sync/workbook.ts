// What the sync engine needs from Excel, as coarse operations. Each one is a single round trip
// (one Excel.run with one context.sync) in the Office.js layer (addin/excel/, to come), and is
// implemented in memory for the Node tests (testing/in-memory-workbook.ts).

/** A cell as Excel's `range.values` reads it: an empty cell is ''. */
export type CellValue = string | number | boolean;
/** What the engine writes. `null` leaves the cell as it is (Excel's rule for range.values). */
export type CellWrite = CellValue | null;

export interface ColumnLayout {
  header: string;
  hidden?: boolean;
  /** Greyed; the add-in never pushes it. */
  readOnly?: boolean;
  /** An Excel number format, e.g. `#,##0.00` or `yyyy-mm-dd`. */
  numberFormat?: string;
  /** List validation (typed values must be one of these; a paste bypasses it). */
  list?: string[];
}

export interface TableLayout {
  name: string;
  columns: ColumnLayout[];
  /** The sheet is very hidden (the base values). */
  hidden?: boolean;
}

export interface RowWrite {
  /** Position in the table body, 0-based. */
  index: number;
  cells: CellWrite[];
}

export interface CellNote {
  index: number;
  column: string;
  /** null removes the note. */
  text: string | null;
}

export interface WorkbookHost {
  /** Header texts of the table, or null when there is none. */
  tableHeaders(table: string): Promise<string[] | null>;
  /** Creates the table with its layout and no rows, replacing one of the same name. */
  createTable(layout: TableLayout): Promise<void>;
  rowCount(table: string): Promise<number>;
  /** Rows [start, start + count) of the table body, every column. */
  readRows(table: string, start: number, count: number): Promise<CellValue[][]>;
  /** One column of rows [start, start + count): the keys, to find rows the user has sorted. */
  readColumn(table: string, column: number, start: number, count: number): Promise<CellValue[]>;
  /** Writes whole rows at their positions (null cells are left as they are). */
  writeRows(table: string, rows: RowWrite[]): Promise<void>;
  appendRows(table: string, rows: CellValue[][]): Promise<void>;
  /** Notes beside cells: why a value was refused, or the server's value in a conflict. */
  annotate(table: string, notes: CellNote[]): Promise<void>;
  /** A custom XML part of the workbook (the binding); null when absent. */
  readPart(name: string): Promise<string | null>;
  writePart(name: string, text: string): Promise<void>;
}
