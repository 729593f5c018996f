// The sync engine's WorkbookHost on real Excel: each operation is one Excel.run that queues its
// reads and writes, loads what it needs once and calls context.sync() once (two where Office.js
// has to look before it writes: whether a table or a part exists), every sync with a deadline.
// Writes suspend calculation and screen updating and set values before formats.
import { withTimeout } from '../sync/timeout.ts';
import type {
  CellNote,
  CellValue,
  ColumnLayout,
  RowWrite,
  TableLayout,
  WorkbookHost,
} from '../sync/workbook.ts';
import { columnLetter, partXml, partNamespace, sheetNameOf, textOfPartXml } from './addresses.ts';
import { LISTS_SHEET, listColumnsOf } from './lists.ts';
import type { ExcelContext, ExcelRange, ExcelRun, ExcelTable } from './office.ts';

const READ_ONLY_FILL = '#EDEDED';
const READ_ONLY_FONT = '#6B6B6B';

export class ExcelWorkbook implements WorkbookHost {
  constructor(
    private readonly run: ExcelRun,
    /** One context.sync(); the engine also puts a deadline on each whole operation. */
    private readonly syncMs = 30_000,
  ) {}

  private sync(context: ExcelContext, what: string): Promise<void> {
    return withTimeout(context.sync(), this.syncMs, `Excel (${what})`);
  }

  /** Calculation and repainting wait until the batch's sync: a large write is one recalc. */
  private static quiet(context: ExcelContext): void {
    context.application.suspendApiCalculationUntilNextSync();
    context.application.suspendScreenUpdatingUntilNextSync();
  }

  private table(context: ExcelContext, name: string): ExcelTable {
    return context.workbook.tables.getItemOrNullObject(name);
  }

  tableHeaders(name: string): Promise<string[] | null> {
    return this.run(async (context) => {
      const table = this.table(context, name);
      table.load('isNullObject');
      await this.sync(context, 'finding the table');
      if (table.isNullObject) return null;
      const header = table.getHeaderRowRange().load('values') as ExcelRange;
      await this.sync(context, 'reading headers');
      return (header.values[0] ?? []).map(String);
    });
  }

  createTable(layout: TableLayout): Promise<void> {
    return this.run(async (context) => {
      const sheetName = sheetNameOf(layout.name);
      const old = context.workbook.worksheets.getItemOrNullObject(sheetName);
      old.load('isNullObject');
      const lists = context.workbook.worksheets.getItemOrNullObject(LISTS_SHEET);
      lists.load('isNullObject');
      await this.sync(context, 'looking for the sheet');
      ExcelWorkbook.quiet(context);
      if (!old.isNullObject) old.delete();
      const sheet = context.workbook.worksheets.add(sheetName);
      if (layout.hidden) sheet.visibility = 'VeryHidden';
      const width = layout.columns.length;
      const header = sheet.getRange(`A1:${columnLetter(width - 1)}1`);
      // Values first, then the table over them, then formats (EXCEL-SYNC).
      header.values = [layout.columns.map((c) => c.header)];
      const table = context.workbook.tables.add(header, true);
      table.name = layout.name;
      const listSheet = lists.isNullObject
        ? context.workbook.worksheets.add(LISTS_SHEET)
        : context.workbook.worksheets.getItemOrNullObject(LISTS_SHEET);
      listSheet.visibility = 'VeryHidden';
      const listColumns = listColumnsOf(layout);
      for (const list of listColumns) {
        const col = columnLetter(list.sheetColumn);
        listSheet.getRange(`${col}:${col}`).clear();
        const target = listSheet.getRange(`${col}1:${col}${list.values.length}`);
        target.numberFormat = list.values.map(() => ['@']);
        target.values = list.values.map((v) => [v]);
      }
      layout.columns.forEach((c, i) => {
        const column = sheet.getRange(`${columnLetter(i)}:${columnLetter(i)}`);
        const list = listColumns.find((l) => l.column === i);
        this.format(column, c, list?.source);
      });
      await this.sync(context, 'creating the table');
    });
  }

  private format(column: ExcelRange, c: ColumnLayout, listSource?: string): void {
    if (c.numberFormat) column.numberFormat = c.numberFormat;
    if (c.hidden) column.columnHidden = true;
    if (c.readOnly) {
      column.format.fill.color = READ_ONLY_FILL;
      column.format.font.color = READ_ONLY_FONT;
    }
    if (listSource)
      column.dataValidation.rule = { list: { inCellDropDown: true, source: listSource } };
  }

