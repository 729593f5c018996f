import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { addDays } from './dates.ts';
import { ReceivablesError } from './errors.ts';
import { isLocked, resplitPlan, type ResplitEntry, type StoredInstallment } from './resplit.ts';

const RUNS = 10_000;
const ORDER_DATE = '2026-03-01';
const sumOf = (xs: number[]) => xs.reduce((a, x) => a + x, 0);

function ruleOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (err) {
    assert.ok(err instanceof ReceivablesError, String(err));
    return err.rule;
  }
}

/** A stored plan: amounts, some installments paid in part or in full. */
const storedPlan = fc
  .array(
    fc.record({
      amount: fc.integer({ min: 1, max: 1e9 }),
      paidShare: fc.oneof(
        fc.constant(0),
        fc.constant(0),
        fc.double({ min: 0, max: 1, noNaN: true }),
      ),
      offset: fc.integer({ min: 0, max: 400 }),
      label: fc.option(fc.constantFrom('签约', '到货', '验收'), { nil: null }),
    }),
    { minLength: 1, maxLength: 12 },
  )
  .map((xs) =>
    xs.map((x, n): StoredInstallment => ({
      id: 100 + n,
      seq: n + 1,
      dueDate: addDays(ORDER_DATE, x.offset),
      amount: x.amount,
      paidAmount: Math.min(x.amount, Math.ceil(x.amount * x.paidShare)),
      label: x.label,
    })),
  );

/** An edit of that plan: locked ones listed unchanged, unpaid ones kept, changed or dropped, new ones added. */
const editCase = storedPlan.chain((current) =>
  fc.tuple(
    fc.constant(current),
    fc.array(
      fc.record({
        keep: fc.boolean(),
        how: fc.constantFrom('ratio', 'ratio', 'amount', 'none'),
        ratio: fc.integer({ min: 1, max: 100 }),
        offset: fc.integer({ min: 0, max: 400 }),
      }),
      { minLength: current.length, maxLength: current.length },
    ),
    fc.array(
      fc.record({
        ratio: fc.integer({ min: 1, max: 100 }),
        offset: fc.integer({ min: 0, max: 400 }),
      }),
      { maxLength: 4 },
    ),
    fc.integer({ min: 0, max: 1000 }),
  ),
);

test('resplitPlan: locked installments unchanged, the plan still sums to its total, no part ≤ 0', () => {
  let made = 0;
  fc.assert(
    fc.property(editCase, ([current, edits, added, order]) => {
      const total = sumOf(current.map((i) => i.amount));
      const entries: ResplitEntry[] = [];
      current.forEach((i, n) => {
        const e = edits[n]!;
        if (isLocked(i)) entries.push({ id: i.id, dueDate: i.dueDate, amount: i.amount });
        else if (e.keep) {
          const dueDate = addDays(ORDER_DATE, e.offset);
          if (e.how === 'ratio') entries.push({ id: i.id, dueDate, ratio: e.ratio });
          else if (e.how === 'amount') entries.push({ id: i.id, dueDate, amount: i.amount });
          else entries.push({ id: i.id, dueDate });
        }
      });
      for (const a of added)
        entries.push({ dueDate: addDays(ORDER_DATE, a.offset), ratio: a.ratio });
      // Any order of the list is allowed: it becomes the installments' positions.
      const rotated = entries.map((_, n) => entries[(n + order) % entries.length]!);
      const rule = ruleOf(() => resplitPlan(total, 'CNY', ORDER_DATE, current, rotated));
      if (rule !== null) {
        assert.ok(['sum', 'too_small'].includes(rule), rule);
        return;
      }
      made++;
      const result = resplitPlan(total, 'CNY', ORDER_DATE, current, rotated);
      assert.equal(sumOf(result.installments.map((i) => i.amount)), total);
      result.installments.forEach((i, n) => {
        assert.ok(i.amount > 0);
        assert.equal(i.seq, n + 1);
      });
      for (const stored of current) {
        const after = result.installments.find((i) => i.id === stored.id);
        if (isLocked(stored)) {
          assert.ok(after, 'a locked installment is never removed');
          assert.deepEqual(
            [after.amount, after.dueDate, after.label],
            [stored.amount, stored.dueDate, stored.label],
          );
          assert.ok(!result.removed.includes(stored.id));
        } else {
          assert.equal(after === undefined, result.removed.includes(stored.id));
        }
      }
      assert.equal(result.installments.filter((i) => i.id === null).length, added.length);
    }),
    { numRuns: RUNS },
  );
  assert.ok(made > RUNS / 2, `most generated edits are valid (${made})`);
});

