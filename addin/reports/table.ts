// A report as Excel shows it: labelled columns of a kind (money in major units of one currency,
// percents as fractions, counts), rows of plain values, and which columns the chart plots.
import { moneyNumberFormat } from '../sync/codecs.ts';

export type Scalar = string | number | boolean | null;

export type ColumnKind = 'text' | 'count' | 'money' | 'percent';

export interface ReportColumn {
  label: string;
  kind: ColumnKind;
}

export type ChartType = 'BarClustered' | 'ColumnClustered' | 'ColumnStacked' | 'Line';

export interface ReportTable {
  columns: ReportColumn[];
  rows: Scalar[][];
  /** The money columns' currency; null for a report without money. */
  currency: string | null;
  /** The chart plots the first column (its categories) against the next `series` columns. */
  chart: { type: ChartType; series: number };
}

/** The Excel number format of a column: money by the currency's minor units. */
export function numberFormatOfKind(kind: ColumnKind, currency: string | null): string {
  switch (kind) {
    case 'money':
      return moneyNumberFormat(currency);
    case 'percent':
      return '0.0%';
    case 'count':
      return '#,##0';
    case 'text':
      return '@';
  }
}

/** The table as a spilled array: labels, then rows; never empty (Excel refuses 0×0). */
export function spilledArrayOf(table: ReportTable): Scalar[][] {
  return [table.columns.map((c) => c.label), ...table.rows];
}
