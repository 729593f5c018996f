import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  isoWeekOf,
  isoWeeksIn,
  parsePeriod,
  periodKindOf,
  periodRange,
  periodsOfYear,
  subPeriods,
  type PeriodKind,
} from './periods.ts';

const RUNS = 10_000;
const DAY = 86_400_000;
const ms = (d: string) => Date.parse(`${d}T00:00:00.000Z`);
const dayText = (t: number) => new Date(t).toISOString().slice(0, 10);
const nextDay = (d: string) => dayText(ms(d) + DAY);

/** ISO weeks by the textbook formula (ordinal date − weekday + 10) / 7: an oracle independent of periods.ts. */
function oracleWeeksIn(y: number): number {
  const p = (x: number) => (x + Math.floor(x / 4) - Math.floor(x / 100) + Math.floor(x / 400)) % 7;
  return p(y) === 4 || p(y - 1) === 3 ? 53 : 52;
}
function oracleWeek(day: string): { year: number; week: number } {
  const t = ms(day);
  const year = new Date(t).getUTCFullYear();
  const ordinal = Math.round((t - Date.UTC(year, 0, 1)) / DAY) + 1;
  const weekday = ((new Date(t).getUTCDay() + 6) % 7) + 1;
  const week = Math.floor((ordinal - weekday + 10) / 7);
  if (week < 1) return { year: year - 1, week: oracleWeeksIn(year - 1) };
  if (week > oracleWeeksIn(year)) return { year: year + 1, week: 1 };
  return { year, week };
}

const day = fc
  .integer({ min: Date.UTC(1901, 0, 1), max: Date.UTC(2399, 11, 31) })
  .map((t) => dayText(t - (t % DAY)));
const year = fc.integer({ min: 1901, max: 2399 });
const kind = fc.constantFrom<PeriodKind>('year', 'quarter', 'month', 'week');
const periodOf = (y: number, k: PeriodKind, pick: number) => {
  const all = periodsOfYear(y, k);
  return all[pick % all.length]!;
};
const period = fc.tuple(year, kind, fc.nat()).map(([y, k, n]) => periodOf(y, k, n));

test('isoWeekOf agrees with the textbook formula, and the week it names holds the day', () => {
  fc.assert(
    fc.property(day, (d) => {
      const w = isoWeekOf(d);
      assert.deepEqual(w, oracleWeek(d));
      assert.equal(isoWeeksIn(w.year), oracleWeeksIn(w.year));
      const label = `${w.year}-W${String(w.week).padStart(2, '0')}`;
      const { from, to } = periodRange(label);
      assert.ok(from <= d && d <= to, `${d} in ${label} (${from}..${to})`);
      assert.equal(((new Date(ms(from)).getUTCDay() + 6) % 7) + 1, 1, 'weeks start on Monday');
    }),
    { numRuns: RUNS },
  );
});

test('every period parses back to its kind and spans whole days in order', () => {
  fc.assert(
    fc.property(period, (p) => {
      const parsed = parsePeriod(p);
      assert.ok(parsed);
      assert.equal(periodKindOf(p), parsed.kind);
      const { from, to } = periodRange(p);
      assert.ok(from <= to);
      if (parsed.kind !== 'week') assert.ok(from.startsWith(String(parsed.year)));
    }),
    { numRuns: RUNS },
  );
});

test('subPeriods: quarters and months tile their period exactly, with no gap and no overlap', () => {
  fc.assert(
    fc.property(
      period.filter((p) => ['year', 'quarter'].includes(periodKindOf(p))),
      fc.constantFrom<PeriodKind>('quarter', 'month'),
      (p, into) => {
        fc.pre(into !== periodKindOf(p));
        const parts = subPeriods(p, into).map(periodRange);
        const whole = periodRange(p);
        assert.equal(parts[0]!.from, whole.from);
        assert.equal(parts.at(-1)!.to, whole.to);
        for (let i = 1; i < parts.length; i++)
          assert.equal(parts[i]!.from, nextDay(parts[i - 1]!.to));
      },
    ),
    { numRuns: RUNS },
  );
});

