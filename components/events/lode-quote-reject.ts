// The intent to record that the customer turned a sent (or expired) version down. Cancelable:
// preventDefault() records nothing.
import type { QuoteDetail } from '../../core/schemas/quotes.ts';

export class LodeQuoteRejectEvent extends Event {
  static readonly eventName = 'lode-quote-reject';

  readonly quote: QuoteDetail;
  readonly versionNo: number;
  readonly reason: string;

  constructor(init: { quote: QuoteDetail; versionNo: number; reason: string }) {
    super(LodeQuoteRejectEvent.eventName, { bubbles: true, composed: true, cancelable: true });
    this.quote = init.quote;
    this.versionNo = init.versionNo;
    this.reason = init.reason;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lode-quote-reject': LodeQuoteRejectEvent;
  }
}
