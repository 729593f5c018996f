import { z } from 'zod';
import {
  currencyCode,
  day,
  id,
  idempotencyKey,
  listInput,
  optionalText,
  text,
  version,
} from './common.ts';
import type { Stamped } from './common.ts';

// Receipts (收款单): money received from a customer, applied to installments (chosen ones, or
// oldest-first) with whatever is left kept on account (预收) until it is allocated later.

export const RECEIPT_METHODS = ['bank_transfer', 'cash', 'cheque', 'card', 'other'] as const;
export type ReceiptMethod = (typeof RECEIPT_METHODS)[number];

/** The most receipts one recordBatch call takes (a large day's bank statement). */
export const MAX_BATCH_RECEIPTS = 10_000;

export const allocationInput = z.strictObject({
  installmentId: id,
  amount: z.number().int().min(1).max(1e15),
});

/**
 * How a receipt is applied: to the installments listed, oldest-first over the partner's unpaid
 * installments in the receipt's currency, or not at all (kept on account).
 */
export const allocationChoice = z.union([
  z.literal('oldest-first'),
  z.literal('none'),
  z.array(allocationInput).min(1).max(500),
]);

export const receiptInput = z.strictObject({
  partnerId: id,
  /** The day the money arrived. */
  date: day,
  amount: z.number().int().min(1).max(1e15),
  currency: currencyCode,
  method: z.enum(RECEIPT_METHODS),
  /** The bank's reference. */
  reference: optionalText(100),
  /** Required: a retry with the same key returns the same receipt and never records a second. Stored on the receipt (at most 100 characters). */
  idempotencyKey: idempotencyKey.max(100),
  allocations: allocationChoice.default('oldest-first'),
  note: optionalText(2000),
});
export type ReceiptInput = z.infer<typeof receiptInput>;

export const receiptBatchInput = z.strictObject({
  /** Stored on every receipt of the batch (e.g. the statement's name). */
  batchId: z.string().trim().min(1).max(100).optional(),
  /** All or nothing: one bad row refuses the whole batch and records none. */
  atomic: z.boolean().default(false),
  receipts: z.array(receiptInput).min(1).max(MAX_BATCH_RECEIPTS),
});

/** Applies what a receipt still has on account. */
export const receiptAllocateInput = z.strictObject({
  receiptId: id,
  version,
  allocations: z.union([z.literal('oldest-first'), z.array(allocationInput).min(1).max(500)]),
});

/** A receipt is live (`active`) until finance voids it (作废); a voided receipt counts nowhere. */
export const RECEIPT_STATUSES = ['active', 'voided'] as const;
export type ReceiptStatus = (typeof RECEIPT_STATUSES)[number];

/** The longest reason a void takes. */
export const MAX_VOID_REASON = 500;

/**
 * Voids a receipt (作废): its allocations are removed, the installments it paid are owed again,
 * and the receipt stays, marked voided with the reason. Only finance and admins (`receipts.void`).
 */
export const receiptVoidInput = z.strictObject({
  id,
  version,
  reason: text(MAX_VOID_REASON),
});

/** Takes a receipt's allocation to one installment back on account (反核销). */
export const receiptUnallocateInput = z.strictObject({
  receiptId: id,
  version,
  installmentId: id,
});

/**
 * Moves a receipt's money (重新核销): takes back its allocation to `fromInstallmentId`, then applies
 * the listed amounts (each at most what the installment still owes, together at most what the
 * receipt then has on account) to open installments of the same customer and currency. One write.
 */
export const receiptReallocateInput = z.strictObject({
  receiptId: id,
  version,
  fromInstallmentId: id,
  allocations: z.array(allocationInput).min(1).max(500),
});

export const receiptListInput = listInput.extend({
  partnerId: id.optional(),
  from: day.optional(),
  to: day.optional(),
  batchId: z.string().trim().min(1).max(100).optional(),
  /** Only receipts with something still on account (never a voided one). */
  onAccount: z.boolean().optional(),
  /** Only active or only voided receipts; both when absent. */
  status: z.enum(RECEIPT_STATUSES).optional(),
  direction: z.enum(['asc', 'desc']).default('desc'),
});

export interface ReceiptAllocation {
  installmentId: number;
  planId: number;
  orderId: number;
  orderNumber: string;
  seq: number;
  dueDate: string;
  amount: number;
  createdAt: string;
}

export interface Receipt extends Stamped {
  number: string;
  partnerId: number;
  partnerName: string;
  ownerId: number | null;
  teamId: number | null;
  date: string;
  currency: string;
  amount: number;
  /** On account: received but not applied to any installment yet (all of it once voided, though a voided receipt is never on account). */
  unallocated: number;
  method: ReceiptMethod;
  reference: string | null;
  batchId: string | null;
  note: string | null;
  status: ReceiptStatus;
  voidedAt: string | null;
  voidedBy: number | null;
  voidReason: string | null;
}

export interface ReceiptDetail extends Receipt {
  allocations: ReceiptAllocation[];
}

/** One row of recordBatch's answer, in the order sent. */
export type ReceiptBatchRow =
  | { index: number; ok: true; receipt: Receipt; replayed: boolean }
  | {
      index: number;
      ok: false;
      error: {
        code: string;
        message: string;
        issues?: { field: string; rule: string; message: string }[];
      };
    };

export interface ReceiptBatchResult {
  batchId: string | null;
  atomic: boolean;
  recorded: number;
  replayed: number;
  failed: number;
  rows: ReceiptBatchRow[];
}
