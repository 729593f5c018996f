// The Office.js layer against office-addin-mock: what is loaded before each sync, how many
// syncs an operation takes, calculation and screen updating suspended before writes, values
// before formats, hidden and greyed columns, list validation from `_lists`, the binding's part,
// a hung sync that times out, and the requirement sets.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SyncTimeoutError } from '../sync/timeout.ts';
import { columnLetter, partNamespace, partXml, sheetNameOf, textOfPartXml } from './addresses.ts';
import { ExcelWorkbook, runsOf } from './excel-workbook.ts';
import { hostSupport, tooOldMessage } from './requirements.ts';
import { mockExcel } from './testing/mock-excel.ts';

const table = {
  headers: ['_key', '_ver', 'Status', 'Name'],
  body: [
    ['o:1', 3, 'Synced', 'Alpha'],
    ['o:2', 1, 'Changed', 'Beta'],
    ['o:3', 7, 'Synced', 'Gamma'],
  ],
};

test('readRows loads the values, syncs once, and answers what the sync brought', async () => {
  const excel = mockExcel({ table });
  const rows = await new ExcelWorkbook(excel.run).readRows('Lodestone_Opportunities', 1, 2);
  assert.deepEqual(rows, table.body.slice(1, 3));
  assert.equal(excel.syncs, 1);
  const load = excel.log.findIndex((l) => l.endsWith('.load("values")'));
  assert.ok(load >= 0 && load < excel.log.indexOf('sync'), excel.log.join('\n'));
});

test('readColumn reads one column of the asked rows in one sync', async () => {
  const excel = mockExcel({ table });
  const keys = await new ExcelWorkbook(excel.run).readColumn('Lodestone_Opportunities', 0, 0, 3);
  assert.deepEqual(keys, ['o:1', 'o:2', 'o:3']);
  assert.equal(excel.syncs, 1);
});

test('tableHeaders: null for a missing table after one sync; the headers of an existing one', async () => {
  const missing = mockExcel();
  assert.equal(await new ExcelWorkbook(missing.run).tableHeaders('Lodestone_X'), null);
  assert.equal(missing.syncs, 1);
  const present = mockExcel({ table });
  assert.deepEqual(
    await new ExcelWorkbook(present.run).tableHeaders('Lodestone_Opportunities'),
    table.headers,
  );
  assert.equal(present.syncs, 2);
});

test('rowCount loads rows/count before its sync', async () => {
  const excel = mockExcel({ table });
  assert.equal(await new ExcelWorkbook(excel.run).rowCount('Lodestone_Opportunities'), 3);
  assert.equal(excel.syncs, 1);
});

test('writeRows suspends calculation and screen updating, writes runs of rows as ranges, syncs once', async () => {
  const excel = mockExcel({ table });
  await new ExcelWorkbook(excel.run).writeRows('Lodestone_Opportunities', [
    { index: 2, cells: ['o:3', 8, 'Synced', 'Gamma 2'] },
    { index: 0, cells: ['o:1', 4, 'Synced', null] },
    { index: 1, cells: [null, null, 'Synced', null] },
  ]);
  assert.equal(excel.syncs, 1);
  const log = excel.log;
  const suspend = log.findIndex((l) => l.includes('suspendApiCalculationUntilNextSync'));
  const screen = log.findIndex((l) => l.includes('suspendScreenUpdatingUntilNextSync'));
  const writes = log.filter((l) => l.includes('.values = '));
  assert.equal(writes.length, 1, 'three consecutive rows are one range write');
  assert.ok(suspend >= 0 && screen >= 0);
  assert.ok(Math.max(suspend, screen) < log.findIndex((l) => l.includes('.values = ')));
  assert.ok(log.indexOf('sync') > log.findIndex((l) => l.includes('.values = ')));
  assert.deepEqual(
    runsOf([
      { index: 5, cells: [1] },
      { index: 1, cells: [1] },
      { index: 2, cells: [1] },
    ]).map((r) => r.map((w) => w.index)),
    [[1, 2], [5]],
  );
});

