// Inputs and answers of the funnel reports. Money is integer minor units of the one currency the
// report was asked for; days are UTC calendar days; months are `YYYY-MM`.
import { z } from 'zod';
import { currencyCode, day, id } from './common.ts';

/** Inclusive day range. On instants (history, closing) it means [from 00:00Z, to + 1 day 00:00Z). */
export const period = z
  .strictObject({ from: day, to: day })
  .refine((p) => p.from <= p.to, { message: 'from must not be after to', path: ['to'] });
export type Period = z.infer<typeof period>;

export const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month, YYYY-MM');

export const funnelInput = z.strictObject({
  pipelineId: id,
  currency: currencyCode,
  /** On expected_close_date. */
  period: period.optional(),
  ownerId: id.optional(),
  /** The team and every team below it. */
  teamId: id.optional(),
});

export const conversionInput = z.strictObject({
  pipelineId: id,
  period,
  /** Only opportunities in this currency; all currencies when absent (counts carry no money). */
  currency: currencyCode.optional(),
});

export const velocityInput = conversionInput;

/** The longest forecast, so a request cannot ask for a million zero rows. */
export const MAX_FORECAST_MONTHS = 36;

export const forecastInput = z
  .strictObject({
    currency: currencyCode,
    from: month,
    to: month,
    groupBy: z.enum(['owner', 'team', 'none']).default('none'),
    pipelineId: id.optional(),
  })
  .refine((f) => f.from <= f.to, { message: 'from must not be after to', path: ['to'] })
  .refine((f) => monthsBetween(f.from, f.to).length <= MAX_FORECAST_MONTHS, {
    message: `at most ${MAX_FORECAST_MONTHS} months`,
    path: ['to'],
  });

export const lostReasonsInput = z.strictObject({
  currency: currencyCode,
  /** On closed_at. */
  period,
  pipelineId: id.optional(),
});

/** Every month from `from` to `to`, inclusive. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  for (let cur = from; cur <= to;) {
    out.push(cur);
    m += 1;
    if (m > 12) [y, m] = [y + 1, 1];
    cur = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`;
  }
  return out;
}

export interface Money {
  count: number;
  /** Sum of expected revenue. */
  amount: number;
}

export interface FunnelStage extends Money {
  stageId: number;
  name: string;
  nameEn: string | null;
  probability: number;
  /** Σ(revenue × probability) / 100 over the stage, rounded half up once. */
  weighted: number;
}

export interface FunnelReport {
  pipelineId: number;
  currency: string;
  /** Open opportunities, per stage in pipeline order (empty stages included). */
  stages: FunnelStage[];
  open: Money & { weighted: number };
  won: Money & { wonAmount: number };
  lost: Money;
  invalid: Money;
}

export interface ConversionStage {
  stageId: number;
  name: string;
  nameEn: string | null;
  /** Opportunities that entered the stage in the period. */
  reached: number;
  /** Of those, how many later (by the period's end) entered a later stage or were won. */
  advanced: number;
  /** advanced / reached, or null when none reached it. */
  rate: number | null;
  /** Closings in the period at this stage. */
  won: number;
  lost: number;
  invalid: number;
}

export interface ConversionReport {
  pipelineId: number;
  stages: ConversionStage[];
  won: number;
  lost: number;
  invalid: number;
  /** won / (won + lost) over the period's closings; invalid ones were never real deals. Null without closings. */
  winRate: number | null;
}

export interface DaysSummary {
  count: number;
  /** Days, to three decimals; null when count is 0. */
  average: number | null;
  median: number | null;
}

export interface VelocityStage {
  stageId: number;
  name: string;
  nameEn: string | null;
  /** Stays entered in the period that have ended (the opportunity moved on or closed). */
  completed: DaysSummary;
  /** Stays entered in the period that still last, measured to the period's end (or now, if sooner). */
  current: DaysSummary;
}

export interface VelocityReport {
  pipelineId: number;
  stages: VelocityStage[];
}

export interface ForecastRow {
  /** The owner's user id or the team id; null when grouped by nothing. */
  groupId: number | null;
  month: string;
  /** Open opportunities expected to close in the month. */
  total: number;
  weighted: number;
  /** won_amount of opportunities won (closed_at) in the month. */
  won: number;
}

export interface ForecastReport {
  currency: string;
  groupBy: 'owner' | 'team' | 'none';
  months: string[];
  /** One row per group and month, months without data as zeros; sorted by group, then month. */
  rows: ForecastRow[];
}

export interface LostReasonRow extends Money {
  outcome: 'lost' | 'invalid';
  reasonId: number | null;
  name: string | null;
  nameEn: string | null;
}

export interface LostReasonsReport {
  currency: string;
  /** Lost first, then invalid; each by count, largest first. */
  rows: LostReasonRow[];
}
