// reports.funnel: open opportunities per stage (count, amount, weighted) and the closed totals,
// from one grouped query over (stage, status) in the caller's scope.
import type { z } from 'zod';
import type { FunnelReport, funnelInput } from '../../../core/schemas/reports.ts';
import { roundDiv } from '../../db/dialect.ts';
import { toInt } from '../../db/rows.ts';
import type { ScopedCtx } from '../scoped-ctx.ts';
import { intOr0, scopedOpportunities, stagesOf, teamSubtree } from './shared.ts';

export async function funnelReport(
  ctx: ScopedCtx,
  input: z.infer<typeof funnelInput>,
): Promise<FunnelReport> {
  const { db } = ctx;
  const stages = await stagesOf(db, input.pipelineId);
  const q = (await scopedOpportunities(ctx))()
    .where('o.pipeline_id', input.pipelineId)
    .where('o.currency', input.currency)
    .groupBy('o.stage_id', 'o.status')
    .select(
      'o.stage_id',
      'o.status',
      db.raw('count(*) as n'),
      db.raw('sum(coalesce(o.expected_revenue, 0)) as amount'),
      db.raw(
        `${roundDiv(db, 'sum(coalesce(o.expected_revenue, 0) * o.probability)', 100)} as weighted`,
      ),
      db.raw('sum(coalesce(o.won_amount, 0)) as won_amount'),
    );
  if (input.period) {
    q.whereBetween('o.expected_close_date', [input.period.from, input.period.to]);
  }
  if (input.ownerId) q.where('o.owner_id', input.ownerId);
  if (input.teamId) q.whereIn('o.team_id', teamSubtree(db, input.teamId));

  const open = new Map<number, { count: number; amount: number; weighted: number }>();
  const report: FunnelReport = {
    pipelineId: input.pipelineId,
    currency: input.currency,
    stages: [],
    open: { count: 0, amount: 0, weighted: 0 },
    won: { count: 0, amount: 0, wonAmount: 0 },
    lost: { count: 0, amount: 0 },
    invalid: { count: 0, amount: 0 },
  };
  const rows: Record<string, unknown>[] = await q;
  for (const r of rows) {
    const status = String(r.status);
    const count = toInt(r.n);
    const amount = intOr0(r.amount);
    if (status === 'open') {
      const weighted = intOr0(r.weighted);
      open.set(toInt(r.stage_id), { count, amount, weighted });
      report.open.count += count;
      report.open.amount += amount;
      report.open.weighted += weighted;
    } else if (status === 'won' || status === 'lost' || status === 'invalid') {
      const total = report[status];
      total.count += count;
      total.amount += amount;
      if (status === 'won') report.won.wonAmount += intOr0(r.won_amount);
    }
  }
  report.stages = stages.map((s) => ({
    stageId: s.stageId,
    name: s.name,
    nameEn: s.nameEn,
    probability: s.probability,
    ...(open.get(s.stageId) ?? { count: 0, amount: 0, weighted: 0 }),
  }));
  return report;
}
