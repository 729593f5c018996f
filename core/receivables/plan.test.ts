import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { allocate } from '../money/index.ts';
import { addDays, addMonths, daysFrom } from './dates.ts';
import { ReceivablesError } from './errors.ts';
import { planFromEntries, planFromTerms, splitAmounts } from './plan.ts';

const RUNS = 10_000;
const day = fc
  .date({
    min: new Date('2000-01-01T00:00:00Z'),
    max: new Date('2099-12-31T00:00:00Z'),
    noInvalidDate: true,
  })
  .map((d) => d.toISOString().slice(0, 10));
const step = fc.record({
  ratio: fc.oneof(fc.integer({ min: 1, max: 10_000 }), fc.constant(0)),
  days: fc.integer({ min: 0, max: 400 }),
  months: fc.integer({ min: 0, max: 36 }),
});
const sumOf = (xs: number[]) => xs.reduce((a, x) => a + x, 0);
const ruleOf = (fn: () => unknown) => {
  try {
    fn();
    return null;
  } catch (err) {
    assert.ok(err instanceof ReceivablesError, String(err));
    return err.rule;
  }
};

test('dates: addDays and daysFrom are inverse; addMonths clamps to the end of the month', () => {
  fc.assert(
    fc.property(
      day,
      fc.integer({ min: -5000, max: 5000 }),
      fc.integer({ min: 0, max: 60 }),
      (d, n, m) => {
        assert.equal(daysFrom(d, addDays(d, n)), n);
        const moved = addMonths(d, m);
        const [y, mo, dd] = d.split('-').map(Number) as [number, number, number];
        const target = new Date(Date.UTC(y, mo - 1 + m, 1));
        const lastDay = new Date(
          Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0),
        ).getUTCDate();
        assert.equal(
          moved,
          `${target.toISOString().slice(0, 8)}${String(Math.min(dd, lastDay)).padStart(2, '0')}`,
        );
      },
    ),
    { numRuns: RUNS },
  );
  assert.equal(addMonths('2026-01-31', 1), '2026-02-28');
  assert.equal(addMonths('2028-01-31', 1), '2028-02-29');
  assert.equal(addDays('2026-12-31', 1), '2027-01-01');
  assert.throws(() => addDays('2026-02-30', 1), /calendar/);
});

test('planFromTerms: amounts are allocate of the ratios, positive, summing exactly; due from the order date', () => {
  let refused = 0;
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 1e12 }),
      day,
      fc.array(step, { minLength: 1, maxLength: 24 }).filter((s) => s.some((x) => x.ratio > 0)),
      (total, orderDate, all) => {
        // Zero-ratio steps (milestones with nothing to pay) make no installment.
        const steps = all.filter((s) => s.ratio > 0);
        const parts = allocate(
          total,
          steps.map((s) => s.ratio),
        );
        const rule = ruleOf(() => planFromTerms(total, 'CNY', orderDate, all));
        if (parts.some((p) => p <= 0)) {
          refused++;
          assert.equal(rule, 'too_small');
          return;
        }
        assert.equal(rule, null);
        const plan = planFromTerms(total, 'CNY', orderDate, all);
        assert.equal(sumOf(plan.map((i) => i.amount)), total);
        assert.deepEqual(
          plan.map((i) => i.amount),
          parts,
        );
        plan.forEach((i, n) => {
          assert.equal(i.seq, n + 1);
          assert.ok(i.amount > 0);
          assert.ok(i.dueDate >= orderDate);
          assert.equal(i.dueDate, addDays(addMonths(orderDate, steps[n]!.months), steps[n]!.days));
        });
        // Deterministic: the same terms give the same plan.
        assert.deepEqual(planFromTerms(total, 'CNY', orderDate, all), plan);
      },
    ),
    { numRuns: RUNS },
  );
  assert.ok(refused < RUNS / 2, 'most generated cases make a plan');
});

test('planFromTerms: 30/40/30 and equal months, to the cent', () => {
  const plan = planFromTerms(1_000_001, 'CNY', '2026-01-31', [
    { ratio: 3000, days: 0, label: '签约' },
    { ratio: 4000, days: 30, label: '到货' },
    { ratio: 3000, days: 90, label: '验收' },
  ]);
  assert.deepEqual(plan, [
    { seq: 1, dueDate: '2026-01-31', amount: 300_000, label: '签约' },
    { seq: 2, dueDate: '2026-03-02', amount: 400_001, label: '到货' },
    { seq: 3, dueDate: '2026-05-01', amount: 300_000, label: '验收' },
  ]);
  const monthly = planFromTerms(
    100_00,
    'CNY',
    '2026-01-31',
    [1, 2, 3].map((months) => ({ ratio: 1, months })),
  );
  assert.deepEqual(
    monthly.map((i) => [i.dueDate, i.amount]),
    [
      ['2026-02-28', 3334],
      ['2026-03-31', 3333],
      ['2026-04-30', 3333],
    ],
  );
  assert.equal(
    ruleOf(() => planFromTerms(2, 'CNY', '2026-01-01', [{ ratio: 1 }, { ratio: 1 }, { ratio: 1 }])),
    'too_small',
  );
  assert.equal(
    ruleOf(() => planFromTerms(0, 'CNY', '2026-01-01', [{ ratio: 1 }])),
    'positive',
  );
  assert.equal(
    ruleOf(() => planFromTerms(100, 'CNY', '2026-01-01', [])),
    'too_small',
  );
});

