// Reading orders: the mapper, the scope check every order read and write goes through, the full
// order (lines, workflow events), the list, and what payment plans need (loadOrderForPlan).
import type { z } from 'zod';
import type {
  AddressSnapshot,
  Order,
  OrderDetail,
  OrderEvent,
  orderListInput,
  OrderListItem,
  OrderStatus,
} from '../../core/schemas/orders.ts';
import { scopeOf } from '../../core/permissions.ts';
import type { Db } from '../db/knex.ts';
import { stampsOf, toBool, toInt, toIntOrNull } from '../db/rows.ts';
import { visibility, type Visibility } from '../auth/scope.ts';
import { notFound } from '../trpc/errors.ts';
import { str, type Row } from './opportunity-parts.ts';
import { paginate } from './pagination.ts';
import { loadLines, mapTotals } from './quotes-pricing.ts';
import { whereSearch } from './search.ts';
import type { ScopedCtx } from './scoped-ctx.ts';
import type { Trx } from './tx.ts';
import type { Identity } from '../auth/tokens.ts';
import { mayReadCost } from './products.ts';

export const orderNumber = (id: number) => `SO${String(id).padStart(6, '0')}`;

function snapshot(v: unknown): AddressSnapshot | null {
  return typeof v === 'string' && v ? (JSON.parse(v) as AddressSnapshot) : null;
}

export function mapOrder(r: Row): Order {
  return {
    number: String(r.number),
    title: String(r.title),
    partnerId: toInt(r.partner_id),
    opportunityId: toIntOrNull(r.opportunity_id),
    quoteId: toIntOrNull(r.quote_id),
    quoteVersionId: toIntOrNull(r.quote_version_id),
    amendsOrderId: toIntOrNull(r.amends_order_id),
    ownerId: toInt(r.owner_id),
    teamId: toIntOrNull(r.team_id),
    contactId: toIntOrNull(r.contact_id),
    priceListId: toIntOrNull(r.price_list_id),
    orderDate: String(r.order_date),
    status: r.status as OrderStatus,
    totals: mapTotals(r),
    needsApproval: toBool(r.needs_approval),
    approvalReason: str(r.approval_reason),
    invoiceAddress: snapshot(r.invoice_address),
    deliveryAddress: snapshot(r.delivery_address),
    terms: str(r.terms),
    submittedAt: str(r.submitted_at),
    decidedAt: str(r.decided_at),
    decidedBy: toIntOrNull(r.decided_by),
    decisionComment: str(r.decision_comment),
    cancelledAt: str(r.cancelled_at),
    cancelReason: str(r.cancel_reason),
    ...stampsOf(r),
  };
}

/**
 * The caller's reach as an approver (the orders.approve grant), whichever procedure they call:
 * cancelling an approved order and the "awaiting my approval" list need it. Null without it.
 */
export async function approverVisibility(ctx: ScopedCtx): Promise<Visibility | null> {
  const scope = scopeOf(ctx.identity.user.role, 'orders.approve');
  if (scope === 'none') return null;
  return visibility({ ...ctx, access: { permission: 'orders.approve', scope } });
}

/** A live order the caller's scope reaches (by owner), or NOT_FOUND. */
export async function loadVisibleOrder(db: Db | Trx, vis: Visibility, id: number): Promise<Row> {
  const row = await db('orders as o')
    .where('o.id', id)
    .whereNull('o.deleted_at')
    .where(vis.owner('o.owner_id'))
    .first('o.*');
  if (!row) throw notFound('Order');
  return row as Row;
}

export interface OrderForPlan {
  id: number;
  partnerId: number;
  ownerId: number;
  teamId: number | null;
  currency: string;
  gross: number;
  orderDate: string;
  status: OrderStatus;
}

/**
 * What a payment plan needs from an order (paymentPlans.generate), through the caller's scope:
 * NOT_FOUND when the order is out of reach. The plan's caller checks the status.
 */
export async function loadOrderForPlan(
  trx: Db | Trx,
  vis: Visibility,
  orderId: number,
): Promise<OrderForPlan> {
  const r = await loadVisibleOrder(trx, vis, orderId);
  return {
    id: toInt(r.id),
    partnerId: toInt(r.partner_id),
    ownerId: toInt(r.owner_id),
    teamId: toIntOrNull(r.team_id),
    currency: String(r.currency),
    gross: toInt(r.gross),
    orderDate: String(r.order_date),
    status: r.status as OrderStatus,
  };
}

