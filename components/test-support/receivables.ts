// Browser-side fixtures for the customer card and the payment plan: customers of a test's own
// rep, approved orders of an exact gross, their payment plans and receipts, all made through the
// real API as the demo admin (or finance, for receipts).
import type { z } from 'zod';
import type { partnerCreateInput } from '../../core/schemas/partners.ts';
import { clientAs } from './fixture.ts';

const stamp = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** A customer owned by `ownerId`, with whatever else is given. */
export async function customerOf(
  ownerId: number,
  fields: Partial<z.input<typeof partnerCreateInput>> = {},
) {
  const admin = await clientAs('admin');
  return admin.partners.create.mutate({ name: `测试客户 ${stamp()}`, ownerId, ...fields });
}

/** An approved order of `partnerId` whose gross is exactly `gross` (one untaxed line). */
export async function approvedOrder(opts: {
  partnerId: number;
  ownerId: number;
  gross: number;
  orderDate: string;
  currency?: string;
}) {
  const admin = await clientAs('admin');
  const draft = await admin.orders.create.mutate({
    partnerId: opts.partnerId,
    ownerId: opts.ownerId,
    title: `合同 ${stamp()}`,
    currency: opts.currency ?? 'CNY',
    orderDate: opts.orderDate,
    lines: [{ description: 'Contract', quantity: 1000, unitPrice: opts.gross, taxRate: 0 }],
  });
  let order = await admin.orders.submit.mutate({ id: draft.id, version: draft.version });
  if (order.status === 'submitted')
    order = await admin.orders.approve.mutate({ id: order.id, version: order.version });
  if (order.status !== 'approved' || order.totals.gross !== opts.gross)
    throw new Error(`fixture order is ${order.status} at ${order.totals.gross}`);
  return order;
}

/** An approved order with its plan made of exactly these installments. */
export async function orderWithPlan(opts: {
  partnerId: number;
  ownerId: number;
  orderDate: string;
  installments: { dueDate: string; amount: number; label?: string }[];
}) {
  const gross = opts.installments.reduce((s, i) => s + i.amount, 0);
  const order = await approvedOrder({ ...opts, gross });
  const admin = await clientAs('admin');
  const plan = await admin.paymentPlans.generate.mutate({
    orderId: order.id,
    installments: opts.installments,
  });
  return { order, plan };
}

/** A receipt recorded by finance against one installment. */
export async function receive(partnerId: number, installmentId: number, amount: number) {
  const finance = await clientAs('finance');
  return finance.receipts.record.mutate({
    partnerId,
    date: new Date().toISOString().slice(0, 10),
    amount,
    currency: 'CNY',
    method: 'bank_transfer',
    idempotencyKey: `wtr-${stamp()}`,
    allocations: [{ installmentId, amount }],
  });
}