test('subPeriods: the weeks of a period are consecutive ISO weeks whose Thursdays lie in it', () => {
  fc.assert(
    fc.property(
      period.filter((p) => periodKindOf(p) !== 'week'),
      (p) => {
        const whole = periodRange(p);
        const weeks = subPeriods(p, 'week');
        const thursdays = weeks.map((w) => dayText(ms(periodRange(w).from) + 3 * DAY));
        for (const t of thursdays) assert.ok(whole.from <= t && t <= whole.to, `${t} in ${p}`);
        for (let i = 1; i < weeks.length; i++)
          assert.equal(periodRange(weeks[i]!).from, nextDay(periodRange(weeks[i - 1]!).to));
        // No Thursday of the period is left out: the ones just before and after lie outside it.
        assert.ok(dayText(ms(thursdays[0]!) - 7 * DAY) < whole.from);
        assert.ok(dayText(ms(thursdays.at(-1)!) + 7 * DAY) > whole.to);
      },
    ),
    { numRuns: RUNS },
  );
});

test('subPeriods: splitting in steps gives what splitting at once gives (weeks of months = weeks of the year)', () => {
  fc.assert(
    fc.property(year, (y) => {
      const yy = String(y);
      const viaQuarters = subPeriods(yy, 'quarter').flatMap((q) => subPeriods(q, 'week'));
      const viaMonths = subPeriods(yy, 'month').flatMap((m) => subPeriods(m, 'week'));
      assert.deepEqual(viaQuarters, subPeriods(yy, 'week'));
      assert.deepEqual(viaMonths, subPeriods(yy, 'week'));
      assert.equal(subPeriods(yy, 'week').length, oracleWeeksIn(y));
      assert.deepEqual(
        subPeriods(yy, 'quarter').flatMap((q) => subPeriods(q, 'month')),
        subPeriods(yy, 'month'),
      );
    }),
    { numRuns: 2_000 },
  );
});

test('periods: worked examples and refusals', () => {
  assert.deepEqual(periodRange('2026'), { from: '2026-01-01', to: '2026-12-31' });
  assert.deepEqual(periodRange('2024-Q1'), { from: '2024-01-01', to: '2024-03-31' });
  assert.deepEqual(periodRange('2026-Q4'), { from: '2026-10-01', to: '2026-12-31' });
  assert.deepEqual(periodRange('2024-02'), { from: '2024-02-01', to: '2024-02-29' });
  assert.deepEqual(periodRange('2026-12'), { from: '2026-12-01', to: '2026-12-31' });
  // 1 January 2026 is a Thursday: ISO week 1 starts on 29 December 2025, and 2026 has 53 weeks.
  assert.deepEqual(periodRange('2026-W01'), { from: '2025-12-29', to: '2026-01-04' });
  assert.deepEqual(periodRange('2026-W53'), { from: '2026-12-28', to: '2027-01-03' });
  assert.equal(subPeriods('2026', 'week').length, 53);
  assert.equal(parsePeriod('2025-W53'), null);
  assert.deepEqual(subPeriods('2026-Q2', 'month'), ['2026-04', '2026-05', '2026-06']);
  assert.deepEqual(subPeriods('2026-01', 'week'), [
    '2026-W01',
    '2026-W02',
    '2026-W03',
    '2026-W04',
    '2026-W05',
  ]);
  for (const bad of [
    '26',
    '2026-Q5',
    '2026-13',
    '2026-00',
    '2026-W00',
    '2026-W54',
    '0999',
    '2026-1',
  ])
    assert.equal(parsePeriod(bad), null, bad);
  assert.throws(() => subPeriods('2026-03', 'quarter'), /does not split/);
  assert.throws(() => subPeriods('2026-W03', 'week'), /does not split/);
});
