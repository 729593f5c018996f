// Attainment (达成率) of a target, in basis points: actual × 10,000 / target, half up. Shared by
// the server's attainment report and anything that rolls cells up (the add-in's year column).
import { divideHalfUp } from '../money/money.ts';

/** Null when there is no target to measure against (none set, or zero). */
export function attainmentBp(actual: number, target: number | null): number | null {
  return target !== null && target > 0
    ? Number(divideHalfUp(BigInt(actual) * 10_000n, BigInt(target)))
    : null;
}
