// Pieces every order write shares: workflow events, status refusals, the paid guard, address
// snapshots, inserting an order with its number and lines, and the approval need of a stored one.
import type { OrderStatus } from '../../core/schemas/orders.ts';
import { toInt, toIntOrNull } from '../db/rows.ts';
import { invalidField, refusal } from '../trpc/errors.ts';
import { audit, diff, type Actor } from './audit.ts';
import { approvalNeed } from './orders-limits.ts';
import { orderNumber } from './orders-read.ts';
import { str, type Row } from './opportunity-parts.ts';
import { lineColumns, linesAudit, type PricedLine } from './quotes-pricing.ts';
import { searchText } from './search.ts';
import type { Trx } from './tx.ts';
import { createStamps } from './versioned.ts';

/** One workflow step in order_events (every step is recorded, in order). */
export async function recordEvent(
  trx: Trx,
  actor: Actor,
  orderId: number,
  step: { action: string; from: OrderStatus | null; to: OrderStatus; comment?: string | null },
  at = new Date().toISOString(),
) {
  await trx('order_events').insert({
    order_id: orderId,
    action: step.action,
    from_status: step.from,
    to_status: step.to,
    comment: step.comment ?? null,
    at,
    user_id: actor.userId,
  });
}

/** A refusal because of the order's status, naming it. */
export function refuseStatus(status: string, what: string): never {
  throw refusal('PRECONDITION_FAILED', `the order is ${status}: ${what}`, {
    reason: 'status',
    status,
  });
}

/** Money already received against the order's payment plan keeps it from being replaced. */
export async function assertNothingPaid(trx: Trx, orderId: number, number: string) {
  const paid = await trx('installments')
    .where({ order_id: orderId })
    .whereNull('deleted_at')
    .where('paid_amount', '>', 0)
    .first('id');
  if (paid)
    throw refusal(
      'PRECONDITION_FAILED',
      `receipts are allocated to the payment plan of ${number}; it can no longer be cancelled or amended`,
      { reason: 'paid', orderId },
    );
}

type AddressType = 'invoice' | 'delivery';

/**
 * The address as the contract keeps it (a JSON copy, not a reference): the one chosen, or the
 * partner's default of that type, else its first of that type, else none.
 */
export async function addressSnapshot(
  trx: Trx,
  partnerId: number,
  type: AddressType,
  chosenId: number | null | undefined,
  field: string,
): Promise<string | null> {
  if (chosenId === null) return null;
  const q = trx('partner_addresses').where({ partner_id: partnerId }).whereNull('deleted_at');
  const row =
    chosenId === undefined
      ? await q.where({ type }).orderBy('is_default', 'desc').orderBy('id').first()
      : await q.where({ id: chosenId }).first();
  if (chosenId !== undefined && !row)
    throw invalidField(field, 'partner_address', 'is not an address of this partner');
  if (!row) return null;
  return JSON.stringify({
    addressId: toInt(row.id),
    type: String(row.type),
    label: str(row.label),
    line1: String(row.line1),
    line2: str(row.line2),
    city: str(row.city),
    province: str(row.province),
    postcode: str(row.postcode),
    country: String(row.country),
  });
}

export async function orderSearchText(trx: Trx, number: string, title: string, partnerId: number) {
  const p = await trx('partners').where({ id: partnerId }).first('name', 'code');
  return searchText([number, title, str(p?.name), str(p?.code)]);
}

export async function insertLines(trx: Trx, orderId: number, lines: PricedLine[]) {
  if (lines.length)
    await trx('order_lines').insert(
      lines.map((l) => ({ order_id: orderId, ...lineColumns(l, true) })),
    );
}

/** Inserts an order with its number, lines, audit rows and 'created' event; returns its id. */
export async function insertOrder(
  trx: Trx,
  actor: Actor,
  values: Row,
  lines: PricedLine[],
  comment: string | null,
): Promise<number> {
  const at = new Date().toISOString();
  const [row] = await trx('orders')
    .insert({
      ...createStamps(actor, at),
      ...values,
      status: 'draft',
      number: `~${crypto.randomUUID().slice(0, 18)}`,
    })
    .returning('id');
  const id = toInt((row as Row).id);
  const number = orderNumber(id);
  await trx('orders')
    .where({ id })
    .update({
      number,
      search_text: await orderSearchText(
        trx,
        number,
        String(values.title),
        toInt(values.partner_id),
      ),
    });
  await insertLines(trx, id, lines);
  await audit(
    trx,
    actor,
    'orders',
    id,
    'create',
    { ...diff({}, { ...values, number }), lines: { old: null, new: linesAudit(lines) } },
    at,
  );
  await recordEvent(trx, actor, id, { action: 'created', from: null, to: 'draft', comment }, at);
  return id;
}

/** The order's amendment number, when it amends one (amendments always need approval). */
async function amendsNumber(trx: Trx, row: Row): Promise<string | null> {
  const amends = toIntOrNull(row.amends_order_id);
  if (amends === null) return null;
  const original = await trx('orders').where({ id: amends }).first('number');
  return original ? String(original.number) : null;
}

/** Approval need of a stored order at a discount, by its creator's role. */
export async function approvalNeedOf(trx: Trx, row: Row, discountBp: number) {
  return approvalNeed(trx, {
    creatorId: toInt(row.created_by),
    discountBp,
    amendsNumber: await amendsNumber(trx, row),
  });
}
