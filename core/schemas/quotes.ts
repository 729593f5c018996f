import { z } from 'zod';
import {
  currencyCode,
  day,
  id,
  idempotencyKey,
  listInput,
  optionalText,
  text,
  version,
} from './common.ts';
import type { Stamped } from './common.ts';
import type { Discount, PriceMode } from '../money/index.ts';
import type { OrderStatus } from './orders.ts';

// Quotes (报价单) with immutable versions, and the priced-line shapes orders share with them.
// Money in minor units of the document's currency, quantities in thousandths, rates in basis
// points (core/money/README.md).

export const QUOTE_STATUSES = ['draft', 'sent', 'accepted', 'rejected', 'expired'] as const;
export type QuoteStatus = (typeof QUOTE_STATUSES)[number];
export const DOCUMENT_PRICE_MODES = ['exclusive', 'inclusive'] as const satisfies PriceMode[];

const amount = z.number().int().min(0).max(1e12);
const rate = z.number().int().min(0).max(10_000);

/** A line or header discount: percent in basis points (1250 = 12.5%) or an amount. */
export const discountInput = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('percent'), value: rate }),
  z.strictObject({ kind: z.literal('amount'), value: amount }),
]);

/**
 * A line as a client writes it. With a product, what is left out comes from the price list
 * (unit price, tax rate) and the product (description, unit); without one, unit price and
 * description are required.
 */
export const documentLineInput = z.strictObject({
  productId: id.nullable().optional(),
  description: optionalText(1000),
  unit: optionalText(20),
  /** Thousandths: 1.5 units = 1500. */
  quantity: z.number().int().min(1).max(1e12),
  unitPrice: amount.optional(),
  discount: discountInput.nullable().optional(),
  taxRate: rate.optional(),
});
export type DocumentLineInput = z.infer<typeof documentLineInput>;

/** The pricing fields quotes and orders share (create and update). */
export const documentPricing = {
  /** The partner's customer-group list valid on the document date when absent. */
  priceListId: id.nullable().optional(),
  /** The price list's when absent. */
  priceMode: z.enum(DOCUMENT_PRICE_MODES).optional(),
  /** The price list's (or CNY) when absent; must match the list when prices come from it. */
  currency: currencyCode.optional(),
  /** The header discount, split across lines by allocate. */
  discount: discountInput.nullable().optional(),
  lines: z.array(documentLineInput).max(200),
};

export const quoteCreateInput = z.strictObject({
  opportunityId: id,
  /** The opportunity's name when absent. */
  title: text(200).optional(),
  /** A contact of the partner. */
  contactId: id.nullable().optional(),
  ...documentPricing,
  lines: documentPricing.lines.default([]),
  /** Today when absent. */
  quoteDate: day.optional(),
  validUntil: day.nullable().optional(),
  terms: optionalText(10_000),
  idempotencyKey: idempotencyKey.optional(),
});

export const quoteGetInput = z.strictObject({
  id,
  /** The latest version when absent. */
  versionNo: z.number().int().positive().optional(),
});

const versionNo = z.number().int().positive();

/** Edits a draft version. `version` is the quote's (every write to any version bumps it). */
export const quoteUpdateInput = z.strictObject({
  id,
  versionNo,
  version,
  patch: z
    .strictObject({
      title: text(200).optional(),
      contactId: id.nullable().optional(),
      priceListId: documentPricing.priceListId,
      priceMode: documentPricing.priceMode,
      currency: documentPricing.currency,
      discount: documentPricing.discount,
      lines: documentPricing.lines.optional(),
      quoteDate: day.optional(),
      validUntil: day.nullable().optional(),
      terms: optionalText(10_000),
    })
    .refine((p) => Object.keys(p).length > 0, 'patch must change at least one field'),
});

/** A new draft version n+1 copied from any version (which stays as it is). */
export const quoteReviseInput = z.strictObject({ id, fromVersionNo: versionNo });
export const quoteSendInput = z.strictObject({ id, versionNo, version });
export const quoteAcceptInput = z.strictObject({
  id,
  versionNo,
  version,
  /** The customer's reference for the acceptance (PO number, signed copy). */
  note: optionalText(2000),
});
export const quoteRejectInput = z.strictObject({
  id,
  versionNo,
  version,
  reason: text(2000),
});
export const quoteCompareInput = z.strictObject({ id, a: versionNo, b: versionNo });

export const quoteListInput = listInput.extend({
  opportunityId: id.optional(),
  partnerId: id.optional(),
  ownerId: id.optional(),
  /** The quote's status: the accepted version's, else the latest version's. */
  status: z.enum(QUOTE_STATUSES).optional(),
  search: z.string().trim().max(100).optional(),
  sort: z.enum(['number', 'createdAt', 'updatedAt']).default('createdAt'),
  direction: z.enum(['asc', 'desc']).default('desc'),
});

