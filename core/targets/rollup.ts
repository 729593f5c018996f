// How a target is found when a subject has none for the period asked about (指标汇总). Pure rules,
// shared by the server's attainment report and anything that lays out a target grid:
//   1. over time: a period without a target of its own takes the sum of its finer periods'
//      (a year its quarters', a quarter its months', a month its ISO weeks', each of those again
//      its own or its finer periods'), so monthly targets alone give quarters and a year;
//   2. over the tree: a team with neither takes the sum of its children's (child teams and people),
//      each distinct subject once, however many paths lead to it (a person in two teams).
import { periodKindOf, subPeriods, type PeriodKind } from './periods.ts';

/** A target's two figures: amount (minor units) and quantity (thousandths); null where not set. */
export interface TargetFigures {
  amount: number | null;
  quantity: number | null;
}

/** The next finer kind a period of `kind` is made of (year → quarter → month → week), or null. */
export function finerKind(kind: PeriodKind): PeriodKind | null {
  return kind === 'year'
    ? 'quarter'
    : kind === 'quarter'
      ? 'month'
      : kind === 'month'
        ? 'week'
        : null;
}

/** Every period a roll-up of `period` can read: the period itself and all finer ones inside it. */
export function periodsWithin(period: string): string[] {
  const out = [period];
  for (let i = 0; i < out.length; i++) {
    const finer = finerKind(periodKindOf(out[i]!));
    if (finer) out.push(...subPeriods(out[i]!, finer));
  }
  return out;
}

/**
 * Sums figures per dimension. A dimension none of them sets stays null; one that some set is
 * the sum of those (an unset figure adds nothing). Null for an empty list.
 */
export function sumFigures(list: readonly TargetFigures[]): TargetFigures | null {
  if (!list.length) return null;
  const sum = (k: keyof TargetFigures) => {
    const present = list.map((f) => f[k]).filter((v): v is number => v !== null);
    return present.length ? present.reduce((a, b) => a + b, 0) : null;
  };
  return { amount: sum('amount'), quantity: sum('quantity') };
}

/**
 * A subject's target for `period` from its own targets only (`own` answers a period's own target):
 * its own for the period ('own'), else the sum of its next finer periods' targets, each found the
 * same way ('periods'), else null. A partly covered period sums the parts that are set.
 */
export function periodTarget(
  period: string,
  own: (period: string) => TargetFigures | undefined,
): { source: 'own' | 'periods'; figures: TargetFigures } | null {
  const mine = own(period);
  if (mine) return { source: 'own', figures: mine };
  const finer = finerKind(periodKindOf(period));
  if (!finer) return null;
  const parts = subPeriods(period, finer)
    .map((p) => periodTarget(p, own))
    .filter((t) => t !== null);
  const figures = sumFigures(parts.map((t) => t.figures));
  return figures ? { source: 'periods', figures } : null;
}

/**
 * The figures a subject contributes to a roll-up over the tree, keyed by subject ('user:7',
 * 'team:3'): its own target (or own finer periods'), else the union of its children's. The union
 * keeps each key once, so a person reached through two teams counts once.
 */
export type Contributions = ReadonlyMap<string, TargetFigures>;

export function unionContributions(children: readonly Contributions[]): Map<string, TargetFigures> {
  const out = new Map<string, TargetFigures>();
  for (const c of children) for (const [k, f] of c) if (!out.has(k)) out.set(k, f);
  return out;
}
