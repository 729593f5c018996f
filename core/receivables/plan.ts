// Payment plans (回款计划): an order's gross split into installments that sum to it exactly,
// from admin-defined terms (30% on signing, 40% at 30 days, 30% at 90 days; N equal months) or
// from installments the user lists. Every split goes through core/money's allocate.
import { allocate, exponentOf, toDecimalString } from '../money/index.ts';
import { addDays, addMonths } from './dates.ts';
import { ReceivablesError } from './errors.ts';

/** One step of payment terms: a weight, and how long after the order date it falls due. */
export interface TermsStep {
  ratio: number;
  days?: number;
  months?: number;
  label?: string | null;
}

/** An installment as the user lists it: a fixed amount, or a share (ratio) of what is left. */
export interface InstallmentEntry {
  dueDate: string;
  amount?: number;
  ratio?: number;
  label?: string | null;
}

export interface PlannedInstallment {
  /** 1-based position in the plan. */
  seq: number;
  dueDate: string;
  amount: number;
  label: string | null;
}

export function showMoney(amount: number, currency: string): string {
  return `${toDecimalString(amount, exponentOf(currency))} ${currency}`;
}

function assertPlannable(total: number, currency: string, count: number): void {
  if (!Number.isSafeInteger(total) || total <= 0) {
    throw new ReceivablesError(
      'total',
      'positive',
      `a plan needs a positive total, not ${showMoney(total, currency)}`,
    );
  }
  if (count === 0) {
    throw new ReceivablesError(
      'installments',
      'too_small',
      'a plan needs at least one installment',
    );
  }
}

/**
 * Amounts for a list of entries: fixed amounts stay as given; the rest of the total is split over
 * the other entries by their ratio (1 when none is given) with allocate. Every amount must come
 * out positive and the whole must sum to the total, or the entry at fault is named.
 */
export function splitAmounts(
  total: number,
  currency: string,
  entries: readonly { amount?: number; ratio?: number }[],
): number[] {
  assertPlannable(total, currency, entries.length);
  entries.forEach((e, i) => {
    if (e.amount !== undefined && e.ratio !== undefined) {
      throw new ReceivablesError(
        `installments.${i}`,
        'amount_or_ratio',
        'give an amount or a ratio, not both',
      );
    }
    if (e.amount !== undefined && (!Number.isSafeInteger(e.amount) || e.amount <= 0)) {
      throw new ReceivablesError(`installments.${i}.amount`, 'positive', 'must be positive');
    }
    if (e.ratio !== undefined && (!Number.isSafeInteger(e.ratio) || e.ratio <= 0)) {
      throw new ReceivablesError(
        `installments.${i}.ratio`,
        'positive',
        'must be a positive integer',
      );
    }
  });
  let fixed = 0;
  for (const e of entries) {
    fixed += e.amount ?? 0;
    // Past the total the list cannot fit, whatever follows (and the sum stays a safe integer).
    if (fixed > total) {
      throw new ReceivablesError(
        'installments',
        'sum',
        `the fixed amounts exceed the plan total ${showMoney(total, currency)}`,
      );
    }
  }
  const shared = entries.flatMap((e, i) => (e.amount === undefined ? [i] : []));
  const rest = total - fixed;
  if (shared.length === 0) {
    if (rest !== 0) {
      throw new ReceivablesError(
        'installments',
        'sum',
        `the installments sum to ${showMoney(fixed, currency)}; the plan total is ${showMoney(total, currency)}`,
      );
    }
    return entries.map((e) => e.amount!);
  }
  if (rest < shared.length) {
    throw new ReceivablesError(
      'installments',
      'sum',
      `the fixed amounts (${showMoney(fixed, currency)}) leave too little of ${showMoney(total, currency)} for the other installments`,
    );
  }
  const parts = allocate(
    rest,
    shared.map((i) => entries[i]!.ratio ?? 1),
  );
  const out = entries.map((e) => e.amount ?? 0);
  shared.forEach((entryIndex, k) => {
    if (parts[k]! <= 0) {
      throw new ReceivablesError(
        `installments.${entryIndex}.ratio`,
        'too_small',
        'this share of the total comes to nothing; raise the ratio or drop the installment',
      );
    }
    out[entryIndex] = parts[k]!;
  });
  return out;
}

/** The due date of a terms step: months first (month ends clamp), then days. */
export function dueDateOf(orderDate: string, step: Pick<TermsStep, 'days' | 'months'>): string {
  return addDays(addMonths(orderDate, step.months ?? 0), step.days ?? 0);
}

/**
 * Installments from payment terms, due counted from the order date. A step with ratio 0 (a
 * milestone with nothing to pay) makes no installment.
 */
export function planFromTerms(
  total: number,
  currency: string,
  orderDate: string,
  steps: readonly TermsStep[],
): PlannedInstallment[] {
  steps.forEach((s, i) => {
    if (!Number.isSafeInteger(s.ratio) || s.ratio < 0) {
      throw new ReceivablesError(`schedule.${i}.ratio`, 'min', 'must be a whole number ≥ 0');
    }
  });
  const paying = steps.filter((s) => s.ratio > 0);
  assertPlannable(total, currency, paying.length);
  const amounts = allocate(
    total,
    paying.map((s) => s.ratio),
  );
  if (amounts.some((a) => a <= 0)) {
    throw new ReceivablesError(
      'orderId',
      'too_small',
      `${showMoney(total, currency)} is too small to split into ${paying.length} installments`,
    );
  }
  return paying.map((s, i) => ({
    seq: i + 1,
    dueDate: dueDateOf(orderDate, s),
    amount: amounts[i]!,
    label: s.label ?? null,
  }));
}

/** A due date before the order was signed is a typo, not a plan. */
export function assertDueDate(orderDate: string, dueDate: string, field: string): void {
  if (dueDate < orderDate) {
    throw new ReceivablesError(field, 'min', `must not be before the order date ${orderDate}`);
  }
}

/** Installments listed by the user: fixed amounts and ratios of what the fixed ones leave. */
export function planFromEntries(
  total: number,
  currency: string,
  orderDate: string,
  entries: readonly InstallmentEntry[],
): PlannedInstallment[] {
  entries.forEach((e, i) => assertDueDate(orderDate, e.dueDate, `installments.${i}.dueDate`));
  const amounts = splitAmounts(total, currency, entries);
  return entries.map((e, i) => ({
    seq: i + 1,
    dueDate: e.dueDate,
    amount: amounts[i]!,
    label: e.label ?? null,
  }));
}
