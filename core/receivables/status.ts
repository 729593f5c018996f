// What an installment's state is on a given day, derived from its due date and what has been
// received against it. Only open / partly_paid / paid are stored; overdue is always derived, so it
// can never go stale.
import { daysFrom } from './dates.ts';

export const STORED_STATUSES = ['open', 'partly_paid', 'paid'] as const;
export type StoredStatus = (typeof STORED_STATUSES)[number];
export const INSTALLMENT_STATUSES = ['open', 'partly_paid', 'paid', 'overdue'] as const;
export type InstallmentStatus = (typeof INSTALLMENT_STATUSES)[number];

export interface InstallmentFigures {
  dueDate: string;
  amount: number;
  paidAmount: number;
}

/** The status kept in the database: what has been paid, regardless of the day. */
export function storedStatus(amount: number, paidAmount: number): StoredStatus {
  if (paidAmount >= amount) return 'paid';
  return paidAmount > 0 ? 'partly_paid' : 'open';
}

export const outstandingOf = (i: InstallmentFigures) => Math.max(0, i.amount - i.paidAmount);

/** Days past the due date on `asOf`: 0 until the due day has passed, or when nothing is owed. */
export function daysOverdue(i: InstallmentFigures, asOf: string): number {
  if (outstandingOf(i) === 0) return 0;
  return Math.max(0, daysFrom(i.dueDate, asOf));
}

/** paid, else overdue once the due day has passed with money still owed, else partly paid or open. */
export function installmentStatus(i: InstallmentFigures, asOf: string): InstallmentStatus {
  if (outstandingOf(i) === 0) return 'paid';
  if (daysOverdue(i, asOf) > 0) return 'overdue';
  return i.paidAmount > 0 ? 'partly_paid' : 'open';
}

/**
 * Aging buckets by days past due (账龄): not yet overdue, then 1–30 ("0-30"), 31–60, 61–90 and
 * more than 90 days overdue.
 */
export const AGING_BUCKETS = ['current', 'd0_30', 'd31_60', 'd61_90', 'd90_plus'] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];

export function agingBucket(overdueDays: number): AgingBucket {
  if (overdueDays <= 0) return 'current';
  if (overdueDays <= 30) return 'd0_30';
  if (overdueDays <= 60) return 'd31_60';
  if (overdueDays <= 90) return 'd61_90';
  return 'd90_plus';
}
