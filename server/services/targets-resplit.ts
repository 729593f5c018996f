// Keeps every breakdown exact after a change: a target whose figures change re-splits its parts
// by their stored weights (locked parts keep theirs), down to the last level; a part set by hand
// is locked and its unlocked siblings share the rest, so the parent's total holds. Each changed
// row goes through the versioned update and the audit log, inside the caller's transaction.
import { BreakdownError, splitFigure, type BreakdownPart } from '../../core/targets/breakdown.ts';
import { toInt, toIntOrNull } from '../db/rows.ts';
import { invalidField } from '../trpc/errors.ts';
import { audit, diff, type Actor } from './audit.ts';
import {
  dimensionOf,
  liveChildren,
  lockTarget,
  type Dimension,
  type TargetRow,
} from './targets-rows.ts';
import type { Trx } from './tx.ts';
import { updateVersioned } from './versioned.ts';

export interface Figures {
  amount: number | null;
  quantity: number | null;
}

/** splitFigure, with its refusal turned into a field error on `field`. */
function splitOrRefuse(
  total: number | null,
  parts: readonly BreakdownPart[],
  field: string,
): (number | null)[] {
  try {
    return splitFigure(total, parts);
  } catch (err) {
    if (err instanceof BreakdownError) throw invalidField(field, err.rule, err.message);
    throw err;
  }
}

/** The figures of `total` for each part: locked parts keep theirs, the rest share by weight. */
export function splitBoth(
  total: Figures,
  parts: { weight: number; locked: boolean; figures: Figures }[],
  field: { amount: string; quantity: string },
): Figures[] {
  const as = (pick: keyof Figures): BreakdownPart[] =>
    parts.map((p) => ({ weight: p.weight, locked: p.locked ? (p.figures[pick] ?? 0) : null }));
  const amounts = splitOrRefuse(total.amount, as('amount'), field.amount);
  const quantities = splitOrRefuse(total.quantity, as('quantity'), field.quantity);
  return parts.map((_, i) => ({ amount: amounts[i]!, quantity: quantities[i]! }));
}

export const figuresOf = (r: TargetRow): Figures => ({
  amount: toIntOrNull(r.amount),
  quantity: toIntOrNull(r.quantity),
});

const sameFigures = (a: Figures, b: Figures) => a.amount === b.amount && a.quantity === b.quantity;

/**
 * Writes new values on a target (versioned, audited) and, when its figures changed, re-splits
 * its own parts. Returns the row as stored.
 */
export async function writeTarget(
  trx: Trx,
  actor: Actor,
  row: TargetRow,
  values: Record<string, unknown>,
  action = 'update',
): Promise<TargetRow> {
  const changes = diff(row, values);
  if (Object.keys(changes).length === 0) return row;
  const id = toInt(row.id);
  const version = await updateVersioned(
    trx,
    'targets',
    id,
    toInt(row.version),
    values,
    actor,
    'Target',
  );
  await audit(trx, actor, 'targets', id, action, changes);
  const stored = { ...row, ...values, version };
  if (!sameFigures(figuresOf(row), figuresOf(stored))) await resplitChildren(trx, actor, stored);
  return stored;
}

/** Re-splits the parts of `parent` in one dimension to its current figures. */
async function resplitGroup(trx: Trx, actor: Actor, parent: TargetRow, group: TargetRow[]) {
  const figures = splitBoth(
    figuresOf(parent),
    group.map((c) => ({
      weight: toIntOrNull(c.weight) ?? 0,
      locked: c.locked === true,
      figures: figuresOf(c),
    })),
    { amount: 'amount', quantity: 'quantity' },
  );
  for (const [i, child] of group.entries()) {
    await writeTarget(
      trx,
      actor,
      child,
      { ...figures[i]!, currency: parent.currency ?? null },
      'resplit',
    );
  }
}

/** After `parent`'s figures changed: every dimension of its breakdown follows. */
async function resplitChildren(trx: Trx, actor: Actor, parent: TargetRow): Promise<void> {
  const children = await liveChildren(trx, toInt(parent.id));
  for (const dimension of ['period', 'tree'] as Dimension[]) {
    const group = children.filter((c) => dimensionOf(c, parent) === dimension);
    if (group.length) await resplitGroup(trx, actor, parent, group);
  }
}

/**
 * After a part was set by hand (and locked): its unlocked siblings in the same dimension share
 * what the parent's total leaves, so the breakdown still sums exactly. Refused (as a field error
 * on amount or quantity) when the locked parts already exceed the parent.
 */
export async function rebalanceSiblings(trx: Trx, actor: Actor, part: TargetRow): Promise<void> {
  const parent = await lockTarget(trx, toInt(part.parent_target_id));
  if (!parent) return;
  const dimension = dimensionOf(part, parent);
  const group = (await liveChildren(trx, toInt(parent.id))).filter(
    (c) => dimensionOf(c, parent) === dimension,
  );
  await resplitGroup(trx, actor, parent, group);
}
