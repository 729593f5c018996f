// The quote's lines as a table: description, quantity, unit price, line discount (percent or
// amount), tax rate and the line's amount, each input labelled by its column and line number.
import { html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { msg } from '@lit/localize';
import type { DocumentTotals } from '../../core/money/index.ts';
import type { LodeLocale } from '../context/contexts.ts';
import { formatMoney } from '../shared/format.ts';
import type { DiscountKind, Draft, DraftLine, Problems } from './draft.ts';
import { fieldState } from './field-parts.ts';
import type { FieldKind } from './messages.ts';

export type LineNumberField = 'quantity' | 'unitPrice' | 'discount' | 'taxRate';
export type LineField = LineNumberField | 'description';

export interface LineHandlers {
  /** Each keystroke. */
  input(key: number, field: LineField, text: string): void;
  /** Editing a field finished (change): tidy the text, reprice on a new quantity. */
  commit(key: number, field: LineField): void;
  discountKind(key: number, kind: DiscountKind): void;
  remove(key: number): void;
}

export interface LinesView {
  draft: Draft;
  totals: DocumentTotals | null;
  problems: Problems;
  editable: boolean;
  locale: LodeLocale;
  on: LineHandlers;
}

const COLUMNS = ['description', 'quantity', 'unitPrice', 'discount', 'taxRate', 'amount'] as const;

function columnTitle(column: (typeof COLUMNS)[number]): string {
  switch (column) {
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
    case 'amount':
      return msg('Amount', { id: 'quote.column.amount' });
  }
}

function kindOfField(field: LineField, line: DraftLine): FieldKind {
  switch (field) {
    case 'description':
      return 'text';
    case 'quantity':
      return 'quantity';
    case 'unitPrice':
      return 'money';
    case 'taxRate':
      return 'percent';
    case 'discount':
      return line.discountKind === 'percent' ? 'percent' : 'amount-discount';
  }
}

function renderInput(v: LinesView, line: DraftLine, index: number, field: LineField) {
  const path = `lines.${index}.${field}`;
  const state = fieldState(v.problems, path, kindOfField(field, line), v.draft.currency);
  const value = field === 'description' ? line.description : line[field].text;
  // The product itself can be refused (no longer sold, no price in the list): said under its description.
  const product =
    field === 'description'
      ? fieldState(v.problems, `lines.${index}.productId`, 'text', v.draft.currency)
      : null;
  const describedBy = [state.describedBy, product?.describedBy].filter(
    (id): id is string => typeof id === 'string',
  );
  return html`<input
      class="input ${field === 'description' ? 'text' : 'number'}"
      part="line-input line-${field}"
      data-field=${path}
      type="text"
      inputmode=${field === 'description' ? nothing : 'decimal'}
      autocomplete="off"
      aria-labelledby="column-${field} line-${line.key}"
      aria-invalid=${product?.invalid === 'true' ? 'true' : state.invalid}
      aria-describedby=${describedBy.length ? describedBy.join(' ') : nothing}
      ?readonly=${!v.editable}
      .value=${value}
      @input=${(e: Event) => v.on.input(line.key, field, (e.target as HTMLInputElement).value)}
      @change=${() => v.on.commit(line.key, field)}
    />${state.message}${product?.message ?? nothing}`;
}

function renderLine(v: LinesView, line: DraftLine, index: number) {
  const t = v.totals?.lines[index];
  return html`<tr part="line" data-key=${line.key} data-product=${line.productId ?? nothing}>
    <th scope="row" part="line-number" id="line-${line.key}">${index + 1}</th>
    <td class="item">${renderInput(v, line, index, 'description')}</td>
    <td class="quantity">
      ${renderInput(v, line, index, 'quantity')}
      ${line.unit ? html`<span part="line-unit" class="unit">${line.unit}</span>` : nothing}
    </td>
    <td class="money">${renderInput(v, line, index, 'unitPrice')}</td>
    <td class="discount">
      <select
        class="input"
        part="line-discount-kind"
        aria-labelledby="column-discount-kind line-${line.key}"
        ?disabled=${!v.editable}
        @change=${(e: Event) =>
          v.on.discountKind(line.key, (e.target as HTMLSelectElement).value as DiscountKind)}
      >
        <option value="percent" ?selected=${line.discountKind === 'percent'}>%</option>
        <option value="amount" ?selected=${line.discountKind === 'amount'}>
          ${v.draft.currency}
        </option>
      </select>
      ${renderInput(v, line, index, 'discount')}
    </td>
    <td class="rate">${renderInput(v, line, index, 'taxRate')}</td>
    <td part="line-amount" class="amount" data-amount=${t ? t.extended - t.lineDiscount : nothing}>
      ${t ? formatMoney(t.extended - t.lineDiscount, v.draft.currency, v.locale) : '—'}
    </td>
    ${
      v.editable
        ? html`<td>
            <button
              class="button icon"
              part="remove-line"
              type="button"
              aria-labelledby="remove-label line-${line.key}"
              @click=${() => v.on.remove(line.key)}
            >
              ×
            </button>
          </td>`
        : nothing
    }
  </tr>`;
}

export function renderLines(v: LinesView) {
  if (v.draft.lines.length === 0)
    return html`<p part="empty" class="empty">
      ${
        v.editable
          ? msg('No lines yet. Add a product or a line of your own.', { id: 'quote.noLinesYet' })
          : msg('This version has no lines.', { id: 'quote.noLines' })
      }
    </p>`;
  return html`<div class="table-scroll">
    <table part="lines" class="lines">
      <caption class="visually-hidden">
        ${msg('Lines', { id: 'quote.lines' })}
      </caption>
      <thead>
        <tr>
          <th scope="col">#</th>
          ${COLUMNS.map(
            (c) =>
              html`<th scope="col" id="column-${c}" part="column-header" class=${c}>
                ${columnTitle(c)}
              </th>`,
          )}
          ${
            v.editable
              ? html`<th scope="col">
                  <span class="visually-hidden" id="remove-label"
                    >${msg('Remove line', { id: 'quote.removeLine' })}</span
                  >
                </th>`
              : nothing
          }
        </tr>
      </thead>
      <tbody>
        ${repeat(
          v.draft.lines,
          (l) => l.key,
          (l, i) => renderLine(v, l, i),
        )}
      </tbody>
    </table>
    <span class="visually-hidden" id="column-discount-kind"
      >${msg('Discount type', { id: 'quote.discountKind' })}</span
    >
  </div>`;
}
