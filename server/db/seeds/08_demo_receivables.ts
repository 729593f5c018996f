// The demo receivables: a payment plan (回款计划) for every approved order, from the demo payment
// terms or as two listed installments, and the receipts (收款单) a finance clerk would have
// recorded by `now` — most installments that fell due paid in full, some partly, some not at all
// (overdue), a few paid early, the odd over-payment kept on account, and prepayments (预收) from a
// few customers without orders. Written through the plan and receipt services, so amounts come
// from allocate and every paid amount from allocations. Receipts are grouped into one bank
// statement (batchId) per day. Idempotent: an order that has a plan is left alone; a prepayment
// is recorded once (its idempotency key).
import { Visibility } from '../../auth/scope.ts';
import { addDays, daysFrom, type Allocation } from '../../../core/receivables/index.ts';
import type { ReceiptInput, ReceiptMethod } from '../../../core/schemas/receipts.ts';
import type { Db } from '../knex.ts';
import { toInt } from '../rows.ts';
import type { Actor } from '../../services/audit.ts';
import { loadOrderForPlan } from '../../services/orders-read.ts';
import { generatePaymentPlanTx } from '../../services/payment-plans.ts';
import { recordReceiptTx } from '../../services/receipts.ts';
import { writeTx, type Trx } from '../../services/tx.ts';
import { rngFor, type Rng } from './prng.ts';
import type { SeedContext, SeedCounts } from './context.ts';

/** The system sees and records everything. */
const SYSTEM_VIEW = new Visibility({ permission: 'receipts.record', scope: 'all' }, 0, {
  teamIds: [],
  userIds: [],
});
const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const METHODS: [ReceiptMethod, number][] = [
  ['bank_transfer', 85],
  ['cheque', 10],
  ['cash', 5],
];
/** Prepayments per scale, from customers with no approved order. */
const PREPAYMENTS = 3;

interface Planned {
  date: string;
  amount: number;
  allocations: Allocation[];
}

/** How the order is split: mostly by the demo terms (default 3-4-3), sometimes as two halves. */
async function planInput(trx: Trx, rng: Rng, orderDate: string) {
  const terms = await trx('payment_terms')
    .whereNull('deleted_at')
    .where({ active: true })
    .orderBy('id')
    .select('id', 'is_default');
  const pick = rng.weighted<'default' | 'other' | 'listed'>([
    ['default', 50],
    ['other', 30],
    ['listed', 20],
  ]);
  const others = terms.filter((t) => !t.is_default);
  if (pick === 'other' && others.length) return { termsId: toInt(rng.pick(others).id) };
  if (pick === 'default' && terms.length) return {};
  return {
    installments: [
      { dueDate: addDays(orderDate, 15), ratio: 1, label: '预付款' },
      { dueDate: addDays(orderDate, 60), ratio: 1, label: '验收款' },
    ],
  };
}

/** What was received against each installment by `today`. */
function plannedReceipts(
  rng: Rng,
  today: string,
  orderDate: string,
  installments: { id: number; dueDate: string; amount: number }[],
): Planned[] {
  const out: Planned[] = [];
  for (const i of installments) {
    const late = daysFrom(i.dueDate, today);
    const roll = rng.next();
    let amount = 0;
    let date = today;
    if (late >= 0 && roll < 0.55) {
      amount = i.amount;
      date = addDays(i.dueDate, rng.int(0, Math.min(25, late)));
    } else if (late >= 0 && roll < 0.75) {
      // Partly paid: 30–70% in whole yuan.
      amount = Math.floor((i.amount * rng.int(30, 70)) / 100 / 100) * 100;
      date = addDays(i.dueDate, rng.int(0, Math.min(20, late)));
    } else if (late < 0 && roll < 0.1) {
      amount = i.amount;
      const early = addDays(today, -rng.int(0, 10));
      date = early < orderDate ? orderDate : early;
    }
    if (amount === 0) continue;
    // Now and then a customer rounds up to the next ¥1,000: the rest stays on account.
    const paid = rng.chance(0.1) ? Math.ceil((amount + 1) / 100_000) * 100_000 : amount;
    out.push({ date, amount: paid, allocations: [{ installmentId: i.id, amount }] });
  }
  return out;
}

