// targets.breakdown (指标分解): a target split into the quarters, months or weeks of its period, or
// down the team tree into child teams and people, exactly (core/targets/breakdown.ts). Parts are
// targets of their own with parent_target_id and their weight. A re-run finds the parts it made
// by their key and replaces their figures (locked parts keep theirs); parts the new split no
// longer has are removed with everything below them, unless one of those is locked.
import { TRPCError } from '@trpc/server';
import type { TargetBreakdown, TargetBreakdownRequest } from '../../core/schemas/targets.ts';
import { PERIOD_KINDS, isFiner, periodKindOf, subPeriods } from '../../core/targets/periods.ts';
import { visibility, type Visibility } from '../auth/scope.ts';
import { toInt, toIntOrNull } from '../db/rows.ts';
import { actorOf } from '../trpc/context.ts';
import { invalidField, refusal } from '../trpc/errors.ts';
import { audit, diff, type Actor } from './audit.ts';
import type { ScopedCtx } from './scoped-ctx.ts';
import { targetsTx } from './targets.ts';
import {
  dimensionOf,
  findByKey,
  idOf,
  keyOf,
  liveChildren,
  lockTarget,
  lockVisibleTarget,
  mapTarget,
  type TargetKey,
  type TargetRow,
} from './targets-rows.ts';
import { figuresOf, splitBoth, writeTarget } from './targets-resplit.ts';
import type { Trx } from './tx.ts';
import { assertVersion, createStamps, softDelete, updateVersioned } from './versioned.ts';

interface PlannedPart {
  key: TargetKey;
  weight: number;
}

function periodParts(
  parent: TargetRow,
  input: Extract<TargetBreakdownRequest, { by: 'period' }>,
): PlannedPart[] {
  const base = keyOf(parent);
  const kind = periodKindOf(base.period);
  if (!isFiner(input.into, kind)) {
    const finer = PERIOD_KINDS.filter((k) => isFiner(k, kind));
    throw invalidField(
      'into',
      'finer',
      finer.length
        ? `a ${kind} target splits into ${finer.join(', ')}s`
        : 'a week target does not split further',
    );
  }
  const periods = subPeriods(base.period, input.into);
  const weights = input.weights ?? periods.map(() => 1);
  if (weights.length !== periods.length)
    throw invalidField(
      'weights',
      'length',
      `give ${periods.length} weights, one per ${input.into} of ${base.period}`,
    );
  return periods.map((period, i) => ({ key: { ...base, period }, weight: weights[i]! }));
}

/** The team's live child teams, its live members and its manager. */
async function teamParts(trx: Trx, teamId: number) {
  const childTeams = (
    await trx('teams')
      .where({ parent_id: teamId })
      .whereNull('deleted_at')
      .orderBy('id')
      .pluck('id')
  ).map(toInt);
  const members = (
    await trx('team_members as m')
      .join('users as u', 'u.id', 'm.user_id')
      .where('m.team_id', teamId)
      .whereNull('u.deleted_at')
      .orderBy('m.user_id')
      .pluck('m.user_id')
  ).map(toInt);
  const team = await trx('teams').where({ id: teamId }).first('manager_id');
  return { childTeams, members, managerId: toIntOrNull(team?.manager_id) };
}

async function treeParts(
  trx: Trx,
  parent: TargetRow,
  input: Extract<TargetBreakdownRequest, { by: 'tree' }>,
): Promise<PlannedPart[]> {
  const base = keyOf(parent);
  if (base.teamId === null)
    throw invalidField('by', 'team_target', 'only a team target splits down the team tree');
  const { childTeams, members, managerId } = await teamParts(trx, base.teamId);
  const part = (teamId: number | null, userId: number | null, weight: number) => ({
    key: { ...base, teamId, userId },
    weight,
  });
  if (!input.children) {
    const parts = [
      ...childTeams.map((t) => part(t, null, 1)),
      ...members.map((u) => part(null, u, 1)),
    ];
    if (!parts.length)
      throw invalidField(
        'children',
        'none',
        'the team has no child teams or members to split among',
      );
    return parts;
  }
  const seen = new Set<string>();
  return input.children.map((c, i) => {
    const tag = c.teamId !== undefined ? `team ${c.teamId}` : `user ${c.userId}`;
    if (seen.has(tag)) throw invalidField(`children.${i}`, 'duplicate', `lists ${tag} twice`);
    seen.add(tag);
    if (c.teamId !== undefined) {
      if (!childTeams.includes(c.teamId))
        throw invalidField(
          `children.${i}.teamId`,
          'not_child',
          "is not a child team of the target's team",
        );
      return part(c.teamId, null, c.weight);
    }
    const userId = c.userId!;
    if (!members.includes(userId) && userId !== managerId)
      throw invalidField(
        `children.${i}.userId`,
        'not_child',
        "is not a member or the manager of the target's team",
      );
    return part(null, userId, c.weight);
  });
}

