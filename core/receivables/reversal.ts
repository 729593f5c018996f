// Taking money back off installments (反核销): when a receipt is voided (作废) or one of its
// allocations is removed, each installment it paid gives back exactly what that receipt applied,
// and its stored status follows from what is left by the same rule that set it (storedStatus).
import { ReceivablesError } from './errors.ts';
import { storedStatus, type StoredStatus } from './status.ts';
import type { Allocation } from './allocation.ts';

export interface PaidInstallment {
  id: number;
  amount: number;
  paidAmount: number;
}

export interface Reversed {
  installmentId: number;
  /** What the installment gives back. */
  removed: number;
  paidAmount: number;
  status: StoredStatus;
}

/** One total per installment, in the order first met (a receipt may pay an installment twice). */
export function totalsByInstallment(allocations: readonly Allocation[]): Allocation[] {
  const totals = new Map<number, number>();
  for (const a of allocations) {
    totals.set(a.installmentId, (totals.get(a.installmentId) ?? 0) + a.amount);
  }
  return [...totals].map(([installmentId, amount]) => ({ installmentId, amount }));
}

/**
 * What each installment's paid amount and status become once `allocations` are taken back. Every
 * allocation must be positive, name a known installment and never take back more than it holds
 * as paid (the books would otherwise be broken: `allocations` rule `paid`).
 */
export function reverseAllocations(
  allocations: readonly Allocation[],
  installments: readonly PaidInstallment[],
): Reversed[] {
  const byId = new Map(installments.map((i) => [i.id, i]));
  return totalsByInstallment(allocations).map((a) => {
    const i = byId.get(a.installmentId);
    if (!i) {
      throw new ReceivablesError(
        'installmentId',
        'exists',
        `installment ${a.installmentId} is unknown`,
      );
    }
    if (!Number.isSafeInteger(a.amount) || a.amount <= 0) {
      throw new ReceivablesError('allocations', 'positive', 'an allocation must be positive');
    }
    if (a.amount > i.paidAmount) {
      throw new ReceivablesError(
        'allocations',
        'paid',
        `installment ${i.id} holds ${i.paidAmount} as paid, less than the ${a.amount} to take back`,
      );
    }
    const paidAmount = i.paidAmount - a.amount;
    return {
      installmentId: i.id,
      removed: a.amount,
      paidAmount,
      status: storedStatus(i.amount, paidAmount),
    };
  });
}
