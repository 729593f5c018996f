// The intent to turn the accepted version into a sales order (orders.createFromQuote).
// Cancelable: preventDefault() creates nothing. `lode-order-created` follows when it is made.
import type { QuoteDetail } from '../../core/schemas/quotes.ts';

export class LodeQuoteCreateOrderEvent extends Event {
  static readonly eventName = 'lode-quote-create-order';

  readonly quote: QuoteDetail;
  /** The accepted version the order copies. */
  readonly versionNo: number;

  constructor(init: { quote: QuoteDetail; versionNo: number }) {
    super(LodeQuoteCreateOrderEvent.eventName, { bubbles: true, composed: true, cancelable: true });
    this.quote = init.quote;
    this.versionNo = init.versionNo;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lode-quote-create-order': LodeQuoteCreateOrderEvent;
  }
}
