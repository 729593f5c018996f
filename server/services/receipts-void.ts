// Undoing a receipt (收款单) recorded by mistake. Voiding (作废) keeps the receipt, marked with
// when, by whom and why, and takes back everything it paid: its allocations are removed and each
// installment's paid amount, stored status and last payment day are recomputed from what is
// left (core/receivables reverseAllocations). Unallocating (反核销) takes back one allocation onto
// the receipt's on-account money; reallocating (重新核销) does that and applies the money to other
// open installments of the same customer and currency, in the same write.
import type { Knex } from 'knex';
import type { z } from 'zod';
import {
  checkAllocations,
  reverseAllocations,
  type Allocation,
  type Reversed,
} from '../../core/receivables/index.ts';
import type {
  ReceiptDetail,
  receiptReallocateInput,
  receiptUnallocateInput,
  receiptVoidInput,
} from '../../core/schemas/receipts.ts';
import type { Visibility } from '../auth/scope.ts';
import { lockRows } from '../db/dialect.ts';
import { toInt } from '../db/rows.ts';
import { invalidField } from '../trpc/errors.ts';
import { audit, type Actor } from './audit.ts';
import { applyAllocations } from './receipts-allocation.ts';
import { loadVisibleReceipt } from './receipts-read.ts';
import { writeReceipt } from './receipts.ts';
import { applyRules, openInstallmentsOf, type Row } from './receivables-shared.ts';
import type { ScopedCtx } from './scoped-ctx.ts';
import type { Trx } from './tx.ts';
import { assertVersion, updateVersioned } from './versioned.ts';

/**
 * The receipt, locked for the rest of the transaction (PostgreSQL; SQLite runs one writer), in
 * the caller's scope, not voided (field `field`, rule `voided`), at the caller's version.
 */
async function loadForUndo(
  trx: Trx,
  vis: Visibility,
  id: number,
  version: number,
  field: string,
): Promise<Row> {
  await lockRows(trx, 'receipts', [id]);
  const receipt = await loadVisibleReceipt(trx, vis, id);
  if (receipt.voided_at) {
    throw invalidField(
      field,
      'voided',
      `receipt ${String(receipt.number)} was voided on ${String(receipt.voided_at).slice(0, 10)}; a voided receipt cannot be changed`,
    );
  }
  assertVersion(receipt, version, 'Receipt');
  return receipt;
}

/**
 * Takes back what receipt `receiptId` applied (to `installmentId` only, or to every installment),
 * deletes those allocation rows, and rewrites each installment it paid: paid amount, stored
 * status, and last payment day (the latest day of the receipts still applied to it). Audited on
 * each installment as 'unallocate'. Returns what each installment gave back.
 */
async function takeBack(
  trx: Trx,
  actor: Actor,
  receiptId: number,
  installmentId: number | null,
  at: string,
): Promise<Reversed[]> {
  const scope = (qb: Knex.QueryBuilder) => {
    qb.where('receipt_id', receiptId);
    if (installmentId !== null) qb.where('installment_id', installmentId);
    return qb;
  };
  const rows = (await scope(trx('receipt_allocations'))
    .orderBy('id')
    .select('installment_id', 'amount')) as Row[];
  const allocations: Allocation[] = rows.map((r) => ({
    installmentId: toInt(r.installment_id),
    amount: toInt(r.amount),
  }));
  if (allocations.length === 0) return [];
  const ids = [...new Set(allocations.map((a) => a.installmentId))];
  await lockRows(trx, 'installments', ids);
  const installments = (await trx('installments')
    .whereIn('id', ids)
    .select('id', 'amount', 'paid_amount', 'version', 'status', 'last_paid_at')) as Row[];
  const byId = new Map(installments.map((i) => [toInt(i.id), i]));
  const reversed = applyRules(() =>
    reverseAllocations(
      allocations,
      installments.map((i) => ({
        id: toInt(i.id),
        amount: toInt(i.amount),
        paidAmount: toInt(i.paid_amount),
      })),
    ),
  );
  await scope(trx('receipt_allocations')).del();
  const lastPaid = new Map(
    (
      (await trx('receipt_allocations as ra')
        .join('receipts as r', 'r.id', 'ra.receipt_id')
        .whereIn('ra.installment_id', ids)
        .whereNull('r.voided_at')
        .groupBy('ra.installment_id')
        .select('ra.installment_id', trx.raw('max(r.receipt_date) as last_paid'))) as Row[]
    ).map((r) => [toInt(r.installment_id), String(r.last_paid)]),
  );
  for (const r of reversed) {
    const before = byId.get(r.installmentId)!;
    const lastPaidAt = lastPaid.get(r.installmentId) ?? null;
    await updateVersioned(
      trx,
      'installments',
      r.installmentId,
      toInt(before.version),
      { paid_amount: r.paidAmount, status: r.status, last_paid_at: lastPaidAt },
      actor,
      'Installment',
    );
    await audit(
      trx,
      actor,
      'installments',
      r.installmentId,
      'unallocate',
      {
        paid_amount: { old: toInt(before.paid_amount), new: r.paidAmount },
        ...(before.status !== r.status ? { status: { old: before.status, new: r.status } } : {}),
        ...((before.last_paid_at ?? null) !== lastPaidAt
          ? { last_paid_at: { old: before.last_paid_at ?? null, new: lastPaidAt } }
          : {}),
        receipt_id: { old: receiptId, new: null },
      },
      at,
    );
  }
  return reversed;
}

const given = (reversed: readonly Reversed[]) =>
  reversed.map((r) => ({ installmentId: r.installmentId, amount: r.removed }));

