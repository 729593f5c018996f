// Reading receipts: the row shape, the scope check (receipts are scoped by the partner's owner,
// copied onto the receipt), one receipt with what it paid, and the list.
import type { z } from 'zod';
import type {
  Receipt,
  ReceiptDetail,
  receiptListInput,
  ReceiptMethod,
} from '../../core/schemas/receipts.ts';
import type { Knex } from 'knex';
import type { Page } from '../../core/schemas/common.ts';
import type { Db } from '../db/knex.ts';
import { stampsOf, toInt, toIntOrNull } from '../db/rows.ts';
import { visibility, type Visibility } from '../auth/scope.ts';
import { notFound } from '../trpc/errors.ts';
import { paginate } from './pagination.ts';
import type { Row } from './receivables-shared.ts';
import type { ScopedCtx } from './scoped-ctx.ts';
import type { Trx } from './tx.ts';

export const receiptNumber = (id: number) => `RC${String(id).padStart(6, '0')}`;

const str = (v: unknown) => (v === null || v === undefined ? null : String(v));

export function mapReceipt(r: Row): Receipt {
  return {
    number: String(r.number),
    partnerId: toInt(r.partner_id),
    partnerName: String(r.partner_name),
    ownerId: toIntOrNull(r.owner_id),
    teamId: toIntOrNull(r.team_id),
    date: String(r.receipt_date),
    currency: String(r.currency),
    amount: toInt(r.amount),
    unallocated: toInt(r.unallocated),
    method: r.method as ReceiptMethod,
    reference: str(r.reference),
    batchId: str(r.batch_id),
    note: str(r.note),
    status: r.voided_at ? 'voided' : 'active',
    voidedAt: str(r.voided_at),
    voidedBy: toIntOrNull(r.voided_by),
    voidReason: str(r.void_reason),
    ...stampsOf(r),
  };
}

/** Receipts that count (not voided): every figure of money received stands on these. */
export function activeReceipts(alias: string) {
  return (qb: Knex.QueryBuilder) => qb.whereNull(`${alias}.voided_at`);
}

/** May the caller see a receipt of this owner (the partner's owner; null reaches only 'all')? */
export function reachesReceipt(vis: Visibility, ownerId: number | null): boolean {
  return vis.scope === 'all' || (ownerId !== null && vis.mayAssignTo(ownerId));
}

const withPartner = (db: Db | Trx) =>
  db('receipts as r')
    .join('partners as p', 'p.id', 'r.partner_id')
    .whereNull('r.deleted_at')
    .select('r.*', 'p.name as partner_name');

/** A live receipt in the caller's scope, or NOT_FOUND. */
export async function loadVisibleReceipt(db: Db | Trx, vis: Visibility, id: number): Promise<Row> {
  const row = (await withPartner(db).where('r.id', id).where(vis.owner('r.owner_id')).first()) as
    Row | undefined;
  if (!row) throw notFound('Receipt');
  return row;
}

export async function receiptDetail(db: Db | Trx, row: Row): Promise<ReceiptDetail> {
  const allocations = (await db('receipt_allocations as ra')
    .join('installments as i', 'i.id', 'ra.installment_id')
    .join('orders as o', 'o.id', 'i.order_id')
    .where('ra.receipt_id', row.id as number)
    .orderBy('ra.id')
    .select(
      'ra.installment_id',
      'ra.amount',
      'ra.created_at',
      'i.plan_id',
      'i.order_id',
      'i.seq',
      'i.due_date',
      'o.number as order_number',
    )) as Row[];
  return {
    ...mapReceipt(row),
    allocations: allocations.map((a) => ({
      installmentId: toInt(a.installment_id),
      planId: toInt(a.plan_id),
      orderId: toInt(a.order_id),
      orderNumber: String(a.order_number),
      seq: toInt(a.seq),
      dueDate: String(a.due_date),
      amount: toInt(a.amount),
      createdAt: String(a.created_at),
    })),
  };
}

export async function getReceipt(ctx: ScopedCtx, id: number): Promise<ReceiptDetail> {
  const vis = await visibility(ctx);
  return receiptDetail(ctx.db, await loadVisibleReceipt(ctx.db, vis, id));
}

/** Newest first by default (receipt date, then id). */
export async function listReceipts(
  ctx: ScopedCtx,
  input: z.infer<typeof receiptListInput>,
): Promise<Page<Receipt>> {
  const vis = await visibility(ctx);
  const q = withPartner(ctx.db).where(vis.owner('r.owner_id'));
  if (input.partnerId !== undefined) q.where('r.partner_id', input.partnerId);
  if (input.from) q.where('r.receipt_date', '>=', input.from);
  if (input.to) q.where('r.receipt_date', '<=', input.to);
  if (input.batchId) q.where('r.batch_id', input.batchId);
  if (input.onAccount === true) q.where(activeReceipts('r')).where('r.unallocated', '>', 0);
  if (input.onAccount === false) q.where('r.unallocated', 0);
  if (input.status === 'active') q.where(activeReceipts('r'));
  if (input.status === 'voided') q.whereNotNull('r.voided_at');
  return paginate(q, 'r.receipt_date', 'r.id', input, mapReceipt, { notNull: true });
}
