// The quote's header: title, contact, dates, price list (which decides currency and whether
// prices include tax), the quote discount and the terms.
import { html } from 'lit';
import { msg } from '@lit/localize';
import type { PriceList } from '../../core/schemas/price-lists.ts';
import type { LodeLocale } from '../context/contexts.ts';
import type { DiscountKind, Draft, Problems } from './draft.ts';
import { fieldState } from './field-parts.ts';
import { priceModeLabel } from './messages.ts';
import { localizedName } from '../../core/localized-name.ts';

export type HeaderTextField = 'title' | 'quoteDate' | 'validUntil' | 'terms';

export interface HeaderView {
  draft: Draft;
  problems: Problems;
  editable: boolean;
  locale: LodeLocale;
  contacts: { id: number; name: string }[];
  priceLists: PriceList[];
  on: {
    input(field: HeaderTextField | 'discount', value: string): void;
    commit(field: HeaderTextField | 'discount'): void;
    contact(id: number | null): void;
    priceList(id: number | null): void;
    discountKind(kind: DiscountKind): void;
  };
}

function listName(list: PriceList, locale: LodeLocale): string {
  return localizedName(list, locale);
}

function textField(v: HeaderView, field: HeaderTextField, label: string, type: 'text' | 'date') {
  const state = fieldState(v.problems, field, type === 'date' ? 'date' : 'text', v.draft.currency);
  return html`<div class="field ${field}">
    <label for="field-${field}">${label}</label>
    <input
      id="field-${field}"
      class="input"
      part="field-input field-${field}"
      data-field=${field}
      type=${type}
      autocomplete="off"
      aria-invalid=${state.invalid}
      aria-describedby=${state.describedBy}
      ?required=${field === 'title' || field === 'quoteDate'}
      ?readonly=${!v.editable}
      .value=${v.draft[field]}
      @input=${(e: Event) => v.on.input(field, (e.target as HTMLInputElement).value)}
      @change=${() => v.on.commit(field)}
    />${state.message}
  </div>`;
}

export function renderHeaderFields(v: HeaderView) {
  const d = v.draft;
  const discount = fieldState(
    v.problems,
    'discount',
    d.discountKind === 'percent' ? 'percent' : 'amount-discount',
    d.currency,
  );
  const listProblem = fieldState(v.problems, 'priceListId', 'text', d.currency);
  const terms = fieldState(v.problems, 'terms', 'text', d.currency);
  const number = (e: Event) => Number((e.target as HTMLSelectElement).value) || null;
  return html`<div part="header-fields" class="header-fields">
    ${textField(v, 'title', msg('Title', { id: 'quote.field.title' }), 'text')}
    <div class="field contact">
      <label for="field-contact">${msg('Contact', { id: 'quote.field.contact' })}</label>
      <select
        id="field-contact"
        class="input"
        part="field-input field-contact"
        ?disabled=${!v.editable}
        @change=${(e: Event) => v.on.contact(number(e))}
      >
        <option value="" ?selected=${d.contactId === null}>
          ${msg('No contact', { id: 'quote.field.noContact' })}
        </option>
        ${v.contacts.map(
          (c) => html`<option value=${c.id} ?selected=${c.id === d.contactId}>${c.name}</option>`,
        )}
      </select>
    </div>
    ${textField(v, 'quoteDate', msg('Quote date', { id: 'quote.field.quoteDate' }), 'date')}
    ${textField(v, 'validUntil', msg('Valid until', { id: 'quote.field.validUntil' }), 'date')}
    <div class="field price-list">
      <label for="field-price-list">${msg('Price list', { id: 'quote.field.priceList' })}</label>
      <select
        id="field-price-list"
        class="input"
        part="field-input field-price-list"
        aria-invalid=${listProblem.invalid}
        aria-describedby=${listProblem.describedBy}
        ?disabled=${!v.editable}
        @change=${(e: Event) => v.on.priceList(number(e))}
      >
        <option value="" ?selected=${d.priceListId === null}>
          ${msg('The customer’s price list', { id: 'quote.field.customerList' })}
        </option>
        ${v.priceLists.map(
          (l) =>
            html`<option value=${l.id} ?selected=${l.id === d.priceListId}>
              ${listName(l, v.locale)}
            </option>`,
        )}
      </select>
      <span part="price-mode" class="hint" data-currency=${d.currency} data-mode=${d.priceMode}
        >${d.currency} · ${priceModeLabel(d.priceMode)}</span
      >${listProblem.message}
    </div>
    <div class="field header-discount">
      <span id="label-discount"
        >${msg('Quote discount', { id: 'quote.total.headerDiscount' })}</span
      >
      <div class="pair">
        <select
          class="input"
          part="field-input field-discount-kind"
          aria-labelledby="label-discount column-discount-kind-header"
          ?disabled=${!v.editable}
          @change=${(e: Event) =>
            v.on.discountKind((e.target as HTMLSelectElement).value as DiscountKind)}
        >
          <option value="percent" ?selected=${d.discountKind === 'percent'}>%</option>
          <option value="amount" ?selected=${d.discountKind === 'amount'}>${d.currency}</option>
        </select>
        <input
          class="input number"
          part="field-input field-discount"
          data-field="discount"
          type="text"
          inputmode="decimal"
          autocomplete="off"
          aria-labelledby="label-discount"
          aria-invalid=${discount.invalid}
          aria-describedby=${discount.describedBy}
          ?readonly=${!v.editable}
          .value=${d.discount.text}
          @input=${(e: Event) => v.on.input('discount', (e.target as HTMLInputElement).value)}
          @change=${() => v.on.commit('discount')}
        />
      </div>
      <span class="visually-hidden" id="column-discount-kind-header"
        >${msg('Discount type', { id: 'quote.discountKind' })}</span
      >${discount.message}
    </div>
    <div class="field terms">
      <label for="field-terms">${msg('Terms', { id: 'quote.field.terms' })}</label>
      <textarea
        id="field-terms"
        class="input"
        part="field-input field-terms"
        data-field="terms"
        rows="2"
        aria-invalid=${terms.invalid}
        aria-describedby=${terms.describedBy}
        ?readonly=${!v.editable}
        .value=${d.terms}
        @input=${(e: Event) => v.on.input('terms', (e.target as HTMLTextAreaElement).value)}
        @change=${() => v.on.commit('terms')}
      ></textarea
      >${terms.message}
    </div>
  </div>`;
}
