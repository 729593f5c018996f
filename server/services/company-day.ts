// "Today" for the company: the calendar day in its time zone (LODESTONE_TIMEZONE, Asia/Shanghai
// by default), not in UTC, so a quote written at 20:00 in Shanghai is dated that day and a quote
// valid until today is still valid that evening. Every day-level rule of quotes and price lists
// (the default quote and order date, expiry, whether a validity has passed) asks companyToday.
// The zone is read from the environment (checked once more by loadConfig at start-up), because
// services and the demo seed run without the server's config.
import { parseTimeZone } from '../config.ts';

let cached: { raw: string | undefined; format: Intl.DateTimeFormat } | null = null;

function formatter(): Intl.DateTimeFormat {
  const raw = process.env.LODESTONE_TIMEZONE;
  if (!cached || cached.raw !== raw)
    cached = {
      raw,
      format: new Intl.DateTimeFormat('en-CA', {
        timeZone: parseTimeZone(raw),
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      }),
    };
  return cached.format;
}

/** The company's time zone, as configured. */
export function companyTimeZone(): string {
  return formatter().resolvedOptions().timeZone;
}

/** The calendar day (YYYY-MM-DD) of `at` in the company's time zone. */
export function companyDay(at: Date): string {
  const parts = formatter().formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** Today in the company's time zone (Date.now, so tests can move the clock). */
export function companyToday(): string {
  return companyDay(new Date(Date.now()));
}
