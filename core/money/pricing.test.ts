import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { computeTotals, type Discount, type PricedLineInput } from './pricing.ts';

const RUNS = 10_000;
const line: fc.Arbitrary<PricedLineInput> = fc.record({
  quantity: fc.integer({ min: 0, max: 10_000_000 }),
  unitPrice: fc.integer({ min: 0, max: 100_000_000 }),
  taxRate: fc.constantFrom(0, 600, 900, 1300),
  discount: fc.option(
    fc.oneof(
      fc.record({
        kind: fc.constant('percent' as const),
        value: fc.integer({ min: 0, max: 10_000 }),
      }),
      fc.record({ kind: fc.constant('amount' as const), value: fc.integer({ min: 0, max: 1000 }) }),
    ),
    { nil: null },
  ),
});
// Amount discounts can exceed a small line; keep the generated ones valid by capping them.
const validLine = line.map((l) =>
  l.discount?.kind === 'amount'
    ? {
        ...l,
        discount: {
          ...l.discount,
          value: Math.min(l.discount.value, Math.round((l.quantity * l.unitPrice) / 1000)),
        },
      }
    : l,
);
const header: fc.Arbitrary<Discount | null> = fc.option(
  fc.record({ kind: fc.constant('percent' as const), value: fc.integer({ min: 0, max: 10_000 }) }),
  { nil: null },
);

test('totals are the sums of their lines; gross = net + tax on every line; nothing negative', () => {
  fc.assert(
    fc.property(
      fc.array(validLine, { maxLength: 30 }),
      fc.constantFrom('exclusive' as const, 'inclusive' as const),
      header,
      (lines, mode, discount) => {
        const t = computeTotals(lines, mode, discount);
        const total = (
          k: 'net' | 'tax' | 'gross' | 'headerDiscount' | 'lineDiscount' | 'extended',
        ) => t.lines.reduce((a, l) => a + l[k], 0);
        assert.equal(t.net, total('net'));
        assert.equal(t.tax, total('tax'));
        assert.equal(t.gross, total('gross'));
        assert.equal(t.headerDiscount, total('headerDiscount'), 'header discount split exactly');
        assert.equal(t.subtotal, total('extended'));
        for (const l of t.lines) {
          assert.equal(l.gross, l.net + l.tax);
          assert.ok(l.net >= 0 && l.tax >= 0 && l.headerDiscount >= 0);
          // What the customer pays for the line is what is left after both discounts.
          const paid = l.extended - l.lineDiscount - l.headerDiscount;
          assert.equal(mode === 'exclusive' ? l.net : l.gross, paid);
        }
        assert.ok(t.discountBp >= 0 && t.discountBp <= 10_000);
      },
    ),
    { numRuns: RUNS },
  );
});

test('worked examples: exclusive and inclusive 13% VAT, line and header discounts', () => {
  // 3 × ¥100.00 at 10% off = ¥270.00 net, VAT ¥35.10, gross ¥305.10.
  const a = computeTotals(
    [
      {
        quantity: 3000,
        unitPrice: 10000,
        taxRate: 1300,
        discount: { kind: 'percent', value: 1000 },
      },
    ],
    'exclusive',
  );
  assert.deepEqual(
    [a.subtotal, a.lineDiscount, a.net, a.tax, a.gross, a.discountBp],
    [30000, 3000, 27000, 3510, 30510, 1000],
  );
  // ¥113.00 tax-inclusive at 13%: net ¥100.00, tax ¥13.00.
  const b = computeTotals([{ quantity: 1000, unitPrice: 11300, taxRate: 1300 }], 'inclusive');
  assert.deepEqual([b.net, b.tax, b.gross], [10000, 1300, 11300]);
  // A ¥10.00 header discount over lines of ¥10.00 and ¥20.00 splits 3.33 / 6.67.
  const c = computeTotals(
    [
      { quantity: 1000, unitPrice: 1000, taxRate: 0 },
      { quantity: 1000, unitPrice: 2000, taxRate: 0 },
    ],
    'exclusive',
    { kind: 'amount', value: 1000 },
  );
  assert.deepEqual(
    c.lines.map((l) => l.headerDiscount),
    [333, 667],
  );
  assert.equal(c.net, 2000);
  // 1.5 × ¥9.99 = 14.985 → ¥14.99 (half-up per line).
  assert.equal(
    computeTotals([{ quantity: 1500, unitPrice: 999, taxRate: 0 }], 'exclusive').net,
    1499,
  );
});

test('invalid discounts name the field and the rule', () => {
  assert.throws(
    () =>
      computeTotals(
        [{ quantity: 1000, unitPrice: 100, taxRate: 0, discount: { kind: 'amount', value: 101 } }],
        'exclusive',
      ),
    (e: { field?: string; rule?: string }) => e.field === 'lines.0.discount' && e.rule === 'max',
  );
  assert.throws(
    () =>
      computeTotals([{ quantity: 1000, unitPrice: 100, taxRate: 0 }], 'exclusive', {
        kind: 'percent',
        value: 10_001,
      }),
    (e: { field?: string; rule?: string }) => e.field === 'discount' && e.rule === 'max',
  );
});
