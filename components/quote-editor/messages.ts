// The quote editor's words that depend on data: field problems, statuses, price modes.
import { msg, str } from '@lit/localize';
import { exponentOf, type PriceMode } from '../../core/money/index.ts';
import type { QuoteStatus } from '../../core/schemas/quotes.ts';
import type { Problem } from './draft.ts';

/** What a field holds, which decides how a problem with it is put. */
export type FieldKind = 'money' | 'quantity' | 'percent' | 'amount-discount' | 'text' | 'date';

/** One sentence for a field's problem, in the active locale; the server's own words for rules we do not know. */
export function problemText(problem: Problem, kind: FieldKind, currency: string): string {
  switch (problem.rule) {
    case 'required':
      return msg('Enter a value.', { id: 'quote.problem.required' });
    case 'format':
      return kind === 'quantity'
        ? msg('Enter a number, e.g. 2 or 1.5.', { id: 'quote.problem.quantityFormat' })
        : msg('Enter a number, e.g. 1,280.50.', { id: 'quote.problem.numberFormat' });
    case 'precision':
      if (kind === 'money' || kind === 'amount-discount') {
        const places = exponentOf(currency);
        return msg(str`${currency} has at most ${places} decimal places.`, {
          id: 'quote.problem.moneyPrecision',
        });
      }
      return kind === 'quantity'
        ? msg('At most 3 decimal places.', { id: 'quote.problem.quantityPrecision' })
        : msg('At most 2 decimal places.', { id: 'quote.problem.percentPrecision' });
    case 'range':
      return msg('This number is too large.', { id: 'quote.problem.tooLarge' });
    case 'min':
    case 'too_small':
      return kind === 'quantity'
        ? msg('Must be more than zero.', { id: 'quote.problem.positive' })
        : msg('Must not be negative.', { id: 'quote.problem.negative' });
    case 'max':
    case 'too_big':
      if (kind === 'percent')
        return msg('Must be at most 100%.', { id: 'quote.problem.percentMax' });
      if (kind === 'amount-discount')
        return msg('Must not exceed the amount it discounts.', { id: 'quote.problem.discountMax' });
      return msg('This number is too large.', { id: 'quote.problem.tooLarge' });
    case 'max_length':
      return msg(str`At most ${problem.limit ?? ''} characters.`, {
        id: 'quote.problem.maxLength',
      });
    case 'max_items':
      return msg(str`At most ${problem.limit ?? ''} lines.`, { id: 'quote.problem.maxLines' });
    case 'active':
      return msg('This product is no longer sold.', { id: 'quote.problem.inactive' });
    case 'after_quote_date':
      return msg('Must not be before the quote date.', { id: 'quote.problem.afterQuoteDate' });
    default:
      return problem.message ?? msg('This value is not valid.', { id: 'quote.problem.invalid' });
  }
}

export function statusLabel(status: QuoteStatus): string {
  switch (status) {
    case 'draft':
      return msg('Draft', { id: 'quote.status.draft' });
    case 'sent':
      return msg('Sent', { id: 'quote.status.sent' });
    case 'accepted':
      return msg('Accepted', { id: 'quote.status.accepted' });
    case 'rejected':
      return msg('Rejected', { id: 'quote.status.rejected' });
    case 'expired':
      return msg('Expired', { id: 'quote.status.expired' });
  }
}

export function priceModeLabel(mode: PriceMode): string {
  return mode === 'inclusive'
    ? msg('Prices include tax', { id: 'quote.priceMode.inclusive' })
    : msg('Prices exclude tax', { id: 'quote.priceMode.exclusive' });
}

export function versionLabel(versionNo: number): string {
  return msg(str`Version ${versionNo}`, { id: 'quote.version' });
}
