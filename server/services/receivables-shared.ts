// What payment plans, receipts and the receivables reports share: turning a refusal of the pure
// rules (core/receivables) into a field error, the installment row shape, and the partner's
// installments that can still take money.
import type { Knex } from 'knex';
import {
  daysOverdue,
  installmentStatus,
  isLocked,
  outstandingOf,
  ReceivablesError,
  todayUtc,
  type OpenInstallment,
  type StoredStatus,
} from '../../core/receivables/index.ts';
import type { Installment } from '../../core/schemas/payment-plans.ts';
import type { Visibility } from '../auth/scope.ts';
import { stampsOf, toInt, toIntOrNull } from '../db/rows.ts';
import { invalidField } from '../trpc/errors.ts';
import type { Trx } from './tx.ts';

export type Row = Record<string, unknown>;

/** Runs a pure rule; its refusal becomes BAD_REQUEST on the field it names. */
export function applyRules<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof ReceivablesError) throw invalidField(err.field, err.rule, err.message);
    throw err;
  }
}

export const asOfDay = (asOf: string | undefined) => asOf ?? todayUtc();

export function mapInstallment(r: Row, asOf: string): Installment {
  const figures = {
    dueDate: String(r.due_date),
    amount: toInt(r.amount),
    paidAmount: toInt(r.paid_amount),
  };
  return {
    planId: toInt(r.plan_id),
    orderId: toInt(r.order_id),
    partnerId: toInt(r.partner_id),
    ownerId: toInt(r.owner_id),
    teamId: toIntOrNull(r.team_id),
    seq: toInt(r.seq),
    label: r.label === null || r.label === undefined ? null : String(r.label),
    dueDate: figures.dueDate,
    currency: String(r.currency),
    amount: figures.amount,
    paidAmount: figures.paidAmount,
    outstanding: outstandingOf(figures),
    paidState: r.status as StoredStatus,
    status: installmentStatus(figures, asOf),
    daysOverdue: daysOverdue(figures, asOf),
    lastPaidAt:
      r.last_paid_at === null || r.last_paid_at === undefined ? null : String(r.last_paid_at),
    locked: isLocked(figures),
    ...stampsOf(r),
  };
}

/** Installments of cancelled orders are no longer owed: every receivable query leaves them out. */
export function ofLiveOrders(alias: string) {
  return (qb: Knex.QueryBuilder) =>
    qb.whereNotExists((e) => {
      e.select('lo.id')
        .from('orders as lo')
        .whereRaw(`lo.id = ${alias}.order_id`)
        .where('lo.status', 'cancelled');
    });
}

export interface OpenRow extends OpenInstallment {
  version: number;
  amount: number;
  paidAmount: number;
  lastPaidAt: string | null;
}

/**
 * The partner's installments in `currency` that still owe money, within the caller's scope,
 * locked for update (PostgreSQL; SQLite's one writer already holds the database) so two receipts
 * never pay the same money off twice.
 */
export async function openInstallmentsOf(
  trx: Trx,
  vis: Visibility,
  partnerId: number,
  currency: string,
): Promise<OpenRow[]> {
  const rows = await trx('installments as i')
    .where({ 'i.partner_id': partnerId, 'i.currency': currency })
    .whereNull('i.deleted_at')
    .whereNot('i.status', 'paid')
    .where(vis.owner('i.owner_id'))
    .where(ofLiveOrders('i'))
    .orderBy([{ column: 'i.due_date' }, { column: 'i.id' }])
    .forUpdate()
    .select(
      'i.id',
      'i.plan_id',
      'i.seq',
      'i.due_date',
      'i.amount',
      'i.paid_amount',
      'i.version',
      'i.last_paid_at',
    );
  return rows.map((r) => {
    const amount = toInt(r.amount);
    const paidAmount = toInt(r.paid_amount);
    return {
      id: toInt(r.id),
      planId: toInt(r.plan_id),
      seq: toInt(r.seq),
      dueDate: String(r.due_date),
      outstanding: amount - paidAmount,
      version: toInt(r.version),
      amount,
      paidAmount,
      lastPaidAt: r.last_paid_at === null ? null : String(r.last_paid_at),
    };
  });
}
