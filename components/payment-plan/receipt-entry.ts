// Recording a receipt from the plan (finance): the amount typed is applied to this plan's
// installments oldest-first by the same rule the server uses for a receipt without a choice
// (core/receivables allocateOldestFirst); whatever exceeds what the plan still owes stays on
// account. Only the plan's own installments are offered, so money for this contract never pays
// another contract's installment by accident.
import { allocateOldestFirst } from '../../core/receivables/allocation.ts';
import type { PaymentPlan } from '../../core/schemas/payment-plans.ts';

export function allocationsForPlan(plan: PaymentPlan, amount: number) {
  return allocateOldestFirst(
    amount,
    plan.installments.map((i) => ({
      id: i.id,
      planId: i.planId,
      seq: i.seq,
      dueDate: i.dueDate,
      outstanding: i.outstanding,
    })),
  );
}

/** Today in the browser's calendar (the day finance sees the money arrive). */
export function localToday(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
