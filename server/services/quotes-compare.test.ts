// compareVersions, a pure function, under fast-check: every line of either version is accounted
// for exactly once, "same" means no difference, total deltas are b − a, and a version compared
// with itself shows nothing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { computeTotals, type Discount } from '../../core/money/index.ts';
import { TOTAL_FIGURES, type QuoteVersionDetail } from '../../core/schemas/quotes.ts';
import { compareVersions } from './quotes-compare.ts';

const RUNS = 10_000;

const discount = fc.option(
  fc.oneof(
    fc.record({ kind: fc.constant('percent' as const), value: fc.integer({ min: 0, max: 3000 }) }),
    fc.record({ kind: fc.constant('amount' as const), value: fc.integer({ min: 0, max: 50 }) }),
  ),
  { nil: null },
);

const lineInput = fc.record({
  // A small pool, so products and descriptions repeat and lines match across versions.
  productId: fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }),
  description: fc.constantFrom('安装', '培训', 'Support', 'support '),
  quantity: fc.integer({ min: 1000, max: 20_000 }),
  unitPrice: fc.integer({ min: 100, max: 100_000 }),
  discount,
  taxRate: fc.constantFrom(0, 600, 900, 1300),
});

type LineIn = typeof lineInput extends fc.Arbitrary<infer T> ? T : never;

function version(
  versionNo: number,
  lines: LineIn[],
  header: Discount | null,
  currency: string,
): QuoteVersionDetail {
  const totals = computeTotals(lines, 'exclusive', header);
  return {
    versionNo,
    basedOnVersionNo: null,
    status: 'draft',
    contactId: null,
    priceListId: null,
    quoteDate: '2026-11-23',
    validUntil: null,
    currency,
    net: totals.net,
    gross: totals.gross,
    discountBp: totals.discountBp,
    sentAt: null,
    decidedAt: null,
    decidedBy: null,
    decisionNote: null,
    createdAt: '2026-11-23T00:00:00.000Z',
    createdBy: null,
    terms: null,
    totals: {
      currency,
      priceMode: 'exclusive',
      discount: header,
      subtotal: totals.subtotal,
      lineDiscount: totals.lineDiscount,
      headerDiscount: totals.headerDiscount,
      net: totals.net,
      tax: totals.tax,
      gross: totals.gross,
      discountBp: totals.discountBp,
    },
    lines: lines.map((l, i) => ({
      position: i + 1,
      unit: null,
      ...l,
      productCode: l.productId === null ? null : `P-${l.productId}`,
      discount: l.discount,
      ...totals.lines[i]!,
    })),
  };
}

// A fixed discount larger than what it discounts is refused by computeTotals: amounts stay at
// most 0.50 against lines of at least one unit at 1.00 (30% off at most), and no header discount without lines.
const versionArb = (no: number, currency: fc.Arbitrary<string>) =>
  fc
    .tuple(fc.array(lineInput, { maxLength: 8 }), discount, currency)
    .map(([lines, header, cur]) => version(no, lines, lines.length ? header : null, cur));

test('every line is accounted for once, "same" means no difference, deltas are b − a', () => {
  fc.assert(
    fc.property(
      versionArb(1, fc.constant('CNY')),
      versionArb(2, fc.constantFrom('CNY', 'CNY', 'USD')),
      (a, b) => {
        const c = compareVersions(a, b);
        const count = (k: string) => c.lines.filter((l) => l.change === k).length;
        assert.equal(count('added') + count('changed') + count('same'), b.lines.length);
        assert.equal(count('removed') + count('changed') + count('same'), a.lines.length);
        const fromB = c.lines.flatMap((l) => (l.b ? [l.b] : []));
        assert.deepEqual(fromB, b.lines, 'b’s lines, each once, in order');
        const fromA = c.lines.flatMap((l) => (l.a ? [l.a] : []));
        assert.deepEqual(
          [...fromA].sort((x, y) => x.position - y.position),
          a.lines,
          'a’s lines, each once',
        );
        for (const l of c.lines) {
          assert.equal(l.change === 'same', Object.keys(l.differences).length === 0);
          if (l.a && l.b) {
            const key = (x: typeof l.a) => x.productId ?? `d:${x.description.trim().toLowerCase()}`;
            assert.equal(key(l.a), key(l.b), 'matched lines share product or description');
          }
        }
        assert.equal(c.sameCurrency, a.totals.currency === b.totals.currency);
        for (const k of TOTAL_FIGURES) {
          const t = c.totals[k];
          assert.deepEqual([t.a, t.b], [a.totals[k], b.totals[k]]);
          const comparable = c.sameCurrency || k === 'discountBp';
          assert.equal(t.delta, comparable ? b.totals[k] - a.totals[k] : null);
        }
      },
    ),
    { numRuns: RUNS },
  );
});

test('a version compared with itself shows no difference', () => {
  fc.assert(
    fc.property(versionArb(1, fc.constant('CNY')), (a) => {
      const c = compareVersions(a, a);
      assert.ok(c.lines.every((l) => l.change === 'same'));
      assert.deepEqual(c.header, {});
      assert.ok(TOTAL_FIGURES.every((k) => c.totals[k].delta === 0));
    }),
    { numRuns: RUNS },
  );
});
