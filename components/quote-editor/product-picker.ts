// The product picker: a combobox searching products.list as one types, showing for each product
// the price this customer gets (priceLists.resolve on the quote's list, date and partner), and
// adding the chosen one as a line. Keyboard: arrows move, Enter adds, Escape closes.
import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { msg } from '@lit/localize';
import type { Product } from '../../core/schemas/products.ts';
import type { LodeLocale, LodestoneClient } from '../context/contexts.ts';
import { isAbort } from '../shared/errors.ts';
import { formatMoney } from '../shared/format.ts';
import { resolvePrices } from './quote-data.ts';

export interface PickerPricing {
  partnerId: number;
  date: string;
  priceListId: number | null;
}

export interface PickerOptions {
  client: () => LodestoneClient | undefined;
  pricing: () => PickerPricing | null;
  locale: () => LodeLocale;
  /** Adds the product as a line; resolves when done (the picker is busy until then). */
  pick: (product: Product) => Promise<void>;
}

interface Option {
  product: Product;
  /** The customer's unit price for one unit, in `currency` (and the list's price mode). */
  price: number;
  currency: string;
}

const SEARCH_DELAY_MS = 200;
const RESULTS = 8;

export class ProductPicker implements ReactiveController {
  private query = '';
  private options: Option[] = [];
  private open = false;
  private active = -1;
  private searched = false;
  private busy = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private abort: AbortController | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly opts: PickerOptions,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    clearTimeout(this.timer);
    this.abort?.abort();
  }

  private setQuery(text: string): void {
    this.query = text;
    clearTimeout(this.timer);
    if (!text.trim()) {
      this.abort?.abort();
      this.close();
      return;
    }
    this.timer = setTimeout(() => void this.search(text.trim()), SEARCH_DELAY_MS);
  }

  private close(): void {
    this.open = false;
    this.active = -1;
    this.searched = false;
    this.options = [];
    this.host.requestUpdate();
  }

  private async search(text: string): Promise<void> {
    const client = this.opts.client();
    if (!client) return;
    this.abort?.abort();
    const abort = (this.abort = new AbortController());
    try {
      const page = await client.products.list.query(
        { search: text, limit: RESULTS },
        { signal: abort.signal },
      );
      const options = await this.priced(client, page.items, abort.signal);
      if (abort.signal.aborted) return;
      this.options = options;
      this.active = options.length ? 0 : -1;
      this.open = true;
      this.searched = true;
      this.host.requestUpdate();
    } catch (err) {
      if (!isAbort(err)) this.close();
    }
  }

  /** The customer's prices; a product the list cannot price shows its own list price. */
  private async priced(client: LodestoneClient, products: Product[], signal: AbortSignal) {
    const pricing = this.opts.pricing();
    const own = () =>
      products.map((p) => ({
        product: p,
        price: p.listPrice,
        currency: p.currency,
      }));
    if (!pricing || products.length === 0) return own();
    try {
      const resolved = await resolvePrices(
        client,
        {
          ...pricing,
          partial: true,
          lines: products.map((p) => ({ productId: p.id, quantity: 1000 })),
        },
        signal,
      );
      const fallback = own();
      return products.map((p, i) => {
        const result = resolved.results[i];
        return result?.status === 'priced'
          ? { product: p, price: result.line.unitPrice, currency: resolved.currency }
          : fallback[i]!;
      });
    } catch (err) {
      if (isAbort(err)) throw err;
      return own();
    }
  }

  private async choose(option: Option | undefined): Promise<void> {
    if (!option || this.busy) return;
    this.busy = true;
    this.host.requestUpdate();
    try {
      await this.opts.pick(option.product);
      this.query = '';
      this.close();
    } finally {
      this.busy = false;
      this.host.requestUpdate();
    }
  }

  private readonly onKeyDown = (event: KeyboardEvent) => {
    const n = this.options.length;
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        if (!this.open && this.query.trim()) void this.search(this.query.trim());
        else if (n) this.active = (this.active + 1) % n;
        break;
      case 'ArrowUp':
        event.preventDefault();
        if (n) this.active = (this.active - 1 + n) % n;
        break;
      case 'Enter':
        if (this.open) {
          event.preventDefault();
          void this.choose(this.options[this.active]);
        }
        return;
      case 'Escape':
        if (this.open) {
          event.preventDefault();
          this.close();
        }
        return;
      default:
        return;
    }
    this.host.requestUpdate();
  };

  private label(p: Product): string {
    return this.opts.locale() === 'en' && p.nameEn ? p.nameEn : p.name;
  }

  render(disabled: boolean) {
    const locale = this.opts.locale();
    const activeId =
      this.open && this.active >= 0 ? `product-${this.options[this.active]?.product.id}` : '';
    return html`<div part="product-picker" class="picker">
      <label id="product-search-label" for="product-search"
        >${msg('Add a product', { id: 'quote.picker.label' })}</label
      >
      <input
        id="product-search"
        part="product-search"
        class="input"
        type="text"
        role="combobox"
        aria-labelledby="product-search-label"
        autocomplete="off"
        aria-autocomplete="list"
        aria-controls="product-options"
        aria-expanded=${this.open ? 'true' : 'false'}
        aria-activedescendant=${activeId || nothing}
        aria-busy=${this.busy ? 'true' : 'false'}
        placeholder=${msg('Search by code or name', { id: 'quote.picker.placeholder' })}
        .value=${this.query}
        ?disabled=${disabled}
        @input=${(e: Event) => this.setQuery((e.target as HTMLInputElement).value)}
        @keydown=${this.onKeyDown}
        @blur=${() => this.open && this.close()}
      />
      <ul
        id="product-options"
        part="product-options"
        class="options"
        role="listbox"
        aria-label=${msg('Products', { id: 'quote.picker.options' })}
        ?hidden=${!this.open}
      >
        ${this.options.map(
          (o, i) =>
            // The keyboard reaches options through the combobox (aria-activedescendant), as ARIA's
            // combobox pattern has it; a click is the pointer's way to the same choice.
            // eslint-disable-next-line lit-a11y/click-events-have-key-events
            html`<li
              id="product-${o.product.id}"
              part="product-option"
              class="option"
              role="option"
              aria-selected=${i === this.active ? 'true' : 'false'}
              data-product=${o.product.id}
              @mousedown=${(e: Event) => e.preventDefault()}
              @click=${() => void this.choose(o)}
            >
              <span part="product-option-code" class="option-code">${o.product.code}</span>
              <span part="product-option-name" class="option-name">${this.label(o.product)}</span>
              <span part="product-option-price" class="option-price"
                >${formatMoney(o.price, o.currency, locale)}</span
              >
            </li>`,
        )}
      </ul>
      ${
        this.open && this.searched && this.options.length === 0
          ? html`<p part="product-none" class="hint" role="status">
              ${msg('No product matches.', { id: 'quote.picker.none' })}
            </p>`
          : nothing
      }
    </div>`;
  }
}
