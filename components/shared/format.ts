// Numbers, money and dates as the user's locale writes them. Money goes through core/money
// (exact minor units, the currency's own number of decimals), never through floats.
import { formatMoney } from '../../core/money/format.ts';
import type { LodeLocale } from '../context/contexts.ts';

export { formatMoney };

const DAY_MS = 86_400_000;

/** 12345 → "12,345". */
export function formatCount(n: number, locale: LodeLocale): string {
  return new Intl.NumberFormat(locale).format(n);
}

/** Amounts in several currencies, each in its own format: "¥1,200.00 · US$30.00". */
export function formatAmounts(
  amounts: readonly { currency: string; amount: number }[],
  locale: LodeLocale,
): string {
  return amounts.map((a) => formatMoney(a.amount, a.currency, locale)).join(' · ');
}

/** A calendar day `YYYY-MM-DD` as the locale writes it ("2026年12月1日", "Dec 1, 2026"). */
export function formatDay(day: string, locale: LodeLocale): string {
  const [y, m, d] = day.split('-').map(Number);
  // A calendar day has no zone: format it in UTC so no offset can move it to the day before.
  const date = new Date(Date.UTC(y!, m! - 1, d!));
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}

/** Whole days from an instant to `now` (0 on the same day). */
export function daysSince(instant: string, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - Date.parse(instant)) / DAY_MS));
}

/** Today as `YYYY-MM-DD` in the browser's zone. */
export function today(now: Date = new Date()): string {
  return localDay(now);
}

export function localDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
