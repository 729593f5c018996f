// An order was made from a quote (after lode-quote-create-order went through). The host page
// decides what comes next: open the order, show its payment plan (lode-payment-plan order-id).
import type { OrderDetail } from '../../core/schemas/orders.ts';

export class LodeOrderCreatedEvent extends Event {
  static readonly eventName = 'lode-order-created';

  readonly order: OrderDetail;

  constructor(init: { order: OrderDetail }) {
    super(LodeOrderCreatedEvent.eventName, { bubbles: true, composed: true });
    this.order = init.order;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lode-order-created': LodeOrderCreatedEvent;
  }
}
