// Cells ↔ wire values, per column type. Money goes through core/money (exact decimal strings,
// the currency's exponent, no float rounding); dates are Excel serial numbers in cells and
// ISO days on the wire; enums are labels both ways (the server resolves them).
import { exponentOf, parseDecimal, ParseError, toDecimalString } from '../../core/money/index.ts';
import type { SyncColumn, SyncValue } from '../../core/schemas/sync.ts';
import type { ProblemParams } from './problem-text.ts';
import type { CellValue } from './workbook.ts';

export type Decoded =
  | { ok: true; value: SyncValue }
  | { ok: false; rule: string; message: string; params?: ProblemParams };

export interface CellContext {
  /** The row's currency code, for money columns. */
  currency: string | null;
  /** How typed text writes numbers ("1.234,5" in de). */
  locale: string;
}

function exponentOrNull(currency: string): number | null {
  try {
    return exponentOf(currency.trim().toUpperCase());
  } catch {
    return null;
  }
}

const ok = (value: SyncValue): Decoded => ({ ok: true, value });
const bad = (rule: string, message: string, params?: ProblemParams): Decoded => ({
  ok: false,
  rule,
  message,
  ...(params ? { params } : {}),
});

/** Day 0 of Excel's 1900 date system, as used by every serial since 1900-03-01. */
const EPOCH_DAYS = 25569;
const DAY_MS = 86_400_000;

export function dayToSerial(day: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / DAY_MS + EPOCH_DAYS;
}

export function serialToDay(serial: number): string {
  return new Date(Math.round((Math.floor(serial) - EPOCH_DAYS) * DAY_MS))
    .toISOString()
    .slice(0, 10);
}

/** An instant as the wall-clock serial Excel shows in the local time zone. */
export function instantToSerial(iso: string): number {
  const t = new Date(iso);
  const wall = Date.UTC(
    t.getFullYear(),
    t.getMonth(),
    t.getDate(),
    t.getHours(),
    t.getMinutes(),
    t.getSeconds(),
    t.getMilliseconds(),
  );
  return wall / DAY_MS + EPOCH_DAYS;
}

export function serialToInstant(serial: number): string {
  const wall = new Date(Math.round((serial - EPOCH_DAYS) * DAY_MS));
  return new Date(
    wall.getUTCFullYear(),
    wall.getUTCMonth(),
    wall.getUTCDate(),
    wall.getUTCHours(),
    wall.getUTCMinutes(),
    wall.getUTCSeconds(),
    wall.getUTCMilliseconds(),
  ).toISOString();
}

/**
 * A number cell as the decimal Excel shows: Excel keeps 15 significant digits, so 0.1 + 0.2
 * (0.30000000000000004 to JavaScript) is 0.3 on the sheet and here.
 */
export function numberText(n: number): string {
  const s = String(Number(n.toPrecision(15)));
  if (!/e/i.test(s)) return s;
  // Beyond 1e21 (or below 1e-7) JavaScript writes an exponent; spell the digits out.
  return Number(n.toPrecision(15)).toLocaleString('en-US', {
    useGrouping: false,
    maximumFractionDigits: 20,
  });
}

const DAY_TEXT = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/;

