import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { addDays } from './dates.ts';
import { ReceivablesError } from './errors.ts';
import {
  allocateOldestFirst,
  checkAllocations,
  oldestFirst,
  type OpenInstallment,
} from './allocation.ts';

const RUNS = 10_000;
const sumOf = (xs: number[]) => xs.reduce((a, x) => a + x, 0);

const openInstallments = fc
  .array(
    fc.record({
      planId: fc.integer({ min: 1, max: 4 }),
      offset: fc.integer({ min: 0, max: 200 }),
      outstanding: fc.integer({ min: 0, max: 1e8 }),
    }),
    { maxLength: 15 },
  )
  .map((xs) =>
    xs.map((x, n): OpenInstallment => ({
      id: n + 1,
      planId: x.planId,
      seq: n + 1,
      dueDate: addDays('2026-01-01', x.offset),
      outstanding: x.outstanding,
    })),
  );

test('allocateOldestFirst: every unit goes somewhere, oldest first, never beyond what is owed', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 1e9 }), openInstallments, (amount, open) => {
      const { allocations, unallocated } = allocateOldestFirst(amount, open);
      assert.equal(sumOf(allocations.map((a) => a.amount)) + unallocated, amount);
      assert.ok(unallocated >= 0);
      const owed = sumOf(open.map((i) => i.outstanding));
      assert.equal(
        unallocated,
        Math.max(0, amount - owed),
        'only what no installment owes goes on account',
      );
      const byId = new Map(open.map((i) => [i.id, i]));
      for (const a of allocations) {
        assert.ok(a.amount > 0);
        assert.ok(a.amount <= byId.get(a.installmentId)!.outstanding);
      }
      // Oldest first: every installment older than the last one paid is paid in full.
      const ordered = [...open].sort(oldestFirst).filter((i) => i.outstanding > 0);
      const last = allocations.at(-1);
      if (last) {
        const lastIndex = ordered.findIndex((i) => i.id === last.installmentId);
        assert.deepEqual(
          allocations.map((a) => a.installmentId),
          ordered.slice(0, lastIndex + 1).map((i) => i.id),
        );
        for (const [n, a] of allocations.entries()) {
          if (n < allocations.length - 1)
            assert.equal(a.amount, byId.get(a.installmentId)!.outstanding);
        }
      }
    }),
    { numRuns: RUNS },
  );
});

test('checkAllocations: chosen allocations within what is owed and available pass; the rest stays on account', () => {
  fc.assert(
    fc.property(
      openInstallments.filter((o) => o.some((i) => i.outstanding > 0)),
      fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 15, maxLength: 15 }),
      fc.integer({ min: 0, max: 1e9 }),
      (open, shares, spare) => {
        const requested = open
          .filter((i) => i.outstanding > 0)
          .map((i) => ({
            installmentId: i.id,
            amount: Math.max(1, Math.floor(i.outstanding * shares[i.id - 1]!)),
          }));
        const available = sumOf(requested.map((a) => a.amount)) + spare;
        const result = checkAllocations(available, 'CNY', requested, open);
        assert.equal(result.unallocated, spare);
        assert.equal(
          sumOf(result.allocations.map((a) => a.amount)) + result.unallocated,
          available,
        );
        if (requested.length) {
          assert.throws(
            () => checkAllocations(available - spare - 1, 'CNY', requested, open),
            ReceivablesError,
          );
        }
      },
    ),
    { numRuns: RUNS },
  );
});

test('checkAllocations names the allocation at fault', () => {
  const open: OpenInstallment[] = [
    { id: 1, planId: 1, seq: 1, dueDate: '2026-01-01', outstanding: 500 },
    { id: 2, planId: 1, seq: 2, dueDate: '2026-02-01', outstanding: 700 },
  ];
  const fieldOf = (available: number, requested: { installmentId: number; amount: number }[]) => {
    try {
      checkAllocations(available, 'CNY', requested, open);
      return null;
    } catch (err) {
      return `${(err as ReceivablesError).field} ${(err as ReceivablesError).rule}`;
    }
  };
  assert.equal(
    fieldOf(1000, [{ installmentId: 3, amount: 1 }]),
    'allocations.0.installmentId exists',
  );
  assert.equal(
    fieldOf(1000, [
      { installmentId: 1, amount: 1 },
      { installmentId: 1, amount: 1 },
    ]),
    'allocations.1.installmentId unique',
  );
  assert.equal(fieldOf(1000, [{ installmentId: 1, amount: 0 }]), 'allocations.0.amount positive');
  assert.equal(fieldOf(1000, [{ installmentId: 1, amount: 501 }]), 'allocations.0.amount max');
  assert.equal(
    fieldOf(1000, [
      { installmentId: 1, amount: 500 },
      { installmentId: 2, amount: 501 },
    ]),
    'allocations max',
  );
  const many = Array.from({ length: 20 }, () => ({ installmentId: 1, amount: 1 }));
  assert.equal(fieldOf(10, many), 'allocations.1.installmentId unique');
  assert.deepEqual(allocateOldestFirst(1500, [open[1]!, open[0]!]), {
    allocations: [
      { installmentId: 1, amount: 500 },
      { installmentId: 2, amount: 700 },
    ],
    unallocated: 300,
  });
});
