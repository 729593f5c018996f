// Where a pulled report goes: in Excel a formatted table with a native chart beside it
// (addin/excel/report-writer.ts); in the tests, memory.
import type { ReportName } from '../reports/catalog.ts';
import type { ReportTable } from '../reports/table.ts';

export interface ReportSink {
  /** Creates or refreshes the report's table (`Lodestone_Report_<name>`) and its chart. */
  writeReport(name: ReportName, title: string, table: ReportTable): Promise<void>;
}

export class MemoryReportSink implements ReportSink {
  readonly reports = new Map<ReportName, { title: string; table: ReportTable; writes: number }>();

  writeReport(name: ReportName, title: string, table: ReportTable): Promise<void> {
    const writes = (this.reports.get(name)?.writes ?? 0) + 1;
    this.reports.set(name, { title, table, writes });
    return Promise.resolve();
  }
}
