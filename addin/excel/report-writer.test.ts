// The report writer against office-addin-mock: a first pull adds the sheet, writes values
// before formats, gives each column its number format, and draws the chart from the category
// column and the series beside it; a refresh keeps the sheet and replaces table and chart.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ReportTable } from '../reports/table.ts';
import { ExcelReportWriter } from './report-writer.ts';
import { mockExcel } from './testing/mock-excel.ts';

const SHEET = 'Lodestone_Report_funnel';

const table: ReportTable = {
  columns: [
    { label: 'Stage', kind: 'text' },
    { label: 'Expected revenue', kind: 'money' },
    { label: 'Weighted', kind: 'money' },
    { label: 'Opportunities', kind: 'count' },
    { label: 'Probability', kind: 'percent' },
  ],
  rows: [
    ['Qualify', 1234.5, 123.45, 3, 0.1],
    ['Propose', 2000, 1000, 1, 0.5],
  ],
  currency: 'JPY',
  chart: { type: 'BarClustered', series: 2 },
};

test('a first pull adds the sheet, the table with per-column formats, and the chart beside it', async () => {
  const excel = mockExcel();
  await new ExcelReportWriter(excel.run).writeReport('funnel', 'Funnel (JPY)', table);
  assert.equal(excel.syncs, 2, 'one to look for the sheet, one to write');
  const log = excel.log.join('\n');
  const body = excel.ranges.get(`${SHEET}!A3:E5`)!;
  assert.deepEqual(body.values, [table.columns.map((c) => c.label), ...table.rows]);
  assert.ok(excel.log.includes(`tables.add(${SHEET}!A3:E5)`), log);
  const formats = ['@', '#,##0', '#,##0', '#,##0', '0.0%'];
  ['A', 'B', 'C', 'D', 'E'].forEach((letter, i) =>
    assert.deepEqual(excel.ranges.get(`${SHEET}!${letter}4:${letter}5`)!.numberFormat, [
      [formats[i]],
      [formats[i]],
    ]),
  );
  // Values go in before any format, and everything before the one write sync.
  const valuesAt = excel.log.findIndex((l) => l.startsWith(`${SHEET}!A3:E5.values`));
  const firstFormat = excel.log.findIndex((l) => l.includes('.numberFormat = '));
  const writeSync = excel.log.lastIndexOf('sync');
  assert.ok(valuesAt >= 0 && valuesAt < firstFormat && firstFormat < writeSync, log);
  assert.ok(excel.log.includes(`charts.add(BarClustered, ${SHEET}!A3:C5, Columns)`), log);
  assert.ok(excel.log.includes('chart(new).name = "Lodestone_Chart_funnel"'), log);
  assert.ok(
    excel.log.some((l) => l.startsWith('chart(new).setPosition("G3", "N21")')),
    log,
  );
  assert.ok(!excel.log.some((l) => l.endsWith('.delete()')), log);
});

test('a refresh keeps the sheet: the old table and chart go, the cells are cleared, then rewritten', async () => {
  const excel = mockExcel({
    sheets: [SHEET],
    charts: ['Lodestone_Chart_funnel'],
    table: { headers: ['Stage'], body: [['Old']] },
  });
  await new ExcelReportWriter(excel.run).writeReport('funnel', 'Funnel (JPY)', table);
  const log = excel.log.join('\n');
  assert.equal(excel.syncs, 3);
  assert.ok(!excel.log.includes(`sheet(${SHEET}).delete()`), log);
  assert.ok(excel.log.includes('table(Lodestone_Report_funnel).delete()'), log);
  assert.ok(excel.log.includes('chart(Lodestone_Chart_funnel).delete()'), log);
  const cleared = excel.log.indexOf(`${SHEET}!*.clear()`);
  const rewritten = excel.log.findIndex((l) => l.startsWith(`${SHEET}!A3:E5.values`));
  assert.ok(cleared >= 0 && cleared < rewritten, log);
});

test('a report without rows gets its headings and no chart', async () => {
  const excel = mockExcel();
  await new ExcelReportWriter(excel.run).writeReport('funnel', 'Funnel', { ...table, rows: [] });
  assert.deepEqual(excel.ranges.get(`${SHEET}!A3:E3`)!.values, [table.columns.map((c) => c.label)]);
  assert.ok(!excel.log.some((l) => l.startsWith('charts.add')), excel.log.join('\n'));
});
