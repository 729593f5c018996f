// reports.forecast: per month, open revenue expected to close (total and weighted) and revenue
// won (by month of closing), per owner, per team subtree, or overall. One grouped query over a
// union of the two month sources; months without data are filled in as zero rows here.
import type { Knex } from 'knex';
import type { z } from 'zod';
import {
  monthsBetween,
  type ForecastReport,
  type ForecastRow,
  type forecastInput,
} from '../../../core/schemas/reports.ts';
import { monthOf, roundDiv } from '../../db/dialect.ts';
import { toIntOrNull } from '../../db/rows.ts';
import type { ScopedCtx } from '../scoped-ctx.ts';
import { instantBounds, intOr0, scopedOpportunities } from './shared.ts';

const lastDayOf = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
};

export async function forecastReport(
  ctx: ScopedCtx,
  input: z.infer<typeof forecastInput>,
): Promise<ForecastReport> {
  const { db } = ctx;
  const months = monthsBetween(input.from, input.to);
  const [firstDay, lastDay] = [`${input.from}-01`, lastDayOf(input.to)];
  const scoped = await scopedOpportunities(ctx);
  const base = () => {
    const q = scoped().where('o.currency', input.currency);
    if (input.pipelineId) q.where('o.pipeline_id', input.pipelineId);
    return q;
  };
  const expected = base()
    .where('o.status', 'open')
    .whereBetween('o.expected_close_date', [firstDay, lastDay])
    .select(
      'o.owner_id',
      'o.team_id',
      db.raw(`${monthOf('o.expected_close_date')} as month`),
      db.raw('coalesce(o.expected_revenue, 0) as total'),
      db.raw('coalesce(o.expected_revenue, 0) * o.probability as wsum'),
      db.raw('0 as won'),
    );
  const [start, end] = instantBounds({ from: firstDay, to: lastDay });
  const won = base()
    .where('o.status', 'won')
    .where('o.closed_at', '>=', start)
    .where('o.closed_at', '<', end)
    .select(
      'o.owner_id',
      'o.team_id',
      db.raw(`${monthOf('o.closed_at')} as month`),
      db.raw('0 as total'),
      db.raw('0 as wsum'),
      db.raw('coalesce(o.won_amount, 0) as won'),
    );
  const figures = [
    'x.month',
    db.raw('sum(x.total) as total'),
    db.raw(`${roundDiv(db, 'sum(x.wsum)', 100)} as weighted`),
    db.raw('sum(x.won) as won'),
  ];
  const q: Knex.QueryBuilder = db.from(expected.unionAll(won).as('x'));
  if (input.groupBy === 'owner') {
    q.select('x.owner_id as group_id', ...figures).groupBy('x.owner_id', 'x.month');
  } else if (input.groupBy === 'team') {
    // Each team's row covers its whole subtree: join every opportunity to all its team's ancestors.
    q.withRecursive(
      'up',
      ['ancestor', 'id'],
      db.raw(
        'select id, id from teams where deleted_at is null union all ' +
          'select up.ancestor, t.id from teams t join up on t.parent_id = up.id where t.deleted_at is null',
      ),
    );
    q.join('up', 'up.id', 'x.team_id')
      .select('up.ancestor as group_id', ...figures)
      .groupBy('up.ancestor', 'x.month');
  } else {
    q.select(db.raw('null as group_id'), ...figures).groupBy('x.month');
  }

  const cells = new Map<string, ForecastRow>();
  const groups = new Set<number | null>(input.groupBy === 'none' ? [null] : []);
  for (const r of await q) {
    const groupId = toIntOrNull(r.group_id);
    groups.add(groupId);
    cells.set(`${groupId}:${r.month}`, {
      groupId,
      month: String(r.month),
      total: intOr0(r.total),
      weighted: intOr0(r.weighted),
      won: intOr0(r.won),
    });
  }
  const rows: ForecastRow[] = [];
  for (const groupId of [...groups].sort((a, b) => (a ?? 0) - (b ?? 0))) {
    for (const month of months) {
      rows.push(
        cells.get(`${groupId}:${month}`) ?? { groupId, month, total: 0, weighted: 0, won: 0 },
      );
    }
  }
  return { currency: input.currency, groupBy: input.groupBy, months, rows };
}
