// The intent to start a new draft version copied from an existing one (which stays as it is).
// Cancelable: preventDefault() creates nothing.
import type { QuoteDetail } from '../../core/schemas/quotes.ts';

export class LodeQuoteReviseEvent extends Event {
  static readonly eventName = 'lode-quote-revise';

  readonly quote: QuoteDetail;
  /** The version the new draft is copied from. */
  readonly fromVersionNo: number;

  constructor(init: { quote: QuoteDetail; fromVersionNo: number }) {
    super(LodeQuoteReviseEvent.eventName, { bubbles: true, composed: true, cancelable: true });
    this.quote = init.quote;
    this.fromVersionNo = init.fromVersionNo;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lode-quote-revise': LodeQuoteReviseEvent;
  }
}
