// Test fixtures for payment plans, receipts and the receivables reports: customers of a given
// owner, and approved orders of an exact gross (one untaxed line), made through the real order
// workflow (create, submit, approve).
import { q2cFixture, type Q2cFixture } from '../orders/fixtures.ts';
import type { TestDatabase } from '../../../test/support/databases.ts';
import type { UserKey } from '../../../test/support/org.ts';
import type { ReceiptInput } from '../../../core/schemas/receipts.ts';

export type { Q2cFixture };

export const receivablesFixture = (tdb: TestDatabase) => q2cFixture(tdb);

export async function customerOf(f: Q2cFixture, owner: UserKey = 'rep1') {
  return f.as.admin.partners.create({ name: `客户 ${f.uniq()}`, ownerId: f.org.users[owner] });
}

/** An approved order whose gross is exactly `gross` (one line, no tax, no discount). */
export async function approvedOrder(
  f: Q2cFixture,
  opts: {
    partnerId: number;
    owner?: UserKey;
    gross: number;
    orderDate?: string;
    currency?: string;
  },
) {
  const admin = f.as.admin;
  const draft = await admin.orders.create({
    partnerId: opts.partnerId,
    ownerId: f.org.users[opts.owner ?? 'rep1'],
    title: `合同 ${f.uniq()}`,
    currency: opts.currency ?? 'CNY',
    orderDate: opts.orderDate ?? '2026-01-15',
    lines: [{ description: 'Contract', quantity: 1000, unitPrice: opts.gross, taxRate: 0 }],
  });
  let order = await admin.orders.submit({ id: draft.id, version: draft.version });
  if (order.status === 'submitted') {
    order = await admin.orders.approve({ id: order.id, version: order.version });
  }
  if (order.status !== 'approved' || order.totals.gross !== opts.gross) {
    throw new Error(`fixture order is ${order.status} at ${order.totals.gross}`);
  }
  return order;
}

/** A customer of `owner` with one approved order and its plan from the listed installments. */
export async function planOf(
  f: Q2cFixture,
  opts: {
    owner?: UserKey;
    partnerId?: number;
    orderDate?: string;
    currency?: string;
    installments: { dueDate: string; amount: number; label?: string }[];
  },
) {
  const partnerId = opts.partnerId ?? (await customerOf(f, opts.owner)).id;
  const gross = opts.installments.reduce((s, i) => s + i.amount, 0);
  const order = await approvedOrder(f, { ...opts, partnerId, gross });
  const plan = await f.as.admin.paymentPlans.generate({
    orderId: order.id,
    installments: opts.installments,
  });
  return { partnerId, order, plan };
}

/** A unique idempotency key. */
export const keyOf = (f: Q2cFixture) => `rc-${f.uniq()}`;

/** A receipts.record input: `amount` in CNY by bank transfer on 2026-03-10, with a fresh key. */
export const receiptInputOf = (
  f: Q2cFixture,
  partnerId: number,
  amount: number,
  extra: Partial<ReceiptInput> = {},
) => ({
  partnerId,
  date: '2026-03-10',
  amount,
  currency: 'CNY',
  method: 'bank_transfer' as const,
  idempotencyKey: keyOf(f),
  ...extra,
});
