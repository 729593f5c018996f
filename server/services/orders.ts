// Orders / contracts (合同订单): create directly or from an accepted quote, and edit until
// approved. The approval steps are in orders-workflow.ts, cancel and amend in orders-amend.ts;
// the rules are summed up in server/README.md (Quotes and orders).
import type { z } from 'zod';
import type {
  OrderDetail,
  orderCreateInput,
  orderFromQuoteInput,
  OrderStatus,
  orderUpdateInput,
} from '../../core/schemas/orders.ts';
import { toInt, toIntOrNull } from '../db/rows.ts';
import { visibility, type Visibility } from '../auth/scope.ts';
import { actorOf } from '../trpc/context.ts';
import { invalidField, refusal } from '../trpc/errors.ts';
import { audit, diff } from './audit.ts';
import { once } from './idempotency.ts';
import { approvalNeed } from './orders-limits.ts';
import {
  addressSnapshot,
  approvalNeedOf,
  insertLines,
  insertOrder,
  orderSearchText,
  recordEvent,
  refuseStatus,
} from './orders-parts.ts';
import { loadVisibleOrder, reloadOrder } from './orders-read.ts';
import {
  assertContactOfPartner,
  loadVisibleOpportunity,
  str,
  type Row,
} from './opportunity-parts.ts';
import { loadVisiblePartner, resolveOwnership } from './partners.ts';
import {
  linesAudit,
  loadLines,
  mapTotals,
  priceDocument,
  repriceForPatch,
  today,
  totalsColumns,
  totalsOf,
  type PricedLine,
} from './quotes-pricing.ts';
import { loadVersion, loadVisibleQuote } from './quotes-read.ts';
import type { ScopedCtx } from './scoped-ctx.ts';
import { writeTx, type Trx } from './tx.ts';
import { assertVersion, updateVersioned } from './versioned.ts';

export { loadOrderForPlan, type OrderForPlan } from './orders-read.ts';

type CreateFields = Omit<z.infer<typeof orderCreateInput>, 'idempotencyKey'>;

export async function createOrderTx(
  trx: Trx,
  ctx: ScopedCtx,
  vis: Visibility,
  input: CreateFields,
): Promise<OrderDetail> {
  const actor = actorOf(ctx);
  await loadVisiblePartner(trx, vis, input.partnerId);
  if (input.opportunityId) {
    const opportunity = await loadVisibleOpportunity(trx, vis, input.opportunityId);
    if (toInt(opportunity.partner_id) !== input.partnerId)
      throw invalidField('opportunityId', 'partner', 'is an opportunity of another partner');
  }
  if (input.contactId)
    await assertContactOfPartner(trx, 'contactId', input.partnerId, input.contactId);
  const ownership = await resolveOwnership(trx, vis, input.ownerId ?? vis.me, input.teamId);
  const orderDate = input.orderDate ?? today();
  const priced = await priceDocument(trx, { ...input, prefix: '', date: orderDate });
  const need = await approvalNeed(trx, {
    creatorId: vis.me,
    discountBp: priced.totals.discountBp,
    amendsNumber: null,
  });
  const values = {
    title: input.title,
    partner_id: input.partnerId,
    opportunity_id: input.opportunityId ?? null,
    ...ownership,
    contact_id: input.contactId ?? null,
    price_list_id: priced.priceListId,
    order_date: orderDate,
    ...totalsColumns(priced),
    ...need.columns,
    invoice_address: await addressSnapshot(
      trx,
      input.partnerId,
      'invoice',
      input.invoiceAddressId,
      'invoiceAddressId',
    ),
    delivery_address: await addressSnapshot(
      trx,
      input.partnerId,
      'delivery',
      input.deliveryAddressId,
      'deliveryAddressId',
    ),
    terms: input.terms ?? null,
  };
  const id = await insertOrder(trx, actor, values, priced.lines, null);
  return reloadOrder(trx, id);
}

