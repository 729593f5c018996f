// The intent to save the quote editor's draft: create the quote (a new one, from an opportunity)
// or update its open draft version. Fired after the editor's own checks passed and before the
// call; preventDefault() sends nothing and leaves the edits unsaved on screen.
import type { z } from 'zod';
import type { QuoteDetail, quoteCreateInput, quoteUpdateInput } from '../../core/schemas/quotes.ts';

/** Exactly what will be sent: `quotes.create`'s or `quotes.update`'s input. */
export type QuoteSave =
  | { kind: 'create'; input: z.input<typeof quoteCreateInput> }
  | { kind: 'update'; input: z.input<typeof quoteUpdateInput> };

export class LodeQuoteSaveEvent extends Event {
  static readonly eventName = 'lode-quote-save';

  /** The quote as last loaded; null for a new one. */
  readonly quote: QuoteDetail | null;
  readonly save: QuoteSave;

  constructor(init: { quote: QuoteDetail | null; save: QuoteSave }) {
    super(LodeQuoteSaveEvent.eventName, { bubbles: true, composed: true, cancelable: true });
    this.quote = init.quote;
    this.save = init.save;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lode-quote-save': LodeQuoteSaveEvent;
  }
}
