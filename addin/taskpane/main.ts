// The task pane in Excel: waits for Office, checks the requirement sets (and says plainly when
// the host is too old), then puts <lode-excel-pane> on Excel through the Office.js layer, in
// Office's display language.
import { ExcelWorkbook } from '../excel/excel-workbook.ts';
import type { ExcelRun, IsSetSupported } from '../excel/office.ts';
import { ExcelReportWriter } from '../excel/report-writer.ts';
import { hostSupport, tooOldMessage } from '../excel/requirements.ts';
import { localeOfOffice } from './i18n.ts';
import './define.ts';

interface OfficeGlobal {
  onReady(): Promise<unknown>;
  actions: { associate(name: string, handler: (event: { completed(): void }) => unknown): void };
  addin: { showAsTaskpane(): Promise<void> };
  context: { displayLanguage: string; requirements: { isSetSupported: IsSetSupported } };
}

const office = (globalThis as unknown as { Office: OfficeGlobal }).Office;
const excel = (globalThis as unknown as { Excel: { run: ExcelRun } }).Excel;

await office.onReady();
const locale = localeOfOffice(office.context.displayLanguage);
const support = hostSupport((name, version) =>
  office.context.requirements.isSetSupported(name, version),
);
const root = document.getElementById('app')!;
if (!support.ok) {
  root.textContent = tooOldMessage(support, locale);
} else {
  const pane = document.createElement('lode-excel-pane');
  pane.locale = locale;
  pane.host = new ExcelWorkbook(excel.run);
  pane.reportSink = new ExcelReportWriter(excel.run);
  root.replaceChildren(pane);
  // The ribbon's Pull, Push and Reports buttons run here (the shared runtime's page).
  const command = (name: string, run: () => Promise<unknown>) =>
    office.actions.associate(name, async (event) => {
      try {
        await office.addin.showAsTaskpane();
        await run();
      } finally {
        event.completed();
      }
    });
  command('pull', () => pane.pull());
  command('push', () => pane.push());
  command('showReports', async () =>
    pane.shadowRoot?.querySelector('[part=reports]')?.scrollIntoView(),
  );
}
