// What lode-payment-plan shows: the order's plan, or, when it has none yet, the order and the
// payment terms a plan can be generated from (with a preview made by core/receivables'
// planFromTerms, as the server will). No DOM here.
import type { LodestoneClient } from '../../core/client.ts';
import {
  ReceivablesError,
  planFromTerms,
  type PlannedInstallment,
} from '../../core/receivables/index.ts';
import type { PaymentPlan } from '../../core/schemas/payment-plans.ts';
import type { PaymentTerms } from '../../core/schemas/payment-terms.ts';
import { errorCode } from '../shared/errors.ts';

export type OrderDetail = Awaited<ReturnType<LodestoneClient['orders']['get']['query']>>;

export type PlanView =
  { kind: 'plan'; plan: PaymentPlan } | { kind: 'none'; order: OrderDetail; terms: PaymentTerms[] };

export async function loadPlan(
  client: LodestoneClient,
  orderId: number,
  signal: AbortSignal,
): Promise<PlanView> {
  try {
    return { kind: 'plan', plan: await client.paymentPlans.get.query({ orderId }, { signal }) };
  } catch (err) {
    // No plan yet (or none visible): the order says which, and what one would be made of.
    if (errorCode(err) !== 'NOT_FOUND') throw err;
  }
  const [order, terms] = await Promise.all([
    client.orders.get.query({ id: orderId }, { signal }),
    client.paymentTerms.list.query({}, { signal }),
  ]);
  return { kind: 'none', order, terms: terms.items };
}

/** The installments `terms` make of the order; null when they cannot split it. */
export function previewOf(order: OrderDetail, terms: PaymentTerms): PlannedInstallment[] | null {
  try {
    return planFromTerms(
      order.totals.gross,
      order.totals.currency,
      order.orderDate,
      terms.schedule,
    );
  } catch (err) {
    if (err instanceof ReceivablesError) return null;
    throw err;
  }
}