function receiptInput(
  rng: Rng,
  key: string,
  partnerId: number,
  currency: string,
  r: Planned,
): ReceiptInput {
  return {
    partnerId,
    date: r.date,
    amount: r.amount,
    currency,
    method: rng.weighted(METHODS),
    reference: `BOC${r.date.replaceAll('-', '')}${String(rng.int(0, 999_999)).padStart(6, '0')}`,
    idempotencyKey: key,
    allocations: r.allocations.length ? r.allocations : 'none',
  };
}

const statement = (date: string) => `demo-statement-${date}`;

async function seedOrder(
  trx: Trx,
  actor: Actor,
  today: string,
  orderId: number,
  counts: SeedCounts,
): Promise<void> {
  const order = await loadOrderForPlan(trx, SYSTEM_VIEW, orderId);
  const rng = rngFor('receivables', orderId);
  const planId = await generatePaymentPlanTx(
    trx,
    actor,
    order,
    await planInput(trx, rng, order.orderDate),
  );
  const installments = (
    await trx('installments')
      .where({ plan_id: planId })
      .whereNull('deleted_at')
      .orderBy('seq')
      .select('id', 'seq', 'due_date', 'amount')
  ).map((r) => ({ id: toInt(r.id), dueDate: String(r.due_date), amount: toInt(r.amount) }));
  counts.payment_plans!++;
  counts.installments! += installments.length;
  const receipts = plannedReceipts(rng, today, order.orderDate, installments);
  for (const [n, r] of receipts.entries()) {
    const key = `demo:order:${orderId}:${n + 1}`;
    const input = receiptInput(rng, key, order.partnerId, order.currency, r);
    await recordReceiptTx(trx, actor, SYSTEM_VIEW, input, statement(r.date));
    counts.receipts!++;
  }
}

/** Customers without an approved order who paid in advance (预收), on account until a plan exists. */
async function seedPrepayments(db: Db, ctx: SeedContext, today: string, counts: SeedCounts) {
  const partners = await db('partners as p')
    .whereNull('p.deleted_at')
    .where('p.kind', 'customer')
    .whereNotExists((q) => {
      q.select('o.id')
        .from('orders as o')
        .whereRaw('o.partner_id = p.id')
        .where('o.status', 'approved');
    })
    .orderBy('p.id')
    .limit(PREPAYMENTS * ctx.scale)
    .select('p.id');
  for (const p of partners) {
    const partnerId = toInt(p.id);
    const key = `demo:prepayment:${partnerId}`;
    if (await db('receipts').where({ idempotency_key: key }).first('id')) continue;
    const rng = rngFor('prepayment', partnerId);
    const date = addDays(today, -rng.int(3, 40));
    const amount = rng.int(5, 50) * 1000_00;
    const input = receiptInput(rng, key, partnerId, 'CNY', { date, amount, allocations: [] });
    await writeTx(db, (trx) =>
      recordReceiptTx(trx, ctx.actor, SYSTEM_VIEW, input, statement(date)),
    );
    counts.receipts!++;
  }
}

export async function seed(db: Db, ctx: SeedContext): Promise<SeedCounts> {
  const counts: SeedCounts = { payment_plans: 0, installments: 0, receipts: 0 };
  const today = isoDay(ctx.now);
  const orders = await db('orders as o')
    .where('o.status', 'approved')
    .whereNull('o.deleted_at')
    .whereNotExists((q) => {
      q.select('pp.id')
        .from('payment_plans as pp')
        .whereRaw('pp.order_id = o.id')
        .whereNull('pp.deleted_at');
    })
    .orderBy('o.id')
    .select('o.id');
  // One transaction per order keeps SQLite's write lock short.
  for (const o of orders) {
    await writeTx(db, (trx) => seedOrder(trx, ctx.actor, today, toInt(o.id), counts));
  }
  await seedPrepayments(db, ctx, today, counts);
  return counts;
}
