// reports.velocity: days spent in each stage, from stage history. A stay starts with a history
// row entering the stage and ends with the opportunity's next history row (a move or a close).
// One query: the stays, their lengths, a row number per stage for the median (window functions,
// portable to SQLite ≥ 3.25 and PostgreSQL), grouped by stage and ended/ongoing.
import type { z } from 'zod';
import type { DaysSummary, VelocityReport, velocityInput } from '../../../core/schemas/reports.ts';
import { daysBetween } from '../../db/dialect.ts';
import { nowIso, toInt } from '../../db/rows.ts';
import type { ScopedCtx } from '../scoped-ctx.ts';
import { days3, instantBounds, scopedOpportunities, stagesOf } from './shared.ts';

const NONE: DaysSummary = { count: 0, average: null, median: null };

export async function velocityReport(
  ctx: ScopedCtx,
  input: z.infer<typeof velocityInput>,
): Promise<VelocityReport> {
  const { db } = ctx;
  const stages = await stagesOf(db, input.pipelineId);
  const [start, end] = instantBounds(input.period);
  // Ongoing stays are measured to the period's end, or to now when the period has not ended.
  const asOf = end < nowIso() ? end : nowIso();
  const next = db('opportunity_stage_history as h2')
    .min('h2.at')
    .whereRaw('h2.opportunity_id = h.opportunity_id')
    .whereRaw('(h2.at > h.at or (h2.at = h.at and h2.id > h.id))');
  const stays = (await scopedOpportunities(ctx))()
    .join('opportunity_stage_history as h', 'h.opportunity_id', 'o.id')
    .where('o.pipeline_id', input.pipelineId)
    .where('h.status', 'open')
    .where('h.at', '>=', start)
    .where('h.at', '<', end)
    .select('h.to_stage_id as stage_id', 'h.at', 'o.status', next.as('next_at'));
  if (input.currency) stays.where('o.currency', input.currency);
  const measured = db
    .from('stays')
    // A stay without a next row on a closed opportunity has no end to measure; leave it out.
    .whereNotNull('next_at')
    .orWhere('status', 'open')
    .select(
      'stage_id',
      db.raw('case when next_at is null then 0 else 1 end as ended'),
      db.raw(`${daysBetween(db, 'at', 'coalesce(next_at, ?)')} as days`, [asOf]),
    );
  const ranked = db
    .from('measured')
    .select(
      'stage_id',
      'ended',
      'days',
      db.raw('row_number() over (partition by stage_id, ended order by days) as rn'),
      db.raw('count(*) over (partition by stage_id, ended) as cnt'),
    );
  const rows = await db
    .with('stays', stays)
    .with('measured', measured)
    .with('ranked', ranked)
    .from('ranked')
    .groupBy('stage_id', 'ended')
    .select(
      'stage_id',
      'ended',
      db.raw('count(*) as n'),
      db.raw('avg(days) as average'),
      // The middle row, or the mean of the two middle rows for an even count.
      db.raw('avg(case when rn in ((cnt + 1) / 2, (cnt + 2) / 2) then days end) as median'),
    );

  const found = new Map<string, DaysSummary>();
  for (const r of rows) {
    found.set(`${toInt(r.stage_id)}:${toInt(r.ended)}`, {
      count: toInt(r.n),
      average: days3(r.average),
      median: days3(r.median),
    });
  }
  return {
    pipelineId: input.pipelineId,
    stages: stages.map((s) => ({
      stageId: s.stageId,
      name: s.name,
      nameEn: s.nameEn,
      completed: found.get(`${s.stageId}:1`) ?? NONE,
      current: found.get(`${s.stageId}:0`) ?? NONE,
    })),
  };
}
