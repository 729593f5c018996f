// reports.conversion: from stage history, per stage, how many opportunities entered it in the
// period and how many of those went further by the period's end; closings per stage and the
// win rate. One grouped query over the history joined to the caller's visible opportunities.
import type { z } from 'zod';
import type { ConversionReport, conversionInput } from '../../../core/schemas/reports.ts';
import { toInt } from '../../db/rows.ts';
import type { ScopedCtx } from '../scoped-ctx.ts';
import { instantBounds, scopedOpportunities, stagesOf } from './shared.ts';

const ratio = (a: number, b: number) => (b === 0 ? null : Math.round((a / b) * 10000) / 10000);

export async function conversionReport(
  ctx: ScopedCtx,
  input: z.infer<typeof conversionInput>,
): Promise<ConversionReport> {
  const { db } = ctx;
  const stages = await stagesOf(db, input.pipelineId);
  const [start, end] = instantBounds(input.period);
  // "Went further": a later history row of the same opportunity, before the period's end, that
  // entered a stage of higher sequence (skipping stages counts) or won the deal.
  const further = db
    .select(db.raw('1'))
    .from('opportunity_stage_history as h2')
    .join('pipeline_stages as s2', 's2.id', 'h2.to_stage_id')
    .whereRaw('h2.opportunity_id = h.opportunity_id')
    .whereRaw('(h2.at > h.at or (h2.at = h.at and h2.id > h.id))')
    .where('h2.at', '<', end)
    .where((w) => {
      w.where('h2.status', 'won').orWhere((o) => {
        o.where('h2.status', 'open').whereRaw('s2.sequence > s.sequence');
      });
    });
  const q = (await scopedOpportunities(ctx))()
    .join('opportunity_stage_history as h', 'h.opportunity_id', 'o.id')
    .join('pipeline_stages as s', 's.id', 'h.to_stage_id')
    .where('o.pipeline_id', input.pipelineId)
    .where('h.at', '>=', start)
    .where('h.at', '<', end)
    .groupBy('h.to_stage_id')
    .select(
      'h.to_stage_id',
      db.raw(`count(distinct case when h.status = 'open' then h.opportunity_id end) as reached`),
      db.raw(
        `count(distinct case when h.status = 'open' and exists ? then h.opportunity_id end) as advanced`,
        [further],
      ),
      db.raw(`count(case when h.status = 'won' then 1 end) as won`),
      db.raw(`count(case when h.status = 'lost' then 1 end) as lost`),
      db.raw(`count(case when h.status = 'invalid' then 1 end) as invalid`),
    );
  if (input.currency) q.where('o.currency', input.currency);

  const byStage = new Map<number, Record<string, unknown>>();
  for (const r of await q) byStage.set(toInt(r.to_stage_id), r);
  const report: ConversionReport = {
    pipelineId: input.pipelineId,
    stages: [],
    won: 0,
    lost: 0,
    invalid: 0,
    winRate: null,
  };
  for (const s of stages) {
    const r = byStage.get(s.stageId);
    const [reached, advanced, won, lost, invalid] = [
      'reached',
      'advanced',
      'won',
      'lost',
      'invalid',
    ].map((k) => (r ? toInt(r[k]) : 0)) as [number, number, number, number, number];
    report.stages.push({
      stageId: s.stageId,
      name: s.name,
      nameEn: s.nameEn,
      reached,
      advanced,
      rate: ratio(advanced, reached),
      won,
      lost,
      invalid,
    });
    report.won += won;
    report.lost += lost;
    report.invalid += invalid;
  }
  report.winRate = ratio(report.won, report.won + report.lost);
  return report;
}
