// Changing an approved (locked) order: cancel it, or amend it (a new draft that replaces it
// once approved). See server/README.md (Quotes and orders).
import type { z } from 'zod';
import type { orderAmendInput, orderCancelInput, OrderStatus } from '../../core/schemas/orders.ts';
import { toInt } from '../db/rows.ts';
import { visibility, type Visibility } from '../auth/scope.ts';
import { actorOf } from '../trpc/context.ts';
import { forbidden, refusal } from '../trpc/errors.ts';
import { audit, diff, type Actor } from './audit.ts';
import { approvalNeed } from './orders-limits.ts';
import { assertNothingPaid, insertOrder, recordEvent, refuseStatus } from './orders-parts.ts';
import { approverVisibility, loadVisibleOrder, orderNumber, reloadOrder } from './orders-read.ts';
import type { Row } from './opportunity-parts.ts';
import { loadLines, today } from './quotes-pricing.ts';
import type { ScopedCtx } from './scoped-ctx.ts';
import { writeTx, type Trx } from './tx.ts';
import { assertVersion, updateVersioned } from './versioned.ts';

/**
 * May the caller decide on this order as an approver (a manager over its owner, or an admin)?
 * `approver` is approverVisibility(ctx), computed before the transaction.
 */
export async function assertApprover(
  trx: Trx,
  approver: Visibility | null,
  order: Row,
  what: string,
) {
  const reach =
    approver &&
    (await trx('orders as o')
      .where('o.id', toInt(order.id))
      .where(approver.owner('o.owner_id'))
      .first('o.id'));
  if (!reach) throw forbidden(`${what} is for a manager over the order's owner, or an admin`);
  if (toInt(order.owner_id) === approver.me)
    throw forbidden(`${what} is for someone other than the order's owner`);
}

/** The cancellation write: status, reason, audit and the workflow step. */
export async function writeCancel(
  trx: Trx,
  actor: Actor,
  before: Row,
  version: number,
  step: { action: 'cancelled' | 'superseded'; reason: string },
) {
  const id = toInt(before.id);
  await assertNothingPaid(trx, id, String(before.number));
  const at = new Date().toISOString();
  const values = { status: 'cancelled', cancelled_at: at, cancel_reason: step.reason };
  await updateVersioned(trx, 'orders', id, version, values, actor, 'Order');
  await audit(trx, actor, 'orders', id, 'cancel', diff(before, values), at);
  await recordEvent(
    trx,
    actor,
    id,
    {
      action: step.action,
      from: before.status as OrderStatus,
      to: 'cancelled',
      comment: step.reason,
    },
    at,
  );
}

/**
 * Cancels an order, with a reason. An approved one is a signed contract: only someone who may
 * approve it may cancel it, and not once receipts are allocated to its payment plan.
 */
export async function cancelOrder(ctx: ScopedCtx, input: z.infer<typeof orderCancelInput>) {
  const vis = await visibility(ctx);
  const approver = await approverVisibility(ctx);
  return writeTx(ctx.db, (trx) => cancelOrderTx(trx, ctx, vis, approver, input));
}

/** cancelOrder inside the caller's transaction. */
export async function cancelOrderTx(
  trx: Trx,
  ctx: ScopedCtx,
  vis: Visibility,
  approver: Visibility | null,
  input: z.infer<typeof orderCancelInput>,
) {
  const actor = actorOf(ctx);
  const before = await loadVisibleOrder(trx, vis, input.id);
  assertVersion(before, input.version, 'Order');
  if (before.status === 'cancelled') refuseStatus('cancelled', 'it is already cancelled');
  if (before.status === 'approved')
    await assertApprover(trx, approver, before, 'Cancelling an approved order');
  await writeCancel(trx, actor, before, input.version, {
    action: 'cancelled',
    reason: input.reason,
  });
  return reloadOrder(trx, input.id);
}

/**
 * The amendment path of an approved (locked) order: a new draft copy pointing back at it
 * (amends_order_id). The original stays in force; approving the amendment cancels it
 * ('superseded') in the same transaction. One live amendment at a time.
 */
export async function amendOrder(ctx: ScopedCtx, input: z.infer<typeof orderAmendInput>) {
  const vis = await visibility(ctx);
  return writeTx(ctx.db, (trx) => amendOrderTx(trx, ctx, vis, input));
}

/** amendOrder inside the caller's transaction. */
export async function amendOrderTx(
  trx: Trx,
  ctx: ScopedCtx,
  vis: Visibility,
  input: z.infer<typeof orderAmendInput>,
) {
  const actor = actorOf(ctx);
  const before = await loadVisibleOrder(trx, vis, input.id);
  assertVersion(before, input.version, 'Order');
  if (before.status !== 'approved')
    refuseStatus(String(before.status), 'only an approved order is amended; edit it instead');
  const number = String(before.number);
  await assertNothingPaid(trx, input.id, number);
  const open = await trx('orders')
    .where({ amends_order_id: input.id })
    .whereNot({ status: 'cancelled' })
    .whereNull('deleted_at')
    .first('id', 'number');
  if (open)
    throw refusal('PRECONDITION_FAILED', `${String(open.number)} already amends ${number}`, {
      reason: 'amendment_exists',
      orderId: toInt(open.id),
    });
  const lines = await loadLines(trx, 'order_lines', 'order_id', input.id);
  const need = await approvalNeed(trx, {
    creatorId: vis.me,
    discountBp: toInt(before.discount_bp),
    amendsNumber: number,
  });
  const copied: Row = {};
  for (const c of [
    'title',
    'partner_id',
    'opportunity_id',
    'quote_id',
    'quote_version_id',
    'owner_id',
    'team_id',
    'contact_id',
    'price_list_id',
    'currency',
    'price_mode',
    'discount_kind',
    'discount_value',
    'subtotal',
    'line_discount',
    'header_discount',
    'net',
    'tax',
    'gross',
    'discount_bp',
    'invoice_address',
    'delivery_address',
    'terms',
  ])
    copied[c] = before[c];
  const id = await insertOrder(
    trx,
    actor,
    { ...copied, amends_order_id: input.id, order_date: today(), ...need.columns },
    lines,
    `amends ${number}`,
  );
  // The original records the step, and its version moves so a concurrent amend conflicts.
  await updateVersioned(trx, 'orders', input.id, input.version, {}, actor, 'Order');
  await recordEvent(trx, actor, input.id, {
    action: 'amended',
    from: 'approved',
    to: 'approved',
    comment: `amendment ${orderNumber(id)} drafted`,
  });
  return reloadOrder(trx, id);
}
