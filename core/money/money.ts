// Exact money: integer minor units with an ISO currency code, integer thousandths for
// quantities, integer basis points for rates. Every split and every rounding in Lodestone goes
// through this module (server, components, add-in and scripts alike); see README.md beside it.

/** Minor-unit exponents. Mirrors the `currencies` table; the server checks codes against it. */
export const CURRENCY_EXPONENTS: Readonly<Record<string, number>> = {
  CNY: 2,
  USD: 2,
  EUR: 2,
  HKD: 2,
  GBP: 2,
  JPY: 0,
  KRW: 0,
  KWD: 3,
  BHD: 3,
};

/** Quantities are integer thousandths: 1.5 units is 1500. */
export const QUANTITY_SCALE = 1000;
/** Rates (tax, discount percent) are integer basis points: 13% is 1300. */
export const RATE_SCALE = 10_000;

export function exponentOf(currency: string): number {
  const exponent = CURRENCY_EXPONENTS[currency];
  if (exponent === undefined) throw new RangeError(`unknown currency ${currency}`);
  return exponent;
}

function assertSafeInteger(value: number, what: string): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${what} must be a safe integer`);
}

function toSafeNumber(value: bigint, what: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`${what} is out of range`);
  return n;
}

/**
 * numerator / denominator rounded half away from zero (the "四舍五入" of Chinese invoicing),
 * in exact integer arithmetic.
 */
export function divideHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('division by zero');
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const rounded = (2n * n + d) / (2n * d);
  return negative ? -rounded : rounded;
}

/** amount × rate / RATE_SCALE, half-up: a percentage (in basis points) of an amount. */
export function applyRate(amount: number, rateBp: number): number {
  assertSafeInteger(amount, 'amount');
  assertSafeInteger(rateBp, 'rate');
  return toSafeNumber(divideHalfUp(BigInt(amount) * BigInt(rateBp), BigInt(RATE_SCALE)), 'amount');
}

/** quantity (thousandths) × unit price (minor units), half-up to minor units. */
export function extend(quantityMilli: number, unitPrice: number): number {
  assertSafeInteger(quantityMilli, 'quantity');
  assertSafeInteger(unitPrice, 'unit price');
  return toSafeNumber(
    divideHalfUp(BigInt(quantityMilli) * BigInt(unitPrice), BigInt(QUANTITY_SCALE)),
    'amount',
  );
}

/**
 * Splits `total` minor units in proportion to `ratios` (non-negative integers, not all zero) so
 * that the parts sum exactly to `total`. Each part first gets the floor of its exact share; the
 * units left over go one each to the parts with the largest remainders, ties to the earlier part
 * (largest-remainder method). A negative total is split as its absolute value, then negated, so
 * refunds split the same way as charges. Parts of zero-ratio entries are always 0.
 */
export function allocate(total: number, ratios: readonly number[]): number[] {
  assertSafeInteger(total, 'total');
  if (ratios.length === 0) throw new RangeError('ratios must not be empty');
  for (const r of ratios) {
    assertSafeInteger(r, 'ratio');
    if (r < 0) throw new RangeError('ratios must not be negative');
  }
  const sum = ratios.reduce((a, r) => a + BigInt(r), 0n);
  if (sum === 0n) throw new RangeError('ratios must not all be zero');
  const sign = total < 0 ? -1n : 1n;
  const whole = BigInt(total) * sign;
  const shares = ratios.map((r, index) => {
    const exact = whole * BigInt(r);
    return { index, part: exact / sum, remainder: exact % sum };
  });
  let left = whole - shares.reduce((a, s) => a + s.part, 0n);
  const byRemainder = [...shares].sort((a, b) =>
    a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1,
  );
  for (const share of byRemainder) {
    if (left === 0n) break;
    share.part += 1n;
    left -= 1n;
  }
  return shares.map((s) => Number(s.part * sign));
}

/** Splits `total` into `count` parts as equal as possible (earlier parts take the extra units). */
export function allocateEvenly(total: number, count: number): number[] {
  if (!Number.isSafeInteger(count) || count < 1) throw new RangeError('count must be ≥ 1');
  return allocate(
    total,
    Array.from({ length: count }, () => 1),
  );
}

/** Sums minor units exactly (throws beyond Number.MAX_SAFE_INTEGER rather than losing cents). */
export function sum(amounts: readonly number[]): number {
  return toSafeNumber(
    amounts.reduce((a, v) => a + BigInt(v), 0n),
    'sum',
  );
}
