// Reminders (回款提醒): unpaid installments falling due in the next N days, and those already
// overdue, in the caller's scope: a rep sees their own, a manager their subtree's, finance all
// (filtered to one owner with ownerId). Paid state is today's; `asOf` only moves the day the
// window is counted from.
import type { Knex } from 'knex';
import type { z } from 'zod';
import { addDays } from '../../core/receivables/index.ts';
import type {
  InstallmentReminder,
  installmentsDueInput,
  installmentsOverdueInput,
  ReminderList,
} from '../../core/schemas/payment-plans.ts';
import { toInt } from '../db/rows.ts';
import { visibility } from '../auth/scope.ts';
import { paginate } from './pagination.ts';
import { asOfDay, mapInstallment } from './receivables-shared.ts';
import type { ScopedCtx } from './scoped-ctx.ts';

type Filter = { ownerId?: number; partnerId?: number };

async function reminders(
  ctx: ScopedCtx,
  input: Filter & { cursor?: string | null; limit: number; direction: 'asc' | 'desc' },
  asOf: string,
  window: (q: Knex.QueryBuilder) => void,
): Promise<ReminderList> {
  const vis = await visibility(ctx);
  const base = () => {
    const q = ctx
      .db('installments as i')
      .join('orders as o', 'o.id', 'i.order_id')
      .join('partners as p', 'p.id', 'i.partner_id')
      .join('users as u', 'u.id', 'i.owner_id')
      .whereNull('i.deleted_at')
      .whereNot('i.status', 'paid')
      .whereNot('o.status', 'cancelled')
      .where(vis.owner('i.owner_id'))
      .where(window);
    if (input.ownerId !== undefined) q.where('i.owner_id', input.ownerId);
    if (input.partnerId !== undefined) q.where('i.partner_id', input.partnerId);
    return q;
  };
  const page = await paginate(
    base().select(
      'i.*',
      'o.number as order_number',
      'p.name as partner_name',
      'u.name as owner_name',
    ),
    'i.due_date',
    'i.id',
    input,
    (r): InstallmentReminder => ({
      ...mapInstallment(r, asOf),
      orderNumber: String(r.order_number),
      partnerName: String(r.partner_name),
      ownerName: String(r.owner_name),
    }),
    { notNull: true },
  );
  const owners = await base()
    .groupBy('i.owner_id', 'u.name', 'i.currency')
    .orderBy('u.name')
    .orderBy('i.currency')
    .select(
      'i.owner_id',
      'u.name',
      'i.currency',
      ctx.db.raw('count(*) as n'),
      ctx.db.raw('sum(i.amount - i.paid_amount) as outstanding'),
    );
  return {
    asOf,
    ...page,
    byOwner: owners.map((r) => ({
      ownerId: toInt(r.owner_id),
      ownerName: String(r.name),
      currency: String(r.currency),
      count: toInt(r.n),
      outstanding: toInt(r.outstanding),
    })),
  };
}

/** Due from `asOf` through `asOf + days`, soonest first. */
export async function installmentsDue(
  ctx: ScopedCtx,
  input: z.infer<typeof installmentsDueInput>,
): Promise<ReminderList> {
  const asOf = asOfDay(input.asOf);
  const until = addDays(asOf, input.days);
  return reminders(ctx, input, asOf, (q) => q.whereBetween('i.due_date', [asOf, until]));
}

/** At least `minDays` past due on `asOf`, oldest first. */
export async function installmentsOverdue(
  ctx: ScopedCtx,
  input: z.infer<typeof installmentsOverdueInput>,
): Promise<ReminderList> {
  const asOf = asOfDay(input.asOf);
  const latestDue = addDays(asOf, -input.minDays);
  return reminders(ctx, input, asOf, (q) => q.where('i.due_date', '<=', latestDue));
}