test('resplitPlan: a locked installment can be neither removed nor changed', () => {
  const current: StoredInstallment[] = [
    { id: 1, seq: 1, dueDate: '2026-03-01', amount: 3000, paidAmount: 3000, label: '签约' },
    { id: 2, seq: 2, dueDate: '2026-04-01', amount: 4000, paidAmount: 100, label: null },
    { id: 3, seq: 3, dueDate: '2026-06-01', amount: 3000, paidAmount: 0, label: null },
  ];
  const locked = [
    { id: 1, dueDate: '2026-03-01' },
    { id: 2, dueDate: '2026-04-01' },
  ];
  const fieldOf = (entries: ResplitEntry[]) => {
    try {
      resplitPlan(10_000, 'CNY', ORDER_DATE, current, entries);
      return null;
    } catch (err) {
      return `${(err as ReceivablesError).field} ${(err as ReceivablesError).rule}`;
    }
  };
  assert.equal(fieldOf([locked[0]!, { id: 3, dueDate: '2026-06-01' }]), 'installments locked');
  assert.equal(
    fieldOf([locked[0]!, { ...locked[1]!, amount: 4001 }, { id: 3, dueDate: '2026-06-01' }]),
    'installments.1.amount locked',
  );
  assert.equal(
    fieldOf([
      locked[0]!,
      { ...locked[1]!, dueDate: '2026-05-01' },
      { id: 3, dueDate: '2026-06-01' },
    ]),
    'installments.1.dueDate locked',
  );
  assert.equal(
    fieldOf([{ ...locked[0]!, ratio: 1 }, locked[1]!, { id: 3, dueDate: '2026-06-01' }]),
    'installments.0.ratio locked',
  );
  assert.equal(
    fieldOf([{ ...locked[0]!, label: '尾款' }, locked[1]!, { id: 3, dueDate: '2026-06-01' }]),
    'installments.0.label locked',
  );
  assert.equal(fieldOf([...locked, { id: 9, dueDate: '2026-06-01' }]), 'installments.2.id exists');
  assert.equal(
    fieldOf([...locked, { id: 3, dueDate: '2026-06-01' }, { id: 3, dueDate: '2026-07-01' }]),
    'installments.3.id unique',
  );
  assert.equal(fieldOf([...locked, { dueDate: '2026-02-01' }]), 'installments.2.dueDate min');
  assert.equal(
    fieldOf([...locked, { id: 3, dueDate: '2026-06-01', amount: 2999 }]),
    'installments sum',
  );
  // The unpaid 30.00 split in two: one row kept with its id, one added; the paid ones as they were.
  const result = resplitPlan(10_000, 'CNY', ORDER_DATE, current, [
    ...locked,
    { id: 3, dueDate: '2026-06-01', ratio: 2 },
    { dueDate: '2026-07-01', ratio: 1, label: '尾款' },
  ]);
  assert.deepEqual(result, {
    installments: [
      { id: 1, seq: 1, dueDate: '2026-03-01', amount: 3000, label: '签约' },
      { id: 2, seq: 2, dueDate: '2026-04-01', amount: 4000, label: null },
      { id: 3, seq: 3, dueDate: '2026-06-01', amount: 2000, label: null },
      { id: null, seq: 4, dueDate: '2026-07-01', amount: 1000, label: '尾款' },
    ],
    removed: [],
  });
});
