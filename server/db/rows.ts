// Normalizes what the two drivers return, in one place: pg gives counts and bigints as strings
// and booleans as booleans; SQLite gives numbers and 0/1. JSON arrays are stored as text.

export function toBool(v: unknown): boolean {
  return v === true || v === 1 || v === '1' || v === 't';
}

export function toInt(v: unknown): number {
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isSafeInteger(n)) throw new Error('expected an integer from the database');
  return n;
}

export function toIntOrNull(v: unknown): number | null {
  return v === null || v === undefined ? null : toInt(v);
}

export function parseJsonArray<T = string>(v: unknown): T[] {
  if (Array.isArray(v)) return v as T[];
  if (typeof v !== 'string' || v === '') return [];
  const parsed: unknown = JSON.parse(v);
  return Array.isArray(parsed) ? (parsed as T[]) : [];
}

export function jsonText(values: readonly unknown[]): string {
  return JSON.stringify(values);
}

/** The common stamps of a business row, in API shape. */
export function stampsOf(row: Record<string, unknown>) {
  return {
    id: toInt(row.id),
    version: toInt(row.version),
    createdAt: String(row.created_at),
    createdBy: toIntOrNull(row.created_by),
    updatedAt: String(row.updated_at),
    updatedBy: toIntOrNull(row.updated_by),
  };
}

/** `count(*) as n` from either driver. */
export function countOf(row: { n?: unknown } | undefined): number {
  return row ? toInt(row.n) : 0;
}

export function nowIso(): string {
  return new Date().toISOString();
}
