// Line and document totals for quotes and orders. The quote editor, the server and the Excel
// add-in all call computeTotals, so a total shown in the browser is the total the server stores.
import { allocate, applyRate, divideHalfUp, extend, RATE_SCALE, sum } from './money.ts';

/** A discount: a percentage in basis points (1250 = 12.5%) or an amount in minor units. */
export type Discount = { kind: 'percent'; value: number } | { kind: 'amount'; value: number };

/** Whether unit prices include tax (price lists decide; 含税价 is common in China). */
export type PriceMode = 'exclusive' | 'inclusive';

export interface PricedLineInput {
  /** Integer thousandths. */
  quantity: number;
  /** Minor units, tax-inclusive or not per the document's price mode. */
  unitPrice: number;
  discount?: Discount | null;
  /** Basis points: 1300 = 13% VAT. */
  taxRate: number;
}

export interface LineTotals {
  /** quantity × unit price, before any discount. */
  extended: number;
  lineDiscount: number;
  /** This line's share of the header discount. */
  headerDiscount: number;
  net: number;
  tax: number;
  gross: number;
}

export interface DocumentTotals {
  lines: LineTotals[];
  /** Σ extended: the amount before discounts, in the price mode's terms. */
  subtotal: number;
  lineDiscount: number;
  headerDiscount: number;
  net: number;
  tax: number;
  gross: number;
  /** Overall discount against the subtotal, in basis points (the discount guard compares it). */
  discountBp: number;
}

export class PricingError extends Error {
  constructor(
    /** The input path, e.g. "lines.2.discount" or "discount". */
    readonly field: string,
    readonly rule: string,
    message: string,
  ) {
    super(message);
    this.name = 'PricingError';
  }
}

function discountAmount(
  base: number,
  discount: Discount | null | undefined,
  field: string,
): number {
  if (!discount) return 0;
  if (discount.value < 0) throw new PricingError(field, 'min', 'must not be negative');
  if (discount.kind === 'percent') {
    if (discount.value > RATE_SCALE) throw new PricingError(field, 'max', 'must be at most 100%');
    return applyRate(base, discount.value);
  }
  if (discount.value > base)
    throw new PricingError(field, 'max', 'must not exceed the amount it discounts');
  return discount.value;
}

/** Splits a tax-inclusive amount into net and tax (net rounded half-up, tax the remainder). */
function splitInclusive(gross: number, taxRate: number): { net: number; tax: number } {
  const net = Number(
    divideHalfUp(BigInt(gross) * BigInt(RATE_SCALE), BigInt(RATE_SCALE + taxRate)),
  );
  return { net, tax: gross - net };
}

/**
 * Totals of a document. Rules (README.md): each line is extended and its own discount taken,
 * half-up; the header discount is then split across lines in proportion to their discounted
 * amounts with `allocate`, so it sums exactly; tax is computed per line on what remains,
 * half-up (exclusive prices) or split out of the gross (inclusive prices). Document totals are
 * the sums of the lines, so lines and totals always agree.
 */
export function computeTotals(
  lines: readonly PricedLineInput[],
  mode: PriceMode,
  headerDiscount?: Discount | null,
): DocumentTotals {
  const afterLine = lines.map((line, i) => {
    if (line.quantity < 0)
      throw new PricingError(`lines.${i}.quantity`, 'min', 'must not be negative');
    if (line.unitPrice < 0)
      throw new PricingError(`lines.${i}.unitPrice`, 'min', 'must not be negative');
    if (line.taxRate < 0)
      throw new PricingError(`lines.${i}.taxRate`, 'min', 'must not be negative');
    const extended = extend(line.quantity, line.unitPrice);
    const lineDiscount = discountAmount(extended, line.discount, `lines.${i}.discount`);
    return { extended, lineDiscount, amount: extended - lineDiscount };
  });
  const discounted = sum(afterLine.map((l) => l.amount));
  const header = discountAmount(discounted, headerDiscount, 'discount');
  const weights = afterLine.map((l) => l.amount);
  const shares = header > 0 && discounted > 0 ? allocate(header, weights) : afterLine.map(() => 0);
  const totals: LineTotals[] = afterLine.map((l, i) => {
    const amount = l.amount - shares[i]!;
    const taxRate = lines[i]!.taxRate;
    const { net, tax } =
      mode === 'exclusive'
        ? { net: amount, tax: applyRate(amount, taxRate) }
        : splitInclusive(amount, taxRate);
    return {
      extended: l.extended,
      lineDiscount: l.lineDiscount,
      headerDiscount: shares[i]!,
      net,
      tax,
      gross: net + tax,
    };
  });
  const subtotal = sum(totals.map((t) => t.extended));
  const lineDiscount = sum(totals.map((t) => t.lineDiscount));
  return {
    lines: totals,
    subtotal,
    lineDiscount,
    headerDiscount: header,
    net: sum(totals.map((t) => t.net)),
    tax: sum(totals.map((t) => t.tax)),
    gross: sum(totals.map((t) => t.gross)),
    discountBp:
      subtotal === 0
        ? 0
        : Number(
            divideHalfUp(BigInt(lineDiscount + header) * BigInt(RATE_SCALE), BigInt(subtotal)),
          ),
  };
}
