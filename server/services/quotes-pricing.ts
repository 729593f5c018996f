// Pricing a quote version or an order: fill what a line leaves out from the price list
// (price-lists.ts resolvePrices) and the product, then computeTotals (core/money), and map the
// stored lines and totals back. Quotes and orders share this, so both price exactly alike.
import { TRPCError } from '@trpc/server';
import {
  computeTotals,
  PricingError,
  type Discount,
  type DocumentTotals,
  type PriceMode,
} from '../../core/money/index.ts';
import type {
  DocumentLine,
  DocumentLineInput,
  DocumentTotalsView,
} from '../../core/schemas/quotes.ts';
import type { ResolvedPrices } from '../../core/schemas/price-lists.ts';
import type { Db } from '../db/knex.ts';
import { toInt, toIntOrNull } from '../db/rows.ts';
import { FieldValidationError, invalidField } from '../trpc/errors.ts';
import { companyToday } from './company-day.ts';
import { assertCurrency, str, type Row } from './opportunity-parts.ts';
import { resolvePrices } from './price-lists.ts';
import type { Trx } from './tx.ts';

export interface PricingRequest {
  /** Prepended to every field an error names: '' for create, 'patch.' for update. */
  prefix: string;
  partnerId: number;
  /** The document date: price list validity is checked against it. */
  date: string;
  /** A chosen list; null or absent lets the partner's customer group decide. */
  priceListId?: number | null;
  priceMode?: PriceMode;
  currency?: string;
  discount?: Discount | null;
  lines: DocumentLineInput[];
}

/**
 * A priced line with what only some documents store: the unit cost (orders) and the product's
 * code as written (quotes; absent when read from a table without it).
 */
export type PricedLine = DocumentLine & { unitCost: number | null; productCode?: string | null };

export interface PricedDocument {
  priceListId: number | null;
  currency: string;
  priceMode: PriceMode;
  discount: Discount | null;
  lines: PricedLine[];
  totals: DocumentTotals;
}

/** A compact form of lines for the audit log: what was written, not the derived figures. */
export const linesAudit = (lines: PricedLine[]) =>
  lines.map((l) => [l.productId, l.description, l.quantity, l.unitPrice, l.discount, l.taxRate]);

/** A field error from resolvePrices, renamed to the caller's field (its lines are a subset). */
function renamed(err: unknown, rename: (field: string) => string): unknown {
  if (!(err instanceof TRPCError) || !(err.cause instanceof FieldValidationError)) return err;
  const issue = err.cause.issues[0];
  if (!issue) return err;
  const field = (issue.path ?? []).map(String).join('.');
  return invalidField(rename(field), issue.code ?? 'invalid', issue.message);
}

/**
 * The list and the product lines' prices. The list is resolved even for a document without
 * product lines (or without lines at all), so a quote started empty gets the same list, currency
 * and price mode as one started with products.
 */
async function resolveFor(trx: Trx, req: PricingRequest): Promise<ResolvedPrices> {
  const productAt = req.lines.flatMap((l, i) => (l.productId ? [i] : []));
  try {
    return await resolvePrices(trx, {
      priceListId: req.priceListId ?? null,
      partnerId: req.partnerId,
      date: req.date,
      lines: productAt.map((i) => ({
        productId: req.lines[i]!.productId!,
        quantity: req.lines[i]!.quantity,
      })),
    });
  } catch (err) {
    throw renamed(err, (field) => {
      const m = /^lines\.(\d+)\.(.*)$/.exec(field);
      return m ? `${req.prefix}lines.${productAt[Number(m[1])]}.${m[2]}` : `${req.prefix}${field}`;
    });
  }
}

/**
 * Fills and prices a document's lines. A product line takes what it leaves out from the price
 * list (unit price, tax rate) and the product (description, unit); explicit values win. When a
 * line takes its price from the list, the document's currency and price mode must be the list's.
 */
