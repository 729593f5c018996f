// reports.receivableSummary: what the customer card shows of a partner's receivables, per
// currency: owed, overdue (and how many installments), on account, and the next installment to
// collect. Figures agree with reports.receivablesAging for the same customer and day.
import type { z } from 'zod';
import type {
  ReceivableCurrency,
  ReceivableSummary,
  receivableSummaryInput,
} from '../../../core/schemas/receivables.ts';
import { toInt } from '../../db/rows.ts';
import { visibility } from '../../auth/scope.ts';
import { loadVisiblePartner } from '../partners.ts';
import { activeReceipts } from '../receipts-read.ts';
import { asOfDay } from '../receivables-shared.ts';
import type { ScopedCtx } from '../scoped-ctx.ts';
import { owedInstallments } from './receivables-base.ts';
import { intOr0 } from './shared.ts';

export async function receivableSummaryReport(
  ctx: ScopedCtx,
  input: z.infer<typeof receivableSummaryInput>,
): Promise<ReceivableSummary> {
  const { db } = ctx;
  const asOf = asOfDay(input.asOf);
  const vis = await visibility(ctx);
  await loadVisiblePartner(db, vis, input.partnerId);
  const owed = () =>
    db
      .from(owedInstallments(db, vis, { asOf, partnerId: input.partnerId }).as('x'))
      .where('x.owed', '>', 0);
  const [figures, nextRows, onAccount] = await Promise.all([
    owed()
      .groupBy('x.currency')
      .select(
        'x.currency',
        db.raw('sum(x.owed) as open'),
        db.raw('sum(case when x.due_date < ? then x.owed else 0 end) as overdue', [asOf]),
        db.raw('sum(case when x.due_date < ? then 1 else 0 end) as overdue_count', [asOf]),
      ),
    owed()
      .orderBy('x.due_date')
      .orderBy('x.id')
      .select('x.id', 'x.currency', 'x.order_id', 'x.due_date', 'x.owed'),
    db('receipts as r')
      .where('r.partner_id', input.partnerId)
      .whereNull('r.deleted_at')
      .where(activeReceipts('r'))
      .where('r.unallocated', '>', 0)
      .where(vis.owner('r.owner_id'))
      .groupBy('r.currency')
      .select('r.currency', db.raw('sum(r.unallocated) as on_account')),
  ]);
  const byCurrency = new Map<string, ReceivableCurrency>();
  const entry = (currency: string) => {
    let e = byCurrency.get(currency);
    if (!e) {
      e = { currency, open: 0, overdue: 0, overdueCount: 0, onAccount: 0, next: null };
      byCurrency.set(currency, e);
    }
    return e;
  };
  for (const r of figures) {
    Object.assign(entry(String(r.currency)), {
      open: intOr0(r.open),
      overdue: intOr0(r.overdue),
      overdueCount: intOr0(r.overdue_count),
    });
  }
  for (const r of onAccount) entry(String(r.currency)).onAccount = intOr0(r.on_account);
  for (const r of nextRows) {
    const e = entry(String(r.currency));
    e.next ??= {
      installmentId: toInt(r.id),
      orderId: toInt(r.order_id),
      dueDate: String(r.due_date),
      outstanding: toInt(r.owed),
    };
  }
  return {
    partnerId: input.partnerId,
    asOf,
    currencies: [...byCurrency.values()].sort((a, b) => a.currency.localeCompare(b.currency)),
  };
}
