import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { periodsOfYear, subPeriods } from './periods.ts';
import {
  finerKind,
  periodTarget,
  periodsWithin,
  sumFigures,
  unionContributions,
  type TargetFigures,
} from './rollup.ts';

const YEAR = 2026;
const figure = fc.option(fc.integer({ min: 0, max: 1e11 }), { freq: 4 });
const figures: fc.Arbitrary<TargetFigures> = fc
  .record({ amount: figure, quantity: figure })
  .filter((f) => f.amount !== null || f.quantity !== null);
/** Own targets on any of the year's periods (the year itself, quarters, months, ISO weeks). */
const ownTargets = fc.dictionary(
  fc.constantFrom(
    ...(['year', 'quarter', 'month', 'week'] as const).flatMap((k) => periodsOfYear(YEAR, k)),
  ),
  figures,
  { maxKeys: 40 },
);
const lookup = (own: Record<string, TargetFigures>) => (p: string) =>
  Object.hasOwn(own, p) ? own[p] : undefined;

/** The roll-up written out level by level, independently of the recursion in periodTarget. */
function byHand(own: Record<string, TargetFigures>, period: string): TargetFigures | null {
  if (Object.hasOwn(own, period)) return own[period]!;
  const kind = /-Q/.test(period)
    ? 'quarter'
    : /-W/.test(period)
      ? 'week'
      : /-/.test(period)
        ? 'month'
        : 'year';
  if (kind === 'week') return null;
  const next = kind === 'year' ? 'quarter' : kind === 'quarter' ? 'month' : 'week';
  let amount: number | null = null;
  let quantity: number | null = null;
  for (const p of subPeriods(period, next)) {
    const f = byHand(own, p);
    if (f?.amount != null) amount = (amount ?? 0) + f.amount;
    if (f?.quantity != null) quantity = (quantity ?? 0) + f.quantity;
  }
  return amount === null && quantity === null ? null : { amount, quantity };
}

test('periodTarget: a period without its own target sums its finer periods, down to weeks', () => {
  fc.assert(
    fc.property(ownTargets, (own) => {
      for (const period of [
        String(YEAR),
        ...periodsOfYear(YEAR, 'quarter'),
        ...periodsOfYear(YEAR, 'month'),
      ]) {
        const got = periodTarget(period, lookup(own));
        const want = byHand(own, period);
        assert.deepEqual(got?.figures ?? null, want, period);
        if (got) assert.equal(got.source, Object.hasOwn(own, period) ? 'own' : 'periods');
      }
    }),
    { numRuns: 2_000 },
  );
});

test('periodTarget: with only monthly targets, every quarter and the year are exactly their months’ sum', () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 0, max: 1e12 }), { minLength: 12, maxLength: 12 }),
      (months) => {
        const own = Object.fromEntries(
          periodsOfYear(YEAR, 'month').map((m, i) => [m, { amount: months[i]!, quantity: null }]),
        );
        const total = months.reduce((a, b) => a + b, 0);
        const year = periodTarget(String(YEAR), lookup(own))!;
        assert.deepEqual(year, { source: 'periods', figures: { amount: total, quantity: null } });
        const quarters = periodsOfYear(YEAR, 'quarter').map((q) => periodTarget(q, lookup(own))!);
        quarters.forEach((q, i) =>
          assert.equal(q.figures.amount, months[3 * i]! + months[3 * i + 1]! + months[3 * i + 2]!),
        );
        assert.equal(
          quarters.reduce((s, q) => s + q.figures.amount!, 0),
          total,
        );
      },
    ),
    { numRuns: 1_000 },
  );
});

test('periodTarget: nothing set anywhere inside the period is no target; a week has no finer periods', () => {
  assert.equal(
    periodTarget('2026', () => undefined),
    null,
  );
  assert.equal(finerKind('week'), null);
  assert.equal(
    periodTarget('2026-W09', (p) => (p === '2026-03' ? { amount: 1, quantity: null } : undefined)),
    null,
  );
  // A month other than the one asked about does not count.
  assert.equal(
    periodTarget('2026-Q1', (p) => (p === '2026-04' ? { amount: 1, quantity: null } : undefined)),
    null,
  );
});

test('periodsWithin: the period and every finer period inside it, each once', () => {
  const year = periodsWithin('2026');
  assert.equal(year.length, 1 + 4 + 12 + 53);
  assert.equal(new Set(year).size, year.length);
  // 2026-W01 starts on 29 December 2025 but its Thursday is in January: it belongs to 2026-01.
  assert.ok(periodsWithin('2026-01').includes('2026-W01'));
  assert.deepEqual(periodsWithin('2026-Q2').slice(0, 4), [
    '2026-Q2',
    '2026-04',
    '2026-05',
    '2026-06',
  ]);
  assert.deepEqual(periodsWithin('2026-W09'), ['2026-W09']);
});

test('unionContributions: each subject once however many children bring it; sums add the rest', () => {
  fc.assert(
    fc.property(
      fc.array(fc.dictionary(fc.constantFrom('user:1', 'user:2', 'user:3', 'team:4'), figures), {
        maxLength: 5,
      }),
      (children) => {
        // A subject's figures are the same on every path to it (it is one subject).
        const canonical = new Map<string, TargetFigures>();
        const maps = children.map(
          (c) =>
            new Map(
              Object.entries(c).map(([k, f]) => {
                if (!canonical.has(k)) canonical.set(k, f);
                return [k, canonical.get(k)!];
              }),
            ),
        );
        const union = unionContributions(maps);
        assert.deepEqual([...union.keys()].sort(), [...canonical.keys()].sort());
        assert.deepEqual(sumFigures([...union.values()]), sumFigures([...canonical.values()]));
      },
    ),
    { numRuns: 1_000 },
  );
  assert.equal(sumFigures([]), null);
  assert.deepEqual(
    sumFigures([
      { amount: 5, quantity: null },
      { amount: null, quantity: 7 },
    ]),
    { amount: 5, quantity: 7 },
  );
});
