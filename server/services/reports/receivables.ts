// reports.receivablesAging (应收账龄): what is owed on a day, by days past due (not yet due,
// 0-30, 31-60, 61-90, >90), per customer, owner or team (the installment's own team), with
// totals. One grouped query over owedInstallments; the bucket bounds are days computed here.
import type { z } from 'zod';
import { addDays, AGING_BUCKETS } from '../../../core/receivables/index.ts';
import type {
  AgingFigures,
  AgingReport,
  AgingRow,
  receivablesAgingInput,
} from '../../../core/schemas/receivables.ts';
import { toIntOrNull } from '../../db/rows.ts';
import { visibility } from '../../auth/scope.ts';
import type { ScopedCtx } from '../scoped-ctx.ts';
import { asOfDay } from '../receivables-shared.ts';
import { owedInstallments } from './receivables-base.ts';
import { intOr0 } from './shared.ts';

const GROUP_COLUMN = { customer: 'partner_id', owner: 'owner_id', team: 'team_id' } as const;
const NAMES_FROM = { customer: 'partners', owner: 'users', team: 'teams' } as const;

const zero = (): AgingFigures => ({
  current: 0,
  d0_30: 0,
  d31_60: 0,
  d61_90: 0,
  d90_plus: 0,
  overdue: 0,
  total: 0,
  count: 0,
});

export async function receivablesAgingReport(
  ctx: ScopedCtx,
  input: z.infer<typeof receivablesAgingInput>,
): Promise<AgingReport> {
  const { db } = ctx;
  const asOf = asOfDay(input.asOf);
  const vis = await visibility(ctx);
  const [d30, d60, d90] = [addDays(asOf, -30), addDays(asOf, -60), addDays(asOf, -90)];
  const owed = (when: string) => `sum(case when ${when} then x.owed else 0 end)`;
  const rows = await db
    .from(owedInstallments(db, vis, { asOf, currency: input.currency }).as('x'))
    .where('x.owed', '>', 0)
    .groupBy(`x.${GROUP_COLUMN[input.groupBy]}`)
    .select(
      `x.${GROUP_COLUMN[input.groupBy]} as group_id`,
      db.raw(`${owed('x.due_date >= ?')} as current`, [asOf]),
      db.raw(`${owed('x.due_date < ? and x.due_date >= ?')} as d0_30`, [asOf, d30]),
      db.raw(`${owed('x.due_date < ? and x.due_date >= ?')} as d31_60`, [d30, d60]),
      db.raw(`${owed('x.due_date < ? and x.due_date >= ?')} as d61_90`, [d60, d90]),
      db.raw(`${owed('x.due_date < ?')} as d90_plus`, [d90]),
      db.raw('count(*) as n'),
    );
  const ids = rows.map((r) => toIntOrNull(r.group_id)).filter((id): id is number => id !== null);
  const names = new Map(
    ids.length
      ? (await db(NAMES_FROM[input.groupBy]).whereIn('id', ids).select('id', 'name')).map((r) => [
          Number(r.id),
          String(r.name),
        ])
      : [],
  );
  const totals = zero();
  const out: AgingRow[] = rows.map((r) => {
    const groupId = toIntOrNull(r.group_id);
    const figures = zero();
    for (const b of AGING_BUCKETS) figures[b] = intOr0(r[b]);
    figures.overdue = figures.d0_30 + figures.d31_60 + figures.d61_90 + figures.d90_plus;
    figures.total = figures.current + figures.overdue;
    figures.count = intOr0(r.n);
    for (const k of Object.keys(totals) as (keyof AgingFigures)[]) totals[k] += figures[k];
    return { groupId, name: groupId === null ? null : (names.get(groupId) ?? null), ...figures };
  });
  out.sort((a, b) => b.total - a.total || (a.groupId ?? 0) - (b.groupId ?? 0));
  return { asOf, currency: input.currency, groupBy: input.groupBy, rows: out, totals };
}
