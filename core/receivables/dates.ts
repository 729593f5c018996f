// Calendar days as `YYYY-MM-DD` text, in UTC: due dates, receipt dates and "as of" days. Pure
// arithmetic on the proleptic Gregorian calendar, so the server, the components and the add-in
// count days past due alike, whatever the machine's time zone.

const DAY_MS = 86_400_000;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A UTC midnight; unlike Date.UTC, years 0–99 stay themselves (Date.UTC reads 99 as 1999). */
function utc(y: number, monthIndex: number, d: number): Date {
  const date = new Date(0);
  date.setUTCFullYear(y, monthIndex, d);
  return date;
}

function parts(day: string): [number, number, number] {
  const m = DAY.exec(day);
  if (!m) throw new RangeError(`${day} is not a day (YYYY-MM-DD)`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = utc(y, mo - 1, d);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) {
    throw new RangeError(`${day} is not a day of the calendar`);
  }
  return [y, mo, d];
}

const two = (n: number) => String(n).padStart(2, '0');
function format(date: Date): string {
  const y = date.getUTCFullYear();
  const year = y < 0 ? `-${String(-y).padStart(4, '0')}` : String(y).padStart(4, '0');
  return `${year}-${two(date.getUTCMonth() + 1)}-${two(date.getUTCDate())}`;
}

/** The day `n` days after `day` (before it when `n` is negative). */
export function addDays(day: string, n: number): string {
  const [y, m, d] = parts(day);
  return format(utc(y, m - 1, d + n));
}

/**
 * The same day of the month `n` months later; a day the target month lacks becomes its last day
 * (31 January + 1 month = 28 or 29 February), as monthly instalments are usually written.
 */
export function addMonths(day: string, n: number): string {
  const [y, m, d] = parts(day);
  const lastOfTarget = utc(y, m - 1 + n + 1, 0).getUTCDate();
  return format(utc(y, m - 1 + n, Math.min(d, lastOfTarget)));
}

/** Whole days from `from` to `to`: positive when `to` is later. */
export function daysFrom(from: string, to: string): number {
  const [y1, m1, d1] = parts(from);
  const [y2, m2, d2] = parts(to);
  return Math.round((utc(y2, m2 - 1, d2).getTime() - utc(y1, m1 - 1, d1).getTime()) / DAY_MS);
}

/** Today in UTC, the default "as of" day. */
export function todayUtc(now = new Date()): string {
  return format(now);
}