export async function orderDetail(db: Db | Trx, row: Row): Promise<OrderDetail> {
  const id = toInt(row.id);
  // One after another: inside a transaction the queries share one connection, and pg refuses
  // (today: warns about) a second query sent while the first is still running.
  const lines = await loadLines(db, 'order_lines', 'order_id', id);
  const events = (await db('order_events')
    .where({ order_id: id })
    .orderBy('at')
    .orderBy('id')) as Row[];
  const amendment = await db('orders')
    .where({ amends_order_id: id })
    .whereNot({ status: 'cancelled' })
    .whereNull('deleted_at')
    .orderBy('id', 'desc')
    .first('id');
  return {
    ...mapOrder(row),
    lines,
    events: events.map((e): OrderEvent => ({
      action: e.action as OrderEvent['action'],
      fromStatus: (str(e.from_status) as OrderStatus | null) ?? null,
      toStatus: e.to_status as OrderStatus,
      comment: str(e.comment),
      at: String(e.at),
      userId: toIntOrNull(e.user_id),
    })),
    amendedByOrderId: amendment ? toInt(amendment.id) : null,
  };
}

/** An order as the caller may see it: line costs only for those who may read costs. */
export function orderAsSeenBy(identity: Identity, order: OrderDetail): OrderDetail {
  if (mayReadCost(identity)) return order;
  return { ...order, lines: order.lines.map((l) => ({ ...l, unitCost: null })) };
}

export async function reloadOrder(trx: Trx, id: number): Promise<OrderDetail> {
  return orderDetail(trx, (await trx('orders').where({ id }).first()) as Row);
}

export async function getOrder(ctx: ScopedCtx, id: number) {
  const vis = await visibility(ctx);
  return orderDetail(ctx.db, await loadVisibleOrder(ctx.db, vis, id));
}

/**
 * Orders in the caller's reach. `awaitingMyApproval` keeps submitted orders owned by someone
 * else whom the caller may approve for (orders.approve reach is the same owner rule).
 */
export async function listOrders(ctx: ScopedCtx, input: z.infer<typeof orderListInput>) {
  const vis = await visibility(ctx);
  const q = ctx
    .db('orders as o')
    .join('partners as p', 'p.id', 'o.partner_id')
    .join('users as u', 'u.id', 'o.owner_id')
    .whereNull('o.deleted_at')
    .where(vis.owner('o.owner_id'))
    .select('o.*', 'p.name as partner_name', 'u.name as owner_name');
  if (input.status) q.where('o.status', input.status);
  if (input.partnerId) q.where('o.partner_id', input.partnerId);
  if (input.opportunityId) q.where('o.opportunity_id', input.opportunityId);
  if (input.quoteId) q.where('o.quote_id', input.quoteId);
  if (input.ownerId) q.where('o.owner_id', input.ownerId);
  if (input.needsApproval !== undefined) q.where('o.needs_approval', input.needsApproval);
  if (input.orderDateFrom) q.where('o.order_date', '>=', input.orderDateFrom);
  if (input.orderDateTo) q.where('o.order_date', '<=', input.orderDateTo);
  if (input.search) q.where(whereSearch('o.search_text', input.search));
  if (input.awaitingMyApproval) {
    q.where('o.status', 'submitted').whereNot('o.owner_id', ctx.identity.user.id);
    const approver = await approverVisibility(ctx);
    if (approver) q.where(approver.owner('o.owner_id'));
    else q.whereRaw('1 = 0');
  }
  const sortColumn = {
    number: 'o.number',
    orderDate: 'o.order_date',
    createdAt: 'o.created_at',
    updatedAt: 'o.updated_at',
  }[input.sort];
  return paginate(
    q,
    sortColumn,
    'o.id',
    input,
    (r): OrderListItem => ({
      ...mapOrder(r),
      partnerName: String(r.partner_name),
      ownerName: String(r.owner_name),
    }),
    { notNull: true },
  );
}
