// The editor's working copy of one quote version: what is typed (every number as a NumberField),
// the checks the server would make, and the totals, which come from core/money's computeTotals
// exactly as the server computes them when it stores the version. Pure: no Lit, no client.
import {
  computeTotals,
  PricingError,
  type Discount,
  type DocumentTotals,
  type PriceMode,
} from '../../core/money/index.ts';
import type { ResolvedLine } from '../../core/schemas/price-lists.ts';
import type { DocumentLineInput, QuoteVersionDetail } from '../../core/schemas/quotes.ts';
import { EMPTY_FIELD, fieldOf, type NumberField, type NumberKind } from './number-field.ts';

export type DiscountKind = Discount['kind'];

export interface DraftLine {
  /** Stable across edits, for rendering (positions shift when a line is removed). */
  key: number;
  productId: number | null;
  description: string;
  unit: string | null;
  quantity: NumberField;
  unitPrice: NumberField;
  /** The unit price and tax rate follow the price list (volume tiers) until edited by hand. */
  listPriced: boolean;
  discountKind: DiscountKind;
  /** Empty: no discount. */
  discount: NumberField;
  taxRate: NumberField;
}

export interface Draft {
  title: string;
  contactId: number | null;
  quoteDate: string;
  /** `YYYY-MM-DD`, or '' for none. */
  validUntil: string;
  terms: string;
  /** null: the customer's price list (by customer group), decided by the server. */
  priceListId: number | null;
  currency: string;
  priceMode: PriceMode;
  discountKind: DiscountKind;
  discount: NumberField;
  lines: DraftLine[];
}

/** One thing wrong with one field: a rule name (ours, core/money's or the server's) and, from the server, its sentence. */
export interface Problem {
  rule: string;
  message?: string;
  /** The length or count a `max_length` or `max_items` problem allows. */
  limit?: number;
}

/** Field path (the server's naming: `title`, `discount`, `lines.2.unitPrice`) → its problem. */
export type Problems = Map<string, Problem>;

export const LIMITS = {
  title: 200,
  description: 1000,
  terms: 10_000,
  lines: 200,
  amount: 1e12,
  quantity: 1e12,
  rate: 10_000,
} as const;

let nextKey = 1;
const newKey = () => nextKey++;

/** A field's NumberKind by its name. */
export function kindOf(field: 'quantity' | 'unitPrice' | 'discount' | 'taxRate', d: DiscountKind) {
  if (field === 'quantity') return 'quantity';
  if (field === 'taxRate') return 'rate';
  if (field === 'discount') return d === 'percent' ? 'rate' : 'money';
  return 'money';
}

export function discountKindOf(discount: Discount | null): DiscountKind {
  return discount?.kind ?? 'percent';
}

function discountField(discount: Discount | null, currency: string, locale: string): NumberField {
  if (!discount) return EMPTY_FIELD;
  return fieldOf(discount.kind === 'percent' ? 'rate' : 'money', discount.value, currency, locale);
}

/** A blank draft for a new quote, in the customer's price list (CNY without tax when there is none). */
export function emptyDraft(
  title: string,
  quoteDate: string,
  list: { priceListId: number | null; currency: string; priceMode: PriceMode } | null,
): Draft {
  return {
    title,
    contactId: null,
    quoteDate,
    validUntil: '',
    terms: '',
    priceListId: list?.priceListId ?? null,
    currency: list?.currency ?? 'CNY',
    priceMode: list?.priceMode ?? 'exclusive',
    discountKind: 'percent',
    discount: EMPTY_FIELD,
    lines: [],
  };
}

