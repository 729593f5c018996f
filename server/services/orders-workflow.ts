// The approval workflow: draft → submitted → approved | rejected. A submit re-checks the
// discount guard (limits may have changed since the order was written); an order within its
// creator's limit is approved by the submit itself, recorded with who submitted and why.
// Approving locks the order, sets the partner's last_order_at, closes the opportunity as won
// when still open, and, for an amendment, cancels the order it replaces.
import type { z } from 'zod';
import type { OrderStatus, orderRejectInput, orderStepInput } from '../../core/schemas/orders.ts';
import { toInt, toIntOrNull } from '../db/rows.ts';
import { visibility, type Visibility } from '../auth/scope.ts';
import { actorOf } from '../trpc/context.ts';
import { forbidden } from '../trpc/errors.ts';
import { audit, diff, type Actor } from './audit.ts';
import { closeWonByOrderTx } from './opportunities.ts';
import type { Row } from './opportunity-parts.ts';
import { writeCancel } from './orders-amend.ts';
import { approvalNeedOf, recordEvent, refuseStatus } from './orders-parts.ts';
import { loadVisibleOrder, reloadOrder } from './orders-read.ts';
import type { ScopedCtx } from './scoped-ctx.ts';
import { writeTx, type Trx } from './tx.ts';
import { assertVersion, updateVersioned } from './versioned.ts';

/** What approval sets off, in the approval's transaction. */
async function afterApproval(trx: Trx, actor: Actor, order: Row, at: string) {
  const number = String(order.number);
  const amends = toIntOrNull(order.amends_order_id);
  if (amends !== null) {
    const original = await trx('orders').where({ id: amends }).whereNull('deleted_at').first();
    if (original?.status === 'approved')
      await writeCancel(trx, actor, original, toInt(original.version), {
        action: 'superseded',
        reason: `replaced by the amendment ${number}`,
      });
  }
  const partnerId = toInt(order.partner_id);
  const partner = await trx('partners').where({ id: partnerId }).whereNull('deleted_at').first();
  if (partner && (partner.last_order_at === null || String(partner.last_order_at) < at)) {
    const values = { last_order_at: at };
    await updateVersioned(
      trx,
      'partners',
      partnerId,
      toInt(partner.version),
      values,
      actor,
      'Partner',
    );
    await audit(trx, actor, 'partners', partnerId, 'system', diff(partner, values), at);
  }
  const opportunityId = toIntOrNull(order.opportunity_id);
  if (opportunityId !== null) {
    const opportunity = await trx('opportunities').where({ id: opportunityId }).first('currency');
    await closeWonByOrderTx(trx, actor, opportunityId, {
      number,
      // The contract's value when it is in the deal's currency; else the expected revenue.
      wonAmount: opportunity?.currency === order.currency ? toInt(order.gross) : null,
    });
  }
}

/** The approval write (a manager's decision, or a submit within the limit). */
async function writeApproval(
  trx: Trx,
  actor: Actor,
  before: Row,
  version: number,
  values: Row,
  comment: string | null,
  at: string,
) {
  const id = toInt(before.id);
  const approved = {
    ...values,
    status: 'approved',
    decided_at: at,
    decided_by: actor.userId,
    decision_comment: comment,
  };
  await updateVersioned(trx, 'orders', id, version, approved, actor, 'Order');
  await audit(trx, actor, 'orders', id, 'approve', diff(before, approved), at);
  await recordEvent(
    trx,
    actor,
    id,
    { action: 'approved', from: 'submitted', to: 'approved', comment },
    at,
  );
  await afterApproval(trx, actor, { ...before, ...approved }, at);
}

/** Submits a draft (or a rejected order again) for approval. */
export async function submitOrder(ctx: ScopedCtx, input: z.infer<typeof orderStepInput>) {
  const vis = await visibility(ctx);
  return writeTx(ctx.db, (trx) => submitOrderTx(trx, ctx, vis, input));
}

