// A report in Excel: a sheet `Lodestone_Report_<name>` with a title, the report's table (values
// first, then each column's number format) and a native chart of the leading columns beside it.
// A refresh rewrites the same sheet in place: the table and chart are replaced, the sheet is
// kept, so formulas elsewhere that point at it do not turn into #REF!.
import type { ReportName } from '../reports/catalog.ts';
import { numberFormatOfKind, type ReportTable } from '../reports/table.ts';
import type { ReportSink } from '../taskpane/report-sink.ts';
import { withTimeout } from '../sync/timeout.ts';
import { columnLetter, sheetNameOf } from './addresses.ts';
import type { ExcelChart, ExcelContext, ExcelRun, ExcelWorksheet } from './office.ts';

/** Where the table starts: row 1 holds the title, row 2 stays empty. */
const HEADER_ROW = 3;
/** The chart's size in cells. */
const CHART_WIDTH = 8;
const CHART_HEIGHT = 18;

export const reportTableName = (name: ReportName) => `Lodestone_Report_${name}`;
const chartName = (name: ReportName) => `Lodestone_Chart_${name}`;

export class ExcelReportWriter implements ReportSink {
  constructor(
    private readonly run: ExcelRun,
    private readonly syncMs = 30_000,
  ) {}

  private sync(context: ExcelContext, what: string): Promise<void> {
    return withTimeout(context.sync(), this.syncMs, `Excel (${what})`);
  }

  writeReport(name: ReportName, title: string, table: ReportTable): Promise<void> {
    return this.run(async (context) => {
      const sheet = await this.emptySheet(context, name);
      context.application.suspendApiCalculationUntilNextSync();
      context.application.suspendScreenUpdatingUntilNextSync();
      sheet.getRange('A1').values = [[title]];
      sheet.getRange('A1').format.font.bold = true;
      const width = Math.max(1, table.columns.length);
      const lastRow = HEADER_ROW + table.rows.length;
      const range = sheet.getRange(`A${HEADER_ROW}:${columnLetter(width - 1)}${lastRow}`);
      range.values = [table.columns.map((c) => c.label), ...table.rows];
      const excelTable = context.workbook.tables.add(range, true);
      excelTable.name = reportTableName(name);
      if (table.rows.length > 0) {
        table.columns.forEach((column, i) => {
          const letter = columnLetter(i);
          const format = numberFormatOfKind(column.kind, table.currency);
          sheet.getRange(`${letter}${HEADER_ROW + 1}:${letter}${lastRow}`).numberFormat =
            table.rows.map(() => [format]);
        });
        const plotted = Math.min(table.chart.series, width - 1);
        const source = sheet.getRange(`A${HEADER_ROW}:${columnLetter(plotted)}${lastRow}`);
        const chart = sheet.charts.add(table.chart.type, source, 'Columns');
        chart.name = chartName(name);
        chart.title.text = title;
        chart.setPosition(
          `${columnLetter(width + 1)}${HEADER_ROW}`,
          `${columnLetter(width + CHART_WIDTH)}${HEADER_ROW + CHART_HEIGHT}`,
        );
      }
      range.format.autofitColumns();
      sheet.activate();
      await this.sync(context, 'writing the report');
    });
  }

  /** The report's sheet, new or emptied of the last pull's table, chart and cells. */
  private async emptySheet(context: ExcelContext, name: ReportName): Promise<ExcelWorksheet> {
    const sheetName = sheetNameOf(reportTableName(name));
    const found = context.workbook.worksheets.getItemOrNullObject(sheetName);
    found.load('isNullObject');
    await this.sync(context, 'looking for the report');
    if (found.isNullObject) return context.workbook.worksheets.add(sheetName);
    const oldTable = context.workbook.tables.getItemOrNullObject(reportTableName(name));
    const oldChart: ExcelChart & { isNullObject: boolean } = found.charts.getItemOrNullObject(
      chartName(name),
    );
    oldTable.load('isNullObject');
    oldChart.load('isNullObject');
    await this.sync(context, 'looking for the last table and chart');
    if (!oldTable.isNullObject) oldTable.delete();
    if (!oldChart.isNullObject) oldChart.delete();
    found.getRange().clear();
    return found;
  }
}
