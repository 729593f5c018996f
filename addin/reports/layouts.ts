// Each report's answer as the table Excel shows: headings in the user's language, money in
// major units of the report's currency (core/money), rates as fractions formatted as percents.
// The chart's columns come first after the category column (see ReportTable.chart).
import { toMajorUnits } from '../../core/money/format.ts';
import { localizedName } from '../../core/localized-name.ts';
import { AGING_BUCKETS } from '../../core/receivables/status.ts';
import type { AgingReport } from '../../core/schemas/receivables.ts';
import type { MarginReport } from '../../core/schemas/margin.ts';
import type { ConversionReport, ForecastReport, FunnelReport } from '../../core/schemas/reports.ts';
import type { TargetsReport } from '../../core/schemas/targets.ts';
import type { PaneLocale } from '../taskpane/i18n.ts';
import type { ReportColumn, ReportTable } from './table.ts';
import { reportWordsOf, type ReportWords } from './words.ts';

type Layout<T> = (answer: T, w: ReportWords, locale: PaneLocale) => ReportTable;

const text = (label: string): ReportColumn => ({ label, kind: 'text' });
const count = (label: string): ReportColumn => ({ label, kind: 'count' });
const money = (label: string): ReportColumn => ({ label, kind: 'money' });
const percent = (label: string): ReportColumn => ({ label, kind: 'percent' });
const fromBp = (bp: number | null) => (bp === null ? null : bp / 10_000);

const funnel: Layout<FunnelReport> = (r, w, locale) => {
  const major = (minor: number) => toMajorUnits(minor, r.currency);
  return {
    columns: [
      text(w.stage),
      money(w.amount),
      money(w.weighted),
      count(w.count),
      percent(w.probability),
    ],
    rows: r.stages.map((s) => [
      localizedName(s, locale),
      major(s.amount),
      major(s.weighted),
      s.count,
      s.probability / 100,
    ]),
    currency: r.currency,
    chart: { type: 'BarClustered', series: 2 },
  };
};

const forecast: Layout<ForecastReport> = (r, w) => {
  const major = (minor: number) => toMajorUnits(minor, r.currency);
  return {
    columns: [text(w.month), money(w.openTotal), money(w.weighted), money(w.won)],
    rows: r.rows.map((row) => [row.month, major(row.total), major(row.weighted), major(row.won)]),
    currency: r.currency,
    chart: { type: 'Line', series: 3 },
  };
};

const conversion: Layout<ConversionReport> = (r, w, locale) => ({
  columns: [
    text(w.stage),
    count(w.reached),
    count(w.advanced),
    percent(w.rate),
    count(w.wonCount),
    count(w.lost),
    count(w.invalid),
  ],
  rows: r.stages.map((s) => [
    localizedName(s, locale),
    s.reached,
    s.advanced,
    s.rate,
    s.won,
    s.lost,
    s.invalid,
  ]),
  currency: null,
  chart: { type: 'ColumnClustered', series: 2 },
});

const receivablesAging: Layout<AgingReport> = (r, w) => {
  const major = (minor: number) => toMajorUnits(minor, r.currency);
  return {
    columns: [
      text(w.customer),
      ...AGING_BUCKETS.map((b) => money(w[b])),
      money(w.overdue),
      money(w.total),
      count(w.installments),
    ],
    rows: r.rows.map((row) => [
      row.name ?? w.none,
      ...AGING_BUCKETS.map((b) => major(row[b])),
      major(row.overdue),
      major(row.total),
      row.count,
    ]),
    currency: r.currency,
    chart: { type: 'ColumnStacked', series: AGING_BUCKETS.length },
  };
};

const margin: Layout<MarginReport> = (r, w, locale) => {
  const currency = r.rows[0]?.currency ?? r.totals[0]?.currency ?? 'CNY';
  const major = (minor: number) => toMajorUnits(minor, currency);
  return {
    columns: [
      text(w.customer),
      money(w.revenue),
      money(w.cost),
      money(w.margin),
      percent(w.marginRate),
      count(w.orders),
      money(w.uncostedRevenue),
    ],
    rows: r.rows.map((row) => [
      row.name === null ? w.none : localizedName({ name: row.name, nameEn: row.nameEn }, locale),
      major(row.revenue),
      major(row.cost),
      major(row.margin),
      fromBp(row.marginBp),
      row.orders,
      major(row.uncostedRevenue),
    ]),
    currency,
    chart: { type: 'BarClustered', series: 3 },
  };
};

/** The year's figures (the server rolls targets up over periods) and the same year by month. */
export interface TargetsAnswer {
  year: TargetsReport;
  months: TargetsReport;
}

/** One row per team or person: the year's target, actual and attainment, then each month's. */
const targets: Layout<TargetsAnswer> = ({ year, months: r }, w, locale) => {
  const major = (minor: number | null) => (minor === null ? null : toMajorUnits(minor, r.currency));
  const yearOf = new Map(year.rows.map((row) => [`${row.kind}:${row.id}`, row.cells[0]]));
  return {
    columns: [
      text(w.subject),
      money(w.target),
      money(w.actual),
      percent(w.attainment),
      text(w.kind),
      ...r.periods.map((p) => percent(p.period)),
    ],
    rows: r.rows.map((row) => {
      const whole = yearOf.get(`${row.kind}:${row.id}`);
      return [
        // Full-width spaces indent the tree in both languages without Excel's indent setting.
        '\u3000'.repeat(row.depth) + localizedName(row, locale),
        major(whole?.targetAmount ?? null),
        major(whole?.actualAmount ?? 0),
        fromBp(whole?.amountBp ?? null),
        row.kind === 'team' ? w.team : w.person,
        ...row.cells.map((c) => fromBp(c.amountBp)),
      ];
    }),
    currency: r.currency,
    chart: { type: 'ColumnClustered', series: 2 },
  };
};

export const LAYOUTS = {
  funnel,
  forecast,
  conversion,
  receivablesAging,
  margin,
  targets,
};

export type ReportAnswers = { [K in keyof typeof LAYOUTS]: Parameters<(typeof LAYOUTS)[K]>[0] };

export function layoutReport<K extends keyof typeof LAYOUTS>(
  name: K,
  answer: ReportAnswers[K],
  locale: PaneLocale,
): ReportTable {
  return (LAYOUTS[name] as Layout<ReportAnswers[K]>)(answer, reportWordsOf(locale), locale);
}
