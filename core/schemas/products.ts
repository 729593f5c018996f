import { z } from 'zod';
import {
  currencyCode,
  id,
  idempotencyKey,
  listInput,
  optionalText,
  text,
  version,
} from './common.ts';
import type { Stamped } from './common.ts';

/** An amount in minor units (fen for CNY): never a float, never negative for a price or cost. */
export const minorUnits = z.number().int().min(0).max(1e12);
/** A rate in basis points: 1300 = 13% VAT. */
export const rateBp = z.number().int().min(0).max(10_000);
/** A quantity in thousandths: 1.5 units = 1500. */
export const quantityMilli = z.number().int().min(0).max(1e12);

export const productCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9._-]{1,32}$/, 'must be 1 to 32 letters, digits, dots, dashes or underscores');

const productFields = {
  code: productCode,
  name: text(200),
  nameEn: optionalText(200),
  /** The product group reports break down by, e.g. 传动件. */
  category: optionalText(100),
  unit: text(20).default('pcs'),
  /** Tax-exclusive list price in minor units of `currency`. */
  listPrice: minorUnits,
  /** Unit cost for margin reports; null when unknown. */
  cost: minorUnits.nullable().optional(),
  currency: currencyCode.default('CNY'),
  taxRate: rateBp,
  active: z.boolean().default(true),
  /** Thousandths; a plain number (negative means back-ordered), no warehouse logic. */
  stockOnHand: z.number().int().min(-1e12).max(1e12).nullable().optional(),
  description: optionalText(2000),
};

export const productCreateInput = z.strictObject({
  ...productFields,
  idempotencyKey: idempotencyKey.optional(),
});

/** Update: every field optional, absent means unchanged. */
export const productUpdateInput = z.strictObject({
  id,
  version,
  patch: z
    .strictObject({
      code: productCode.optional(),
      name: text(200).optional(),
      nameEn: productFields.nameEn,
      category: productFields.category,
      unit: text(20).optional(),
      listPrice: minorUnits.optional(),
      cost: productFields.cost,
      currency: currencyCode.optional(),
      taxRate: rateBp.optional(),
      active: z.boolean().optional(),
      stockOnHand: productFields.stockOnHand,
      description: productFields.description,
    })
    .refine((p) => Object.keys(p).length > 0, 'patch must change at least one field'),
});

export const productListInput = listInput.extend({
  /** Matches code, Chinese and English name. */
  search: z.string().trim().max(100).optional(),
  category: z.string().max(100).optional(),
  includeInactive: z.boolean().default(false),
  sort: z.enum(['code', 'name', 'updatedAt']).default('code'),
});

export const productArchiveInput = z.strictObject({ id, version });

export interface Product extends Stamped {
  code: string;
  name: string;
  nameEn: string | null;
  category: string | null;
  unit: string;
  listPrice: number;
  /**
   * Unit cost in minor units of `currency`; null when unknown, and always null for callers who
   * may not read costs (`products.readCost`: admins and finance), so the field never tells a
   * hidden cost from a missing one.
   */
  cost: number | null;
  currency: string;
  taxRate: number;
  active: boolean;
  stockOnHand: number | null;
  description: string | null;
}

/** One price of the product in a live price list (products.get shows where it is priced). */
export interface ProductPrice {
  priceListId: number;
  priceListName: string;
  currency: string;
  priceMode: 'exclusive' | 'inclusive';
  customerGroup: string | null;
  unitPrice: number;
  minQuantity: number;
  validFrom: string | null;
  validTo: string | null;
}

export interface ProductDetail extends Product {
  prices: ProductPrice[];
}