test('createTable: header values, then the table, then formats; hidden key and version, greyed read-only, lists from a very hidden _lists sheet', async () => {
  const excel = mockExcel();
  await new ExcelWorkbook(excel.run).createTable({
    name: 'Lodestone_Opportunities',
    columns: [
      { header: '_key', hidden: true, numberFormat: '@' },
      { header: '_ver', hidden: true },
      { header: 'Status', numberFormat: '@' },
      { header: 'Stage', list: ['Lead', 'Won'], numberFormat: '@' },
      { header: 'Amount', numberFormat: '#,##0.00' },
      { header: 'Updated at', readOnly: true },
    ],
  });
  const log = excel.log;
  assert.equal(excel.syncs, 2, 'one to look for the sheet, one to build it');
  const at = (needle: string) => {
    const i = log.findIndex((l) => l.includes(needle));
    assert.ok(i >= 0, `${needle} not in\n${log.join('\n')}`);
    return i;
  };
  const headerValues = at(
    'A1:F1.values = [["_key","_ver","Status","Stage","Amount","Updated at"]]',
  );
  const tableAdd = at('tables.add(Lodestone_Opportunities!A1:F1)');
  assert.ok(headerValues < tableAdd);
  assert.ok(tableAdd < at('A:A.columnHidden = true'));
  at('B:B.columnHidden = true');
  at('E:E.numberFormat = "#,##0.00"');
  const readOnly = excel.ranges.get('Lodestone_Opportunities!F:F')!;
  assert.equal(readOnly.format.fill.color, '#EDEDED');
  assert.notEqual(excel.ranges.get('Lodestone_Opportunities!E:E')!.format.fill.color, '#EDEDED');
  assert.deepEqual(excel.ranges.get('Lodestone_Opportunities!D:D')!.dataValidation.rule, {
    list: { inCellDropDown: true, source: "='_lists'!$A$1:$A$2" },
  });
  // Values before formats: the lists' values, then every column's format.
  assert.ok(at('_lists!A1:A2.values') < at('Lodestone_Opportunities!E:E.numberFormat'));
  at(`sheet(_lists).visibility = "VeryHidden"`);
  at(`_lists!A1:A2.values = [["Lead"],["Won"]]`);
  assert.ok(at('suspendApiCalculationUntilNextSync') < headerValues);
  assert.equal(log.lastIndexOf('sync'), log.length - 1);
});

test('the binding lives in a custom XML part: written whole, read back exactly', async () => {
  const text = JSON.stringify({ table: 'Lodestone_Opportunities', note: '<a & b> "c"' });
  const xml = partXml('lodestone.binding.Lodestone_Opportunities', text);
  assert.equal(textOfPartXml(`<?xml version="1.0"?>${xml}`), text);
  const ns = partNamespace('lodestone.binding.Lodestone_Opportunities');
  const excel = mockExcel({ parts: { [ns]: xml } });
  const book = new ExcelWorkbook(excel.run);
  assert.equal(await book.readPart('lodestone.binding.Lodestone_Opportunities'), text);
  assert.equal(excel.syncs, 2);
  assert.equal(await new ExcelWorkbook(mockExcel().run).readPart('nothing'), null);
  const writer = mockExcel({ parts: { [ns]: xml } });
  await new ExcelWorkbook(writer.run).writePart('lodestone.binding.Lodestone_Opportunities', text);
  const deleted = writer.log.findIndex((l) => l.endsWith('.delete()'));
  assert.ok(deleted > writer.log.indexOf('sync'), 'the old part is deleted once it is loaded');
});

test('a context.sync() that never answers fails with a timeout', async () => {
  const excel = mockExcel({ table, hang: true });
  await assert.rejects(
    new ExcelWorkbook(excel.run, 20).readRows('Lodestone_Opportunities', 0, 1),
    SyncTimeoutError,
  );
});

test('requirement sets: ExcelApi 1.12 and SharedRuntime 1.1, said plainly when missing', () => {
  assert.deepEqual(
    hostSupport(() => true),
    { ok: true, missing: [] },
  );
  const old = hostSupport((name, version) => name === 'ExcelApi' && version <= '1.10');
  assert.deepEqual(old.missing, ['ExcelApi 1.12', 'SharedRuntime 1.1']);
  assert.match(tooOldMessage(old, 'en'), /too old .*ExcelApi 1\.12/);
  assert.match(tooOldMessage(old, 'zh-CN'), /太旧/);
});

test('addresses: column letters and sheet names within 31 characters', () => {
  assert.deepEqual([0, 25, 26, 701, 702].map(columnLetter), ['A', 'Z', 'AA', 'ZZ', 'AAA']);
  assert.equal(sheetNameOf('Lodestone_Opportunities'), 'Lodestone_Opportunities');
  const long = sheetNameOf('_base_Lodestone_Report_receivablesAging');
  assert.equal(long.length, 31);
  assert.equal(long, sheetNameOf('_base_Lodestone_Report_receivablesAging'));
});
