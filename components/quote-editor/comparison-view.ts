// Two versions side by side (quotes.compare): every line marked added, removed, changed or
// unchanged, each changed figure shown as <del>old</del> <ins>new</ins> (so the difference is
// in the text and its semantics, not only in the colour), then the totals and the header fields
// that differ.
import { html, nothing, type TemplateResult } from 'lit';
import { msg } from '@lit/localize';
import { formatQuantity, type Discount } from '../../core/money/index.ts';
import type { DocumentLine, LineComparison, TotalFigure } from '../../core/schemas/quotes.ts';
import type { LodeLocale } from '../context/contexts.ts';
import { formatDay, formatMoney } from '../shared/format.ts';
import { priceModeLabel, versionLabel } from './messages.ts';
import type { Comparison as QuoteComparison } from './quote-data.ts';
import { formatValue } from './number-field.ts';
import { figureLabel } from './totals-view.ts';

export interface ComparisonLookups {
  priceList(id: number): string;
  contact(id: number): string;
}

type Shown = 'description' | 'quantity' | 'unitPrice' | 'discount' | 'taxRate' | 'net' | 'gross';
const SHOWN: Shown[] = [
  'description',
  'quantity',
  'unitPrice',
  'discount',
  'taxRate',
  'net',
  'gross',
];

function changeLabel(change: LineComparison['change']): string {
  switch (change) {
    case 'added':
      return msg('Added', { id: 'quote.change.added' });
    case 'removed':
      return msg('Removed', { id: 'quote.change.removed' });
    case 'changed':
      return msg('Changed', { id: 'quote.change.changed' });
    case 'same':
      return msg('Unchanged', { id: 'quote.change.same' });
  }
}

function columnLabel(f: Shown): string {
  switch (f) {
    case 'description':
      return msg('Item', { id: 'quote.column.item' });
    case 'quantity':
      return msg('Quantity', { id: 'quote.column.quantity' });
    case 'unitPrice':
      return msg('Unit price', { id: 'quote.column.unitPrice' });
    case 'discount':
      return msg('Discount', { id: 'quote.column.discount' });
    case 'taxRate':
      return msg('Tax %', { id: 'quote.column.taxRate' });
    case 'net':
      return msg('Net (excl. tax)', { id: 'quote.total.net' });
    case 'gross':
      return msg('Total', { id: 'quote.total.gross' });
  }
}

function discountText(d: Discount | null, currency: string, locale: LodeLocale): string {
  if (!d) return '—';
  return d.kind === 'percent'
    ? `${formatValue('rate', d.value, currency, locale)} %`
    : formatMoney(d.value, currency, locale);
}

function cellText(line: DocumentLine, f: Shown, currency: string, locale: LodeLocale): string {
  switch (f) {
    case 'description':
      return line.description;
    case 'quantity':
      return formatQuantity(line.quantity, locale);
    case 'discount':
      return discountText(line.discount, currency, locale);
    case 'taxRate':
      return `${formatValue('rate', line.taxRate, currency, locale)} %`;
    default:
      return formatMoney(line[f], currency, locale);
  }
}

function renderCell(l: LineComparison, f: Shown, c: QuoteComparison, locale: LodeLocale) {
  const a = l.a && cellText(l.a, f, c.a.currency, locale);
  const b = l.b && cellText(l.b, f, c.b.currency, locale);
  if (l.change === 'added') return html`<td><ins>${b}</ins></td>`;
  if (l.change === 'removed') return html`<td><del>${a}</del></td>`;
  if (!(f in l.differences)) return html`<td>${b}</td>`;
  return html`<td part="comparison-changed" class="changed" data-changed=${f}>
    <del>${a}</del> <ins>${b}</ins>
  </td>`;
}

function renderLineRow(l: LineComparison, c: QuoteComparison, locale: LodeLocale) {
  return html`<tr
    part="comparison-row comparison-${l.change}"
    class=${l.change}
    data-change=${l.change}
  >
    <th scope="row">${changeLabel(l.change)}</th>
    ${SHOWN.map((f) => renderCell(l, f, c, locale))}
  </tr>`;
}

const TOTALS_SHOWN: TotalFigure[] = [
  'subtotal',
  'lineDiscount',
  'headerDiscount',
  'net',
  'tax',
  'gross',
];