  rowCount(name: string): Promise<number> {
    return this.run(async (context) => {
      const rows = context.workbook.tables.getItemOrNullObject(name).rows;
      rows.load('count');
      await this.sync(context, 'counting rows');
      return rows.count;
    });
  }

  readRows(name: string, start: number, count: number): Promise<CellValue[][]> {
    return this.run(async (context) => {
      const range = this.bodyRows(context, name, start, count, null).load('values') as ExcelRange;
      await this.sync(context, 'reading rows');
      return range.values as CellValue[][];
    });
  }

  readColumn(name: string, column: number, start: number, count: number): Promise<CellValue[]> {
    return this.run(async (context) => {
      const body = this.table(context, name).getDataBodyRange();
      const range = body
        .getCell(start, column)
        .getResizedRange(count - 1, 0)
        .load('values') as ExcelRange;
      await this.sync(context, 'reading keys');
      return range.values.map((r) => r[0] as CellValue);
    });
  }

  /** Rows [start, start + count) of the body, `width` columns or all. */
  private bodyRows(
    context: ExcelContext,
    name: string,
    start: number,
    count: number,
    width: number | null,
  ): ExcelRange {
    const body = this.table(context, name).getDataBodyRange();
    if (width === null) return body.getRow(start).getResizedRange(count - 1, 0);
    return body.getCell(start, 0).getResizedRange(count - 1, width - 1);
  }

  writeRows(name: string, rows: RowWrite[]): Promise<void> {
    return this.run(async (context) => {
      ExcelWorkbook.quiet(context);
      // Consecutive rows are one range write; a null cell keeps its value (Excel's own rule).
      for (const run of runsOf(rows)) {
        const width = run[0]!.cells.length;
        const range = this.bodyRows(context, name, run[0]!.index, run.length, width);
        range.values = run.map((r) => r.cells);
      }
      await this.sync(context, 'writing rows');
    });
  }

  appendRows(name: string, rows: CellValue[][]): Promise<void> {
    return this.run(async (context) => {
      ExcelWorkbook.quiet(context);
      // ExcelApi 1.12 has no table.resize: rows.add is the one way to grow a table.
      this.table(context, name).rows.add(null, rows);
      await this.sync(context, 'appending rows');
    });
  }

  annotate(name: string, notes: CellNote[]): Promise<void> {
    return this.run(async (context) => {
      const header = this.table(context, name).getHeaderRowRange().load('values') as ExcelRange;
      await this.sync(context, 'reading headers');
      const headers = (header.values[0] ?? []).map(String);
      const body = this.table(context, name).getDataBodyRange();
      for (const note of notes) {
        const column = headers.indexOf(note.column);
        if (column < 0) continue;
        const cell = body.getCell(note.index, column);
        context.workbook.comments.getItemByCellOrNullObject(cell).delete();
        if (note.text !== null) context.workbook.comments.add(cell, note.text);
      }
      await this.sync(context, 'writing notes');
    });
  }

  readPart(name: string): Promise<string | null> {
    return this.run(async (context) => {
      const part = context.workbook.customXmlParts
        .getByNamespace(partNamespace(name))
        .getOnlyItemOrNullObject();
      part.load('isNullObject');
      await this.sync(context, 'finding the binding');
      if (part.isNullObject) return null;
      const xml = part.getXml();
      await this.sync(context, 'reading the binding');
      return textOfPartXml(xml.value);
    });
  }

  writePart(name: string, text: string): Promise<void> {
    return this.run(async (context) => {
      const parts = context.workbook.customXmlParts.getByNamespace(partNamespace(name));
      parts.load('items');
      await this.sync(context, 'finding the binding');
      for (const old of parts.items) old.delete();
      context.workbook.customXmlParts.add(partXml(name, text));
      await this.sync(context, 'saving the binding');
    });
  }
}

/** Row writes grouped into runs of consecutive positions with the same width. */
export function runsOf(rows: RowWrite[]): RowWrite[][] {
  const sorted = [...rows].sort((a, b) => a.index - b.index);
  const runs: RowWrite[][] = [];
  for (const row of sorted) {
    const last = runs.at(-1)?.at(-1);
    if (last && last.index + 1 === row.index && last.cells.length === row.cells.length)
      runs.at(-1)!.push(row);
    else runs.push([row]);
  }
  return runs;
}
