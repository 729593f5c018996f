// A number typed into the editor: the text as the person wrote it, kept apart from the exact
// model value it parses to (minor units, thousandths or basis points), so "1,280.5" can stay on
// screen while the model holds 128050, and a typo never turns into a rounded number. Parsing
// and formatting go through core/money only.
import {
  exponentOf,
  formatQuantity,
  ParseError,
  parseDecimal,
  parseMoney,
  parseQuantity,
  toDecimalString,
} from '../../core/money/index.ts';

/** Money in minor units of the document's currency, a quantity in thousandths, or a rate in basis points. */
export type NumberKind = 'money' | 'quantity' | 'rate';

/** Rates are typed as percentages with up to two decimals: "12.5" is 1250 basis points. */
const RATE_EXPONENT = 2;

export interface NumberField {
  /** What the input shows. */
  text: string;
  /** The exact value, or null when the text is empty or not a number. */
  value: number | null;
  /** Why the text is not a number, as core/money's ParseError says; null when it is one (or empty). */
  invalid: ParseError['rule'] | null;
}

export const EMPTY_FIELD: NumberField = { text: '', value: null, invalid: null };

/** The text as typed, and what it means. */
export function parseField(
  kind: NumberKind,
  text: string,
  currency: string,
  locale: string,
): NumberField {
  if (text.trim() === '') return { text, value: null, invalid: null };
  try {
    const value =
      kind === 'money'
        ? parseMoney(text, currency, locale)
        : kind === 'quantity'
          ? parseQuantity(text, locale)
          : parseDecimal(text, RATE_EXPONENT, locale);
    return { text, value, invalid: null };
  } catch (err) {
    if (err instanceof ParseError) return { text, value: null, invalid: err.rule };
    throw err;
  }
}

/** The value as the locale writes it in an input (no currency symbol: the currency is shown beside it). */
export function formatValue(
  kind: NumberKind,
  value: number,
  currency: string,
  locale: string,
): string {
  if (kind === 'quantity') return formatQuantity(value, locale);
  const exponent = kind === 'money' ? exponentOf(currency) : RATE_EXPONENT;
  const format = new Intl.NumberFormat(locale, {
    minimumFractionDigits: kind === 'money' ? exponent : 0,
    maximumFractionDigits: exponent,
  });
  // Intl formats the exact decimal string; no float round trip.
  return format.format(toDecimalString(value, exponent) as unknown as number);
}

/** A field showing `value` formatted (empty for null). */
export function fieldOf(
  kind: NumberKind,
  value: number | null,
  currency: string,
  locale: string,
): NumberField {
  return value === null
    ? EMPTY_FIELD
    : { text: formatValue(kind, value, currency, locale), value, invalid: null };
}

/** After editing (on change): a valid number is written back the locale's way; anything else stays as typed. */
export function tidy(
  kind: NumberKind,
  field: NumberField,
  currency: string,
  locale: string,
): NumberField {
  return field.value === null || field.invalid
    ? field
    : fieldOf(kind, field.value, currency, locale);
}
