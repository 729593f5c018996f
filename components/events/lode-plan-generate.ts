// The intent to generate an order's payment plan from payment terms. Fired by lode-payment-plan
// before the call: preventDefault() sends nothing.
export interface PlanGenerateRequest {
  orderId: number;
  /** The chosen payment terms; null for the server's default (or one installment on the order date). */
  termsId: number | null;
}

export class LodePlanGenerateEvent extends Event {
  static readonly eventName = 'lode-plan-generate';

  constructor(readonly request: PlanGenerateRequest) {
    super(LodePlanGenerateEvent.eventName, { bubbles: true, composed: true, cancelable: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lode-plan-generate': LodePlanGenerateEvent;
  }
}
