import { z } from 'zod';
import { currencyCode, day, id, idempotencyKey, optionalText, text, version } from './common.ts';
import type { Stamped } from './common.ts';
import type { PriceMode } from '../money/index.ts';
import { minorUnits, quantityMilli } from './products.ts';

/** Whether a list's prices include tax (含税价) or not. */
export const PRICE_MODES = ['exclusive', 'inclusive'] as const satisfies readonly PriceMode[];

/** A validity bound: a calendar day, or null for open-ended. */
const bound = day.nullable().optional();

export const priceListCreateInput = z.strictObject({
  name: text(200),
  nameEn: optionalText(200),
  currency: currencyCode.default('CNY'),
  priceMode: z.enum(PRICE_MODES).default('exclusive'),
  /** The partners' customer group this list is for; null: partners without a group. */
  customerGroup: optionalText(50),
  validFrom: bound,
  validTo: bound,
  active: z.boolean().default(true),
  idempotencyKey: idempotencyKey.optional(),
});

/**
 * Currency and price mode say what every price in the list means, so they can only change while
 * the list holds no prices.
 */
export const priceListUpdateInput = z.strictObject({
  id,
  version,
  patch: z
    .strictObject({
      name: text(200).optional(),
      nameEn: optionalText(200),
      currency: currencyCode.optional(),
      priceMode: z.enum(PRICE_MODES).optional(),
      customerGroup: optionalText(50),
      validFrom: bound,
      validTo: bound,
      active: z.boolean().optional(),
    })
    .refine((p) => Object.keys(p).length > 0, 'patch must change at least one field'),
});

export const priceListListInput = z.strictObject({
  includeInactive: z.boolean().default(false),
  customerGroup: z.string().max(50).optional(),
});

export const priceListArchiveInput = z.strictObject({ id, version });

/** One price tier: from `minQuantity` (thousandths) up, within the optional validity dates. */
export const priceListItemInput = z.strictObject({
  productId: id,
  /** Minor units of the list's currency, in the list's price mode. */
  unitPrice: minorUnits,
  minQuantity: quantityMilli.default(0),
  validFrom: bound,
  validTo: bound,
});

/**
 * Upserts prices per product: every product named in `items` ends up with exactly the tiers
 * listed for it (existing tiers with the same minimum quantity and start date are kept and
 * changed, the others removed); products in `remove` are taken off the list; all other products
 * keep their prices. The list's `version` guards the whole list. Of a product's tiers valid on
 * a day, the highest minimum quantity not above the line's wins, then the latest start (a dated
 * promotion overrides the standing price); two tiers with the same minimum and start are refused.
 */
export const priceListItemsSetInput = z.strictObject({
  priceListId: id,
  version,
  items: z.array(priceListItemInput).max(2000).default([]),
  remove: z.array(id).max(2000).default([]),
});

export const priceListGetInput = z.strictObject({ id });

/**
 * The prices a document line would get. `priceListId` null picks the partner's customer-group
 * list valid on `date`, else the products' list prices (tax-exclusive).
 */
export const priceResolveInput = z.strictObject({
  priceListId: id.nullable().default(null),
  partnerId: id,
  date: day,
  lines: z.array(z.strictObject({ productId: id, quantity: quantityMilli })).max(500),
  /**
   * true: a product that cannot be priced does not refuse the call; `results` says why per
   * product and `lines` holds the priced ones only. false (the default, as a saved document
   * does): the first such product refuses the whole call with its field error.
   */
  partial: z.boolean().default(false),
});

/**
 * Why a product gets no price: `unknown` (no such live product), `inactive`, `no_price` (the
 * list does not price it and its own list price is in another currency), `currency` (no list:
 * its list price is in another currency than the first priced product's).
 */
export const UNPRICED_REASONS = ['unknown', 'inactive', 'no_price', 'currency'] as const;
export type UnpricedReason = (typeof UNPRICED_REASONS)[number];

export type { PriceMode };

export interface PriceList extends Stamped {
  name: string;
  nameEn: string | null;
  currency: string;
  priceMode: PriceMode;
  customerGroup: string | null;
  validFrom: string | null;
  validTo: string | null;
  active: boolean;
  /** Live prices (tiers) on the list. */
  itemCount: number;
}

export interface PriceListItem extends Stamped {
  priceListId: number;
  productId: number;
  productCode: string;
  productName: string;
  productNameEn: string | null;
  unit: string;
  unitPrice: number;
  minQuantity: number;
  validFrom: string | null;
  validTo: string | null;
}

export interface PriceListDetail extends PriceList {
  /** By product code, then minimum quantity, then start date. */
  items: PriceListItem[];
}

export interface ResolvedLine {
  productId: number;
  /** The product's code (编码), which a quote line keeps as written. */
  productCode: string;
  /** Minor units of the result's currency, in its price mode. */
  unitPrice: number;
  taxRate: number;
  /** The product's Chinese name, the line's default description. */
  description: string;
  unit: string;
  /**
   * The product's cost, when it is kept in the document's currency (no exchange rates). Null
   * also when the caller may not read costs (`products.readCost`): priceLists.resolve hides it.
   */
  unitCost: number | null;
  /** The price list tier the price came from; null when it is the product's list price. */
  priceListItemId: number | null;
}

/** One requested product's answer, in request order. */
export type ResolveResult =
  | { index: number; productId: number; status: 'priced'; line: ResolvedLine }
  | {
      index: number;
      productId: number;
      status: 'unpriced';
      reason: UnpricedReason;
      /** The rule a saved document would be refused with (`lines.N.productId`). */
      rule: 'exists' | 'active' | 'priced' | 'currency';
      message: string;
    };

export interface ResolvedPrices {
  priceListId: number | null;
  currency: string;
  priceMode: PriceMode;
  /**
   * The priced lines, in request order: every requested product unless `partial` was asked
   * for, then only the priced ones (match them through `results`).
   */
  lines: ResolvedLine[];
  /** Per requested product (same order and length as the request): its price or why not. */
  results: ResolveResult[];
}
