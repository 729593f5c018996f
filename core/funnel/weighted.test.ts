// Rounding once on the sum differs from summing rounded shares; the board relies on the former
// matching the server after any sequence of moves in and out of a column.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { weightedAmount, weightedShare } from './weighted.ts';

test('rounded once on the sum: 3 × 0.50 at 10% is 0.15, not 3 × 0.05 rounded', () => {
  const sum = [50, 50, 50].reduce((s, r) => s + weightedShare(r, 10), 0n);
  assert.equal(weightedAmount(sum), 15);
  assert.equal(weightedAmount(weightedShare(5, 10)), 1, '0.5 rounds half up');
  assert.equal(weightedAmount(weightedShare(null, 90)), 0);
});

test('adding and removing shares in any order lands on the rounding of the remaining set', () => {
  const deal = fc.record({
    revenue: fc.option(fc.integer({ min: 0, max: 10_000_000_000 }), { nil: null }),
    probability: fc.integer({ min: 0, max: 100 }),
  });
  fc.assert(
    fc.property(
      fc.array(deal, { maxLength: 30 }),
      fc.array(fc.nat(), { maxLength: 10 }),
      (ds, out) => {
        let sum = ds.reduce((s, d) => s + weightedShare(d.revenue, d.probability), 0n);
        const kept = [...ds];
        for (const i of out) {
          if (!kept.length) break;
          const [gone] = kept.splice(i % kept.length, 1);
          sum -= weightedShare(gone!.revenue, gone!.probability);
        }
        // An independent oracle in plain numbers (exact below 2^53 for these bounds).
        const fresh = kept.reduce((s, d) => s + (d.revenue ?? 0) * d.probability, 0);
        assert.equal(weightedAmount(sum), Math.floor((fresh + 50) / 100));
      },
    ),
    { numRuns: 1000 },
  );
});
