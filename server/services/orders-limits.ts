// The discount guard: each role may give an overall discount (discountBp of computeTotals, the
// line and header discounts against the subtotal) up to its limit without approval. Above it,
// the order needs a manager's approval. Amendments of approved orders always need it.
import type { z } from 'zod';
import type { Role } from '../../core/permissions.ts';
import type { DiscountLimit, discountLimitSetInput } from '../../core/schemas/orders.ts';
import type { Db } from '../db/knex.ts';
import { toInt, toIntOrNull } from '../db/rows.ts';
import { actorOf } from '../trpc/context.ts';
import { audit } from './audit.ts';
import type { ScopedCtx } from './scoped-ctx.ts';
import { writeTx, type Trx } from './tx.ts';

/** 1850 basis points → "18.50%" (exact: no float arithmetic on the figure). */
export function percentText(bp: number): string {
  return `${Math.trunc(bp / 100)}.${String(bp % 100).padStart(2, '0')}%`;
}

export interface ApprovalNeed {
  /** The orders columns needs_approval and approval_reason. */
  columns: { needs_approval: boolean; approval_reason: string | null };
  /** Why no approval is needed (the comment of an approval on submit); null when it is. */
  withinLimit: string | null;
}

/**
 * Whether an order needs approval: its discount is above the limit of its creator's role
 * (a role without a row may give none), or it amends an approved order.
 */
export async function approvalNeed(
  trx: Trx,
  order: { creatorId: number; discountBp: number; amendsNumber: string | null },
): Promise<ApprovalNeed> {
  const creator = await trx('users').where({ id: order.creatorId }).first('role');
  const role = String(creator?.role ?? 'rep');
  const limit = await trx('discount_limits').where({ role }).first('max_discount_bp');
  const max = limit ? toInt(limit.max_discount_bp) : 0;
  const discount = percentText(order.discountBp);
  const reasons: string[] = [];
  if (order.discountBp > max)
    reasons.push(`discount ${discount} above the ${role} limit ${percentText(max)}`);
  if (order.amendsNumber) reasons.push(`amends the approved order ${order.amendsNumber}`);
  return {
    columns: { needs_approval: reasons.length > 0, approval_reason: reasons.join('; ') || null },
    withinLimit: reasons.length
      ? null
      : `approved on submit: discount ${discount} within the ${role} limit ${percentText(max)}`,
  };
}

export async function listDiscountLimits(db: Db | Trx): Promise<DiscountLimit[]> {
  const rows = await db('discount_limits').orderBy('role');
  return rows.map((r) => ({
    role: r.role as Role,
    maxDiscountBp: toInt(r.max_discount_bp),
    updatedAt: String(r.updated_at),
    updatedBy: toIntOrNull(r.updated_by),
  }));
}

/** Sets one role's limit (a configuration row: the last write wins, and is audited). */
export async function setDiscountLimit(
  ctx: ScopedCtx,
  input: z.infer<typeof discountLimitSetInput>,
): Promise<DiscountLimit[]> {
  const actor = actorOf(ctx);
  return writeTx(ctx.db, async (trx) => {
    const at = new Date().toISOString();
    const before = await trx('discount_limits').where({ role: input.role }).first();
    const values = {
      max_discount_bp: input.maxDiscountBp,
      updated_at: at,
      updated_by: actor.userId,
    };
    if (before) await trx('discount_limits').where({ role: input.role }).update(values);
    else await trx('discount_limits').insert({ role: input.role, ...values });
    // The table is keyed by role; the audit log keys by number, so the row is named in the field.
    await audit(
      trx,
      actor,
      'discount_limits',
      0,
      before ? 'update' : 'create',
      {
        [`${input.role}.max_discount_bp`]: {
          old: before ? toInt(before.max_discount_bp) : null,
          new: input.maxDiscountBp,
        },
      },
      at,
    );
    return listDiscountLimits(trx);
  });
}