export async function createOrder(ctx: ScopedCtx, input: z.infer<typeof orderCreateInput>) {
  const vis = await visibility(ctx);
  const { idempotencyKey, ...fields } = input;
  return writeTx(ctx.db, (trx) =>
    once(trx, ctx.identity.user.id, idempotencyKey, 'orders.create', fields, () =>
      createOrderTx(trx, ctx, vis, fields),
    ),
  );
}

/** The product costs of lines when the line was written (margin), in the order's currency only. */
async function withUnitCosts(
  trx: Trx,
  lines: PricedLine[],
  currency: string,
): Promise<PricedLine[]> {
  const ids = [...new Set(lines.flatMap((l) => (l.productId ? [l.productId] : [])))];
  const products = ids.length
    ? await trx('products').whereIn('id', ids).select('id', 'cost', 'currency')
    : [];
  const cost = new Map(
    products.map((p) => [toInt(p.id), p.currency === currency ? toIntOrNull(p.cost) : null]),
  );
  return lines.map((l) => ({
    ...l,
    unitCost: l.productId ? (cost.get(l.productId) ?? null) : null,
  }));
}

/**
 * A draft order from a quote's accepted version: its lines, partner, contact, price list,
 * terms and totals, the partner's invoice and delivery addresses, the quote's owner and team.
 * One live order per quote (a cancelled one does not count).
 */
export async function createOrderFromQuoteTx(
  trx: Trx,
  ctx: ScopedCtx,
  vis: Visibility,
  input: Omit<z.infer<typeof orderFromQuoteInput>, 'idempotencyKey'>,
): Promise<OrderDetail> {
  const actor = actorOf(ctx);
  const quote = await loadVisibleQuote(trx, vis, input.quoteId);
  const accepted = toIntOrNull(quote.accepted_version_no);
  if (accepted === null || (input.versionNo !== undefined && input.versionNo !== accepted))
    throw refusal(
      'PRECONDITION_FAILED',
      accepted === null
        ? 'the quote has no accepted version yet'
        : `version ${input.versionNo} is not the accepted version (${accepted})`,
      { reason: 'not_accepted', acceptedVersionNo: accepted },
    );
  const existing = await trx('orders')
    .where({ quote_id: input.quoteId })
    .whereNot({ status: 'cancelled' })
    .whereNull('deleted_at')
    .first('id', 'number');
  if (existing)
    throw refusal(
      'PRECONDITION_FAILED',
      `the quote is already ordered (${String(existing.number)})`,
      {
        reason: 'ordered',
        orderId: toInt(existing.id),
      },
    );
  const version = await loadVersion(trx, input.quoteId, accepted);
  const view = mapTotals(version);
  const stored = await loadLines(trx, 'quote_lines', 'quote_version_id', toInt(version.id));
  // The same lines priced by the same function: the order's totals are the quote's.
  const totals = totalsOf(stored, view.priceMode, view.discount);
  const lines = await withUnitCosts(
    trx,
    stored.map((l, i) => ({ ...l, ...totals.lines[i]! })),
    view.currency,
  );
  const partnerId = toInt(quote.partner_id);
  const need = await approvalNeed(trx, {
    creatorId: vis.me,
    discountBp: totals.discountBp,
    amendsNumber: null,
  });
  const values = {
    title: String(quote.title),
    partner_id: partnerId,
    opportunity_id: toInt(quote.opportunity_id),
    quote_id: input.quoteId,
    quote_version_id: toInt(version.id),
    owner_id: toInt(quote.owner_id),
    team_id: toIntOrNull(quote.team_id),
    contact_id: toIntOrNull(version.contact_id),
    price_list_id: toIntOrNull(version.price_list_id),
    order_date: input.orderDate ?? today(),
    ...totalsColumns({ ...view, totals }),
    ...need.columns,
    invoice_address: await addressSnapshot(trx, partnerId, 'invoice', undefined, ''),
    delivery_address: await addressSnapshot(trx, partnerId, 'delivery', undefined, ''),
    terms: str(version.terms),
  };
  const comment = `from quote ${String(quote.number)} version ${accepted}`;
  const id = await insertOrder(trx, actor, values, lines, comment);
  return reloadOrder(trx, id);
}

