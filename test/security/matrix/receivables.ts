// Matrix rows for payment plans, receipts and the receivables reports. Each record-bound cell
// works on an approved order (and its plan, and receipts) of the owner's partner, made by the
// admin. The reminder and receipt lists are record-bound too: the cell filters by the owner's
// partner and answers NOT_FOUND when the owner's row is not among the results, so a list that
// leaked an out-of-reach row would answer 'ok' where the grants say NOT_FOUND.
import { TRPCError } from '@trpc/server';
import { row, type Fixture, type Owner, type Records, type Row } from './kit.ts';

const ORDER_DATE = '2026-01-10';

/** An approved order of the owner on the owner's partner (create, then submit: it approves itself). */
async function orderOf(f: Fixture, r: Records | null, owner: Owner | undefined) {
  const draft = await f.admin.orders.create({
    partnerId: r!.partner.id,
    ownerId: f.org.users[owner!],
    title: `Matrix ${f.uniq()}`,
    orderDate: ORDER_DATE,
    lines: [{ description: 'Matrix', quantity: 1000, unitPrice: 300_00, taxRate: 0 }],
  });
  let order = await f.admin.orders.submit({ id: draft.id, version: draft.version });
  if (order.status === 'submitted')
    order = await f.admin.orders.approve({ id: order.id, version: order.version });
  return order;
}

async function planOf(f: Fixture, r: Records | null, owner: Owner | undefined) {
  const order = await orderOf(f, r, owner);
  return f.admin.paymentPlans.generate({
    orderId: order.id,
    installments: [
      { dueDate: '2026-01-10', amount: 100_00 },
      { dueDate: '2026-02-10', amount: 200_00 },
    ],
  });
}

async function receiptOf(f: Fixture, r: Records | null, owner: Owner | undefined) {
  await planOf(f, r, owner);
  return f.admin.receipts.record({
    partnerId: r!.partner.id,
    date: '2026-01-20',
    amount: 50_00,
    currency: 'CNY',
    method: 'bank_transfer',
    idempotencyKey: `matrix-${f.uniq()}`,
    allocations: 'none',
  });
}

/** A receipt of the owner's partner that paid 50.00 of the first installment. */
async function allocatedReceiptOf(f: Fixture, r: Records | null, owner: Owner | undefined) {
  await planOf(f, r, owner);
  return f.admin.receipts.record({
    partnerId: r!.partner.id,
    date: '2026-01-20',
    amount: 50_00,
    currency: 'CNY',
    method: 'bank_transfer',
    idempotencyKey: `matrix-${f.uniq()}`,
  });
}

const receiptInput = (f: Fixture, partnerId: number) => ({
  partnerId,
  date: '2026-01-21',
  amount: 10_00,
  currency: 'CNY',
  method: 'cash' as const,
  idempotencyKey: `matrix-${f.uniq()}`,
});

const missing = () => new TRPCError({ code: 'NOT_FOUND', message: 'not in the list' });