export async function priceDocument(trx: Trx, req: PricingRequest): Promise<PricedDocument> {
  const resolved = await resolveFor(trx, req);
  const byProductLine = new Map<number, ResolvedPrices['lines'][number]>();
  let k = 0;
  req.lines.forEach((l, i) => {
    if (l.productId) byProductLine.set(i, resolved.lines[k++]!);
  });
  const currency = req.currency ?? resolved.currency;
  const priceMode = req.priceMode ?? resolved.priceMode;
  const fromList = req.lines.some((l) => l.productId && l.unitPrice === undefined);
  if (fromList) {
    if (currency !== resolved.currency)
      throw invalidField(
        `${req.prefix}currency`,
        'price_list',
        `must be ${resolved.currency}, the currency of the prices taken from the price list`,
      );
    if (priceMode !== resolved.priceMode)
      throw invalidField(
        `${req.prefix}priceMode`,
        'price_list',
        `must be ${resolved.priceMode}, the price mode of the price list`,
      );
  }
  await assertCurrency(trx, `${req.prefix}currency`, currency);
  const lines = req.lines.map((l, i) => {
    const r = byProductLine.get(i);
    const field = `${req.prefix}lines.${i}`;
    const unitPrice = l.unitPrice ?? r?.unitPrice;
    if (unitPrice === undefined)
      throw invalidField(`${field}.unitPrice`, 'required', 'is required on a line without product');
    const description = l.description ?? r?.description;
    if (!description)
      throw invalidField(
        `${field}.description`,
        'required',
        'is required on a line without product',
      );
    return {
      productId: l.productId ?? null,
      productCode: r?.productCode ?? null,
      description,
      unit: l.unit ?? r?.unit ?? null,
      quantity: l.quantity,
      unitPrice,
      discount: l.discount ?? null,
      taxRate: l.taxRate ?? r?.taxRate ?? 0,
      unitCost: r && currency === resolved.currency ? r.unitCost : null,
    };
  });
  const discount = req.discount ?? null;
  const totals = totalsOf(lines, priceMode, discount, req.prefix);
  return {
    priceListId: req.priceListId ?? resolved.priceListId,
    currency,
    priceMode,
    discount,
    totals,
    lines: lines.map((l, i) => ({ position: i + 1, ...l, ...totals.lines[i]! })),
  };
}

/** computeTotals, with its refusals as field errors (money math never runs anywhere else). */
export function totalsOf(
  lines: { quantity: number; unitPrice: number; discount: Discount | null; taxRate: number }[],
  mode: PriceMode,
  discount: Discount | null,
  prefix = '',
): DocumentTotals {
  try {
    return computeTotals(lines, mode, discount);
  } catch (err) {
    if (err instanceof PricingError) throw invalidField(prefix + err.field, err.rule, err.message);
    if (err instanceof RangeError)
      throw invalidField(`${prefix}lines`, 'range', 'amounts are too large to compute exactly');
    throw err;
  }
}

/**
 * Prices stored lines again under other header inputs (currency, price mode, header discount),
 * keeping every line as it is: no price list is consulted.
 */
export async function repriceStored(
  trx: Trx,
  stored: PricedLine[],
  doc: Omit<PricedDocument, 'lines' | 'totals'>,
  prefix: string,
): Promise<PricedDocument> {
  await assertCurrency(trx, `${prefix}currency`, doc.currency);
  const totals = totalsOf(stored, doc.priceMode, doc.discount, prefix);
  return { ...doc, totals, lines: stored.map((l, i) => ({ ...l, ...totals.lines[i]! })) };
}

/** Stored lines as input lines; `refill` drops product prices so a new price list sets them. */
function asInputLines(lines: PricedLine[], refill: boolean): DocumentLineInput[] {
  return lines.map((l) => ({
    productId: l.productId,
    description: l.description,
    unit: l.unit ?? undefined,
    quantity: l.quantity,
    unitPrice: refill && l.productId ? undefined : l.unitPrice,
    discount: l.discount,
    taxRate: refill && l.productId ? undefined : l.taxRate,
  }));
}

/** The pricing fields a quote or order patch may carry. */
export interface PricingPatch {
  priceListId?: number | null;
  priceMode?: PriceMode;
  currency?: string;
  discount?: Discount | null;
  lines?: DocumentLineInput[];
}

/**
 * Prices a draft again for a patch: new lines, or a new price list (which refills product
 * prices, and brings its currency and mode unless the patch names them), or new header inputs
 * on the stored lines. Null when the patch touches no pricing field.
 */
