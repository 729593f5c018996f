// Sales targets (销售指标): inputs and answers of targets.* and reports.targets. Amounts are
// integer minor units of the target's currency, quantities integer thousandths (core/money);
// periods are '2026', '2026-Q1', '2026-03' or '2026-W09' (core/targets/periods.ts).
import { z } from 'zod';
import { currencyCode, id, listInput, version, type Stamped } from './common.ts';
import { PERIOD_KINDS, parsePeriod, type PeriodKind } from '../targets/periods.ts';

export const TARGET_BASES = ['orders', 'receipts'] as const;
export type TargetBasis = (typeof TARGET_BASES)[number];

export const targetPeriod = z.string().refine((t) => parsePeriod(t) !== null, {
  message: 'must be a period: 2026, 2026-Q1, 2026-03 or 2026-W09 (an ISO week of that year)',
  params: { rule: 'period' },
});

/** A target figure: never negative, always a whole number of minor units or thousandths. */
const figure = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
/** A breakdown weight: a share, not an amount. */
const weight = z.number().int().min(0).max(1_000_000_000);
const year = z.number().int().min(1000).max(9999);

type Issues = z.RefinementCtx;
const issue = (ctx: Issues, path: string, rule: string, message: string) =>
  ctx.addIssue({ code: 'custom', path: [path], message, params: { rule } });

/** Exactly one of teamId and userId: a target belongs to a team or to a person. */
function oneSubject(v: { teamId?: number; userId?: number }, ctx: Issues) {
  if ((v.teamId === undefined) === (v.userId === undefined))
    issue(ctx, 'teamId', 'subject', 'give exactly one of teamId and userId');
}

export const targetSetInput = z
  .strictObject({
    teamId: id.optional(),
    userId: id.optional(),
    period: targetPeriod,
    /** A target for one product; absent or null: all products. */
    productId: id.nullable().optional(),
    /** What counts as attained: approved orders (by order date) or receipts (by receipt date). */
    basis: z.enum(TARGET_BASES).default('orders'),
    /** Required with an amount: attainment counts documents in this currency only. */
    currency: currencyCode.optional(),
    /** Both figures are replaced on every set; at least one must be given. */
    amount: figure.nullable().optional(),
    quantity: figure.nullable().optional(),
    /** A locked breakdown part keeps its figures when its parent is split again. */
    locked: z.boolean().optional(),
    /** Required to change an existing target (the same subject, period, product and basis). */
    version: version.optional(),
  })
  .superRefine((v, ctx) => {
    oneSubject(v, ctx);
    if ((v.amount ?? null) === null && (v.quantity ?? null) === null)
      issue(ctx, 'amount', 'figure', 'give an amount, a quantity or both');
    if ((v.amount ?? null) !== null && v.currency === undefined)
      issue(ctx, 'currency', 'required', 'an amount needs its currency');
    if (v.basis === 'receipts') {
      // Receipts carry money only, for no particular product.
      if ((v.productId ?? null) !== null)
        issue(ctx, 'productId', 'receipts_basis', 'a receipts target is for all products');
      if ((v.quantity ?? null) !== null)
        issue(ctx, 'quantity', 'receipts_basis', 'a receipts target has no quantity');
    }
  });
export type TargetSet = z.infer<typeof targetSetInput>;

export const targetListInput = listInput.extend({
  teamId: id.optional(),
  userId: id.optional(),
  period: targetPeriod.optional(),
  /** Every period whose text starts with the year (its ISO weeks included). */
  year: year.optional(),
  periodKind: z.enum(PERIOD_KINDS).optional(),
  /** null: only the all-products targets. */
  productId: id.nullable().optional(),
  basis: z.enum(TARGET_BASES).optional(),
  /** The parts a breakdown made of this target. */
  parentTargetId: id.optional(),
});

const breakdownChild = z
  .strictObject({ teamId: id.optional(), userId: id.optional(), weight })
  .superRefine(oneSubject);

/**
 * Splits a target (指标分解) exactly (core/targets/breakdown.ts): `period` into the quarters,
 * months or ISO weeks it contains, evenly or by one weight per part; `tree` (team targets) over
 * child teams and people of the team, all of them evenly or the listed ones by weight. Parts
 * are targets with parentTargetId set; a re-run replaces the unlocked parts it made before.
 */
