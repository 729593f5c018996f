// The editing half of the quote editor, as a reactive controller: the draft being typed, which
// fields were touched, the server's problems on them, and pricing from the price list (adding a
// product, volume tiers on a new quantity, another list or date). The element renders what this
// holds and sends it; everything here stays on the page until a save.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { msg, str } from '@lit/localize';
import type { Product } from '../../core/schemas/products.ts';
import type { ResolvedPrices } from '../../core/schemas/price-lists.ts';
import { fieldIssuesOf } from '../../core/client.ts';
import type { LodeLocale, LodestoneClient } from '../context/contexts.ts';
import { errorMessage } from '../shared/errors.ts';
import {
  draftField,
  evaluate,
  freeLine,
  kindOf,
  productLine,
  reformat,
  withListPrice,
  type DiscountKind,
  type Draft,
  type DraftLine,
  type Evaluation,
  type Problems,
} from './draft.ts';
import type { HeaderTextField, HeaderView } from './header-fields.ts';
import type { LineField, LineHandlers } from './lines-table.ts';
import { parseField, tidy } from './number-field.ts';
import { resolvePrices } from './quote-data.ts';

export interface DraftEditorOptions {
  client(): LodestoneClient | undefined;
  /** The quote's partner: whose prices apply. */
  partnerId(): number | undefined;
  locale(): LodeLocale;
  editable(): boolean;
  announce(text: string): void;
  /** Shows a sentence in the element's message line. */
  say(text: string, kind: 'error' | 'info'): void;
  /** Focuses the first element matching `selector` once rendered. */
  focus(selector: string): void;
}

/** Fields a server refusal can be shown on; others go into the message line. */
const SHOWN_FIELD =
  /^(title|contactId|quoteDate|validUntil|terms|priceListId|discount|lines\.\d+\.(description|quantity|unitPrice|discount|taxRate|productId))$/;

const LINE_PATH = /^lines\.(\d+)\.(.+)$/;

