// Editing a payment plan: unpaid installments may be moved, changed, added, removed or re-split
// as long as the plan still sums to its total; paid and partly paid ones are locked (Lingdang:
// 已收 and 部分已收 can no longer be changed or deleted).
import { assertDueDate, splitAmounts, type InstallmentEntry } from './plan.ts';
import { ReceivablesError } from './errors.ts';

export interface StoredInstallment {
  id: number;
  seq: number;
  dueDate: string;
  amount: number;
  paidAmount: number;
  label: string | null;
}

/** An entry of the edited plan: `id` keeps an existing installment, no id adds one. */
export interface ResplitEntry extends InstallmentEntry {
  id?: number;
}

export interface ResplitInstallment {
  /** null for a new installment. */
  id: number | null;
  seq: number;
  dueDate: string;
  amount: number;
  label: string | null;
}

export interface ResplitResult {
  installments: ResplitInstallment[];
  /** Unpaid installments the edit leaves out. */
  removed: number[];
}

/** Money has been received against it: it can no longer change. */
export const isLocked = (i: Pick<StoredInstallment, 'paidAmount'>) => i.paidAmount > 0;

function describe(i: StoredInstallment): string {
  return `installment ${i.seq}${i.label ? ` (${i.label})` : ''}`;
}

function assertUnchanged(entry: ResplitEntry, stored: StoredInstallment, at: string): void {
  const refuse = (field: string) =>
    new ReceivablesError(
      `${at}.${field}`,
      'locked',
      `${describe(stored)} is paid or partly paid and can no longer be changed`,
    );
  if (entry.ratio !== undefined) throw refuse('ratio');
  if (entry.amount !== undefined && entry.amount !== stored.amount) throw refuse('amount');
  if (entry.dueDate !== stored.dueDate) throw refuse('dueDate');
  if (entry.label !== undefined && (entry.label ?? null) !== stored.label) throw refuse('label');
}

/**
 * The plan after an edit, in the order listed (which becomes `seq`). Locked installments must be
 * listed unchanged (their amounts count as fixed); the unpaid rest is split by `splitAmounts`.
 */
export function resplitPlan(
  total: number,
  currency: string,
  orderDate: string,
  current: readonly StoredInstallment[],
  entries: readonly ResplitEntry[],
): ResplitResult {
  const byId = new Map(current.map((i) => [i.id, i]));
  const listed = new Set<number>();
  entries.forEach((e, n) => {
    if (e.id === undefined) return;
    if (!byId.has(e.id)) {
      throw new ReceivablesError(
        `installments.${n}.id`,
        'exists',
        'is not an installment of this plan',
      );
    }
    if (listed.has(e.id)) {
      throw new ReceivablesError(`installments.${n}.id`, 'unique', 'is listed twice');
    }
    listed.add(e.id);
  });
  for (const i of current) {
    if (isLocked(i) && !listed.has(i.id)) {
      throw new ReceivablesError(
        'installments',
        'locked',
        `${describe(i)} is paid or partly paid and cannot be removed`,
      );
    }
  }
  const split = entries.map((e, n) => {
    const stored = e.id === undefined ? undefined : byId.get(e.id);
    if (stored && isLocked(stored)) {
      assertUnchanged(e, stored, `installments.${n}`);
      return { amount: stored.amount };
    }
    assertDueDate(orderDate, e.dueDate, `installments.${n}.dueDate`);
    return { amount: e.amount, ratio: e.ratio };
  });
  const amounts = splitAmounts(total, currency, split);
  return {
    installments: entries.map((e, n) => {
      const stored = e.id === undefined ? undefined : byId.get(e.id);
      return {
        id: e.id ?? null,
        seq: n + 1,
        dueDate: e.dueDate,
        amount: amounts[n]!,
        label: e.label === undefined ? (stored?.label ?? null) : e.label,
      };
    }),
    removed: current.filter((i) => !listed.has(i.id)).map((i) => i.id),
  };
}