function renderTotalsRows(c: QuoteComparison, locale: LodeLocale) {
  return TOTALS_SHOWN.map((f) => {
    const t = c.totals[f];
    const changed = t.a !== t.b;
    const money = (v: number | null, currency: string) =>
      v === null ? '—' : formatMoney(v, currency, locale);
    return html`<tr
      part="comparison-total${changed ? ' comparison-changed' : ''}"
      class=${changed ? 'changed' : 'same'}
      data-total=${f}
      data-change=${changed ? 'changed' : 'same'}
    >
      <th scope="row">${figureLabel(f as Exclude<TotalFigure, 'discountBp'>)}</th>
      <td>${changed ? html`<del>${money(t.a, c.a.currency)}</del>` : money(t.a, c.a.currency)}</td>
      <td>${changed ? html`<ins>${money(t.b, c.b.currency)}</ins>` : money(t.b, c.b.currency)}</td>
      <td>${t.delta === null || t.delta === 0 ? '' : money(t.delta, c.b.currency)}</td>
    </tr>`;
  });
}

function headerLabel(key: string): string {
  switch (key) {
    case 'currency':
      return msg('Currency', { id: 'quote.field.currency' });
    case 'priceMode':
      return msg('Tax in prices', { id: 'quote.field.priceMode' });
    case 'priceListId':
      return msg('Price list', { id: 'quote.field.priceList' });
    case 'contactId':
      return msg('Contact', { id: 'quote.field.contact' });
    case 'validUntil':
      return msg('Valid until', { id: 'quote.field.validUntil' });
    case 'terms':
      return msg('Terms', { id: 'quote.field.terms' });
    case 'discount':
      return msg('Quote discount', { id: 'quote.total.headerDiscount' });
    default:
      return key;
  }
}

function headerValue(
  key: string,
  value: unknown,
  currency: string,
  locale: LodeLocale,
  lookups: ComparisonLookups,
): string {
  if (value === null || value === undefined || value === '') return '—';
  switch (key) {
    case 'priceMode':
      return priceModeLabel(value as 'inclusive' | 'exclusive');
    case 'priceListId':
      return lookups.priceList(value as number);
    case 'contactId':
      return lookups.contact(value as number);
    case 'validUntil':
      return formatDay(value as string, locale);
    case 'discount':
      return discountText(value as Discount, currency, locale);
    default:
      return String(value);
  }
}

export function renderComparison(
  c: QuoteComparison,
  locale: LodeLocale,
  lookups: ComparisonLookups,
  onClose: () => void,
): TemplateResult {
  const headerKeys = Object.keys(c.header);
  const a = versionLabel(c.a.versionNo);
  const b = versionLabel(c.b.versionNo);
  return html`<section part="comparison" class="comparison" aria-labelledby="comparison-title">
    <div class="comparison-head">
      <h3 id="comparison-title" part="comparison-title">${a} → ${b}</h3>
      <button type="button" class="button" part="comparison-close" @click=${onClose}>
        ${msg('Close comparison', { id: 'quote.compare.close' })}
      </button>
    </div>
    <div class="table-scroll">
      <table part="comparison-lines" class="comparison-lines">
        <caption class="visually-hidden">
          ${msg('Lines', { id: 'quote.lines' })}
        </caption>
        <thead>
          <tr>
            <th scope="col">${msg('Change', { id: 'quote.change' })}</th>
            ${SHOWN.map((f) => html`<th scope="col">${columnLabel(f)}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${c.lines.map((l) => renderLineRow(l, c, locale))}
        </tbody>
      </table>
    </div>
    <table part="comparison-totals" class="comparison-totals">
      <caption class="visually-hidden">
        ${msg('Totals', { id: 'quote.totals' })}
      </caption>
      <thead>
        <tr>
          <td></td>
          <th scope="col">${a}</th>
          <th scope="col">${b}</th>
          <th scope="col">${msg('Difference', { id: 'quote.compare.delta' })}</th>
        </tr>
      </thead>
      <tbody>
        ${renderTotalsRows(c, locale)}
      </tbody>
    </table>
    ${
      headerKeys.length
        ? html`<dl part="comparison-header" class="comparison-header">
            ${headerKeys.map(
              (k) =>
                html`<div data-changed=${k}>
                  <dt>${headerLabel(k)}</dt>
                  <dd>
                    <del>${headerValue(k, c.header[k]!.a, c.a.currency, locale, lookups)}</del>
                    <ins>${headerValue(k, c.header[k]!.b, c.b.currency, locale, lookups)}</ins>
                  </dd>
                </div>`,
            )}
          </dl>`
        : nothing
    }
  </section>`;
}