export const receivablesRows: Row[] = [
  row({
    path: 'paymentPlans.generate',
    permission: 'paymentPlans.write',
    perOwner: true,
    setup: orderOf,
    call: (c, _f, _r, order) => c.paymentPlans.generate({ orderId: order.id }),
  }),
  row({
    path: 'paymentPlans.get',
    permission: 'paymentPlans.read',
    perOwner: true,
    setup: planOf,
    call: (c, _f, _r, plan) => c.paymentPlans.get({ id: plan.id }),
  }),
  row({
    path: 'paymentPlans.update',
    permission: 'paymentPlans.write',
    perOwner: true,
    setup: planOf,
    call: (c, _f, _r, plan) =>
      c.paymentPlans.update({
        id: plan.id,
        version: plan.version,
        installments: plan.installments.map((i) => ({ id: i.id, dueDate: i.dueDate, ratio: 1 })),
      }),
  }),
  row({
    path: 'paymentPlans.due',
    permission: 'paymentPlans.read',
    perOwner: true,
    setup: planOf,
    call: async (c, _f, r, plan) => {
      const page = await c.paymentPlans.due({
        partnerId: r!.partner.id,
        days: 40,
        asOf: '2026-01-05',
      });
      if (!page.items.some((i) => i.planId === plan.id)) throw missing();
    },
  }),
  row({
    path: 'paymentPlans.overdue',
    permission: 'paymentPlans.read',
    perOwner: true,
    setup: planOf,
    call: async (c, _f, r, plan) => {
      const page = await c.paymentPlans.overdue({ partnerId: r!.partner.id, asOf: '2026-03-01' });
      if (!page.items.some((i) => i.planId === plan.id)) throw missing();
    },
  }),
  row({
    path: 'receipts.record',
    permission: 'receipts.record',
    perOwner: true,
    setup: planOf,
    call: (c, f, r) => c.receipts.record(receiptInput(f, r!.partner.id)),
  }),
  row({
    path: 'receipts.recordBatch',
    permission: 'receipts.record',
    perOwner: false,
    setup: (f) => f.admin.partners.create({ name: `Matrix ${f.uniq()}` }),
    call: (c, f, _r, partner) =>
      c.receipts.recordBatch({ receipts: [receiptInput(f, partner.id)], atomic: true }),
  }),
  row({
    path: 'receipts.allocate',
    permission: 'receipts.record',
    perOwner: true,
    setup: receiptOf,
    call: (c, _f, _r, receipt) =>
      c.receipts.allocate({
        receiptId: receipt.id,
        version: receipt.version,
        allocations: 'oldest-first',
      }),
  }),
  row({
    path: 'receipts.unallocate',
    permission: 'receipts.record',
    perOwner: true,
    setup: allocatedReceiptOf,
    call: (c, _f, _r, receipt) =>
      c.receipts.unallocate({
        receiptId: receipt.id,
        version: receipt.version,
        installmentId: receipt.allocations[0]!.installmentId,
      }),
  }),
  row({
    path: 'receipts.reallocate',
    permission: 'receipts.record',
    perOwner: true,
    setup: allocatedReceiptOf,
    call: (c, _f, _r, receipt) =>
      c.receipts.reallocate({
        receiptId: receipt.id,
        version: receipt.version,
        fromInstallmentId: receipt.allocations[0]!.installmentId,
        allocations: [{ installmentId: receipt.allocations[0]!.installmentId, amount: 10_00 }],
      }),
  }),
  row({
    path: 'receipts.void',
    permission: 'receipts.void',
    perOwner: true,
    setup: allocatedReceiptOf,
    call: (c, _f, _r, receipt) =>
      c.receipts.void({ id: receipt.id, version: receipt.version, reason: 'matrix' }),
  }),
  row({
    path: 'receipts.list',
    permission: 'receipts.read',
    perOwner: true,
    setup: receiptOf,
    call: async (c, _f, r, receipt) => {
      const page = await c.receipts.list({ partnerId: r!.partner.id });
      if (!page.items.some((i) => i.id === receipt.id)) throw missing();
    },
  }),
  row({
    path: 'receipts.get',
    permission: 'receipts.read',
    perOwner: true,
    setup: receiptOf,
    call: (c, _f, _r, receipt) => c.receipts.get({ id: receipt.id }),
  }),
  row({
    path: 'reports.receivablesAging',
    permission: 'paymentPlans.read',
    perOwner: false,
    call: (c) => c.reports.receivablesAging({ groupBy: 'owner', asOf: '2026-03-01' }),
  }),
  row({
    path: 'reports.dso',
    permission: 'paymentPlans.read',
    perOwner: false,
    call: (c) => c.reports.dso({ period: { from: '2026-01-01', to: '2026-03-31' } }),
  }),
  row({
    path: 'reports.receivableSummary',
    permission: 'paymentPlans.read',
    perOwner: true,
    setup: planOf,
    call: (c, _f, r) => c.reports.receivableSummary({ partnerId: r!.partner.id }),
  }),
];
