// Payment plans (回款计划): generated from an approved order (by payment terms or by listed
// installments) and edited while money is still owed. The rules are core/receivables' pure
// functions; this file loads what they need, asks them, and writes what they return.
import { TRPCError } from '@trpc/server';
import type { z } from 'zod';
import {
  planFromEntries,
  planFromTerms,
  resplitPlan,
  type PlannedInstallment,
  type StoredInstallment,
} from '../../core/receivables/index.ts';
import type {
  PaymentPlan,
  paymentPlanGenerateInput,
  paymentPlanGetInput,
  paymentPlanUpdateInput,
} from '../../core/schemas/payment-plans.ts';
import type { Db } from '../db/knex.ts';
import { stampsOf, toInt, toIntOrNull } from '../db/rows.ts';
import { visibility, type Visibility } from '../auth/scope.ts';
import { actorOf } from '../trpc/context.ts';
import { invalidField, isUniqueViolation, notFound } from '../trpc/errors.ts';
import { audit, type Actor } from './audit.ts';
import { once } from './idempotency.ts';
import { loadOrderForPlan, type OrderForPlan } from './orders-read.ts';
import { loadDefaultPaymentTerms, loadPaymentTerms } from './payment-terms.ts';
import { applyRules, asOfDay, mapInstallment, type Row } from './receivables-shared.ts';
import type { ScopedCtx } from './scoped-ctx.ts';
import { writeTx, type Trx } from './tx.ts';
import { assertVersion, createStamps, softDelete, updateVersioned } from './versioned.ts';

type GenerateInput = z.infer<typeof paymentPlanGenerateInput>;

/** What an installment's audit trail shows of the plan: position, due date, amount. */
const summary = (xs: { seq: number; dueDate: string; amount: number }[]) =>
  xs.map((i) => `${i.seq}:${i.dueDate}:${i.amount}`).join(' ');

/** The installments terms or a list make of the order's gross; one due on the order date when neither is given. */
async function plannedInstallments(
  trx: Trx,
  order: OrderForPlan,
  input: Pick<GenerateInput, 'termsId' | 'installments'>,
): Promise<{ termsId: number | null; planned: PlannedInstallment[] }> {
  const { gross, currency, orderDate } = order;
  if (input.installments) {
    return {
      termsId: null,
      planned: applyRules(() => planFromEntries(gross, currency, orderDate, input.installments!)),
    };
  }
  const terms =
    input.termsId === undefined
      ? await loadDefaultPaymentTerms(trx)
      : await loadPaymentTerms(trx, input.termsId).catch((err: unknown) => {
          if (err instanceof TRPCError && err.code === 'NOT_FOUND') {
            throw invalidField('termsId', 'exists', 'is not a live payment terms template');
          }
          throw err;
        });
  if (terms && !terms.active) throw invalidField('termsId', 'active', 'these terms are archived');
  if (!terms) {
    return {
      termsId: null,
      planned: applyRules(() =>
        planFromEntries(gross, currency, orderDate, [{ dueDate: orderDate }]),
      ),
    };
  }
  return {
    termsId: terms.id,
    planned: applyRules(() => planFromTerms(gross, currency, orderDate, terms.schedule)),
  };
}

/**
 * Generates the plan of an approved order in the caller's transaction: amounts by allocate, so
 * they sum exactly to the order's gross. One live plan per order.
 */
export async function generatePaymentPlanTx(
  trx: Trx,
  actor: Actor,
  order: OrderForPlan,
  input: Pick<GenerateInput, 'termsId' | 'installments'>,
): Promise<number> {
  if (order.status !== 'approved') {
    throw invalidField(
      'orderId',
      'approved',
      `the order is ${order.status}; only an approved order gets a payment plan`,
    );
  }
  const existing = await trx('payment_plans')
    .where({ order_id: order.id })
    .whereNull('deleted_at')
    .first('id');
  if (existing) throw planExists();
  const { termsId, planned } = await plannedInstallments(trx, order, input);
  const at = new Date().toISOString();
  const owner = { partner_id: order.partnerId, owner_id: order.ownerId, team_id: order.teamId };
  let planId: number;
  try {
    const [row] = await trx('payment_plans')
      .insert({
        ...createStamps(actor, at),
        order_id: order.id,
        ...owner,
        payment_terms_id: termsId,
        currency: order.currency,
        total: order.gross,
      })
      .returning('id');
    planId = toInt((row as Row).id);
  } catch (err) {
    // Two generate calls for one order at once: the live-plan index lets one through.
    if (isUniqueViolation(err)) throw planExists();
    throw err;
  }
  await trx('installments').insert(
    planned.map((p) => ({
      ...createStamps(actor, at),
      plan_id: planId,
      order_id: order.id,
      ...owner,
      seq: p.seq,
      label: p.label,
      due_date: p.dueDate,
      currency: order.currency,
      amount: p.amount,
      paid_amount: 0,
      status: 'open',
    })),
  );
  await audit(
    trx,
    actor,
    'payment_plans',
    planId,
    'create',
    {
      order_id: { old: null, new: order.id },
      payment_terms_id: { old: null, new: termsId },
      currency: { old: null, new: order.currency },
      total: { old: null, new: order.gross },
      installments: { old: null, new: summary(planned) },
    },
    at,
  );
  return planId;
}

