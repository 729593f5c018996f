// Applying a receipt (收款单) to installments: to the ones the user chose, or oldest-first (by due
// date). Whatever is not applied stays on the receipt as on account (预收), allocatable later.
import { ReceivablesError } from './errors.ts';
import { showMoney } from './plan.ts';

/** An installment that can still take money: same partner and currency as the receipt. */
export interface OpenInstallment {
  id: number;
  planId: number;
  seq: number;
  dueDate: string;
  outstanding: number;
}

export interface Allocation {
  installmentId: number;
  amount: number;
}

export interface AllocationResult {
  allocations: Allocation[];
  /** What is left on the receipt, on account. */
  unallocated: number;
}

/** Oldest first: by due date, then plan, then position in the plan. */
export function oldestFirst(a: OpenInstallment, b: OpenInstallment): number {
  if (a.dueDate !== b.dueDate) return a.dueDate < b.dueDate ? -1 : 1;
  return a.planId - b.planId || a.seq - b.seq || a.id - b.id;
}

/** Pays installments off in due-date order until the amount runs out. */
export function allocateOldestFirst(
  amount: number,
  open: readonly OpenInstallment[],
): AllocationResult {
  const allocations: Allocation[] = [];
  let left = amount;
  for (const i of [...open].sort(oldestFirst)) {
    if (left <= 0) break;
    if (i.outstanding <= 0) continue;
    const take = Math.min(left, i.outstanding);
    allocations.push({ installmentId: i.id, amount: take });
    left -= take;
  }
  return { allocations, unallocated: left };
}

/**
 * Allocations the user chose: each to an installment that can take money, positive, no more than
 * it still owes, each installment once, and together no more than `available`.
 */
export function checkAllocations(
  available: number,
  currency: string,
  requested: readonly Allocation[],
  open: readonly OpenInstallment[],
): AllocationResult {
  const byId = new Map(open.map((i) => [i.id, i]));
  const seen = new Set<number>();
  let total = 0;
  requested.forEach((a, n) => {
    const at = `allocations.${n}`;
    const target = byId.get(a.installmentId);
    if (!target) {
      throw new ReceivablesError(
        `${at}.installmentId`,
        'exists',
        "is not an open installment of this receipt's partner in its currency",
      );
    }
    if (seen.has(a.installmentId)) {
      throw new ReceivablesError(`${at}.installmentId`, 'unique', 'is listed twice');
    }
    seen.add(a.installmentId);
    if (!Number.isSafeInteger(a.amount) || a.amount <= 0) {
      throw new ReceivablesError(`${at}.amount`, 'positive', 'must be positive');
    }
    if (a.amount > target.outstanding) {
      throw new ReceivablesError(
        `${at}.amount`,
        'max',
        `is more than the ${showMoney(target.outstanding, currency)} still owed on installment ${target.seq}`,
      );
    }
    total += a.amount;
    if (total > available) {
      throw new ReceivablesError(
        'allocations',
        'max',
        `the allocations exceed what the receipt has left to allocate (${showMoney(available, currency)})`,
      );
    }
  });
  return { allocations: [...requested], unallocated: available - total };
}