export async function createOrderFromQuote(
  ctx: ScopedCtx,
  input: z.infer<typeof orderFromQuoteInput>,
) {
  const vis = await visibility(ctx);
  const { idempotencyKey, ...fields } = input;
  return writeTx(ctx.db, (trx) =>
    once(trx, ctx.identity.user.id, idempotencyKey, 'orders.createFromQuote', fields, () =>
      createOrderFromQuoteTx(trx, ctx, vis, fields),
    ),
  );
}

/**
 * Edits an order not yet approved. Editing a submitted order withdraws it from approval, and
 * editing a rejected one reopens it: both go back to draft (recorded as workflow steps).
 * Approved orders are locked: amend or cancel them.
 */
export async function updateOrder(ctx: ScopedCtx, input: z.infer<typeof orderUpdateInput>) {
  const vis = await visibility(ctx);
  return writeTx(ctx.db, (trx) => updateOrderTx(trx, ctx, vis, input));
}

/** updateOrder inside the caller's transaction. */
export async function updateOrderTx(
  trx: Trx,
  ctx: ScopedCtx,
  vis: Visibility,
  input: z.infer<typeof orderUpdateInput>,
) {
  const actor = actorOf(ctx);
  const before = await loadVisibleOrder(trx, vis, input.id);
  assertVersion(before, input.version, 'Order');
  const status = before.status as OrderStatus;
  if (status === 'approved') refuseStatus(status, 'approved orders are locked; amend or cancel it');
  if (status === 'cancelled') refuseStatus(status, 'a cancelled order cannot change');
  const patch = input.patch;
  const partnerId = toInt(before.partner_id);
  if (patch.contactId)
    await assertContactOfPartner(trx, 'patch.contactId', partnerId, patch.contactId);
  const values: Row = {};
  if (patch.title) values.title = patch.title;
  if ('contactId' in patch) values.contact_id = patch.contactId ?? null;
  if (patch.orderDate) values.order_date = patch.orderDate;
  if ('terms' in patch) values.terms = patch.terms ?? null;
  for (const type of ['invoice', 'delivery'] as const) {
    const key = `${type}AddressId` as const;
    if (key in patch)
      values[`${type}_address`] = await addressSnapshot(
        trx,
        partnerId,
        type,
        patch[key],
        `patch.${key}`,
      );
  }
  const stored = await loadLines(trx, 'order_lines', 'order_id', input.id);
  const priced = await repriceForPatch(trx, {
    partnerId,
    date: patch.orderDate ?? String(before.order_date),
    stored,
    current: { ...mapTotals(before), priceListId: toIntOrNull(before.price_list_id) },
    patch,
  });
  if (priced) {
    Object.assign(values, { price_list_id: priced.priceListId, ...totalsColumns(priced) });
    const need = await approvalNeedOf(trx, before, priced.totals.discountBp);
    Object.assign(values, need.columns);
  }
  if (patch.title) {
    values.search_text = await orderSearchText(trx, String(before.number), patch.title, partnerId);
  }
  const back = status === 'submitted' || status === 'rejected';
  if (back) Object.assign(values, { status: 'draft', submitted_at: null });
  const changes = diff(before, values);
  delete changes.search_text;
  if (priced) {
    await trx('order_lines').where({ order_id: input.id }).delete();
    await insertLines(trx, input.id, priced.lines);
    if (JSON.stringify(linesAudit(stored)) !== JSON.stringify(linesAudit(priced.lines)))
      changes.lines = { old: linesAudit(stored), new: linesAudit(priced.lines) };
  }
  await updateVersioned(trx, 'orders', input.id, input.version, values, actor, 'Order');
  if (Object.keys(changes).length) await audit(trx, actor, 'orders', input.id, 'update', changes);
  if (back)
    await recordEvent(trx, actor, input.id, {
      action: status === 'submitted' ? 'withdrawn' : 'reopened',
      from: status,
      to: 'draft',
      comment: 'edited',
    });
  return reloadOrder(trx, input.id);
}
