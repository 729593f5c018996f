import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { allocate, allocateEvenly, applyRate, divideHalfUp, extend } from './money.ts';

const RUNS = 10_000;
const amount = fc.integer({ min: -1e12, max: 1e12 });
const ratios = fc
  .array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 40 })
  .filter((r) => r.some((x) => x > 0));

test('allocate: parts sum exactly to the total, share its sign, and zero ratios get 0', () => {
  fc.assert(
    fc.property(amount, ratios, (total, rs) => {
      const parts = allocate(total, rs);
      assert.equal(parts.length, rs.length);
      assert.equal(
        parts.reduce((a, p) => a + p, 0),
        total,
      );
      parts.forEach((p, i) => {
        if (rs[i] === 0) assert.equal(p, 0);
        assert.ok(total >= 0 ? p >= 0 : p <= 0, 'a part never takes the other sign');
      });
    }),
    { numRuns: RUNS },
  );
});

test('allocate: each part is within one unit of its exact share', () => {
  fc.assert(
    fc.property(amount, ratios, (total, rs) => {
      const parts = allocate(total, rs);
      const sum = rs.reduce((a, r) => a + r, 0);
      parts.forEach((p, i) => {
        const exact = (total * rs[i]!) / sum;
        assert.ok(Math.abs(p - exact) < 1 + 1e-6 * Math.abs(exact), `${p} vs ${exact}`);
      });
    }),
    { numRuns: RUNS },
  );
});

test('allocate: the remainder goes to the largest remainders, ties to the earlier part', () => {
  assert.deepEqual(allocate(100, [1, 1, 1]), [34, 33, 33]);
  assert.deepEqual(allocate(-100, [1, 1, 1]), [-34, -33, -33]);
  assert.deepEqual(allocate(1000, [3000, 4000, 3000]), [300, 400, 300]);
  // 10 × (1/6, 2/6, 3/6) = 1.67, 3.33, 5: the 0.67 remainder wins the leftover unit.
  assert.deepEqual(allocate(10, [1, 2, 3]), [2, 3, 5]);
  assert.deepEqual(allocateEvenly(5, 3), [2, 2, 1]);
  assert.deepEqual(allocate(7, [0, 5, 0]), [0, 7, 0]);
});

test('allocate refuses what it cannot split exactly', () => {
  assert.throws(() => allocate(10, []), /empty/);
  assert.throws(() => allocate(10, [0, 0]), /zero/);
  assert.throws(() => allocate(10, [1, -1]), /negative/);
  assert.throws(() => allocate(1.5, [1]), /integer/);
  assert.throws(() => allocate(10, [0.5, 0.5]), /integer/);
});

test('rounding is half away from zero, in exact integer arithmetic', () => {
  assert.equal(divideHalfUp(5n, 2n), 3n);
  assert.equal(divideHalfUp(-5n, 2n), -3n);
  assert.equal(divideHalfUp(4n, 3n), 1n);
  assert.equal(applyRate(1005, 5000), 503); // 502.5 → 503
  assert.equal(applyRate(-1005, 5000), -503);
  assert.equal(extend(1500, 999), 1499); // 1498.5 → 1499
  assert.equal(extend(333, 1), 0);
  // Beyond float precision: 9e15 × 13% computed exactly.
  assert.equal(applyRate(9_000_000_000_000_001, 1300), 1_170_000_000_000_000);
  fc.assert(
    fc.property(
      fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
      fc.bigInt({ min: 1n, max: 10n ** 6n }),
      (n, d) => {
        const q = divideHalfUp(n, d);
        // |n/d − q| ≤ ½, and exactly ½ only when rounding away from zero.
        const diff2 = 2n * (n - q * d);
        const abs = diff2 < 0n ? -diff2 : diff2;
        assert.ok(abs <= d);
        if (abs === d) assert.ok(n >= 0n ? q * d > n : q * d < n);
      },
    ),
    { numRuns: RUNS },
  );
});
