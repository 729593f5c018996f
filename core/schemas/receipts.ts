import { z } from 'zod';
import {
  currencyCode,
  day,
  id,
  idempotencyKey,
  listInput,
  optionalText,
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

export const receiptListInput = listInput.extend({
  partnerId: id.optional(),
  from: day.optional(),
  to: day.optional(),
  batchId: z.string().trim().min(1).max(100).optional(),
  /** Only receipts with something still on account. */
  onAccount: z.boolean().optional(),
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
  /** On account: received but not applied to any installment yet. */
  unallocated: number;
  method: ReceiptMethod;
  reference: string | null;
  batchId: string | null;
  note: string | null;
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
