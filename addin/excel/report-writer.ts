// A report in Excel: a sheet `Lodestone_Report_<name>` with a title, the report's table
// (values first, then formats) and a native chart beside it; a refresh rebuilds the sheet.
import type { ReportName, ReportTable } from '../reports/catalog.ts';
import { CHART_OF } from '../reports/catalog.ts';
import type { ReportSink } from '../taskpane/report-sink.ts';
import { withTimeout } from '../sync/timeout.ts';
import { columnLetter, sheetNameOf } from './addresses.ts';
import type { ExcelContext, ExcelRange, ExcelRun } from './office.ts';

interface ChartingSheet {
  charts: {
    add(
      type: string,
      source: ExcelRange,
      seriesBy: string,
    ): {
      title: { text: string };
      setPosition(start: string, end?: string): void;
    };
  };
}

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
      const sheetName = sheetNameOf(`Lodestone_Report_${name}`);
      const old = context.workbook.worksheets.getItemOrNullObject(sheetName);
      old.load('isNullObject');
      await this.sync(context, 'looking for the report');
      context.application.suspendApiCalculationUntilNextSync();
      context.application.suspendScreenUpdatingUntilNextSync();
      if (!old.isNullObject) old.delete();
      const sheet = context.workbook.worksheets.add(sheetName);
      sheet.getRange('A1').values = [[title]];
      const width = Math.max(1, table.headers.length);
      const last = columnLetter(width - 1);
      const height = table.rows.length + 1;
      const range = sheet.getRange(`A3:${last}${height + 2}`);
      range.values = [table.headers, ...table.rows];
      const excelTable = context.workbook.tables.add(range, true);
      excelTable.name = `Lodestone_Report_${name}`;
      sheet.getRange('A1').format.font.bold = true;
      if (table.rows.length > 0) {
        const chart = (sheet as unknown as ChartingSheet).charts.add(CHART_OF[name], range, 'Auto');
        chart.title.text = title;
        chart.setPosition(`${columnLetter(width + 1)}3`);
      }
      await this.sync(context, 'writing the report');
    });
  }
}
