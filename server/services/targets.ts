// Sales targets (销售指标): targets.set and targets.list. A target belongs to a team or a person,
// for a year, quarter, month or ISO week, optionally for one product, with an amount and/or a
// quantity, measured on orders or receipts. Breakdowns: targets-breakdown.ts; attainment:
// targets-attainment.ts.
import { TRPCError } from '@trpc/server';
import type { z } from 'zod';
import type { Page } from '../../core/schemas/common.ts';
import type { Target, TargetSet, targetListInput } from '../../core/schemas/targets.ts';
import { periodKindOf } from '../../core/targets/periods.ts';
import { visibility, type Visibility } from '../auth/scope.ts';
import { toInt } from '../db/rows.ts';
import { actorOf } from '../trpc/context.ts';
import { invalidField, isUniqueViolation, notFound } from '../trpc/errors.ts';
import { audit, diff, type Actor } from './audit.ts';
import { paginate } from './pagination.ts';
import type { ScopedCtx } from './scoped-ctx.ts';
import {
  assertSubject,
  findByKey,
  liveChildren,
  lockTarget,
  mapTarget,
  type TargetKey,
  type TargetRow,
} from './targets-rows.ts';
import { rebalanceSiblings, writeTarget } from './targets-resplit.ts';
import { writeTx, type Trx } from './tx.ts';
import { assertVersion, createStamps } from './versioned.ts';

/** Two writers creating the same target at once: the unique key lets one through. */
const targetExists = () =>
  new TRPCError({
    code: 'CONFLICT',
    message:
      'A target for this subject, period, product and basis already exists; reload it and pass its version to change it',
  });

/** Runs a targets write; a unique-key race becomes CONFLICT rather than an internal error. */
export async function targetsTx<T>(ctx: ScopedCtx, fn: (trx: Trx) => Promise<T>): Promise<T> {
  try {
    return await writeTx(ctx.db, fn);
  } catch (err) {
    if (isUniqueViolation(err)) throw targetExists();
    throw err;
  }
}

async function assertReferences(trx: Trx, input: TargetSet): Promise<void> {
  if (input.productId) {
    const product = await trx('products')
      .where({ id: input.productId })
      .whereNull('deleted_at')
      .first('id');
    if (!product) throw invalidField('productId', 'exists', 'is not an existing product');
  }
  if (input.currency) {
    const currency = await trx('currencies').where({ code: input.currency }).first('code');
    if (!currency) throw invalidField('currency', 'exists', 'is not a known currency');
  }
}

/** A breakdown part carries the figures its parent carries, in the parent's currency. */
function assertFitsParent(parent: TargetRow, input: TargetSet): void {
  const amount = input.amount ?? null;
  const quantity = input.quantity ?? null;
  if ((parent.amount === null) !== (amount === null))
    throw invalidField(
      'amount',
      'parent_figures',
      parent.amount === null
        ? 'the target this is a part of sets no amount'
        : 'a part of a target with an amount needs an amount',
    );
  if ((parent.quantity === null) !== (quantity === null))
    throw invalidField(
      'quantity',
      'parent_figures',
      parent.quantity === null
        ? 'the target this is a part of sets no quantity'
        : 'a part of a target with a quantity needs a quantity',
    );
  if (amount !== null && input.currency !== parent.currency)
    throw invalidField(
      'currency',
      'parent_currency',
      `must be ${String(parent.currency)}, the currency of the target this is a part of`,
    );
}

/**
 * Creates the target for the input's key, or (given its version) replaces its figures. Changing
 * a breakdown part locks it and re-balances its unlocked siblings; changing a broken-down target
 * re-splits its parts. Callable with any Visibility (the demo seed uses an admin's).
 */
export async function setTargetIn(
  trx: Trx,
  actor: Actor,
  vis: Visibility,
  input: TargetSet,
): Promise<TargetRow> {
  const key: TargetKey = {
    teamId: input.teamId ?? null,
    userId: input.userId ?? null,
    period: input.period,
    productId: input.productId ?? null,
    basis: input.basis,
  };
  await assertSubject(trx, vis, key);
  await assertReferences(trx, input);
  const figures = { amount: input.amount ?? null, quantity: input.quantity ?? null };
  const existing = await findByKey(trx, key);
  if (!existing) {
    if (input.version !== undefined) throw notFound('Target');
    const fields = {
      team_id: key.teamId,
      user_id: key.userId,
      period_kind: periodKindOf(key.period),
      period: key.period,
      product_id: key.productId,
      basis: key.basis,
      currency: input.currency ?? null,
      ...figures,
      locked: input.locked ?? false,
    };
    const [row] = await trx('targets')
      .insert({ ...createStamps(actor), ...fields })
      .returning('id');
    const id = toInt((row as TargetRow).id);
    await audit(trx, actor, 'targets', id, 'create', diff({}, fields));
    return (await lockTarget(trx, id))!;
  }
  if (input.version === undefined) throw targetExists();
  assertVersion(existing, input.version, 'Target');
  const figuresChange =
    existing.amount !== figures.amount || existing.quantity !== figures.quantity;
  // A quantity-only target keeps whatever currency it had: there is no money to measure.
  const currency = figures.amount === null ? (existing.currency as string | null) : input.currency!;
  const parentId = existing.parent_target_id as number | null;
  if (parentId !== null) {
    const parent = await lockTarget(trx, parentId);
    if (parent) assertFitsParent(parent, input);
    if (figuresChange && input.locked === false)
      throw invalidField(
        'locked',
        'hand_set',
        'a breakdown part whose figures are set by hand stays locked',
      );
  }
  if (
    currency !== existing.currency &&
    (parentId !== null || (await liveChildren(trx, toInt(existing.id))).length)
  )
    throw invalidField(
      'currency',
      'breakdown',
      'a target in a breakdown keeps the currency of the breakdown',
    );
  const locked =
    figuresChange && parentId !== null ? true : (input.locked ?? (existing.locked as boolean));
  const stored = await writeTarget(trx, actor, existing, { ...figures, currency, locked });
  if (figuresChange && parentId !== null) await rebalanceSiblings(trx, actor, stored);
  return (await lockTarget(trx, toInt(existing.id)))!;
}

export async function setTarget(ctx: ScopedCtx, input: TargetSet): Promise<Target> {
  const vis = await visibility(ctx);
  const actor = actorOf(ctx);
  return mapTarget(await targetsTx(ctx, (trx) => setTargetIn(trx, actor, vis, input)));
}

export async function listTargets(
  ctx: ScopedCtx,
  input: z.infer<typeof targetListInput>,
): Promise<Page<Target>> {
  const vis = await visibility(ctx);
  const q = ctx.db('targets as t').whereNull('t.deleted_at').where(vis.targets('t')).select('t.*');
  if (input.teamId !== undefined) q.where('t.team_id', input.teamId);
  if (input.userId !== undefined) q.where('t.user_id', input.userId);
  if (input.period !== undefined) q.where('t.period', input.period);
  if (input.year !== undefined) q.where('t.period', 'like', `${input.year}%`);
  if (input.periodKind !== undefined) q.where('t.period_kind', input.periodKind);
  if (input.productId === null) q.whereNull('t.product_id');
  else if (input.productId !== undefined) q.where('t.product_id', input.productId);
  if (input.basis !== undefined) q.where('t.basis', input.basis);
  if (input.parentTargetId !== undefined) q.where('t.parent_target_id', input.parentTargetId);
  return paginate(q, 't.period', 't.id', input, mapTarget, { notNull: true });
}
