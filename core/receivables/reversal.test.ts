import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { allocateOldestFirst } from './allocation.ts';
import { ReceivablesError } from './errors.ts';
import { reverseAllocations, totalsByInstallment } from './reversal.ts';
import { storedStatus } from './status.ts';

const installments = fc
  .array(
    fc
      .record({
        amount: fc.integer({ min: 1, max: 1e9 }),
        paidShare: fc.double({ min: 0, max: 1 }),
      })
      .map(({ amount, paidShare }) => ({
        amount,
        paidAmount: Math.min(
          amount,
          Math.floor(amount * (Number.isNaN(paidShare) ? 0 : paidShare)),
        ),
      })),
    { minLength: 1, maxLength: 12 },
  )
  .map((xs) => xs.map((x, n) => ({ ...x, id: n + 1 })));

test('taking back what a receipt applied restores every installment exactly', () => {
  fc.assert(
    fc.property(installments, fc.integer({ min: 1, max: 2e10 }), (before, amount) => {
      const open = before
        .filter((i) => i.paidAmount < i.amount)
        .map((i) => ({
          id: i.id,
          planId: 1,
          seq: i.id,
          dueDate: '2026-01-01',
          outstanding: i.amount - i.paidAmount,
        }));
      const applied = allocateOldestFirst(amount, open);
      const after = before.map((i) => {
        const a = applied.allocations.find((x) => x.installmentId === i.id);
        return a ? { ...i, paidAmount: i.paidAmount + a.amount } : i;
      });
      const reversed = reverseAllocations(applied.allocations, after);
      for (const r of reversed) {
        const original = before.find((i) => i.id === r.installmentId)!;
        assert.equal(r.paidAmount, original.paidAmount);
        assert.equal(r.status, storedStatus(original.amount, original.paidAmount));
      }
      const back = reversed.reduce((s, r) => s + r.removed, 0);
      assert.equal(back + applied.unallocated, amount);
    }),
    { numRuns: 2_000 },
  );
});

test('allocations to one installment are taken back together', () => {
  assert.deepEqual(
    totalsByInstallment([
      { installmentId: 2, amount: 5 },
      { installmentId: 1, amount: 3 },
      { installmentId: 2, amount: 7 },
    ]),
    [
      { installmentId: 2, amount: 12 },
      { installmentId: 1, amount: 3 },
    ],
  );
  assert.deepEqual(
    reverseAllocations(
      [
        { installmentId: 1, amount: 40 },
        { installmentId: 1, amount: 60 },
      ],
      [{ id: 1, amount: 300, paidAmount: 300 }],
    ),
    [{ installmentId: 1, removed: 100, paidAmount: 200, status: 'partly_paid' }],
  );
});

test('never takes back more than an installment holds as paid, nor from an unknown one', () => {
  const refusal = (field: string, rule: string) => (e: unknown) =>
    e instanceof ReceivablesError && e.field === field && e.rule === rule;
  assert.throws(
    () =>
      reverseAllocations(
        [{ installmentId: 1, amount: 101 }],
        [{ id: 1, amount: 200, paidAmount: 100 }],
      ),
    refusal('allocations', 'paid'),
  );
  assert.throws(
    () =>
      reverseAllocations(
        [{ installmentId: 9, amount: 1 }],
        [{ id: 1, amount: 200, paidAmount: 100 }],
      ),
    refusal('installmentId', 'exists'),
  );
  assert.throws(
    () =>
      reverseAllocations(
        [{ installmentId: 1, amount: 0 }],
        [{ id: 1, amount: 200, paidAmount: 100 }],
      ),
    refusal('allocations', 'positive'),
  );
  assert.deepEqual(
    reverseAllocations(
      [{ installmentId: 1, amount: 100 }],
      [{ id: 1, amount: 200, paidAmount: 100 }],
    ),
    [{ installmentId: 1, removed: 100, paidAmount: 0, status: 'open' }],
  );
});