export async function repriceForPatch(
  trx: Trx,
  req: {
    partnerId: number;
    date: string;
    stored: PricedLine[];
    current: DocumentTotalsView & { priceListId: number | null };
    patch: PricingPatch;
  },
): Promise<PricedDocument | null> {
  const { patch, current } = req;
  const listChanged = 'priceListId' in patch;
  const priceListId = listChanged ? (patch.priceListId ?? null) : current.priceListId;
  const discount = 'discount' in patch ? (patch.discount ?? null) : current.discount;
  if (patch.lines || listChanged)
    return priceDocument(trx, {
      prefix: 'patch.',
      partnerId: req.partnerId,
      date: req.date,
      priceListId,
      currency: patch.currency ?? (listChanged ? undefined : current.currency),
      priceMode: patch.priceMode ?? (listChanged ? undefined : current.priceMode),
      discount,
      lines: patch.lines ?? asInputLines(req.stored, true),
    });
  if (!('currency' in patch) && !('priceMode' in patch) && !('discount' in patch)) return null;
  return repriceStored(
    trx,
    req.stored,
    {
      priceListId,
      currency: patch.currency ?? current.currency,
      priceMode: patch.priceMode ?? current.priceMode,
      discount,
    },
    'patch.',
  );
}

/** The header columns of documentTotals (server/db/document-columns.ts). */
export function totalsColumns(doc: {
  currency: string;
  priceMode: PriceMode;
  discount: Discount | null;
  totals: Omit<DocumentTotals, 'lines'>;
}): Row {
  const t = doc.totals;
  return {
    currency: doc.currency,
    price_mode: doc.priceMode,
    discount_kind: doc.discount?.kind ?? null,
    discount_value: doc.discount?.value ?? null,
    subtotal: t.subtotal,
    line_discount: t.lineDiscount,
    header_discount: t.headerDiscount,
    net: t.net,
    tax: t.tax,
    gross: t.gross,
    discount_bp: t.discountBp,
  };
}

/** The pricedLine columns of one line (plus unit_cost for orders). */
export function lineColumns(l: PricedLine, withCost: boolean): Row {
  return {
    position: l.position,
    product_id: l.productId,
    description: l.description,
    unit: l.unit,
    quantity: l.quantity,
    unit_price: l.unitPrice,
    discount_kind: l.discount?.kind ?? null,
    discount_value: l.discount?.value ?? null,
    tax_rate: l.taxRate,
    extended: l.extended,
    line_discount: l.lineDiscount,
    header_discount: l.headerDiscount,
    net: l.net,
    tax: l.tax,
    gross: l.gross,
    ...(withCost ? { unit_cost: l.unitCost } : {}),
  };
}

function discountOf(kind: unknown, value: unknown): Discount | null {
  if (kind !== 'percent' && kind !== 'amount') return null;
  return { kind, value: toInt(value) };
}

export function mapLine(r: Row): PricedLine {
  return {
    position: toInt(r.position),
    productId: toIntOrNull(r.product_id),
    description: String(r.description),
    unit: str(r.unit),
    quantity: toInt(r.quantity),
    unitPrice: toInt(r.unit_price),
    discount: discountOf(r.discount_kind, r.discount_value),
    taxRate: toInt(r.tax_rate),
    extended: toInt(r.extended),
    lineDiscount: toInt(r.line_discount),
    headerDiscount: toInt(r.header_discount),
    net: toInt(r.net),
    tax: toInt(r.tax),
    gross: toInt(r.gross),
    unitCost: r.unit_cost === undefined ? null : toIntOrNull(r.unit_cost),
    ...(r.product_code === undefined ? {} : { productCode: str(r.product_code) }),
  };
}

export function mapTotals(r: Row): DocumentTotalsView {
  return {
    currency: String(r.currency),
    priceMode: r.price_mode as PriceMode,
    discount: discountOf(r.discount_kind, r.discount_value),
    subtotal: toInt(r.subtotal),
    lineDiscount: toInt(r.line_discount),
    headerDiscount: toInt(r.header_discount),
    net: toInt(r.net),
    tax: toInt(r.tax),
    gross: toInt(r.gross),
    discountBp: toInt(r.discount_bp),
  };
}

/** The lines of one document, in order. */
export async function loadLines(
  db: Db | Trx,
  table: 'quote_lines' | 'order_lines',
  parentColumn: 'quote_version_id' | 'order_id',
  parentId: number,
): Promise<PricedLine[]> {
  const rows = (await db(table)
    .where(parentColumn, parentId)
    .orderBy('position')
    .orderBy('id')) as Row[];
  return rows.map(mapLine);
}

/**
 * The calendar day today in the company's time zone (company-day.ts): the default document
 * date, and the day quote expiry and validity checks compare with.
 */
export function today(): string {
  return companyToday();
}