/** A priced line as stored: the input plus what computeTotals made of it. */
export interface DocumentLine {
  position: number;
  productId: number | null;
  description: string;
  unit: string | null;
  quantity: number;
  unitPrice: number;
  discount: Discount | null;
  taxRate: number;
  extended: number;
  lineDiscount: number;
  /** This line's share of the header discount. */
  headerDiscount: number;
  net: number;
  tax: number;
  gross: number;
}

/** A document's stored totals (exactly computeTotals of its lines). */
export interface DocumentTotalsView {
  currency: string;
  priceMode: PriceMode;
  discount: Discount | null;
  subtotal: number;
  lineDiscount: number;
  headerDiscount: number;
  net: number;
  tax: number;
  gross: number;
  discountBp: number;
}

export interface Quote extends Stamped {
  number: string;
  title: string;
  opportunityId: number;
  partnerId: number;
  ownerId: number;
  teamId: number | null;
  latestVersionNo: number;
  acceptedVersionNo: number | null;
  /** The accepted version's status, else the latest version's (expiry applied). */
  status: QuoteStatus;
}

export interface QuoteVersionSummary {
  versionNo: number;
  basedOnVersionNo: number | null;
  /** Expiry is applied on read: a sent version past validUntil reads as expired. */
  status: QuoteStatus;
  contactId: number | null;
  priceListId: number | null;
  quoteDate: string;
  validUntil: string | null;
  currency: string;
  net: number;
  gross: number;
  discountBp: number;
  sentAt: string | null;
  decidedAt: string | null;
  decidedBy: number | null;
  decisionNote: string | null;
  createdAt: string;
  createdBy: number | null;
}

/** A quote line as read. */
export interface QuoteLine extends DocumentLine {
  /**
   * The product's code (编码) when the line was written, kept like its description: renaming or
   * recoding the product later does not change a quote. Null on a line without product.
   */
  productCode: string | null;
}

export interface QuoteVersionDetail extends QuoteVersionSummary {
  terms: string | null;
  totals: DocumentTotalsView;
  lines: QuoteLine[];
}

export interface QuoteListItem extends Quote {
  partnerName: string;
  latest: QuoteVersionSummary;
}

/** An order made from a quote (orders.createFromQuote, or an amendment of such an order). */
export interface QuoteOrderLink {
  id: number;
  number: string;
  status: OrderStatus;
  /** The quote version it was made from. */
  versionNo: number | null;
  /** The order this one amends; null for the order made from the quote itself. */
  amendsOrderId: number | null;
}

export interface QuoteDetail extends Quote {
  versions: QuoteVersionSummary[];
  /** The version asked for (the latest by default), with lines and totals. */
  current: QuoteVersionDetail;
  /**
   * The order made from this quote that is in force or under way: the oldest one not cancelled
   * (an approved order stays it while its amendment waits; once the amendment is approved the
   * original is cancelled and the amendment is it). Null when there is none.
   */
  order: QuoteOrderLink | null;
  /** Every order made from this quote, cancelled ones and amendments too, oldest first. */
  orders: QuoteOrderLink[];
}

/** old → new of one figure; delta is b − a (null when the currencies differ). */
export interface FigureChange {
  a: number | null;
  b: number | null;
  delta: number | null;
}

export interface LineComparison {
  /** added: only in b; removed: only in a; changed or same: matched by product, else description. */
  change: 'added' | 'removed' | 'changed' | 'same';
  a: DocumentLine | null;
  b: DocumentLine | null;
  /** The figures that differ (all of them for an added or removed line). */
  differences: Partial<Record<LineFigure, FigureChange>> & {
    discount?: { a: Discount | null; b: Discount | null };
    description?: { a: string | null; b: string | null };
  };
}

export const LINE_FIGURES = [
  'quantity',
  'unitPrice',
  'taxRate',
  'extended',
  'lineDiscount',
  'headerDiscount',
  'net',
  'tax',
  'gross',
] as const;
export type LineFigure = (typeof LINE_FIGURES)[number];

export const TOTAL_FIGURES = [
  'subtotal',
  'lineDiscount',
  'headerDiscount',
  'net',
  'tax',
  'gross',
  'discountBp',
] as const;
export type TotalFigure = (typeof TOTAL_FIGURES)[number];

export interface QuoteComparison {
  a: QuoteVersionSummary;
  b: QuoteVersionSummary;
  sameCurrency: boolean;
  lines: LineComparison[];
  totals: Record<TotalFigure, FigureChange>;
  /** Header fields that differ: terms, validUntil, currency, priceMode, discount, contactId. */
  header: Record<string, { a: unknown; b: unknown }>;
}
