// The reports the add-in pulls into sheets (task pane) and returns as spilled arrays
// (=LODESTONE.REPORT): each is one server report with sensible defaults, flattened to a table.
import type { LodestoneClient } from '../../core/client.ts';

export const REPORT_NAMES = [
  'funnel',
  'forecast',
  'conversion',
  'receivablesAging',
  'margin',
  'targets',
] as const;
export type ReportName = (typeof REPORT_NAMES)[number];

/** The chart drawn beside each report's table. */
export const CHART_OF: Record<ReportName, 'ColumnClustered' | 'Line' | 'BarClustered'> = {
  funnel: 'BarClustered',
  forecast: 'Line',
  conversion: 'ColumnClustered',
  receivablesAging: 'ColumnClustered',
  margin: 'BarClustered',
  targets: 'ColumnClustered',
};

export interface ReportParams {
  currency?: string;
  /** `YYYY` or `YYYY-MM`: the year or month reported; this year by default. */
  period?: string;
  pipelineId?: number;
  teamId?: number;
  ownerId?: number;
}

export type Scalar = string | number | boolean | null;

export interface ReportTable {
  headers: string[];
  rows: Scalar[][];
}

const year = (p: ReportParams) =>
  Number((p.period ?? String(new Date().getUTCFullYear())).slice(0, 4));

async function defaultPipeline(client: LodestoneClient): Promise<number> {
  const { items } = await client.pipelines.list.query({});
  const found = items.find((p) => p.isDefault) ?? items[0];
  if (!found) throw new Error('no pipeline');
  return found.id;
}

/** The report's answer as the server gives it. */
export async function fetchReport(
  client: LodestoneClient,
  name: ReportName,
  p: ReportParams = {},
): Promise<unknown> {
  const currency = p.currency ?? 'CNY';
  const y = year(p);
  const period = { from: `${y}-01-01`, to: `${y}-12-31` };
  switch (name) {
    case 'funnel':
      return client.reports.funnel.query({
        pipelineId: p.pipelineId ?? (await defaultPipeline(client)),
        currency,
        ...(p.ownerId ? { ownerId: p.ownerId } : {}),
        ...(p.teamId ? { teamId: p.teamId } : {}),
      });
    case 'forecast':
      return client.reports.forecast.query({
        currency,
        from: `${y}-01`,
        to: `${y}-12`,
        groupBy: 'none',
      });
    case 'conversion':
      return client.reports.conversion.query({
        pipelineId: p.pipelineId ?? (await defaultPipeline(client)),
        period,
      });
    case 'receivablesAging':
      return client.reports.receivablesAging.query({ groupBy: 'customer', currency });
    case 'margin':
      return client.reports.margin.query({ groupBy: 'customer', ...period, currency });
    case 'targets':
      return client.reports.targets.query({
        year: y,
        currency,
        ...(p.teamId ? { teamId: p.teamId } : {}),
      });
  }
}

const isScalar = (v: unknown): v is Scalar =>
  v === null || ['string', 'number', 'boolean'].includes(typeof v);

/** The largest list of records in an answer (the report's rows), found breadth-first. */
function rowsOf(answer: unknown): Record<string, unknown>[] {
  let best: Record<string, unknown>[] = [];
  const queue: unknown[] = [answer];
  while (queue.length) {
    const next = queue.shift();
    if (Array.isArray(next)) {
      if (next.length > best.length && next.every((r) => r && typeof r === 'object'))
        best = next as Record<string, unknown>[];
    } else if (next && typeof next === 'object') queue.push(...Object.values(next));
  }
  return best;
}

/** A report answer as a table: one column per scalar field (nested figures flattened a.b). */
export function tableOf(answer: unknown): ReportTable {
  const flat = rowsOf(answer).map((r) => {
    const out: Record<string, Scalar> = {};
    const walk = (o: Record<string, unknown>, prefix: string) => {
      for (const [k, v] of Object.entries(o)) {
        if (isScalar(v)) out[prefix + k] = v;
        else if (v && typeof v === 'object' && !Array.isArray(v))
          walk(v as Record<string, unknown>, `${prefix}${k}.`);
      }
    };
    walk(r, '');
    return out;
  });
  const headers = [...new Set(flat.flatMap((r) => Object.keys(r)))];
  return { headers, rows: flat.map((r) => headers.map((h) => r[h] ?? null)) };
}
