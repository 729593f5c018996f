// Instants (ISO-8601 with a zone) as the customer card shows them, and the follow-up day the
// quick form asks for turned into one.
import type { LodeLocale } from '../context/contexts.ts';

/** "2026年3月5日 14:30" / "Mar 5, 2026, 2:30 PM", in the browser's zone. */
export function formatInstant(instant: string, locale: LodeLocale): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(instant),
  );
}

/** The calendar day of an instant in the browser's zone, as the locale writes it. */
export function formatInstantDay(instant: string, locale: LodeLocale): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date(instant));
}

/**
 * A follow-up day (`YYYY-MM-DD` from a date input) as the instant sent to the server: nine in the
 * morning of that day in the browser's zone, so it stays that day wherever it is shown nearby.
 */
export function followupInstant(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y!, m! - 1, d!, 9).toISOString();
}