/** Entries made from a known split: some keep their amount, the others become ratios. */
const entriesCase = fc
  .array(
    fc.record({
      part: fc.integer({ min: 1, max: 1e9 }),
      fixed: fc.boolean(),
      ratio: fc.option(fc.integer({ min: 1, max: 1000 }), { nil: undefined }),
      offset: fc.integer({ min: 0, max: 720 }),
    }),
    { minLength: 1, maxLength: 20 },
  )
  .chain((xs) => fc.tuple(fc.constant(xs), day, fc.integer({ min: -3, max: 3 })));

test('planFromEntries: fixed amounts kept, the rest split by ratio; the plan sums to the total or is refused', () => {
  let made = 0;
  fc.assert(
    fc.property(entriesCase, ([xs, orderDate, skew]) => {
      // A skew makes fully fixed lists miss the total now and then.
      const total = sumOf(xs.map((x) => x.part)) + (xs.every((x) => x.fixed) ? skew : 0);
      const entries = xs.map((x) => ({
        dueDate: addDays(orderDate, x.offset),
        ...(x.fixed ? { amount: x.part } : x.ratio !== undefined ? { ratio: x.ratio } : {}),
      }));
      const rule = ruleOf(() => planFromEntries(total, 'CNY', orderDate, entries));
      if (total <= 0) {
        assert.equal(rule, 'positive');
        return;
      }
      if (xs.every((x) => x.fixed)) {
        assert.equal(rule, skew === 0 ? null : 'sum');
      }
      if (rule !== null) {
        assert.ok(['sum', 'too_small'].includes(rule), rule);
        return;
      }
      made++;
      const plan = planFromEntries(total, 'CNY', orderDate, entries);
      assert.equal(sumOf(plan.map((i) => i.amount)), total);
      plan.forEach((i, n) => {
        assert.ok(i.amount > 0, 'no installment is zero or negative');
        if (xs[n]!.fixed) assert.equal(i.amount, xs[n]!.part);
        assert.equal(i.dueDate, entries[n]!.dueDate);
      });
      // What the ratio entries share is exactly what the fixed ones leave.
      const shared = xs.flatMap((x, n) => (x.fixed ? [] : [n]));
      if (shared.length) {
        const rest = total - sumOf(xs.filter((x) => x.fixed).map((x) => x.part));
        assert.deepEqual(
          shared.map((n) => plan[n]!.amount),
          allocate(
            rest,
            shared.map((n) => xs[n]!.ratio ?? 1),
          ),
        );
      }
    }),
    { numRuns: RUNS },
  );
  assert.ok(made > RUNS / 2, `most generated cases make a plan (${made})`);
});

test('planFromEntries names the entry at fault', () => {
  const e = (over: object) => ({ dueDate: '2026-03-01', ...over });
  assert.equal(
    ruleOf(() => planFromEntries(100, 'CNY', '2026-03-02', [e({})])),
    'min',
  );
  assert.equal(
    ruleOf(() => splitAmounts(100, 'CNY', [{ amount: 60 }, { amount: 50 }])),
    'sum',
  );
  assert.equal(
    ruleOf(() => splitAmounts(100, 'CNY', [{ amount: 100 }, { ratio: 1 }])),
    'sum',
  );
  assert.equal(
    ruleOf(() => splitAmounts(100, 'CNY', [{ amount: 0 }, { ratio: 1 }])),
    'positive',
  );
  assert.equal(
    ruleOf(() => splitAmounts(100, 'CNY', [{ amount: 50, ratio: 1 }])),
    'amount_or_ratio',
  );
  assert.equal(
    ruleOf(() => splitAmounts(3, 'CNY', [{ ratio: 1 }, { ratio: 1000 }])),
    'too_small',
  );
  try {
    splitAmounts(100_00, 'CNY', [{ amount: 60_00 }, { amount: 30_00 }]);
    assert.fail('accepted');
  } catch (err) {
    assert.equal((err as ReceivablesError).field, 'installments');
    assert.match((err as Error).message, /90\.00 CNY.*100\.00 CNY/);
  }
  // Fixed amounts far beyond any total are refused, not summed past the safe integers.
  const huge = Array.from({ length: 20 }, () => ({ amount: 1e15 }));
  assert.equal(
    ruleOf(() => splitAmounts(100, 'CNY', huge)),
    'sum',
  );
  assert.deepEqual(splitAmounts(100, 'CNY', [{ amount: 40 }, {}, { ratio: 2 }]), [40, 20, 40]);
});

test('dates keep years below 100 and past 9999 as they are', () => {
  assert.equal(addDays('0099-12-31', 1), '0100-01-01');
  assert.equal(daysFrom('0001-01-01', '0001-03-01'), 59);
  assert.equal(addMonths('0004-01-31', 1), '0004-02-29');
  assert.equal(addDays('9999-12-31', 1), '10000-01-01');
  assert.equal(addDays('0000-01-01', -1), '-0001-12-31');
});
