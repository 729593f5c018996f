// Cell values between the wire (labels, minor units, ISO days) and the server's canonical form
// (enum option values), and the equality the three-way merge uses.
import type { SyncValue } from '../../../core/schemas/sync.ts';
import type { Canon, ColumnSpec, DbRow, SyncEntity } from './entity.ts';
import type { Locale, Lookups } from './lookups.ts';

export type Decoded = { ok: true; value: Canon } | { ok: false; rule: string; message: string };

const bad = (rule: string, message: string): Decoded => ({ ok: false, rule, message });
const good = (value: Canon): Decoded => ({ ok: true, value });

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function isDay(s: string): boolean {
  if (!DAY.test(s)) return false;
  const d = new Date(`${s}T00:00:00.000Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/**
 * A wire value as the column's canonical value. `parent` is the canonical value of the
 * column's parent column in the same row (a stage belongs to the row's pipeline). Lookup
 * columns are resolved by the dataset, not here.
 */
export function decode(
  column: ColumnSpec,
  wire: SyncValue,
  lookups: Lookups,
  parent?: Canon,
): Decoded {
  if (wire === null || wire === '') return good(null);
  switch (column.type) {
    case 'text':
    case 'lookup': {
      const text = typeof wire === 'string' ? wire : String(wire);
      if (column.maxLength && text.trim().length > column.maxLength)
        return bad('too_big', `is longer than ${column.maxLength} characters`);
      return good(text.trim() === '' ? null : text.trim());
    }
    case 'integer':
      return typeof wire === 'number' && Number.isSafeInteger(wire)
        ? good(wire)
        : bad('integer', 'must be a whole number');
    case 'money':
      // Minor units: a fraction here is a precision the currency does not have.
      return typeof wire === 'number' && Number.isSafeInteger(wire)
        ? good(wire)
        : bad(
            'precision',
            'must be a whole number of minor units (more decimals than the currency has)',
          );
    case 'date':
      return typeof wire === 'string' && isDay(wire)
        ? good(wire)
        : bad('date', 'must be a date (YYYY-MM-DD)');
    case 'datetime':
      return typeof wire === 'string' && !Number.isNaN(Date.parse(wire))
        ? good(new Date(wire).toISOString())
        : bad('datetime', 'must be a date and time');
    case 'boolean':
      return typeof wire === 'boolean' ? good(wire) : bad('boolean', 'must be TRUE or FALSE');
    case 'enum': {
      const domain = lookups[column.enum!];
      const scope = column.parentColumn
        ? parent === null
          ? undefined
          : String(parent)
        : undefined;
      const value = domain.resolve(String(wire), scope);
      return value === undefined
        ? bad('enum', `"${String(wire)}" is not one of the allowed values`)
        : good(value);
    }
  }
}

/** A canonical value as it travels to the sheet: enums as labels in the caller's locale. */
export function encode(
  column: ColumnSpec,
  value: Canon,
  lookups: Lookups,
  locale: Locale,
): SyncValue {
  if (value === null) return null;
  if (column.type === 'enum') return lookups[column.enum!].label(String(value), locale);
  return value;
}

/** Equality for the merge: blank text is empty, text compares trimmed, enums by value. */
export function sameValue(a: Canon, b: Canon): boolean {
  const norm = (v: Canon) => (typeof v === 'string' ? (v.trim() === '' ? null : v.trim()) : v);
  return norm(a) === norm(b);
}

/** A stored row as the sheet receives it: labels in the caller's locale, lookups as their text. */
export function wireRow(
  entity: SyncEntity,
  row: DbRow,
  lookups: Lookups,
  locale: Locale,
): Record<string, SyncValue> {
  const canon = entity.canonical(row, lookups);
  const texts = entity.lookupTexts?.(row) ?? {};
  const out: Record<string, SyncValue> = {};
  for (const c of entity.columns)
    out[c.id] =
      c.type === 'lookup' ? (texts[c.id] ?? null) : encode(c, canon[c.id] ?? null, lookups, locale);
  return out;
}
