// Target periods (指标周期) as the targets table stores them: '2026', '2026-Q1', '2026-03' and
// '2026-W09' (an ISO 8601 week, Monday to Sunday). Pure calendar arithmetic in UTC days, shared
// by the server (breakdowns, attainment) and any client that lays out a target grid.

export const PERIOD_KINDS = ['year', 'quarter', 'month', 'week'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

/** The text forms, anchored; the year is four digits, 1000 to 9999. */
const PERIOD_PATTERN = /^([1-9]\d{3})(?:-Q([1-4])|-(0[1-9]|1[0-2])|-W(0[1-9]|[1-4]\d|5[0-3]))?$/;

export interface ParsedPeriod {
  kind: PeriodKind;
  year: number;
  /** Quarter 1-4, month 1-12 or ISO week 1-53; 1 for a year. */
  index: number;
}

const DAY = 86_400_000;
const pad = (n: number) => String(n).padStart(2, '0');
const dayText = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** Months past 12 roll into the next year, as Date.UTC does (years are ≥ 1000, see the pattern). */
const utc = (year: number, month: number, day: number) => Date.UTC(year, month - 1, day);
/** Monday 1 … Sunday 7. */
const isoWeekday = (ms: number) => ((new Date(ms).getUTCDay() + 6) % 7) + 1;

/** Monday of ISO week 1: the week that holds the year's first Thursday (and always 4 January). */
function isoWeekOneMonday(year: number): number {
  const jan4 = utc(year, 1, 4);
  return jan4 - (isoWeekday(jan4) - 1) * DAY;
}

/** 52 or 53: the ISO week of 28 December is always the year's last. */
export function isoWeeksIn(year: number): number {
  return isoWeekOf(dayText(utc(year, 12, 28))).week;
}

/** The ISO week a day (YYYY-MM-DD) falls in; its year is the year of that week's Thursday. */
export function isoWeekOf(day: string): { year: number; week: number } {
  const ms = Date.parse(`${day}T00:00:00.000Z`);
  const thursday = ms + (4 - isoWeekday(ms)) * DAY;
  const year = new Date(thursday).getUTCFullYear();
  return { year, week: Math.floor((thursday - isoWeekOneMonday(year)) / (7 * DAY)) + 1 };
}

function weekLabel(year: number, week: number): string {
  return `${String(year)}-W${pad(week)}`;
}

/** The parts of a period's text, or null when it is not one (including week 53 of a 52-week year). */
export function parsePeriod(text: string): ParsedPeriod | null {
  const m = PERIOD_PATTERN.exec(text);
  if (!m) return null;
  const year = Number(m[1]);
  if (m[2]) return { kind: 'quarter', year, index: Number(m[2]) };
  if (m[3]) return { kind: 'month', year, index: Number(m[3]) };
  if (m[4]) {
    const week = Number(m[4]);
    return week <= isoWeeksIn(year) ? { kind: 'week', year, index: week } : null;
  }
  return { kind: 'year', year, index: 1 };
}

function parsed(text: string): ParsedPeriod {
  const p = parsePeriod(text);
  if (!p) throw new RangeError(`not a period: ${text}`);
  return p;
}

export function periodKindOf(text: string): PeriodKind {
  return parsed(text).kind;
}

/** First and last day of a period, both included, as YYYY-MM-DD. */
export function periodRange(text: string): { from: string; to: string } {
  const { kind, year, index } = parsed(text);
  switch (kind) {
    case 'year':
      return { from: `${String(year)}-01-01`, to: `${String(year)}-12-31` };
    case 'quarter': {
      const first = (index - 1) * 3 + 1;
      return { from: dayText(utc(year, first, 1)), to: dayText(utc(year, first + 3, 1) - DAY) };
    }
    case 'month':
      return { from: dayText(utc(year, index, 1)), to: dayText(utc(year, index + 1, 1) - DAY) };
    case 'week': {
      const monday = isoWeekOneMonday(year) + (index - 1) * 7 * DAY;
      return { from: dayText(monday), to: dayText(monday + 6 * DAY) };
    }
  }
}

/** Is `finer` a strictly finer kind than `coarser` (week < month < quarter < year)? */
export function isFiner(finer: PeriodKind, coarser: PeriodKind): boolean {
  return PERIOD_KINDS.indexOf(finer) > PERIOD_KINDS.indexOf(coarser);
}

/**
 * The periods of kind `into` that make up `period`, in time order. Quarters and months divide
 * years and quarters exactly. Weeks do not line up with months, so a week belongs to the month
 * (quarter, year) holding its Thursday, as ISO 8601 assigns weeks to years: every week then
 * belongs to exactly one month, and the weeks of a year are its ISO weeks.
 */
export function subPeriods(period: string, into: PeriodKind): string[] {
  const { kind, year, index } = parsed(period);
  if (!isFiner(into, kind)) throw new RangeError(`a ${kind} does not split into ${into}s`);
  const y = String(year);
  if (into === 'quarter') return [1, 2, 3, 4].map((q) => `${y}-Q${q}`);
  if (into === 'month') {
    const first = kind === 'quarter' ? (index - 1) * 3 + 1 : 1;
    const count = kind === 'quarter' ? 3 : 12;
    return Array.from({ length: count }, (_, i) => `${y}-${pad(first + i)}`);
  }
  const { from, to } = periodRange(period);
  const start = Date.parse(`${from}T00:00:00.000Z`);
  const end = Date.parse(`${to}T00:00:00.000Z`);
  const out: string[] = [];
  for (let thursday = start + ((4 - isoWeekday(start) + 7) % 7) * DAY; thursday <= end;) {
    const w = isoWeekOf(dayText(thursday));
    out.push(weekLabel(w.year, w.week));
    thursday += 7 * DAY;
  }
  return out;
}

/** Every period of `kind` in a year, in time order ('2026' itself for kind year). */
export function periodsOfYear(year: number, kind: PeriodKind): string[] {
  const y = String(year);
  return kind === 'year' ? [y] : subPeriods(y, kind);
}