export class DraftEditor implements ReactiveController {
  draft?: Draft;
  /** Edits not saved yet. */
  unsaved = false;
  /** A price list request is in flight (saving waits for it). */
  repricing = false;
  /** computeTotals and the checks of the draft, as of the last update. */
  evaluation: Evaluation = { problems: new Map(), totals: null };
  private serverProblems: Problems = new Map();
  /** Fields whose problems show before a save is tried: `title`, `line-<key>.quantity`. */
  private touched = new Set<string>();
  private submitted = false;
  private draftLocale?: LodeLocale;
  private repriceSeq = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly opts: DraftEditorOptions,
  ) {
    host.addController(this);
  }

  /** A fresh draft (loaded, saved or discarded): nothing touched, nothing unsaved. */
  reset(draft: Draft | undefined): void {
    this.draft = draft;
    this.draftLocale = this.opts.locale();
    this.unsaved = false;
    this.touched = new Set();
    this.submitted = false;
    this.serverProblems = new Map();
    this.repriceSeq++;
    this.repricing = false;
    this.host.requestUpdate();
  }

  /** Before each render: numbers follow a new locale, and the draft is checked and totalled. */
  hostUpdate(): void {
    const locale = this.opts.locale();
    if (this.draft && this.draftLocale !== locale) {
      this.draft = reformat(this.draft, locale);
      this.draftLocale = locale;
    }
    this.evaluation = this.draft ? evaluate(this.draft) : { problems: new Map(), totals: null };
  }

  /** A save was tried: every problem shows. False when there are problems (they are focused). */
  submit(): boolean {
    this.submitted = true;
    this.host.requestUpdate();
    if (!this.draft || evaluate(this.draft).problems.size === 0) return true;
    this.opts.focus('[aria-invalid="true"]');
    return false;
  }

  /** The problems to show: the server's, and ours for touched fields (all of them once a save was tried). */
  visibleProblems(): Problems {
    const shown: Problems = new Map(this.serverProblems);
    for (const [field, problem] of this.evaluation.problems)
      if (this.submitted || field === 'lines' || this.touched.has(this.touchKey(field)))
        shown.set(field, problem);
    return shown;
  }

  /**
   * Puts a refusal's field issues on the fields they name (`patch.lines.2.unitPrice` →
   * `lines.2.unitPrice`); returns the ones no field shows, as sentences.
   */
  showServerProblems(err: unknown): string[] {
    const problems: Problems = new Map();
    const unplaced: string[] = [];
    for (const issue of fieldIssuesOf(err)) {
      let field = draftField(issue.field);
      if (field === 'currency' || field === 'priceMode') field = 'priceListId';
      if (SHOWN_FIELD.test(field))
        problems.set(field, { rule: issue.rule, message: issue.message });
      else unplaced.push(`${issue.field}: ${issue.message}`);
    }
    this.serverProblems = problems;
    this.host.requestUpdate();
    this.opts.focus('[aria-invalid="true"]');
    return unplaced;
  }

  // ---- edits ----

  /** `lines.2.quantity` → `line-<key>.quantity`, so a touched field stays touched when lines above it go. */
  private touchKey(path: string): string {
    const m = LINE_PATH.exec(path);
    const line = m && this.draft?.lines[Number(m[1])];
    return line ? `line-${line.key}.${m[2]}` : path;
  }

  private touch(path: string): void {
    this.touched = new Set(this.touched).add(this.touchKey(path));
  }

  private edit(change: (d: Draft) => Draft, clears: string[]): void {
    if (!this.draft) return;
    this.draft = change(this.draft);
    this.unsaved = true;
    if (clears.some((f) => this.serverProblems.has(f))) {
      const left = new Map(this.serverProblems);
      for (const f of clears) left.delete(f);
      this.serverProblems = left;
    }
    this.host.requestUpdate();
  }

  /** Rewrites the draft without it counting as an edit (tidying text). */
  private tidyDraft(change: (d: Draft) => Draft): void {
    if (!this.draft) return;
    this.draft = change(this.draft);
    this.host.requestUpdate();
  }

  private indexOf(key: number): number {
    return this.draft?.lines.findIndex((l) => l.key === key) ?? -1;
  }

  private editLine(key: number, field: string, change: (l: DraftLine) => DraftLine): void {
    const i = this.indexOf(key);
    if (i < 0) return;
    this.edit(
      (d) => ({ ...d, lines: d.lines.map((l) => (l.key === key ? change(l) : l)) }),
      [`lines.${i}.${field}`, `lines.${i}.productId`],
    );
  }

  private parse(kind: ReturnType<typeof kindOf>, text: string) {
    return parseField(kind, text, this.draft!.currency, this.opts.locale());
  }

  readonly header: HeaderView['on'] = {
    input: (field: HeaderTextField | 'discount', value: string) => {
      if (field === 'discount')
        this.edit(
          (d) => ({ ...d, discount: this.parse(kindOf('discount', d.discountKind), value) }),
          ['discount'],
        );
      else this.edit((d) => ({ ...d, [field]: value }), [field]);
    },
    commit: (field: HeaderTextField | 'discount') => {
      this.touch(field);
      if (field === 'discount')
        this.tidyDraft((d) => ({
          ...d,
          discount: tidy(
            kindOf('discount', d.discountKind),
            d.discount,
            d.currency,
            this.opts.locale(),
          ),
        }));
      // Price list and tier validity are checked against the quote date.
      if (field === 'quoteDate' && this.draft?.quoteDate) void this.reprice(false);
      this.host.requestUpdate();
    },
    contact: (contactId: number | null) => this.edit((d) => ({ ...d, contactId }), ['contactId']),
    priceList: (priceListId: number | null) => {
      this.edit((d) => ({ ...d, priceListId }), ['priceListId']);
      // Another list prices every product line again, as the server does when the list changes.
      void this.reprice(true);
    },
    discountKind: (kind: DiscountKind) =>
      this.edit(
        (d) => ({
          ...d,
          discountKind: kind,
          discount: this.parse(kindOf('discount', kind), d.discount.text),
        }),
        ['discount'],
      ),
  };

  readonly lines: LineHandlers = {
    input: (key: number, field: LineField, text: string) =>
      this.editLine(key, field, (l) => {
        if (field === 'description') return { ...l, description: text };
        // A price or rate typed by hand is no longer the list's.
        const byHand = field === 'unitPrice' || field === 'taxRate';
        return {
          ...l,
          [field]: this.parse(kindOf(field, l.discountKind), text),
          ...(byHand ? { listPriced: false } : {}),
        };
      }),
    commit: (key: number, field: LineField) => {
      const i = this.indexOf(key);
      const line = this.draft?.lines[i];
      if (!line) return;
      this.touch(`lines.${i}.${field}`);
      this.host.requestUpdate();
      if (field === 'description') return;
      const kind = kindOf(field, line.discountKind);
      this.tidyDraft((d) => ({
        ...d,
        lines: d.lines.map((l) =>
          l.key === key
            ? { ...l, [field]: tidy(kind, l[field], d.currency, this.opts.locale()) }
            : l,
        ),
      }));
      // Volume tiers: another quantity may have another price.
      if (field === 'quantity' && line.productId !== null && line.listPriced)
        void this.reprice(false, [key]);
    },
    discountKind: (key: number, kind: DiscountKind) =>
      this.editLine(key, 'discount', (l) => ({
        ...l,
        discountKind: kind,
        discount: this.parse(kindOf('discount', kind), l.discount.text),
      })),
    remove: (key: number) => {
      const i = this.indexOf(key);
      const description = this.draft?.lines[i]?.description ?? '';
      this.edit((d) => ({ ...d, lines: d.lines.filter((l) => l.key !== key) }), []);
      // Positions shift: the server's line problems no longer point at the right lines.
      this.serverProblems = new Map(
        [...this.serverProblems].filter(([f]) => !f.startsWith('lines.')),
      );
      this.opts.announce(msg(str`Removed line ${i + 1} ${description}.`, { id: 'quote.removed' }));
      this.opts.focus('#product-search, [part~="save-button"]');
    },
  };

  /** A line without product, taking the last line's tax rate. */
  addFreeLine(): void {
    const taxRate = this.draft?.lines.at(-1)?.taxRate.value ?? 0;
    this.edit(
      (d) => ({ ...d, lines: [...d.lines, freeLine(d.currency, this.opts.locale(), taxRate)] }),
      [],
    );
    this.opts.focus('tbody tr:last-child [part~="line-description"]');
  }

  /** Adds the product as a line priced by the price list for one unit. */
  async addProduct(product: Product): Promise<void> {
    const client = this.opts.client();
    const partnerId = this.opts.partnerId();
    const draft = this.draft;
    if (!client || !partnerId || !draft || !this.opts.editable()) return;
    try {
      const prices = await resolvePrices(client, {
        priceListId: draft.priceListId,
        partnerId,
        date: draft.quoteDate,
        lines: [{ productId: product.id, quantity: 1000 }],
      });
      this.applyPrices(prices, []);
      const line = productLine(prices.lines[0]!, 1000, prices.currency, this.opts.locale());
      this.edit((d) => ({ ...d, lines: [...d.lines, line] }), []);
      this.opts.announce(msg(str`Added ${line.description}.`, { id: 'quote.added' }));
    } catch (err) {
      const issue = fieldIssuesOf(err)[0];
      this.opts.say(issue ? issue.message : errorMessage(err), 'error');
    }
  }

  /** The price list's currency, price mode and list, and its prices for the given lines. */
  private applyPrices(prices: ResolvedPrices, keys: number[]): void {
    const locale = this.opts.locale();
    this.edit(
      (d) => {
        const next: Draft = {
          ...d,
          priceListId: prices.priceListId,
          currency: prices.currency,
          priceMode: prices.priceMode,
          lines: d.lines.map((l) => {
            const k = keys.indexOf(l.key);
            return k >= 0 ? withListPrice(l, prices.lines[k]!, prices.currency, locale) : l;
          }),
        };
        return prices.currency === d.currency ? next : reformat(next, locale);
      },
      ['priceListId'],
    );
  }

  /** A resolve refusal on the lines it was asked for: `lines.k.productId` is the k-th of `keys`. */
  private refusedPrices(err: unknown, keys: number[]): void {
    const problems = new Map(this.serverProblems);
    const unplaced: string[] = [];
    for (const issue of fieldIssuesOf(err)) {
      const m = LINE_PATH.exec(issue.field);
      const i = m ? this.indexOf(keys[Number(m[1])] ?? -1) : -1;
      if (i >= 0)
        problems.set(`lines.${i}.productId`, { rule: issue.rule, message: issue.message });
      else if (issue.field === 'priceListId')
        problems.set('priceListId', { rule: issue.rule, message: issue.message });
      else unplaced.push(issue.message);
    }
    this.serverProblems = problems;
    this.host.requestUpdate();
    if (unplaced.length || problems.size === 0)
      this.opts.say(unplaced.join(' ') || errorMessage(err), 'error');
  }

  /**
   * Prices product lines from the price list: the given lines (or every list-priced one), or
   * with `refill` every product line. A newer call wins over an older one still in flight.
   */
  private async reprice(refill: boolean, keys?: number[]): Promise<void> {
    const client = this.opts.client();
    const partnerId = this.opts.partnerId();
    const draft = this.draft;
    if (!client || !partnerId || !draft) return;
    const lines = draft.lines.filter(
      (l) =>
        l.productId !== null &&
        (refill || l.listPriced) &&
        (!keys || keys.includes(l.key)) &&
        l.quantity.value !== null &&
        l.quantity.value > 0 &&
        !l.quantity.invalid,
    );
    const seq = ++this.repriceSeq;
    this.repricing = true;
    this.host.requestUpdate();
    const asked = lines.map((l) => l.key);
    try {
      const prices = await resolvePrices(client, {
        priceListId: draft.priceListId,
        partnerId,
        date: draft.quoteDate,
        lines: lines.map((l) => ({ productId: l.productId!, quantity: l.quantity.value! })),
      });
      if (seq === this.repriceSeq) this.applyPrices(prices, asked);
    } catch (err) {
      if (seq === this.repriceSeq) this.refusedPrices(err, asked);
    } finally {
      if (seq === this.repriceSeq) {
        this.repricing = false;
        this.host.requestUpdate();
      }
    }
  }
}
