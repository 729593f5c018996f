import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { BreakdownError, splitFigure, type BreakdownPart } from './breakdown.ts';

const RUNS = 10_000;
const total = fc.integer({ min: 0, max: 1e13 });
const part: fc.Arbitrary<BreakdownPart> = fc.record({
  weight: fc.integer({ min: 0, max: 100_000 }),
  locked: fc.option(fc.integer({ min: 0, max: 1e10 }), { freq: 2 }),
});
const parts = fc.array(part, { minLength: 1, maxLength: 60 });

const lockedSum = (ps: BreakdownPart[]) => ps.reduce((s, p) => s + (p.locked ?? 0), 0);
const splittable = (t: number, ps: BreakdownPart[]) => {
  const rest = t - lockedSum(ps);
  return rest >= 0 && (rest === 0 || ps.some((p) => p.locked === null && p.weight > 0));
};

test('splitFigure: parts sum exactly to the total, none is negative, locked parts keep their figure', () => {
  fc.assert(
    fc.property(total, parts, (t, ps) => {
      fc.pre(splittable(t, ps));
      const out = splitFigure(t, ps) as number[];
      assert.equal(out.length, ps.length);
      assert.equal(
        out.reduce((s, x) => s + x, 0),
        t,
      );
      out.forEach((x, i) => {
        assert.ok(Number.isSafeInteger(x) && x >= 0, `part ${i} = ${x}`);
        const p = ps[i]!;
        if (p.locked !== null) assert.equal(x, p.locked);
        else if (p.weight === 0) assert.equal(x, 0);
      });
    }),
    { numRuns: RUNS },
  );
});

test('splitFigure: each unlocked part is within one unit of its exact share of what is not locked', () => {
  fc.assert(
    fc.property(total, parts, (t, ps) => {
      fc.pre(splittable(t, ps));
      const out = splitFigure(t, ps) as number[];
      const rest = BigInt(t - lockedSum(ps));
      const weights = BigInt(ps.reduce((s, p) => s + (p.locked === null ? p.weight : 0), 0));
      ps.forEach((p, i) => {
        if (p.locked !== null || weights === 0n) return;
        // |part × Σw − rest × w| < Σw, in exact integers.
        const diff = BigInt(out[i]!) * weights - rest * BigInt(p.weight);
        assert.ok((diff < 0n ? -diff : diff) < weights, `part ${i}`);
      });
    }),
    { numRuns: RUNS },
  );
});

test('splitFigure: the same input always gives the same split, and a null total null parts', () => {
  fc.assert(
    fc.property(total, parts, (t, ps) => {
      assert.deepEqual(
        splitFigure(null, ps),
        ps.map(() => null),
      );
      if (!splittable(t, ps)) return;
      assert.deepEqual(splitFigure(t, ps), splitFigure(t, structuredClone(ps)));
    }),
    { numRuns: RUNS },
  );
});

test('splitFigure refuses exactly the splits that cannot be made, naming the rule', () => {
  fc.assert(
    fc.property(total, parts, (t, ps) => {
      if (splittable(t, ps)) return;
      assert.throws(
        () => splitFigure(t, ps),
        (e: unknown) =>
          e instanceof BreakdownError &&
          e.rule === (t < lockedSum(ps) ? 'locked_exceed_total' : 'no_weight'),
      );
    }),
    { numRuns: RUNS },
  );
});

test('splitFigure: worked examples', () => {
  const even = (n: number) => Array.from({ length: n }, () => ({ weight: 1, locked: null }));
  // ¥1,000,000.00 over four quarters; ¥100.00 over three months: the first months take the cent.
  assert.deepEqual(
    splitFigure(100_000_000, even(4)),
    [25_000_000, 25_000_000, 25_000_000, 25_000_000],
  );
  assert.deepEqual(splitFigure(10_000, even(3)), [3334, 3333, 3333]);
  // A locked March keeps its figure; January and February share the rest 1 : 3.
  assert.deepEqual(
    splitFigure(1000, [
      { weight: 1, locked: null },
      { weight: 3, locked: null },
      { weight: 9, locked: 600 },
    ]),
    [100, 300, 600],
  );
  assert.deepEqual(splitFigure(0, [{ weight: 0, locked: null }]), [0]);
  assert.throws(() => splitFigure(-1, even(2)), /never negative/);
});