/** The draft of a stored version, every number written the locale's way. */
export function draftOf(title: string, v: QuoteVersionDetail, locale: string): Draft {
  const currency = v.totals.currency;
  return {
    title,
    contactId: v.contactId,
    quoteDate: v.quoteDate,
    validUntil: v.validUntil ?? '',
    terms: v.terms ?? '',
    priceListId: v.priceListId,
    currency,
    priceMode: v.totals.priceMode,
    discountKind: discountKindOf(v.totals.discount),
    discount: discountField(v.totals.discount, currency, locale),
    lines: v.lines.map((l) => ({
      key: newKey(),
      productId: l.productId,
      description: l.description,
      unit: l.unit,
      quantity: fieldOf('quantity', l.quantity, currency, locale),
      unitPrice: fieldOf('money', l.unitPrice, currency, locale),
      // A stored price may have been set by hand: it stays unless the person asks for list prices.
      listPriced: false,
      discountKind: discountKindOf(l.discount),
      discount: discountField(l.discount, currency, locale),
      taxRate: fieldOf('rate', l.taxRate, currency, locale),
    })),
  };
}

/** A line for a product, priced by the price list (quantity 1 unless given). */
export function productLine(
  resolved: ResolvedLine,
  quantity: number,
  currency: string,
  locale: string,
): DraftLine {
  return {
    key: newKey(),
    productId: resolved.productId,
    description: resolved.description,
    unit: resolved.unit,
    quantity: fieldOf('quantity', quantity, currency, locale),
    unitPrice: fieldOf('money', resolved.unitPrice, currency, locale),
    listPriced: true,
    discountKind: 'percent',
    discount: EMPTY_FIELD,
    taxRate: fieldOf('rate', resolved.taxRate, currency, locale),
  };
}

/** A line without product: description and price typed by hand. */
export function freeLine(currency: string, locale: string, taxRate = 0): DraftLine {
  return {
    key: newKey(),
    productId: null,
    description: '',
    unit: null,
    quantity: fieldOf('quantity', 1000, currency, locale),
    unitPrice: EMPTY_FIELD,
    listPriced: false,
    discountKind: 'percent',
    discount: EMPTY_FIELD,
    taxRate: fieldOf('rate', taxRate, currency, locale),
  };
}

/** The line with the price list's answer for it (unit price and tax rate). */
export function withListPrice(
  line: DraftLine,
  resolved: ResolvedLine,
  currency: string,
  locale: string,
): DraftLine {
  return {
    ...line,
    unitPrice: fieldOf('money', resolved.unitPrice, currency, locale),
    taxRate: fieldOf('rate', resolved.taxRate, currency, locale),
    listPriced: true,
  };
}

/** Every number written again from its value (another locale, or another currency's decimals). */
export function reformat(draft: Draft, locale: string): Draft {
  const again = (kind: NumberKind, f: NumberField) =>
    f.value === null || f.invalid ? f : fieldOf(kind, f.value, draft.currency, locale);
  return {
    ...draft,
    discount: again(kindOf('discount', draft.discountKind), draft.discount),
    lines: draft.lines.map((l) => ({
      ...l,
      quantity: again('quantity', l.quantity),
      unitPrice: again('money', l.unitPrice),
      discount: again(kindOf('discount', l.discountKind), l.discount),
      taxRate: again('rate', l.taxRate),
    })),
  };
}

// ---- checks and totals ----

function checkNumber(
  problems: Problems,
  field: string,
  f: NumberField,
  rules: { required: boolean; min: number; max: number },
): void {
  if (f.invalid) problems.set(field, { rule: f.invalid });
  else if (f.value === null) {
    if (rules.required) problems.set(field, { rule: 'required' });
  } else if (f.value < rules.min) problems.set(field, { rule: 'min' });
  else if (f.value > rules.max) problems.set(field, { rule: 'max' });
}

function checkText(
  problems: Problems,
  field: string,
  text: string,
  max: number,
  required: boolean,
) {
  if (required && text.trim() === '') problems.set(field, { rule: 'required' });
  else if (text.trim().length > max) problems.set(field, { rule: 'max_length', limit: max });
}

function discountMax(kind: DiscountKind) {
  return kind === 'percent' ? LIMITS.rate : LIMITS.amount;
}

export function toDiscount(kind: DiscountKind, f: NumberField): Discount | null {
  return f.value === null ? null : { kind, value: f.value };
}

