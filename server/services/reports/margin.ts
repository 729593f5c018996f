// reports.margin (Lingdang's 客户毛利统计表): gross margin of approved orders (cancelled, draft,
// submitted and rejected ones count nowhere) by customer, product or month of order_date. Revenue
// is the line net (after line and header discounts, before tax); cost is quantity × the unit cost
// the line was written with, half-up per line as core/money's extend rounds it. One grouped query.
import type { Knex } from 'knex';
import type { z } from 'zod';
import type {
  MarginFigures,
  MarginReport,
  MarginRow,
  marginInput,
} from '../../../core/schemas/margin.ts';
import { divideHalfUp, sum } from '../../../core/money/index.ts';
import { visibility } from '../../auth/scope.ts';
import { monthOf, roundDiv } from '../../db/dialect.ts';
import type { Db } from '../../db/knex.ts';
import { toInt, toIntOrNull } from '../../db/rows.ts';
import type { ScopedCtx } from '../scoped-ctx.ts';
import { intOr0, teamSubtree } from './shared.ts';

/** quantity (thousandths) × unit cost, half away from zero to minor units, per line; 0 without a cost. */
function lineCost(db: Db): string {
  const product = 'l.quantity * l.unit_cost';
  return (
    `case when l.unit_cost is null then 0 ` +
    `when ${product} >= 0 then ${roundDiv(db, product, 1000)} ` +
    `else 0 - ${roundDiv(db, `0 - ${product}`, 1000)} end`
  );
}

const GROUPS: Record<MarginReport['groupBy'], { select: string[]; group: string[] }> = {
  customer: {
    select: ['p.id as id', 'p.code as key', 'p.name as name'],
    group: ['p.id', 'p.code', 'p.name'],
  },
  product: {
    select: ['pr.id as id', 'pr.code as key', 'pr.name as name', 'pr.name_en as name_en'],
    group: ['pr.id', 'pr.code', 'pr.name', 'pr.name_en'],
  },
  month: { select: [], group: [] },
};

function figures(r: Record<string, unknown>): MarginFigures {
  const revenue = intOr0(r.revenue);
  const cost = intOr0(r.cost);
  return {
    currency: String(r.currency),
    revenue,
    cost,
    margin: revenue - cost,
    marginBp: marginBp(revenue, revenue - cost),
    quantity: intOr0(r.quantity),
    orders: toInt(r.orders),
    lines: toInt(r.lines),
    uncostedLines: intOr0(r.uncosted_lines),
    uncostedRevenue: intOr0(r.uncosted_revenue),
  };
}

const marginBp = (revenue: number, margin: number) =>
  revenue === 0 ? null : Number(divideHalfUp(BigInt(margin) * 10_000n, BigInt(revenue)));

/** Sums of one currency's rows (orders counted once, over the distinct orders of the rows). */
function totalOf(currency: string, rows: MarginRow[], orders: number): MarginFigures {
  const add = (
    k: 'revenue' | 'cost' | 'quantity' | 'lines' | 'uncostedLines' | 'uncostedRevenue',
  ) => sum(rows.map((r) => r[k]));
  const revenue = add('revenue');
  const cost = add('cost');
  return {
    currency,
    revenue,
    cost,
    margin: revenue - cost,
    marginBp: marginBp(revenue, revenue - cost),
    quantity: add('quantity'),
    orders,
    lines: add('lines'),
    uncostedLines: add('uncostedLines'),
    uncostedRevenue: add('uncostedRevenue'),
  };
}

export async function marginReport(
  ctx: ScopedCtx,
  input: z.infer<typeof marginInput>,
): Promise<MarginReport> {
  const { db } = ctx;
  const vis = await visibility(ctx);
  const lines = () => {
    const q: Knex.QueryBuilder = db('order_lines as l')
      .join('orders as o', 'o.id', 'l.order_id')
      .where('o.status', 'approved')
      .whereNull('o.deleted_at')
      .whereBetween('o.order_date', [input.from, input.to])
      .where(vis.owner('o.owner_id'));
    if (input.currency) q.where('o.currency', input.currency);
    if (input.partnerId) q.where('o.partner_id', input.partnerId);
    if (input.productId) q.where('l.product_id', input.productId);
    if (input.ownerId) q.where('o.owner_id', input.ownerId);
    if (input.teamId) q.whereIn('o.team_id', teamSubtree(db, input.teamId));
    return q;
  };
  const group = GROUPS[input.groupBy];
  const q = lines().select(
    'o.currency',
    ...group.select,
    db.raw('sum(l.net) as revenue'),
    db.raw(`sum(${lineCost(db)}) as cost`),
    db.raw('sum(l.quantity) as quantity'),
    db.raw('count(distinct o.id) as orders'),
    db.raw('count(*) as lines'),
    db.raw('sum(case when l.unit_cost is null then 1 else 0 end) as uncosted_lines'),
    db.raw('sum(case when l.unit_cost is null then l.net else 0 end) as uncosted_revenue'),
  );
  if (input.groupBy === 'customer') q.join('partners as p', 'p.id', 'o.partner_id');
  if (input.groupBy === 'product') q.leftJoin('products as pr', 'pr.id', 'l.product_id');
  if (input.groupBy === 'month') {
    q.select(db.raw(`${monthOf('o.order_date')} as key`)).groupBy(
      'o.currency',
      db.raw(monthOf('o.order_date')),
    );
  } else {
    q.groupBy('o.currency', ...group.group);
  }
  // Distinct orders per currency for the totals: one order spans several product rows.
  const orderCounts = lines()
    .select('o.currency', db.raw('count(distinct o.id) as orders'))
    .groupBy('o.currency');
  const [rowsRaw, countsRaw] = await Promise.all([q, orderCounts]);
  const rows: MarginRow[] = (rowsRaw as Record<string, unknown>[]).map((r) => ({
    ...figures(r),
    id: input.groupBy === 'month' ? null : toIntOrNull(r.id),
    key: r.key === null || r.key === undefined ? null : String(r.key),
    name: r.name === null || r.name === undefined ? null : String(r.name),
    nameEn: r.name_en === null || r.name_en === undefined ? null : String(r.name_en),
  }));
  rows.sort(
    (a, b) =>
      a.currency.localeCompare(b.currency) ||
      (input.groupBy === 'month'
        ? String(a.key).localeCompare(String(b.key))
        : b.revenue - a.revenue || (a.id ?? 0) - (b.id ?? 0)),
  );
  const orders = new Map(
    (countsRaw as Record<string, unknown>[]).map((r) => [String(r.currency), toInt(r.orders)]),
  );
  const currencies = [...orders.keys()].sort();
  return {
    groupBy: input.groupBy,
    from: input.from,
    to: input.to,
    rows,
    totals: currencies.map((c) =>
      totalOf(
        c,
        rows.filter((r) => r.currency === c),
        orders.get(c)!,
      ),
    ),
  };
}
