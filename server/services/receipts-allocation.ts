// Writing what a receipt pays: one allocation row per installment, and each installment's paid
// amount, stored status and last payment day, through its version (the rows were locked and read
// by openInstallmentsOf in the same transaction).
import { storedStatus, type Allocation } from '../../core/receivables/index.ts';
import { audit, type Actor } from './audit.ts';
import type { OpenRow } from './receivables-shared.ts';
import type { Trx } from './tx.ts';
import { updateVersioned } from './versioned.ts';

export async function applyAllocations(
  trx: Trx,
  actor: Actor,
  receipt: { id: number; date: string },
  allocations: readonly Allocation[],
  open: readonly OpenRow[],
  at: string,
): Promise<void> {
  if (allocations.length === 0) return;
  await trx('receipt_allocations').insert(
    allocations.map((a) => ({
      receipt_id: receipt.id,
      installment_id: a.installmentId,
      amount: a.amount,
      created_at: at,
      created_by: actor.userId,
    })),
  );
  const byId = new Map(open.map((i) => [i.id, i]));
  for (const a of allocations) {
    const i = byId.get(a.installmentId)!;
    const paid = i.paidAmount + a.amount;
    const status = storedStatus(i.amount, paid);
    const lastPaidAt = i.lastPaidAt && i.lastPaidAt > receipt.date ? i.lastPaidAt : receipt.date;
    await updateVersioned(
      trx,
      'installments',
      i.id,
      i.version,
      { paid_amount: paid, status, last_paid_at: lastPaidAt },
      actor,
      'Installment',
    );
    await audit(
      trx,
      actor,
      'installments',
      i.id,
      'allocate',
      {
        paid_amount: { old: i.paidAmount, new: paid },
        ...(status !== storedStatus(i.amount, i.paidAmount)
          ? { status: { old: storedStatus(i.amount, i.paidAmount), new: status } }
          : {}),
        receipt_id: { old: null, new: receipt.id },
      },
      at,
    );
  }
}