const planExists = () =>
  new TRPCError({
    code: 'CONFLICT',
    message: 'orderId: this order already has a payment plan; change it with paymentPlans.update',
  });

export async function generatePaymentPlan(
  ctx: ScopedCtx,
  input: GenerateInput,
): Promise<PaymentPlan> {
  const vis = await visibility(ctx);
  const { id } = await writeTx(ctx.db, (trx) =>
    once(
      trx,
      ctx.identity.user.id,
      input.idempotencyKey,
      'paymentPlans.generate',
      input,
      async () => {
        const order = await loadOrderForPlan(trx, vis, input.orderId);
        return { id: await generatePaymentPlanTx(trx, actorOf(ctx), order, input) };
      },
    ),
  );
  return readPlan(ctx.db, vis, { id });
}

/** A live plan the caller's scope reaches (by owner), with its order's number and date, or NOT_FOUND. */
export async function loadVisiblePlan(
  db: Db | Trx,
  vis: Visibility,
  by: { id?: number; orderId?: number },
): Promise<Row> {
  const q = db('payment_plans as pp')
    .join('orders as o', 'o.id', 'pp.order_id')
    .join('partners as p', 'p.id', 'pp.partner_id')
    .whereNull('pp.deleted_at')
    .where(vis.owner('pp.owner_id'))
    .first('pp.*', 'o.number as order_number', 'o.order_date', 'p.name as partner_name');
  if (by.id !== undefined) q.where('pp.id', by.id);
  else q.where('pp.order_id', by.orderId!);
  const row = (await q) as Row | undefined;
  if (!row) throw notFound('Payment plan');
  return row;
}

const liveInstallments = (db: Db | Trx, planId: number) =>
  db('installments')
    .where({ plan_id: planId })
    .whereNull('deleted_at')
    .orderBy('seq')
    .orderBy('id');

async function readPlan(
  db: Db | Trx,
  vis: Visibility,
  by: { id?: number; orderId?: number },
  asOf = asOfDay(undefined),
): Promise<PaymentPlan> {
  const plan = await loadVisiblePlan(db, vis, by);
  const planId = toInt(plan.id);
  const rows = (await liveInstallments(db, planId)) as Row[];
  const allocations = (await db('receipt_allocations as ra')
    .join('installments as i', 'i.id', 'ra.installment_id')
    .join('receipts as r', 'r.id', 'ra.receipt_id')
    .where('i.plan_id', planId)
    .orderBy('r.receipt_date')
    .orderBy('ra.id')
    .select(
      'ra.installment_id',
      'ra.amount',
      'r.id as receipt_id',
      'r.number',
      'r.receipt_date',
    )) as Row[];
  const installments = rows.map((r) => ({
    ...mapInstallment(r, asOf),
    allocations: allocations
      .filter((a) => toInt(a.installment_id) === toInt(r.id))
      .map((a) => ({
        receiptId: toInt(a.receipt_id),
        receiptNumber: String(a.number),
        receiptDate: String(a.receipt_date),
        amount: toInt(a.amount),
      })),
  }));
  const total = toInt(plan.total);
  const paid = installments.reduce((s, i) => s + i.paidAmount, 0);
  return {
    orderId: toInt(plan.order_id),
    orderNumber: String(plan.order_number),
    orderDate: String(plan.order_date),
    partnerId: toInt(plan.partner_id),
    partnerName: String(plan.partner_name),
    ownerId: toInt(plan.owner_id),
    teamId: toIntOrNull(plan.team_id),
    paymentTermsId: toIntOrNull(plan.payment_terms_id),
    currency: String(plan.currency),
    total,
    paid,
    outstanding: total - paid,
    asOf,
    installments,
    ...stampsOf(plan),
  };
}

