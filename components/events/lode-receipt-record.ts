// The intent to record a receipt (收款单) against an order's payment plan. Fired by
// lode-payment-plan before the call: preventDefault() sends nothing.
export interface ReceiptRecordRequest {
  partnerId: number;
  planId: number;
  /** The day the money arrived (YYYY-MM-DD). */
  date: string;
  /** Minor units of `currency`. */
  amount: number;
  currency: string;
  method: 'bank_transfer' | 'cash' | 'cheque' | 'card' | 'other';
  reference: string | null;
  /** How the amount goes to this plan's installments (oldest first); the rest stays on account. */
  allocations: { installmentId: number; amount: number }[];
}

export class LodeReceiptRecordEvent extends Event {
  static readonly eventName = 'lode-receipt-record';

  constructor(readonly request: ReceiptRecordRequest) {
    super(LodeReceiptRecordEvent.eventName, { bubbles: true, composed: true, cancelable: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lode-receipt-record': LodeReceiptRecordEvent;
  }
}
