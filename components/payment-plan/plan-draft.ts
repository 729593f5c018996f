// The payment plan being edited: one row per installment, each amount kept twice, as the text
// the person typed and as the exact minor-unit model parsed from it (core/money parseMoney), so
// a typo is a per-field problem and never a rounded number. Whether the edit is a valid plan
// (the sum, locked installments, due dates) and how the remainder is split are decided by
// core/receivables resplitPlan, the same function the server runs: nothing here re-implements
// them. No DOM here.
import {
  ParseError,
  exponentOf,
  parseMoney,
  sum,
  toDecimalString,
} from '../../core/money/index.ts';
import {
  ReceivablesError,
  addMonths,
  daysOverdue,
  installmentStatus,
  outstandingOf,
  resplitPlan,
  type ResplitEntry,
  type ResplitResult,
  type StoredInstallment,
} from '../../core/receivables/index.ts';
import type { PaymentPlan } from '../../core/schemas/payment-plans.ts';
import type { PlanSaveEntry } from '../events/lode-plan-save.ts';

/** Why an amount's text is not an amount: parseMoney's rules, and `positive` for zero or less. */
export type AmountProblem = 'format' | 'precision' | 'range' | 'positive';

export interface DraftRow {
  /** Stable across edits, for rendering. */
  key: number;
  /** The installment's id; null for one added in this edit. */
  id: number | null;
  dueDate: string;
  /** What is in the amount field. */
  amountText: string;
  /** Minor units parsed from `amountText`; null when it is blank or not an amount. */
  amount: number | null;
  amountProblem: AmountProblem | null;
  label: string | null;
  /** Paid or partly paid: shown, never editable, sent back unchanged. */
  locked: boolean;
  paidAmount: number;
}

export interface PlanDraft {
  rows: DraftRow[];
  nextKey: number;
}

/** A problem the rules found, on a row's field or on the plan as a whole (`row` null). */
export interface DraftProblem {
  row: number | null;
  field: 'amount' | 'dueDate' | 'plan';
  rule: string;
  /** core/receivables' own sentence (English), for rules the element has no text of its own for. */
  message: string;
}

export type Installment = PaymentPlan['installments'][number];

/** An amount as the field shows it: the currency's decimals, grouped, no symbol ("12,000.00"). */
export function amountText(minor: number, currency: string, locale: string): string {
  const exponent = exponentOf(currency);
  return new Intl.NumberFormat(locale, {
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  }).format(toDecimalString(minor, exponent) as unknown as number);
}

/** The model of an amount field's text. Blank is no amount and no problem (a share when split). */
export function parseAmountText(
  text: string,
  currency: string,
  locale: string,
): { amount: number | null; problem: AmountProblem | null } {
  if (!text.trim()) return { amount: null, problem: null };
  try {
    const amount = parseMoney(text, currency, locale);
    return amount > 0 ? { amount, problem: null } : { amount: null, problem: 'positive' };
  } catch (err) {
    if (err instanceof ParseError) return { amount: null, problem: err.rule };
    throw err;
  }
}

export function draftOf(plan: PaymentPlan, locale: string): PlanDraft {
  const rows = plan.installments.map((i, n): DraftRow => ({
    key: n,
    id: i.id,
    dueDate: i.dueDate,
    amountText: amountText(i.amount, plan.currency, locale),
    amount: i.amount,
    amountProblem: null,
    label: i.label,
    locked: i.locked,
    paidAmount: i.paidAmount,
  }));
  return { rows, nextKey: rows.length };
}

/** The amount typed into row `key`. */
export function withAmountText(
  draft: PlanDraft,
  key: number,
  text: string,
  currency: string,
  locale: string,
): PlanDraft {
  const { amount, problem } = parseAmountText(text, currency, locale);
  return {
    ...draft,
    rows: draft.rows.map((r) =>
      r.key === key && !r.locked ? { ...r, amountText: text, amount, amountProblem: problem } : r,
    ),
  };
}

