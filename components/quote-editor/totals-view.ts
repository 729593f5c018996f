// The document totals under the lines: subtotal, discounts, net, tax and the total, as
// computeTotals gives them (the same function the server stores them with).
import { html, nothing } from 'lit';
import { msg } from '@lit/localize';
import type { DocumentTotals } from '../../core/money/index.ts';
import type { LodeLocale } from '../context/contexts.ts';
import { formatMoney } from '../shared/format.ts';
import { formatValue } from './number-field.ts';

type Figure = 'subtotal' | 'lineDiscount' | 'headerDiscount' | 'net' | 'tax' | 'gross';

function figureLabel(f: Figure): string {
  switch (f) {
    case 'subtotal':
      return msg('Subtotal', { id: 'quote.total.subtotal' });
    case 'lineDiscount':
      return msg('Line discounts', { id: 'quote.total.lineDiscount' });
    case 'headerDiscount':
      return msg('Quote discount', { id: 'quote.total.headerDiscount' });
    case 'net':
      return msg('Net (excl. tax)', { id: 'quote.total.net' });
    case 'tax':
      return msg('Tax', { id: 'quote.total.tax' });
    case 'gross':
      return msg('Total', { id: 'quote.total.gross' });
  }
}

export { figureLabel };

export function renderTotals(totals: DocumentTotals | null, currency: string, locale: LodeLocale) {
  if (!totals)
    return html`<p part="totals" class="totals pending" data-valid="false">
      ${msg('Totals appear when every marked field is corrected.', { id: 'quote.totalsPending' })}
    </p>`;
  const figures: Figure[] = ['subtotal', 'lineDiscount', 'headerDiscount', 'net', 'tax', 'gross'];
  return html`<dl part="totals" class="totals" data-valid="true">
    ${figures.map((f) =>
      (f === 'lineDiscount' || f === 'headerDiscount') && totals[f] === 0
        ? nothing
        : html`<div
            class="total ${f}"
            part="total total-${f}"
            data-total=${f}
            data-value=${totals[f]}
          >
            <dt>${figureLabel(f)}</dt>
            <dd>${formatMoney(totals[f], currency, locale)}</dd>
          </div>`,
    )}
    ${
      totals.discountBp > 0
        ? html`<div
            class="total discount"
            part="total total-discount"
            data-total="discountBp"
            data-value=${totals.discountBp}
          >
            <dt>${msg('Overall discount', { id: 'quote.total.discountBp' })}</dt>
            <dd>${formatValue('rate', totals.discountBp, currency, locale)} %</dd>
          </div>`
        : nothing
    }
  </dl>`;
}
