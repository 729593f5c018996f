import { z } from 'zod';
import { currencyCode, day, id } from './common.ts';
import { period } from './reports.ts';
import type { AgingBucket } from '../receivables/index.ts';

// Receivables reports: aging, DSO and the per-customer summary the customer card shows. Money in
// minor units of the one currency asked for; "as of" a day (today, UTC, by default), counting the
// receipts dated up to that day.

export const receivablesAgingInput = z.strictObject({
  groupBy: z.enum(['customer', 'owner', 'team']),
  currency: currencyCode.default('CNY'),
  asOf: day.optional(),
});

export const dsoInput = z.strictObject({
  currency: currencyCode.default('CNY'),
  /** Sales are the plans of orders dated in the period; receivables are those outstanding at its end. */
  period,
});

export const receivableSummaryInput = z.strictObject({
  partnerId: id,
  asOf: day.optional(),
});

export type AgingFigures = Record<AgingBucket, number> & {
  /** Everything past due (the four overdue buckets). */
  overdue: number;
  /** Everything still owed. */
  total: number;
  /** Installments with money owed. */
  count: number;
};

export interface AgingRow extends AgingFigures {
  /** The partner, owner (user) or team id; null for installments without a team. */
  groupId: number | null;
  name: string | null;
}

export interface AgingReport {
  asOf: string;
  currency: string;
  groupBy: 'customer' | 'owner' | 'team';
  /** Largest total first. */
  rows: AgingRow[];
  totals: AgingFigures;
}

export interface DsoReport {
  currency: string;
  from: string;
  to: string;
  days: number;
  /** Plan totals of orders dated in the period. */
  sales: number;
  /** Owed at the end of the period, on orders dated up to it. */
  receivables: number;
  /** receivables / sales × days, to one decimal; null without sales. */
  dso: number | null;
}

export interface ReceivableNext {
  installmentId: number;
  orderId: number;
  dueDate: string;
  outstanding: number;
}

export interface ReceivableCurrency {
  currency: string;
  /** Everything still owed. */
  open: number;
  overdue: number;
  overdueCount: number;
  /** Receipts not yet applied (预收). */
  onAccount: number;
  /** The earliest unpaid installment (overdue ones first, being the earliest). */
  next: ReceivableNext | null;
}

export interface ReceivableSummary {
  partnerId: number;
  asOf: string;
  currencies: ReceivableCurrency[];
}