/**
 * Voids a receipt in the caller's transaction: everything it paid is taken back, its whole
 * amount is marked unallocated (so it still balances) and it counts nowhere from then on.
 * Voiding twice is refused (`id` rule `voided`), before the version is looked at.
 */
export async function voidReceiptTx(
  trx: Trx,
  actor: Actor,
  vis: Visibility,
  input: z.infer<typeof receiptVoidInput>,
): Promise<void> {
  const receipt = await loadForUndo(trx, vis, input.id, input.version, 'id');
  const at = new Date().toISOString();
  const reversed = await takeBack(trx, actor, input.id, null, at);
  const amount = toInt(receipt.amount);
  await updateVersioned(
    trx,
    'receipts',
    input.id,
    input.version,
    { voided_at: at, voided_by: actor.userId, void_reason: input.reason, unallocated: amount },
    actor,
    'Receipt',
  );
  await audit(
    trx,
    actor,
    'receipts',
    input.id,
    'void',
    {
      voided_at: { old: null, new: at },
      void_reason: { old: null, new: input.reason },
      unallocated: { old: toInt(receipt.unallocated), new: amount },
      allocations: { old: given(reversed), new: [] },
    },
    at,
  );
}

export function voidReceipt(
  ctx: ScopedCtx,
  input: z.infer<typeof receiptVoidInput>,
): Promise<ReceiptDetail> {
  return writeReceipt(ctx, input.id, (trx, actor, vis) => voidReceiptTx(trx, actor, vis, input));
}

/** Takes back the receipt's allocation to one installment; refuses when it paid nothing there. */
async function takeBackOne(
  trx: Trx,
  actor: Actor,
  receipt: Row,
  installmentId: number,
  field: string,
  at: string,
): Promise<number> {
  const reversed = await takeBack(trx, actor, toInt(receipt.id), installmentId, at);
  if (reversed.length === 0) {
    throw invalidField(
      field,
      'allocated',
      `receipt ${String(receipt.number)} has nothing applied to installment ${installmentId}`,
    );
  }
  return reversed[0]!.removed;
}

/**
 * Takes a receipt's allocation to one installment back on account (反核销), in the caller's
 * transaction. The installment owes that money again; the receipt can apply it elsewhere.
 */
export async function unallocateReceiptTx(
  trx: Trx,
  actor: Actor,
  vis: Visibility,
  input: z.infer<typeof receiptUnallocateInput>,
): Promise<void> {
  const receipt = await loadForUndo(trx, vis, input.receiptId, input.version, 'receiptId');
  const at = new Date().toISOString();
  const removed = await takeBackOne(trx, actor, receipt, input.installmentId, 'installmentId', at);
  const before = toInt(receipt.unallocated);
  await updateVersioned(
    trx,
    'receipts',
    input.receiptId,
    input.version,
    { unallocated: before + removed },
    actor,
    'Receipt',
  );
  await audit(
    trx,
    actor,
    'receipts',
    input.receiptId,
    'unallocate',
    {
      unallocated: { old: before, new: before + removed },
      allocations: { old: [{ installmentId: input.installmentId, amount: removed }], new: [] },
    },
    at,
  );
}

export function unallocateReceipt(
  ctx: ScopedCtx,
  input: z.infer<typeof receiptUnallocateInput>,
): Promise<ReceiptDetail> {
  return writeReceipt(ctx, input.receiptId, (trx, actor, vis) =>
    unallocateReceiptTx(trx, actor, vis, input),
  );
}

/**
 * Moves a receipt's money in one write (重新核销): takes back its allocation to
 * `fromInstallmentId`, then applies the listed amounts to open installments of the receipt's
 * customer and currency (the one just freed included), each at most what it still owes and
 * together at most what the receipt then has on account (the rules of receipts.allocate).
 */
export async function reallocateReceiptTx(
  trx: Trx,
  actor: Actor,
  vis: Visibility,
  input: z.infer<typeof receiptReallocateInput>,
): Promise<void> {
  const receipt = await loadForUndo(trx, vis, input.receiptId, input.version, 'receiptId');
  const at = new Date().toISOString();
  const removed = await takeBackOne(
    trx,
    actor,
    receipt,
    input.fromInstallmentId,
    'fromInstallmentId',
    at,
  );
  const before = toInt(receipt.unallocated);
  const available = before + removed;
  const currency = String(receipt.currency);
  const open = await openInstallmentsOf(trx, vis, toInt(receipt.partner_id), currency);
  const result = applyRules(() => checkAllocations(available, currency, input.allocations, open));
  await applyAllocations(
    trx,
    actor,
    { id: input.receiptId, date: String(receipt.receipt_date) },
    result.allocations,
    open,
    at,
  );
  await updateVersioned(
    trx,
    'receipts',
    input.receiptId,
    input.version,
    { unallocated: result.unallocated },
    actor,
    'Receipt',
  );
  await audit(
    trx,
    actor,
    'receipts',
    input.receiptId,
    'reallocate',
    {
      unallocated: { old: before, new: result.unallocated },
      allocations: {
        old: [{ installmentId: input.fromInstallmentId, amount: removed }],
        new: result.allocations,
      },
    },
    at,
  );
}

export function reallocateReceipt(
  ctx: ScopedCtx,
  input: z.infer<typeof receiptReallocateInput>,
): Promise<ReceiptDetail> {
  return writeReceipt(ctx, input.receiptId, (trx, actor, vis) =>
    reallocateReceiptTx(trx, actor, vis, input),
  );
}
