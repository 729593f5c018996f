import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { addDays } from './dates.ts';
import { agingBucket, daysOverdue, installmentStatus, storedStatus } from './status.ts';

const RUNS = 10_000;

test('status: paid when nothing is owed, overdue once the due day has passed, else by what was paid', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 1e9 }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.integer({ min: -400, max: 400 }),
      (amount, share, late) => {
        const paidAmount = Math.floor(amount * share);
        const i = { amount, paidAmount, dueDate: '2026-06-15' };
        const asOf = addDays(i.dueDate, late);
        const status = installmentStatus(i, asOf);
        const stored = storedStatus(amount, paidAmount);
        if (paidAmount === amount) {
          assert.equal(status, 'paid');
          assert.equal(daysOverdue(i, asOf), 0);
        } else if (late > 0) {
          assert.equal(status, 'overdue');
          assert.equal(daysOverdue(i, asOf), late);
        } else {
          assert.equal(status, stored);
          assert.equal(daysOverdue(i, asOf), 0);
        }
        assert.equal(
          stored,
          paidAmount === 0 ? 'open' : paidAmount === amount ? 'paid' : 'partly_paid',
        );
      },
    ),
    { numRuns: RUNS },
  );
});

test('aging buckets: due today is current; 1–30 days late is 0-30; >90 beyond', () => {
  assert.deepEqual([-5, 0, 1, 30, 31, 60, 61, 90, 91, 400].map(agingBucket), [
    'current',
    'current',
    'd0_30',
    'd0_30',
    'd31_60',
    'd31_60',
    'd61_90',
    'd61_90',
    'd90_plus',
    'd90_plus',
  ]);
});