function dayOfText(text: string): string | null {
  const m = DAY_TEXT.exec(text.trim());
  if (!m) return null;
  const day = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  const d = new Date(`${day}T00:00:00.000Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day ? day : null;
}

function moneyOf(cell: CellValue, ctx: CellContext): Decoded {
  if (!ctx.currency) return bad('currency', 'needs a currency in its row');
  const exponent = exponentOrNull(ctx.currency);
  if (exponent === null)
    return bad('currency', `${ctx.currency} is not a currency this add-in knows`, {
      currency: ctx.currency,
    });
  try {
    const units =
      typeof cell === 'number'
        ? parseDecimal(numberText(cell), exponent, 'en')
        : parseDecimal(String(cell), exponent, ctx.locale);
    return ok(units);
  } catch (err) {
    if (err instanceof ParseError) return bad(err.rule, err.message, err.params);
    throw err;
  }
}

/** A cell's value on the wire, or why it cannot be one (types and precision). */
export function cellToWire(column: SyncColumn, cell: CellValue, ctx: CellContext): Decoded {
  if (cell === '' || (typeof cell === 'string' && cell.trim() === '')) return ok(null);
  switch (column.type) {
    case 'text':
    case 'lookup':
    case 'enum': {
      const text = typeof cell === 'number' ? numberText(cell) : String(cell).trim();
      if (column.maxLength && text.length > column.maxLength)
        return bad('too_big', `is longer than ${column.maxLength} characters`, {
          max: column.maxLength,
        });
      return ok(text);
    }
    case 'integer': {
      const n =
        typeof cell === 'number' ? Number(cell.toPrecision(15)) : Number(String(cell).trim());
      return Number.isSafeInteger(n) ? ok(n) : bad('integer', 'must be a whole number');
    }
    case 'money':
      return moneyOf(cell, ctx);
    case 'date': {
      if (typeof cell === 'number') return ok(serialToDay(cell));
      const day = dayOfText(String(cell));
      return day ? ok(day) : bad('date', 'must be a date');
    }
    case 'datetime': {
      if (typeof cell === 'number') return ok(serialToInstant(cell));
      const t = Date.parse(String(cell));
      return Number.isNaN(t)
        ? bad('datetime', 'must be a date and time')
        : ok(new Date(t).toISOString());
    }
    case 'boolean': {
      if (typeof cell === 'boolean') return ok(cell);
      const t = String(cell).trim().toLowerCase();
      if (['true', 'yes', '是', '1'].includes(t)) return ok(true);
      if (['false', 'no', '否', '0'].includes(t)) return ok(false);
      return bad('boolean', 'must be TRUE or FALSE');
    }
  }
}

/** What to write in the cell for a wire value. Empty is '' (a null would leave the cell as it was). */
export function wireToCell(column: SyncColumn, value: SyncValue, ctx: CellContext): CellValue {
  if (value === null) return '';
  switch (column.type) {
    case 'money': {
      const exponent = ctx.currency ? exponentOrNull(ctx.currency) : null;
      // Without a known currency the amount stays in minor units, as text, never guessed.
      if (typeof value !== 'number' || exponent === null) return String(value);
      return Number(toDecimalString(value, exponent));
    }
    case 'date':
      return typeof value === 'string' ? dayToSerial(value) : value;
    case 'datetime':
      return typeof value === 'string' ? instantToSerial(value) : value;
    default:
      return value;
  }
}

/** Equality of wire values as the diff sees them: blank is empty, text compares trimmed. */
export function sameWire(a: SyncValue | undefined, b: SyncValue | undefined): boolean {
  const norm = (v: SyncValue | undefined) =>
    v === undefined || v === null
      ? null
      : typeof v === 'string'
        ? v.trim() === ''
          ? null
          : v.trim()
        : v;
  return norm(a) === norm(b);
}

/** Money in major units with the currency's decimals (2 when unknown): `#,##0.00`, JPY `#,##0`. */
export function moneyNumberFormat(currency?: string | null): string {
  const exponent = currency ? exponentOrNull(currency) : null;
  const decimals = exponent ?? 2;
  return decimals ? `#,##0.${'0'.repeat(decimals)}` : '#,##0';
}

/** Excel number formats for the layout: money by the currency's exponent, ISO-like dates. */
export function numberFormatOf(column: SyncColumn, currency?: string): string | undefined {
  switch (column.type) {
    case 'money':
      return moneyNumberFormat(currency);
    case 'date':
      return 'yyyy-mm-dd';
    case 'datetime':
      return 'yyyy-mm-dd hh:mm';
    default:
      return undefined;
  }
}