/** The field shows the model again, in the locale's format (after the field loses focus). */
export function withTidyAmount(
  draft: PlanDraft,
  key: number,
  currency: string,
  locale: string,
): PlanDraft {
  return {
    ...draft,
    rows: draft.rows.map((r) =>
      r.key === key && r.amount !== null && !r.amountProblem
        ? { ...r, amountText: amountText(r.amount, currency, locale) }
        : r,
    ),
  };
}

export function withDueDate(draft: PlanDraft, key: number, dueDate: string): PlanDraft {
  return {
    ...draft,
    rows: draft.rows.map((r) => (r.key === key && !r.locked ? { ...r, dueDate } : r)),
  };
}

/** Total minus what the rows hold (blank and unreadable amounts count as nothing). */
export function remainingOf(draft: PlanDraft, total: number): number {
  return total - sum(draft.rows.map((r) => r.amount ?? 0));
}

/**
 * A new unpaid installment at the end: due a month after the last one (or on the order date),
 * holding what is still unassigned when that is something.
 */
export function withNewRow(
  draft: PlanDraft,
  plan: Pick<PaymentPlan, 'total' | 'currency' | 'orderDate'>,
  locale: string,
): PlanDraft {
  const last = draft.rows.at(-1);
  const remaining = remainingOf(draft, plan.total);
  const amount = remaining > 0 ? remaining : null;
  const row: DraftRow = {
    key: draft.nextKey,
    id: null,
    dueDate: last?.dueDate ? safeAddMonth(last.dueDate) : plan.orderDate,
    amountText: amount === null ? '' : amountText(amount, plan.currency, locale),
    amount,
    amountProblem: null,
    label: null,
    locked: false,
    paidAmount: 0,
  };
  return { rows: [...draft.rows, row], nextKey: draft.nextKey + 1 };
}

function safeAddMonth(day: string): string {
  try {
    return addMonths(day, 1);
  } catch {
    return day;
  }
}

/** Takes an unpaid installment out (paid ones cannot leave). */
export function withoutRow(draft: PlanDraft, key: number): PlanDraft {
  return { ...draft, rows: draft.rows.filter((r) => r.key !== key || r.locked) };
}

const storedOf = (plan: PaymentPlan): StoredInstallment[] =>
  plan.installments.map((i) => ({
    id: i.id,
    seq: i.seq,
    dueDate: i.dueDate,
    amount: i.amount,
    paidAmount: i.paidAmount,
    label: i.label,
  }));

/** resplitPlan's entry for a row; `share` leaves the amount to the split. */
function entryOf(r: DraftRow, share: boolean): ResplitEntry {
  return {
    ...(r.id === null ? {} : { id: r.id }),
    dueDate: r.dueDate,
    ...(share || r.amount === null ? {} : { amount: r.amount }),
  };
}

function problemOf(err: ReceivablesError): DraftProblem {
  const m = /^installments\.(\d+)\.(\w+)$/.exec(err.field);
  if (m) {
    const field = m[2] === 'dueDate' ? 'dueDate' : 'amount';
    return { row: Number(m[1]), field, rule: err.rule, message: err.message };
  }
  return { row: null, field: 'plan', rule: err.rule, message: err.message };
}

/** Runs the rules; a ReceivablesError becomes a problem, a malformed day one on its row. */
function ask(
  plan: PaymentPlan,
  draft: PlanDraft,
  entries: ResplitEntry[],
): { ok: true; result: ResplitResult } | { ok: false; problems: DraftProblem[] } {
  const undated = draft.rows.findIndex((r) => !/^\d{4}-\d{2}-\d{2}$/.test(r.dueDate));
  if (undated >= 0)
    return {
      ok: false,
      problems: [{ row: undated, field: 'dueDate', rule: 'required', message: 'is required' }],
    };
  try {
    return {
      ok: true,
      result: resplitPlan(plan.total, plan.currency, plan.orderDate, storedOf(plan), entries),
    };
  } catch (err) {
    if (err instanceof ReceivablesError) return { ok: false, problems: [problemOf(err)] };
    if (err instanceof RangeError)
      return {
        ok: false,
        problems: [{ row: null, field: 'plan', rule: 'date', message: err.message }],
      };
    throw err;
  }
}

