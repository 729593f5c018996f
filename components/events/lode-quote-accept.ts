// The intent to record that the customer accepted a sent version. Cancelable: preventDefault()
// records nothing.
import type { QuoteDetail } from '../../core/schemas/quotes.ts';

export class LodeQuoteAcceptEvent extends Event {
  static readonly eventName = 'lode-quote-accept';

  readonly quote: QuoteDetail;
  readonly versionNo: number;
  /** The customer's reference (PO number, signed copy), or null. */
  readonly note: string | null;

  constructor(init: { quote: QuoteDetail; versionNo: number; note: string | null }) {
    super(LodeQuoteAcceptEvent.eventName, { bubbles: true, composed: true, cancelable: true });
    this.quote = init.quote;
    this.versionNo = init.versionNo;
    this.note = init.note;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lode-quote-accept': LodeQuoteAcceptEvent;
  }
}