export interface Evaluation {
  problems: Problems;
  /** computeTotals of the lines; null while a field is invalid. */
  totals: DocumentTotals | null;
}

/**
 * What the server would refuse, field by field, and the totals it would store. The checks mirror
 * the server's schema (core/schemas/quotes.ts) so a person sees them while typing; the server
 * still decides, and its refusals are shown on the same fields.
 */
export function evaluate(draft: Draft): Evaluation {
  const problems: Problems = new Map();
  checkText(problems, 'title', draft.title, LIMITS.title, true);
  checkText(problems, 'terms', draft.terms, LIMITS.terms, false);
  if (!draft.quoteDate) problems.set('quoteDate', { rule: 'required' });
  else if (draft.validUntil && draft.validUntil < draft.quoteDate)
    problems.set('validUntil', { rule: 'after_quote_date' });
  checkNumber(problems, 'discount', draft.discount, {
    required: false,
    min: 0,
    max: discountMax(draft.discountKind),
  });
  if (draft.lines.length > LIMITS.lines)
    problems.set('lines', { rule: 'max_items', limit: LIMITS.lines });
  draft.lines.forEach((l, i) => {
    const at = `lines.${i}`;
    checkText(problems, `${at}.description`, l.description, LIMITS.description, true);
    checkNumber(problems, `${at}.quantity`, l.quantity, {
      required: true,
      min: 1,
      max: LIMITS.quantity,
    });
    checkNumber(problems, `${at}.unitPrice`, l.unitPrice, {
      required: true,
      min: 0,
      max: LIMITS.amount,
    });
    checkNumber(problems, `${at}.discount`, l.discount, {
      required: false,
      min: 0,
      max: discountMax(l.discountKind),
    });
    checkNumber(problems, `${at}.taxRate`, l.taxRate, { required: true, min: 0, max: LIMITS.rate });
  });
  const numbersOk = ![...problems.keys()].some(
    (f) => f === 'discount' || /^lines\.\d+\.(quantity|unitPrice|discount|taxRate)$/.test(f),
  );
  if (!numbersOk) return { problems, totals: null };
  try {
    const totals = computeTotals(
      draft.lines.map((l) => ({
        quantity: l.quantity.value!,
        unitPrice: l.unitPrice.value!,
        discount: toDiscount(l.discountKind, l.discount),
        taxRate: l.taxRate.value!,
      })),
      draft.priceMode,
      toDiscount(draft.discountKind, draft.discount),
    );
    return { problems, totals };
  } catch (err) {
    if (err instanceof PricingError) problems.set(err.field, { rule: err.rule });
    else if (err instanceof RangeError) problems.set('lines', { rule: 'range' });
    else throw err;
    return { problems, totals: null };
  }
}

/** The lines as the server takes them: every price explicit, so what is shown is what is stored. */
export function linesInput(draft: Draft): DocumentLineInput[] {
  return draft.lines.map((l) => ({
    productId: l.productId,
    description: l.description.trim(),
    unit: l.unit,
    quantity: l.quantity.value!,
    unitPrice: l.unitPrice.value!,
    discount: toDiscount(l.discountKind, l.discount),
    taxRate: l.taxRate.value!,
  }));
}

/** The fields quotes.create and quotes.update's patch share, from a valid draft. */
export function pricingInput(draft: Draft) {
  return {
    title: draft.title.trim(),
    contactId: draft.contactId,
    priceListId: draft.priceListId,
    priceMode: draft.priceMode,
    currency: draft.currency,
    discount: toDiscount(draft.discountKind, draft.discount),
    lines: linesInput(draft),
    quoteDate: draft.quoteDate,
    validUntil: draft.validUntil || null,
    terms: draft.terms.trim() || null,
  };
}

/**
 * A server field error's path on the draft: `patch.lines.2.unitPrice` → `lines.2.unitPrice`.
 * The server names the input it was sent, and the editor sends the whole draft.
 */
export function draftField(serverField: string): string {
  return serverField.replace(/^patch\./, '');
}
