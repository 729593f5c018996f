// The few parts of Office.js this layer uses, typed structurally (the project does not ship
// @types/office-js): the real `Excel.run` satisfies them, and so does office-addin-mock in tests.

export interface Loadable {
  load(properties?: string): unknown;
}

export interface ExcelRangeFormat {
  fill: { color: string };
  font: { color: string; bold: boolean };
  columnWidth: number;
  autofitColumns(): void;
}

export interface ExcelRange extends Loadable {
  values: unknown[][];
  numberFormat: unknown;
  columnHidden: boolean;
  rowCount: number;
  format: ExcelRangeFormat;
  dataValidation: { rule: unknown; clear(): void };
  getCell(row: number, column: number): ExcelRange;
  getResizedRange(deltaRows: number, deltaColumns: number): ExcelRange;
  getRow(row: number): ExcelRange;
  clear(): void;
  address: string;
}

export interface ExcelTable extends Loadable {
  name: string;
  isNullObject: boolean;
  getHeaderRowRange(): ExcelRange;
  getDataBodyRange(): ExcelRange;
  getRange(): ExcelRange;
  rows: Loadable & { count: number; add(index: number | null, values: unknown[][]): unknown };
  delete(): void;
}

export interface ExcelChart extends Loadable {
  name: string;
  title: { text: string };
  setPosition(startCell: string, endCell?: string): void;
  delete(): void;
}

export interface ExcelWorksheet extends Loadable {
  name: string;
  isNullObject: boolean;
  visibility: string;
  charts: {
    add(type: string, source: ExcelRange, seriesBy: 'Auto' | 'Columns' | 'Rows'): ExcelChart;
    getItemOrNullObject(name: string): ExcelChart & { isNullObject: boolean };
  };
  activate(): void;
  getRange(address?: string): ExcelRange;
  getUsedRangeOrNullObject(valuesOnly?: boolean): ExcelRange & { isNullObject: boolean };
  delete(): void;
}

export interface ExcelCustomXmlPart extends Loadable {
  getXml(): { value: string };
  delete(): void;
}

export interface ExcelContext {
  workbook: {
    tables: {
      getItemOrNullObject(name: string): ExcelTable;
      add(address: ExcelRange | string, hasHeaders: boolean): ExcelTable;
    };
    worksheets: {
      getItemOrNullObject(name: string): ExcelWorksheet;
      add(name: string): ExcelWorksheet;
    };
    customXmlParts: {
      getByNamespace(ns: string): Loadable & {
        items: ExcelCustomXmlPart[];
        getOnlyItemOrNullObject(): ExcelCustomXmlPart & { isNullObject: boolean };
      };
      add(xml: string): unknown;
    };
    comments: {
      add(cellAddress: string | ExcelRange, content: string): unknown;
      getItemByCellOrNullObject(cellAddress: string | ExcelRange): { delete(): void };
    };
  };
  application: {
    suspendApiCalculationUntilNextSync(): void;
    suspendScreenUpdatingUntilNextSync(): void;
  };
  sync(): Promise<void>;
}

/** `Excel.run` (or a test's stand-in): one batch of calls against a fresh request context. */
export type ExcelRun = <T>(batch: (context: ExcelContext) => Promise<T>) => Promise<T>;

/** The requirement-set check `Office.context.requirements.isSetSupported` offers. */
export type IsSetSupported = (name: string, minVersion: string) => boolean;
