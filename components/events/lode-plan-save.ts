// The intent to save an edited payment plan. Fired by lode-payment-plan with the new schedule
// already shown and before the call: preventDefault() shows the plan as it was again, keeps the
// edits open, and sends nothing.
import type { z } from 'zod';
import type { PaymentPlan, paymentPlanUpdateInput } from '../../core/schemas/payment-plans.ts';

/** One installment as `paymentPlans.update` will be sent it (`id` keeps an existing one). */
export type PlanSaveEntry = z.input<typeof paymentPlanUpdateInput>['installments'][number];

export class LodePlanSaveEvent extends Event {
  static readonly eventName = 'lode-plan-save';

  constructor(
    /** The plan as loaded (its `version` goes with the call). */
    readonly plan: PaymentPlan,
    /** The whole edited list, in order; the amounts sum to `plan.total`. */
    readonly installments: readonly PlanSaveEntry[],
  ) {
    super(LodePlanSaveEvent.eventName, { bubbles: true, composed: true, cancelable: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lode-plan-save': LodePlanSaveEvent;
  }
}
