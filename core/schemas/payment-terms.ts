import { z } from 'zod';
import { id, idempotencyKey, optionalText, text, version } from './common.ts';
import type { Stamped } from './common.ts';

/**
 * One installment of a payment terms template. `ratio` is a weight for `allocate` (3000/4000/3000
 * for 30/40/30, or 1/1/1 for three equal parts); the due date is the order date plus `months`
 * calendar months (clamped to the month's last day: 31 Jan + 1 month = 28 Feb) plus `days`
 * (core/receivables/plan.ts dueDateOf).
 */
export const termStepInput = z.strictObject({
  ratio: z.number().int().min(0).max(1_000_000),
  days: z.number().int().min(0).max(3650).default(0),
  months: z.number().int().min(0).max(120).default(0),
  label: optionalText(100),
});
export type TermStep = z.output<typeof termStepInput>;

const schedule = z
  .array(termStepInput)
  .min(1)
  .max(60)
  .refine((s) => s.some((step) => step.ratio > 0), 'needs at least one step with a ratio above 0');

export const paymentTermsCreateInput = z.strictObject({
  name: text(200),
  nameEn: optionalText(200),
  schedule,
  /** The template a new payment plan starts from; making one the default takes the flag from the others. */
  isDefault: z.boolean().default(false),
  active: z.boolean().default(true),
  idempotencyKey: idempotencyKey.optional(),
});

export const paymentTermsUpdateInput = z.strictObject({
  id,
  version,
  patch: z
    .strictObject({
      name: text(200).optional(),
      nameEn: optionalText(200),
      schedule: schedule.optional(),
      isDefault: z.boolean().optional(),
      active: z.boolean().optional(),
    })
    .refine((p) => Object.keys(p).length > 0, 'patch must change at least one field'),
});

export const paymentTermsListInput = z.strictObject({
  includeInactive: z.boolean().default(false),
});

export const paymentTermsArchiveInput = z.strictObject({ id, version });

export interface PaymentTerms extends Stamped {
  name: string;
  nameEn: string | null;
  /** Label is null when none was given. */
  schedule: { ratio: number; days: number; months: number; label: string | null }[];
  isDefault: boolean;
  active: boolean;
}
