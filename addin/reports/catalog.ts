// The reports the add-in pulls into sheets (task pane) and returns as spilled arrays
// (=LODESTONE.REPORT): each is one server report with sensible defaults, laid out as a table
// (layouts.ts) in the user's language.
import type { LodestoneClient } from '../../core/client.ts';
import type { PaneLocale } from '../taskpane/i18n.ts';
import { layoutReport, type ReportAnswers } from './layouts.ts';
import type { ReportTable } from './table.ts';

export const REPORT_NAMES = [
  'funnel',
  'forecast',
  'conversion',
  'receivablesAging',
  'margin',
  'targets',
] as const satisfies readonly (keyof ReportAnswers)[];
export type ReportName = (typeof REPORT_NAMES)[number];

export interface ReportParams {
  currency?: string;
  /** `YYYY` or `YYYY-MM`: the year reported (a month reports its year); this year by default. */
  period?: string;
  pipelineId?: number;
  teamId?: number;
  ownerId?: number;
}

const year = (p: ReportParams) =>
  Number((p.period ?? String(new Date().getUTCFullYear())).slice(0, 4));

async function defaultPipeline(client: LodestoneClient): Promise<number> {
  const { items } = await client.pipelines.list.query({});
  const found = items.find((p) => p.isDefault) ?? items[0];
  if (!found) throw new Error('no pipeline');
  return found.id;
}

type Fetchers = {
  [K in ReportName]: (client: LodestoneClient, p: ReportParams) => Promise<ReportAnswers[K]>;
};

const FETCH: Fetchers = {
  funnel: async (client, p) =>
    client.reports.funnel.query({
      pipelineId: p.pipelineId ?? (await defaultPipeline(client)),
      currency: p.currency ?? 'CNY',
      ...(p.ownerId ? { ownerId: p.ownerId } : {}),
      ...(p.teamId ? { teamId: p.teamId } : {}),
    }),
  forecast: (client, p) =>
    client.reports.forecast.query({
      currency: p.currency ?? 'CNY',
      from: `${year(p)}-01`,
      to: `${year(p)}-12`,
      groupBy: 'none',
    }),
  conversion: async (client, p) =>
    client.reports.conversion.query({
      pipelineId: p.pipelineId ?? (await defaultPipeline(client)),
      period: { from: `${year(p)}-01-01`, to: `${year(p)}-12-31` },
    }),
  receivablesAging: (client, p) =>
    client.reports.receivablesAging.query({ groupBy: 'customer', currency: p.currency ?? 'CNY' }),
  margin: (client, p) =>
    client.reports.margin.query({
      groupBy: 'customer',
      from: `${year(p)}-01-01`,
      to: `${year(p)}-12-31`,
      currency: p.currency ?? 'CNY',
    }),
  targets: async (client, p) => {
    const ask = (periodKind: 'year' | 'month') =>
      client.reports.targets.query({
        year: year(p),
        periodKind,
        currency: p.currency ?? 'CNY',
        ...(p.teamId ? { teamId: p.teamId } : {}),
      });
    // Asked together: the client's batch link sends both in one request.
    const [whole, months] = await Promise.all([ask('year'), ask('month')]);
    return { year: whole, months };
  },
};

/** The report's answer as the server gives it. */
export function fetchReport<K extends ReportName>(
  client: LodestoneClient,
  name: K,
  p: ReportParams = {},
): Promise<ReportAnswers[K]> {
  return FETCH[name](client, p);
}

/** The report fetched and laid out as Excel shows it. */
export async function reportTable(
  client: LodestoneClient,
  name: ReportName,
  locale: PaneLocale,
  p: ReportParams = {},
): Promise<ReportTable> {
  return layoutReport(name, await fetchReport(client, name, p), locale);
}
