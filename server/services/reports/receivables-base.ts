// What every receivables report stands on: each live installment of a non-cancelled order dated
// up to `asOf`, with what was still owed on that day (its amount less what receipts dated up to
// that day paid; a voided receipt paid nothing, on any day), in the caller's scope. Reports group
// this one subquery; nothing else decides what "owed" means.
import type { Knex } from 'knex';
import type { Db } from '../../db/knex.ts';
import type { Visibility } from '../../auth/scope.ts';
import { activeReceipts } from '../receipts-read.ts';

export interface OwedFilter {
  asOf: string;
  currency?: string;
  partnerId?: number;
}

/** Installments as `x`: id, plan, order, partner, owner, team, currency, due_date, amount, order_date, owed. */
export function owedInstallments(db: Db, vis: Visibility, f: OwedFilter): Knex.QueryBuilder {
  const paid = db('receipt_allocations as ra')
    .join('receipts as r', 'r.id', 'ra.receipt_id')
    .whereNull('r.deleted_at')
    .where(activeReceipts('r'))
    .where('r.receipt_date', '<=', f.asOf)
    .groupBy('ra.installment_id')
    .select('ra.installment_id', db.raw('sum(ra.amount) as paid'));
  if (f.partnerId !== undefined) paid.where('r.partner_id', f.partnerId);
  const q = db('installments as i')
    .join('orders as o', 'o.id', 'i.order_id')
    .leftJoin(paid.as('pa'), 'pa.installment_id', 'i.id')
    .whereNull('i.deleted_at')
    .whereNot('o.status', 'cancelled')
    .where('o.order_date', '<=', f.asOf)
    .where(vis.owner('i.owner_id'))
    .select(
      'i.id',
      'i.plan_id',
      'i.order_id',
      'i.partner_id',
      'i.owner_id',
      'i.team_id',
      'i.currency',
      'i.due_date',
      'i.amount',
      'o.order_date',
      db.raw('i.amount - coalesce(pa.paid, 0) as owed'),
    );
  if (f.currency !== undefined) q.where('i.currency', f.currency);
  if (f.partnerId !== undefined) q.where('i.partner_id', f.partnerId);
  return q;
}
