// Splitting a target's figure over its parts (指标分解): quarters, months or weeks of a period,
// or the child teams and reps of a team. Exact by construction: the split is core/money's
// allocate, so the parts always sum to the whole.
import { allocate } from '../money/index.ts';

export interface BreakdownPart {
  /** The part's weight (a non-negative integer); its share of what is not locked. */
  weight: number;
  /** A figure set by hand that the split keeps as it is; null when the part takes its share. */
  locked: number | null;
}

/** Why a figure cannot be split; `rule` names it for the field error the server returns. */
export class BreakdownError extends Error {
  constructor(
    readonly rule: 'locked_exceed_total' | 'no_weight' | 'negative_total',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Splits `total` over `parts`: locked parts keep their figure, the rest of the total goes to the
 * other parts in proportion to their weights (allocate: largest remainder, ties to the earlier
 * part). A null total (the target sets no figure of this kind) gives null parts. Throws when the
 * locked figures exceed the total, or when something is left to share but no unlocked part has a
 * weight.
 */
export function splitFigure(
  total: number | null,
  parts: readonly BreakdownPart[],
): (number | null)[] {
  if (total === null) return parts.map(() => null);
  if (total < 0) throw new BreakdownError('negative_total', 'a target figure is never negative');
  const locked = parts.reduce((s, p) => s + (p.locked ?? 0), 0);
  const rest = total - locked;
  if (rest < 0) {
    throw new BreakdownError(
      'locked_exceed_total',
      `the locked parts already sum to ${locked}, more than the total ${total}`,
    );
  }
  const open = parts.filter((p) => p.locked === null);
  const weights = open.map((p) => p.weight);
  if (!weights.some((w) => w > 0)) {
    if (rest === 0) return parts.map((p) => p.locked ?? 0);
    throw new BreakdownError(
      'no_weight',
      `${rest} is left to split but no unlocked part has a weight above 0`,
    );
  }
  const shares = allocate(rest, weights);
  let next = 0;
  return parts.map((p) => p.locked ?? shares[next++]!);
}
