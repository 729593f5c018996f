import { z } from 'zod';
import { day, id, idempotencyKey, listInput, optionalText, version } from './common.ts';
import type { Stamped } from './common.ts';
import type { InstallmentStatus, StoredStatus } from '../receivables/index.ts';

// Payment plans (回款计划) and their installments. Money in minor units of the plan's currency
// (the order's); days are `YYYY-MM-DD`. The rules (generation, re-split, locks, status) are the
// pure functions in core/receivables/, so a component can check an edit before sending it.

const positiveAmount = z.number().int().min(1).max(1e15);

/** An installment as a client lists it: a fixed amount, or a ratio of what the fixed ones leave. */
export const installmentEntryInput = z
  .strictObject({
    dueDate: day,
    /** Minor units. Without it (and without a ratio) the installment takes an equal share. */
    amount: positiveAmount.optional(),
    /** A weight for splitting what the fixed amounts leave (allocate); 1 when absent. */
    ratio: z.number().int().min(1).max(1_000_000).optional(),
    label: optionalText(100),
  })
  .refine((e) => e.amount === undefined || e.ratio === undefined, {
    message: 'give an amount or a ratio, not both',
    path: ['ratio'],
  });

export const paymentPlanGenerateInput = z
  .strictObject({
    /** An approved order without a live plan. */
    orderId: id,
    /** Payment terms to split by; without terms or installments, the default terms (or one installment due on the order date). */
    termsId: id.optional(),
    installments: z.array(installmentEntryInput).min(1).max(120).optional(),
    idempotencyKey: idempotencyKey.optional(),
  })
  .refine((g) => g.termsId === undefined || g.installments === undefined, {
    message: 'give termsId or installments, not both',
    path: ['installments'],
  });

export const paymentPlanGetInput = z
  .strictObject({
    id: id.optional(),
    orderId: id.optional(),
    /** The day installment status is derived for (overdue or not); today when absent. */
    asOf: day.optional(),
  })
  .refine((g) => (g.id === undefined) !== (g.orderId === undefined), {
    message: 'give id or orderId',
    path: ['id'],
  });

/** The whole edited list; `id` keeps an installment, a missing unpaid one is removed. */
export const paymentPlanUpdateInput = z.strictObject({
  id,
  version,
  installments: z
    .array(
      z
        .strictObject({
          id: id.optional(),
          dueDate: day,
          amount: positiveAmount.optional(),
          ratio: z.number().int().min(1).max(1_000_000).optional(),
          label: optionalText(100),
        })
        .refine((e) => e.amount === undefined || e.ratio === undefined, {
          message: 'give an amount or a ratio, not both',
          path: ['ratio'],
        }),
    )
    .min(1)
    .max(120),
});

/** Reminders: unpaid installments due within the next `days` days (from `asOf`, today by default). */
export const installmentsDueInput = listInput.extend({
  days: z.number().int().min(0).max(366).default(7),
  /** One owner's reminders (within the caller's scope); everyone in scope when absent. */
  ownerId: id.optional(),
  partnerId: id.optional(),
  asOf: day.optional(),
});

/** Reminders: installments past their due date with money still owed. */
export const installmentsOverdueInput = listInput.extend({
  ownerId: id.optional(),
  partnerId: id.optional(),
  /** Only those at least this many days past due. */
  minDays: z.number().int().min(1).max(3650).default(1),
  asOf: day.optional(),
});

export interface InstallmentAllocation {
  receiptId: number;
  receiptNumber: string;
  receiptDate: string;
  amount: number;
}

export interface Installment extends Stamped {
  planId: number;
  orderId: number;
  partnerId: number;
  ownerId: number;
  teamId: number | null;
  seq: number;
  label: string | null;
  dueDate: string;
  currency: string;
  amount: number;
  paidAmount: number;
  outstanding: number;
  /** What the database keeps: what has been paid. */
  paidState: StoredStatus;
  /** On the day asked (today by default): open, partly_paid, paid or overdue. */
  status: InstallmentStatus;
  daysOverdue: number;
  lastPaidAt: string | null;
  /** Paid or partly paid: amount and due date can no longer change. */
  locked: boolean;
}

export interface PaymentPlan extends Stamped {
  orderId: number;
  orderNumber: string;
  orderDate: string;
  partnerId: number;
  partnerName: string;
  ownerId: number;
  teamId: number | null;
  paymentTermsId: number | null;
  currency: string;
  total: number;
  paid: number;
  outstanding: number;
  asOf: string;
  installments: (Installment & { allocations: InstallmentAllocation[] })[];
}

/** One line of a reminder list. */
export interface InstallmentReminder extends Installment {
  orderNumber: string;
  partnerName: string;
  ownerName: string;
}

export interface ReminderOwnerTotal {
  ownerId: number;
  ownerName: string;
  currency: string;
  count: number;
  outstanding: number;
}

export interface ReminderList {
  asOf: string;
  items: InstallmentReminder[];
  nextCursor: string | null;
  total: number;
  /** Per owner and currency, over every matching installment (not just this page). */
  byOwner: ReminderOwnerTotal[];
}
