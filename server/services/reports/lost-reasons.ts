// reports.lostReasons: opportunities closed lost or invalid in the period, per close reason
// (count and expected revenue). One grouped query; the reason's names come with the grouping.
import type { z } from 'zod';
import type { LostReasonsReport, lostReasonsInput } from '../../../core/schemas/reports.ts';
import { toInt, toIntOrNull } from '../../db/rows.ts';
import type { ScopedCtx } from '../scoped-ctx.ts';
import { instantBounds, intOr0, scopedOpportunities } from './shared.ts';

export async function lostReasonsReport(
  ctx: ScopedCtx,
  input: z.infer<typeof lostReasonsInput>,
): Promise<LostReasonsReport> {
  const { db } = ctx;
  const [start, end] = instantBounds(input.period);
  const q = (await scopedOpportunities(ctx))()
    .leftJoin('close_reasons as cr', 'cr.id', 'o.close_reason_id')
    .where('o.currency', input.currency)
    .whereIn('o.status', ['lost', 'invalid'])
    .where('o.closed_at', '>=', start)
    .where('o.closed_at', '<', end)
    .groupBy('o.status', 'o.close_reason_id', 'cr.name', 'cr.name_en')
    .select(
      'o.status',
      'o.close_reason_id',
      'cr.name',
      'cr.name_en',
      db.raw('count(*) as n'),
      db.raw('sum(coalesce(o.expected_revenue, 0)) as amount'),
    );
  if (input.pipelineId) q.where('o.pipeline_id', input.pipelineId);
  const found: Record<string, unknown>[] = await q;
  const rows = found.map((r) => ({
    outcome: r.status as 'lost' | 'invalid',
    reasonId: toIntOrNull(r.close_reason_id),
    name: r.name === null ? null : String(r.name),
    nameEn: r.name_en === null ? null : String(r.name_en),
    count: toInt(r.n),
    amount: intOr0(r.amount),
  }));
  // Lost before invalid, then the most frequent first; ties by reason id so the order is stable.
  rows.sort(
    (a, b) =>
      Number(a.outcome === 'invalid') - Number(b.outcome === 'invalid') ||
      b.count - a.count ||
      (a.reasonId ?? 0) - (b.reasonId ?? 0),
  );
  return { currency: input.currency, rows };
}
