// Report layouts: headings in the user's language, names in it when the catalogue has them,
// money in major units by the currency's exponent, rates as fractions, the targets year column
// taken from the server's year report, and the chart's series being the numeric columns after the first.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AgingReport } from '../../core/schemas/receivables.ts';
import type { FunnelReport } from '../../core/schemas/reports.ts';
import type { TargetsReport } from '../../core/schemas/targets.ts';
import { LAYOUTS, layoutReport } from './layouts.ts';
import type { ReportTable } from './table.ts';

const money = { count: 0, amount: 0 };
const funnel = (currency: string): FunnelReport => ({
  pipelineId: 1,
  currency,
  stages: [
    {
      stageId: 1,
      name: '初步接洽',
      nameEn: 'Qualify',
      count: 2,
      amount: 123_45,
      weighted: 12_35,
      probability: 10,
    },
    {
      stageId: 2,
      name: '方案报价',
      nameEn: null,
      count: 1,
      amount: 1_000_00,
      weighted: 500_00,
      probability: 50,
    },
  ],
  open: { ...money, weighted: 0 },
  won: { ...money, wonAmount: 0 },
  lost: money,
  invalid: money,
});

test('funnel: localized headings and stage names; money in major units by the currency', () => {
  const en = layoutReport('funnel', funnel('CNY'), 'en');
  assert.deepEqual(
    en.columns.map((c) => c.label),
    ['Stage', 'Expected revenue', 'Weighted', 'Opportunities', 'Probability'],
  );
  assert.deepEqual(en.rows, [
    ['Qualify', 123.45, 12.35, 2, 0.1],
    ['方案报价', 1000, 500, 1, 0.5],
  ]);
  const zh = layoutReport('funnel', funnel('CNY'), 'zh-CN');
  assert.equal(zh.columns[0]!.label, '阶段');
  assert.equal(zh.rows[0]![0], '初步接洽');
  // JPY has no minor unit: the same integers are whole yen.
  assert.deepEqual(layoutReport('funnel', funnel('JPY'), 'en').rows[0]!.slice(1, 3), [12345, 1235]);
});

test('aging: one money column per bucket, a customer without a name reads (none)', () => {
  const figures = {
    current: 100,
    d0_30: 200,
    d31_60: 0,
    d61_90: 0,
    d90_plus: 50,
    overdue: 250,
    total: 350,
    count: 3,
  };
  const report: AgingReport = {
    asOf: '2026-11-22',
    currency: 'CNY',
    groupBy: 'customer',
    rows: [{ ...figures, groupId: null, name: null }],
    totals: figures,
  };
  const t = layoutReport('receivablesAging', report, 'zh-CN');
  assert.deepEqual(t.rows[0], ['（无）', 1, 2, 0, 0, 0.5, 2.5, 3.5, 3]);
  assert.equal(t.columns[5]!.label, '逾期90天以上');
});

test('targets: the year from the server’s year report (targets rolled up over periods), then each month', () => {
  const cell = (
    period: string,
    targetAmount: number | null,
    actualAmount: number,
    amountBp: number | null,
  ) => ({
    period,
    targetId: null,
    targetSource: null,
    targetAmount,
    targetQuantity: null,
    actualAmount,
    actualQuantity: 0,
    amountBp,
    quantityBp: null,
  });
  const east = {
    kind: 'team',
    id: 1,
    name: '华东区',
    nameEn: 'East',
    parentTeamId: null,
    depth: 0,
  };
  const wang = { kind: 'user', id: 7, name: '王磊', nameEn: null, parentTeamId: 1, depth: 1 };
  const report = (periods: string[], rows: unknown[]): TargetsReport =>
    ({
      year: 2026,
      periodKind: periods.length === 1 ? 'year' : 'month',
      basis: 'orders',
      currency: 'CNY',
      productId: null,
      periods: periods.map((period) => ({ period, from: '', to: '' })),
      rows,
    }) as TargetsReport;
  // The year target (a yearly target of its own) need not be the sum of the months shown.
  const year = report(
    ['2026'],
    [
      { ...east, cells: [cell('2026', 1_200_00, 150_00, 1250)] },
      { ...wang, cells: [cell('2026', null, 0, null)] },
    ],
  );
  const months = report(
    ['2026-01', '2026-02'],
    [
      {
        ...east,
        cells: [cell('2026-01', 300_00, 100_00, 3333), cell('2026-02', null, 50_00, null)],
      },
      { ...wang, cells: [cell('2026-01', null, 0, null), cell('2026-02', null, 0, null)] },
    ],
  );
  const t = layoutReport('targets', { year, months }, 'en');
  assert.deepEqual(
    t.columns.slice(5).map((c) => c.label),
    ['2026-01', '2026-02'],
  );
  assert.deepEqual(t.rows[0], ['East', 1200, 150, 0.125, 'Team', 0.3333, null]);
  assert.deepEqual(t.rows[1], ['\u3000王磊', null, 0, null, 'Person', null, null]);
});

test('every layout charts numeric columns: the first column names, the next `series` are numbers', () => {
  const check = (t: ReportTable) => {
    assert.equal(t.columns[0]!.kind, 'text');
    for (const c of t.columns.slice(1, 1 + t.chart.series)) assert.notEqual(c.kind, 'text');
  };
  for (const name of Object.keys(LAYOUTS) as (keyof typeof LAYOUTS)[]) {
    const none = { currency: 'CNY', stages: [], rows: [], periods: [], months: [], totals: [] };
    const empty = (name === 'targets'
      ? { year: none, months: none }
      : none) as unknown as Parameters<typeof layoutReport>[1];
    check(layoutReport(name, empty, 'en'));
  }
});
