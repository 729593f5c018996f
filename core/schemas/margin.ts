// reports.margin (Lingdang's 客户毛利统计表): gross margin of approved orders by customer, product
// or month. Money in minor units per currency (never summed across currencies).
import { z } from 'zod';
import { currencyCode, day, id } from './common.ts';

export const MARGIN_GROUPS = ['customer', 'product', 'month'] as const;

export const marginInput = z
  .strictObject({
    groupBy: z.enum(MARGIN_GROUPS),
    /** On order_date, both days included. */
    from: day,
    to: day,
    /** Every currency, each in rows of its own, when absent. */
    currency: currencyCode.optional(),
    partnerId: id.optional(),
    productId: id.optional(),
    ownerId: id.optional(),
    /** Orders filed under this team or any team below it. */
    teamId: id.optional(),
  })
  .refine((v) => v.from <= v.to, { message: 'from must not be after to', path: ['to'] });

export interface MarginFigures {
  currency: string;
  /** Σ line net (after line and header discounts, before tax). */
  revenue: number;
  /** Σ per line of quantity × unit cost, half-up to minor units (core/money extend). */
  cost: number;
  /** revenue − cost. */
  margin: number;
  /** margin ÷ revenue in basis points, half-up; null when revenue is 0. */
  marginBp: number | null;
  /** Σ quantity, thousandths. */
  quantity: number;
  orders: number;
  lines: number;
  /** Lines whose product had no cost when the line was written: counted at cost 0. */
  uncostedLines: number;
  uncostedRevenue: number;
}

export interface MarginRow extends MarginFigures {
  /** customer: the partner id; product: the product id (null for lines without a product); month: null. */
  id: number | null;
  /** month: YYYY-MM; otherwise the partner's or product's code. */
  key: string | null;
  name: string | null;
  nameEn: string | null;
}

export interface MarginReport {
  groupBy: (typeof MARGIN_GROUPS)[number];
  from: string;
  to: string;
  /** By currency; then month ascending, or revenue descending (ties by id). */
  rows: MarginRow[];
  /** One per currency: the sums of its rows. */
  totals: MarginFigures[];
}