/** submitOrder inside the caller's transaction. */
export async function submitOrderTx(
  trx: Trx,
  ctx: ScopedCtx,
  vis: Visibility,
  input: z.infer<typeof orderStepInput>,
) {
  const actor = actorOf(ctx);
  const before = await loadVisibleOrder(trx, vis, input.id);
  assertVersion(before, input.version, 'Order');
  const status = before.status as OrderStatus;
  if (status !== 'draft' && status !== 'rejected')
    refuseStatus(status, 'only a draft or a rejected order is submitted');
  const need = await approvalNeedOf(trx, before, toInt(before.discount_bp));
  const at = new Date().toISOString();
  const submitted = { ...need.columns, submitted_at: at };
  await recordEvent(
    trx,
    actor,
    input.id,
    { action: 'submitted', from: status, to: 'submitted', comment: input.comment ?? null },
    at,
  );
  if (need.withinLimit !== null) {
    await writeApproval(trx, actor, before, input.version, submitted, need.withinLimit, at);
  } else {
    const values = { ...submitted, status: 'submitted' };
    await updateVersioned(trx, 'orders', input.id, input.version, values, actor, 'Order');
    await audit(trx, actor, 'orders', input.id, 'submit', diff(before, values), at);
  }
  return reloadOrder(trx, input.id);
}

/**
 * A decision on a submitted order by someone whose orders.approve scope reaches its owner (the
 * procedure's scope: a manager over the owner, or an admin), never the owner.
 */
async function loadForDecision(
  trx: Trx,
  vis: Visibility,
  input: { id: number; version: number },
): Promise<Row> {
  const before = await loadVisibleOrder(trx, vis, input.id);
  assertVersion(before, input.version, 'Order');
  if (toInt(before.owner_id) === vis.me)
    throw forbidden('You may not decide on your own order; a manager above you does');
  if (before.status !== 'submitted')
    refuseStatus(String(before.status), 'only a submitted order is approved or rejected');
  return before;
}

export async function approveOrder(ctx: ScopedCtx, input: z.infer<typeof orderStepInput>) {
  const vis = await visibility(ctx);
  return writeTx(ctx.db, (trx) => approveOrderTx(trx, ctx, vis, input));
}

/** approveOrder inside the caller's transaction. */
export async function approveOrderTx(
  trx: Trx,
  ctx: ScopedCtx,
  vis: Visibility,
  input: z.infer<typeof orderStepInput>,
) {
  const actor = actorOf(ctx);
  const before = await loadForDecision(trx, vis, input);
  const at = new Date().toISOString();
  await writeApproval(trx, actor, before, input.version, {}, input.comment ?? null, at);
  return reloadOrder(trx, input.id);
}

export async function rejectOrder(ctx: ScopedCtx, input: z.infer<typeof orderRejectInput>) {
  const vis = await visibility(ctx);
  return writeTx(ctx.db, (trx) => rejectOrderTx(trx, ctx, vis, input));
}

/** rejectOrder inside the caller's transaction. */
export async function rejectOrderTx(
  trx: Trx,
  ctx: ScopedCtx,
  vis: Visibility,
  input: z.infer<typeof orderRejectInput>,
) {
  const actor = actorOf(ctx);
  const before = await loadForDecision(trx, vis, input);
  const at = new Date().toISOString();
  const values = {
    status: 'rejected',
    decided_at: at,
    decided_by: actor.userId,
    decision_comment: input.comment,
  };
  await updateVersioned(trx, 'orders', input.id, input.version, values, actor, 'Order');
  await audit(trx, actor, 'orders', input.id, 'reject', diff(before, values), at);
  await recordEvent(
    trx,
    actor,
    input.id,
    { action: 'rejected', from: 'submitted', to: 'rejected', comment: input.comment },
    at,
  );
  return reloadOrder(trx, input.id);
}
