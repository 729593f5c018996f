// The intent to send a draft version to the customer (it is frozen from then on). Cancelable:
// preventDefault() sends nothing.
import type { QuoteDetail } from '../../core/schemas/quotes.ts';

export class LodeQuoteSendEvent extends Event {
  static readonly eventName = 'lode-quote-send';

  readonly quote: QuoteDetail;
  readonly versionNo: number;

  constructor(init: { quote: QuoteDetail; versionNo: number }) {
    super(LodeQuoteSendEvent.eventName, { bubbles: true, composed: true, cancelable: true });
    this.quote = init.quote;
    this.versionNo = init.versionNo;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lode-quote-send': LodeQuoteSendEvent;
  }
}