export async function getPaymentPlan(
  ctx: ScopedCtx,
  input: z.infer<typeof paymentPlanGetInput>,
): Promise<PaymentPlan> {
  return readPlan(ctx.db, await visibility(ctx), input, asOfDay(input.asOf));
}

const storedOf = (r: Row): StoredInstallment & { version: number } => ({
  id: toInt(r.id),
  seq: toInt(r.seq),
  dueDate: String(r.due_date),
  amount: toInt(r.amount),
  paidAmount: toInt(r.paid_amount),
  label: r.label === null ? null : String(r.label),
  version: toInt(r.version),
});

/**
 * Re-splits a plan in the caller's transaction: paid and partly paid installments stay as they
 * are (core/receivables/resplit.ts refuses any change to them), the rest is changed, added or
 * removed so the plan still sums to its total. The installments are locked first, so a receipt
 * landing meanwhile is either seen (and its installment locked) or waits.
 */
export async function updatePaymentPlanTx(
  trx: Trx,
  actor: Actor,
  vis: Visibility,
  input: z.infer<typeof paymentPlanUpdateInput>,
): Promise<void> {
  const plan = await loadVisiblePlan(trx, vis, { id: input.id });
  assertVersion(plan, input.version, 'Payment plan');
  const planId = toInt(plan.id);
  const current = ((await liveInstallments(trx, planId).forUpdate()) as Row[]).map(storedOf);
  const result = applyRules(() =>
    resplitPlan(
      toInt(plan.total),
      String(plan.currency),
      String(plan.order_date),
      current,
      input.installments,
    ),
  );
  const at = new Date().toISOString();
  const byId = new Map(current.map((i) => [i.id, i]));
  for (const id of result.removed) {
    await softDelete(trx, actor, 'installments', id, byId.get(id)!.version, 'Installment', at);
  }
  for (const next of result.installments) {
    const values = {
      seq: next.seq,
      due_date: next.dueDate,
      amount: next.amount,
      label: next.label,
    };
    if (next.id === null) {
      const [row] = await trx('installments')
        .insert({
          ...createStamps(actor, at),
          plan_id: planId,
          order_id: plan.order_id,
          partner_id: plan.partner_id,
          owner_id: plan.owner_id,
          team_id: plan.team_id,
          currency: plan.currency,
          ...values,
          paid_amount: 0,
          status: 'open',
        })
        .returning('id');
      await audit(trx, actor, 'installments', toInt((row as Row).id), 'create', {
        seq: { old: null, new: next.seq },
        due_date: { old: null, new: next.dueDate },
        amount: { old: null, new: next.amount },
        label: { old: null, new: next.label },
      });
      continue;
    }
    const before = byId.get(next.id)!;
    const old = {
      seq: before.seq,
      due_date: before.dueDate,
      amount: before.amount,
      label: before.label,
    };
    const changes = Object.fromEntries(
      Object.entries(values)
        .filter(([k, v]) => old[k as keyof typeof old] !== v)
        .map(([k, v]) => [k, { old: old[k as keyof typeof old], new: v }]),
    );
    if (Object.keys(changes).length === 0) continue;
    await updateVersioned(
      trx,
      'installments',
      next.id,
      before.version,
      values,
      actor,
      'Installment',
    );
    await audit(trx, actor, 'installments', next.id, 'update', changes, at);
  }
  await updateVersioned(trx, 'payment_plans', planId, input.version, {}, actor, 'Payment plan');
  await audit(
    trx,
    actor,
    'payment_plans',
    planId,
    'update',
    { installments: { old: summary(current), new: summary(result.installments) } },
    at,
  );
}

export async function updatePaymentPlan(
  ctx: ScopedCtx,
  input: z.infer<typeof paymentPlanUpdateInput>,
): Promise<PaymentPlan> {
  const vis = await visibility(ctx);
  await writeTx(ctx.db, (trx) => updatePaymentPlanTx(trx, actorOf(ctx), vis, input));
  return readPlan(ctx.db, vis, { id: input.id });
}