/** The rows and every live part below them, breadth first. */
async function withDescendants(trx: Trx, rows: TargetRow[]): Promise<TargetRow[]> {
  const out: TargetRow[] = [];
  for (let queue = [...rows]; queue.length;) {
    const row = queue.shift()!;
    out.push(row);
    queue = queue.concat(await liveChildren(trx, idOf(row)));
  }
  return out;
}

export async function breakdownIn(
  trx: Trx,
  actor: Actor,
  vis: Visibility,
  input: TargetBreakdownRequest,
): Promise<{ parent: TargetRow; children: TargetRow[] }> {
  const parent = await lockVisibleTarget(trx, vis, input.id);
  assertVersion(parent, input.version, 'Target');
  const parentId = idOf(parent);
  const plan =
    input.by === 'period' ? periodParts(parent, input) : await treeParts(trx, parent, input);
  const field = input.by === 'period' ? 'weights' : 'children';

  const found: (TargetRow | undefined)[] = [];
  for (const p of plan) {
    const row = await findByKey(trx, p.key);
    const owner = row ? toIntOrNull(row.parent_target_id) : null;
    if (row && owner !== null && owner !== parentId)
      throw new TRPCError({
        code: 'CONFLICT',
        message: `The target for ${p.key.period} (id ${idOf(row)}) already belongs to the breakdown of target ${owner}; it cannot be part of two`,
      });
    if (
      row?.locked &&
      row.amount !== null &&
      parent.amount !== null &&
      row.currency !== parent.currency
    )
      throw invalidField(
        field,
        'currency',
        `the locked target ${idOf(row)} is in another currency`,
      );
    found.push(row);
  }

  const kept = new Set(found.flatMap((r) => (r ? [idOf(r)] : [])));
  const current = (await liveChildren(trx, parentId)).filter(
    (c) => dimensionOf(c, parent) === input.by,
  );
  const doomed = await withDescendants(
    trx,
    current.filter((c) => !kept.has(idOf(c))),
  );
  const locked = doomed.filter((r) => r.locked === true).map(idOf);
  if (locked.length)
    throw refusal(
      'PRECONDITION_FAILED',
      `This breakdown would remove locked targets (${locked.join(', ')}); unlock them first`,
      { lockedTargetIds: locked },
    );

  const figures = splitBoth(
    figuresOf(parent),
    plan.map((p, i) => ({
      weight: p.weight,
      locked: found[i]?.locked === true,
      figures: found[i] ? figuresOf(found[i]) : { amount: null, quantity: null },
    })),
    { amount: field, quantity: field },
  );
  for (const row of doomed)
    await softDelete(trx, actor, 'targets', idOf(row), toInt(row.version), 'Target');

  const children: TargetRow[] = [];
  for (const [i, p] of plan.entries()) {
    const values = {
      ...figures[i]!,
      currency: parent.currency,
      weight: p.weight,
      parent_target_id: parentId,
    };
    const row = found[i];
    if (row) {
      children.push(await writeTarget(trx, actor, row, values, 'breakdown'));
      continue;
    }
    const fields = {
      team_id: p.key.teamId,
      user_id: p.key.userId,
      period_kind: periodKindOf(p.key.period),
      period: p.key.period,
      product_id: p.key.productId,
      basis: p.key.basis,
      locked: false,
      ...values,
    };
    const [inserted] = await trx('targets')
      .insert({ ...createStamps(actor), ...fields })
      .returning('id');
    const id = toInt((inserted as TargetRow).id);
    await audit(trx, actor, 'targets', id, 'create', diff({}, fields));
    children.push((await lockTarget(trx, id))!);
  }
  // The parent's version moves too, so two people splitting the same target at once conflict.
  await updateVersioned(trx, 'targets', parentId, input.version, {}, actor, 'Target');
  await audit(trx, actor, 'targets', parentId, 'breakdown', {
    [input.by]: { old: current.map(idOf), new: children.map(idOf) },
  });
  return { parent: (await lockTarget(trx, parentId))!, children };
}

export async function breakdownTarget(
  ctx: ScopedCtx,
  input: TargetBreakdownRequest,
): Promise<TargetBreakdown> {
  const vis = await visibility(ctx);
  const actor = actorOf(ctx);
  const { parent, children } = await targetsTx(ctx, (trx) => breakdownIn(trx, actor, vis, input));
  return { target: mapTarget(parent), children: children.map(mapTarget) };
}
