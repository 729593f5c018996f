// Text ↔ exact numbers. Formatting uses Intl per locale; parsing accepts what people type or
// paste from Excel ("1,234.5", "¥1 234,50" in a comma-decimal locale, "-12") and refuses what
// would lose precision instead of rounding it silently.
import { exponentOf, QUANTITY_SCALE } from './money.ts';

/** "123.45" for 12345 with exponent 2: the exact decimal, never through a float. */
export function toDecimalString(units: number, exponent: number): string {
  const negative = units < 0;
  const digits = String(Math.abs(units)).padStart(exponent + 1, '0');
  const whole = exponent === 0 ? digits : digits.slice(0, -exponent);
  const fraction = exponent === 0 ? '' : `.${digits.slice(-exponent)}`;
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/**
 * Minor units as a number of major units (12345 CNY → 123.45), for hosts that only take numbers
 * (Excel cells, custom function results). Exact as a decimal string; the float is the host's.
 */
export function toMajorUnits(minor: number, currency: string): number {
  return Number(toDecimalString(minor, exponentOf(currency)));
}

/** A money amount in the locale's currency format: formatMoney(123456, 'CNY', 'zh-CN') → ¥1,234.56 */
export function formatMoney(minor: number, currency: string, locale: string): string {
  const exponent = exponentOf(currency);
  const format = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  });
  // Intl formats decimal strings exactly (no float round trip); the cast covers older lib types.
  return format.format(toDecimalString(minor, exponent) as unknown as number);
}

/** A quantity in thousandths as the locale writes it, without trailing zeros: 1500 → "1.5". */
export function formatQuantity(milli: number, locale: string): string {
  const format = new Intl.NumberFormat(locale, { maximumFractionDigits: 3 });
  return format.format(toDecimalString(milli, 3) as unknown as number);
}

export class ParseError extends Error {
  constructor(
    readonly rule: 'format' | 'precision' | 'range',
    message: string,
    /** What the message says, for a caller that words it in another language. */
    readonly params: { text: string; exponent?: number } = { text: '' },
  ) {
    super(message);
    this.name = 'ParseError';
  }
}

function separatorsOf(locale: string): { group: string; decimal: string } {
  const parts = new Intl.NumberFormat(locale).formatToParts(12345.6);
  return {
    group: parts.find((p) => p.type === 'group')?.value ?? ',',
    decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.',
  };
}

/** Parses decimal text to integer units at `exponent` digits; refuses extra precision. */
export function parseDecimal(text: string, exponent: number, locale = 'en'): number {
  const { group, decimal } = separatorsOf(locale);
  let cleaned = text.trim().replace(/[\s\u00a0\u202f]/g, '');
  // A minus may stand before or after a currency symbol ("-¥5", "¥-5", "−5" with U+2212).
  const negative = /^[^\d.,]*[-\u2212]/.test(cleaned);
  // Currency symbols and codes around the number are decoration, as in "¥1,200" or "1200 CNY".
  cleaned = cleaned.replace(/^[^\d.,]+|[^\d.,]+$/g, '');
  cleaned = cleaned.split(group).join('');
  if (decimal !== '.') cleaned = cleaned.replace(decimal, '.');
  const match = /^(\d*)(?:\.(\d*))?$/.exec(cleaned);
  if (!match || !/\d/.test(cleaned))
    throw new ParseError('format', `"${text}" is not a number`, { text });
  const [, whole = '', fraction = ''] = match;
  const kept = fraction.replace(/0+$/, '');
  if (kept.length > exponent)
    throw new ParseError('precision', `"${text}" has more than ${exponent} decimal places`, {
      text,
      exponent,
    });
  const units = Number(`${whole || '0'}${kept.padEnd(exponent, '0')}`);
  if (!Number.isSafeInteger(units))
    throw new ParseError('range', `"${text}" is too large`, { text });
  return negative && units !== 0 ? -units : units;
}

/** "1,234.56" CNY → 123456 minor units. */
export function parseMoney(text: string, currency: string, locale = 'en'): number {
  return parseDecimal(text, exponentOf(currency), locale);
}

/** "1.5" → 1500 thousandths. */
export function parseQuantity(text: string, locale = 'en'): number {
  return parseDecimal(text, Math.log10(QUANTITY_SCALE), locale);
}