export const targetBreakdownInput = z.discriminatedUnion('by', [
  z.strictObject({
    by: z.literal('period'),
    id,
    version,
    into: z.enum(['quarter', 'month', 'week']),
    weights: z.array(weight).min(1).max(53).optional(),
  }),
  z.strictObject({
    by: z.literal('tree'),
    id,
    version,
    children: z.array(breakdownChild).min(1).max(500).optional(),
  }),
]);
export type TargetBreakdownRequest = z.infer<typeof targetBreakdownInput>;

/** One target (by id), or a team or person for a period (by its target's key). */
export const targetAttainmentInput = z
  .strictObject({
    id: id.optional(),
    teamId: id.optional(),
    userId: id.optional(),
    period: targetPeriod.optional(),
    productId: id.nullable().optional(),
    basis: z.enum(TARGET_BASES).optional(),
    /** The target's currency, else CNY. */
    currency: currencyCode.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.id !== undefined) {
      for (const k of ['teamId', 'userId', 'period', 'productId', 'basis'] as const)
        if (v[k] !== undefined) issue(ctx, k, 'with_id', 'give either id or a subject and period');
      return;
    }
    oneSubject(v, ctx);
    if (v.period === undefined) issue(ctx, 'period', 'required', 'give id, or a period');
  });

export const targetsReportInput = z.strictObject({
  year,
  periodKind: z.enum(PERIOD_KINDS).default('month'),
  basis: z.enum(TARGET_BASES).default('orders'),
  currency: currencyCode.default('CNY'),
  productId: id.optional(),
  /** One team's subtree; everything in the caller's reach when absent. */
  teamId: id.optional(),
});

export interface Target extends Stamped {
  teamId: number | null;
  userId: number | null;
  periodKind: PeriodKind;
  period: string;
  /** The period's first and last day. */
  from: string;
  to: string;
  productId: number | null;
  currency: string | null;
  amount: number | null;
  quantity: number | null;
  basis: TargetBasis;
  /** The target this one is a breakdown part of. */
  parentTargetId: number | null;
  /** Its weight in that breakdown. */
  weight: number | null;
  locked: boolean;
}

export interface TargetBreakdown {
  target: Target;
  /** The parts of this breakdown, in period or tree order. */
  children: Target[];
}

/** A team or a person in the attainment tree; `depth` 0 is the root asked about. */
export interface TargetSubject {
  kind: 'team' | 'user';
  id: number;
  name: string;
  nameEn: string | null;
  /** The team this row sits under in the tree (a person appears under each team they belong to or manage). */
  parentTeamId: number | null;
  depth: number;
}

/** Target against actual for one subject and period. */
export interface AttainmentCell {
  period: string;
  /** The subject's own target for the period, when it has one. */
  targetId: number | null;
  /**
   * own: the subject's target for the period; periods: the sum of the subject's own targets for
   * the finer periods inside it (a quarter's months, a year's quarters or months), when it has
   * none for the period itself; children: the sum of its children's (child teams and people,
   * each distinct subject once), when it has neither; null: none anywhere (core/targets/rollup.ts).
   */
  targetSource: 'own' | 'periods' | 'children' | null;
  targetAmount: number | null;
  targetQuantity: number | null;
  /** Approved orders (gross, order_date) or receipts (receipt_date) of the person, or of everyone in the team's subtree. */
  actualAmount: number;
  actualQuantity: number;
  /** actual ÷ target in basis points, half-up (10000 = 100%); null without a positive target. */
  amountBp: number | null;
  quantityBp: number | null;
}

export interface TargetAttainment {
  period: string;
  periodKind: PeriodKind;
  from: string;
  to: string;
  basis: TargetBasis;
  currency: string;
  productId: number | null;
  /** The subject first, then its subtree depth-first: a team's people, then its child teams. */
  rows: (TargetSubject & AttainmentCell)[];
}

export interface TargetsReport {
  year: number;
  periodKind: PeriodKind;
  basis: TargetBasis;
  currency: string;
  productId: number | null;
  periods: { period: string; from: string; to: string }[];
  /**
   * One row per subject in reach, in tree order; cells align with `periods`. For finance and
   * admins (scope all, no teamId) the root teams' trees come first, then each person who is in no
   * team as a row of their own (depth 0, parentTeamId null).
   */
  rows: (TargetSubject & { cells: AttainmentCell[] })[];
}
