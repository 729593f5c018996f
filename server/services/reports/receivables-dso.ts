// reports.dso (应收账款周转天数): days sales outstanding over a period, receivables at its end
// over the sales of the period, times its days. Sales are the plan totals of orders dated in the
// period (what became receivable); receivables are what was owed at the period's end.
import type { z } from 'zod';
import { daysFrom } from '../../../core/receivables/index.ts';
import type { DsoReport, dsoInput } from '../../../core/schemas/receivables.ts';
import { visibility } from '../../auth/scope.ts';
import type { ScopedCtx } from '../scoped-ctx.ts';
import { owedInstallments } from './receivables-base.ts';
import { intOr0 } from './shared.ts';

export async function dsoReport(
  ctx: ScopedCtx,
  input: z.infer<typeof dsoInput>,
): Promise<DsoReport> {
  const { db } = ctx;
  const { from, to } = input.period;
  const vis = await visibility(ctx);
  const [row] = await db
    .from(owedInstallments(db, vis, { asOf: to, currency: input.currency }).as('x'))
    .select(
      db.raw('sum(case when x.order_date >= ? then x.amount else 0 end) as sales', [from]),
      db.raw('sum(case when x.owed > 0 then x.owed else 0 end) as receivables'),
    );
  const sales = intOr0(row?.sales);
  const receivables = intOr0(row?.receivables);
  const days = daysFrom(from, to) + 1;
  return {
    currency: input.currency,
    from,
    to,
    days,
    sales,
    receivables,
    dso: sales === 0 ? null : Math.round((receivables / sales) * days * 10) / 10,
  };
}