/**
 * Whether the edit can be saved: every unpaid amount readable and given, then resplitPlan with
 * every amount fixed (the sum must be the total exactly, locked ones unchanged, no due date
 * before the order). Its result is the plan as the server will store it.
 */
export function checkDraft(
  plan: PaymentPlan,
  draft: PlanDraft,
): { ok: true; result: ResplitResult } | { ok: false; problems: DraftProblem[] } {
  const unreadable: DraftProblem[] = draft.rows.flatMap((r, n) =>
    r.amountProblem
      ? [{ row: n, field: 'amount' as const, rule: r.amountProblem, message: r.amountProblem }]
      : r.amount === null
        ? [{ row: n, field: 'amount' as const, rule: 'required', message: 'is required' }]
        : [],
  );
  if (unreadable.length) return { ok: false, problems: unreadable };
  return ask(
    plan,
    draft,
    draft.rows.map((r) => entryOf(r, false)),
  );
}

/**
 * Splits what the fixed amounts leave over the unpaid installments whose amount is blank (or
 * unreadable); when none is, over every unpaid installment. resplitPlan does the split (allocate,
 * so the parts sum exactly); a refusal comes back as problems and the draft stays as it was.
 */
export function splitRemainder(
  plan: PaymentPlan,
  draft: PlanDraft,
  locale: string,
): { ok: true; draft: PlanDraft } | { ok: false; problems: DraftProblem[] } {
  const open = (r: DraftRow) => !r.locked && (r.amount === null || r.amountProblem !== null);
  const anyOpen = draft.rows.some(open);
  const share = (r: DraftRow) => !r.locked && (anyOpen ? open(r) : true);
  const asked = ask(
    plan,
    draft,
    draft.rows.map((r) => entryOf(r, share(r))),
  );
  if (!asked.ok) return asked;
  const amounts = asked.result.installments.map((i) => i.amount);
  return {
    ok: true,
    draft: {
      ...draft,
      rows: draft.rows.map((r, n) =>
        share(r)
          ? {
              ...r,
              amount: amounts[n]!,
              amountText: amountText(amounts[n]!, plan.currency, locale),
              amountProblem: null,
            }
          : r,
      ),
    },
  };
}

/** What `paymentPlans.update` is sent: every row in order, each with its exact amount. */
export function updateEntries(draft: PlanDraft): PlanSaveEntry[] {
  return draft.rows.map((r) => ({
    ...(r.id === null ? {} : { id: r.id }),
    dueDate: r.dueDate,
    amount: r.amount!,
  }));
}

/**
 * The plan as it will look once saved, to show at once: the rules' result with each kept
 * installment's payments and receipts, statuses derived by core/receivables on the plan's day.
 */
export function planAfter(plan: PaymentPlan, result: ResplitResult): PaymentPlan {
  const byId = new Map(plan.installments.map((i) => [i.id, i]));
  const first = plan.installments[0];
  const installments = result.installments.map((next, n): Installment => {
    const old = next.id === null ? undefined : byId.get(next.id);
    const paidAmount = old?.paidAmount ?? 0;
    const figures = { dueDate: next.dueDate, amount: next.amount, paidAmount };
    const base: Installment = old ?? {
      ...first!,
      id: -(n + 1),
      version: 0,
      paidAmount: 0,
      paidState: 'open',
      lastPaidAt: null,
      locked: false,
      allocations: [],
    };
    return {
      ...base,
      seq: next.seq,
      label: next.label,
      dueDate: next.dueDate,
      amount: next.amount,
      paidAmount,
      outstanding: outstandingOf(figures),
      status: installmentStatus(figures, plan.asOf),
      daysOverdue: daysOverdue(figures, plan.asOf),
    };
  });
  return { ...plan, installments };
}
