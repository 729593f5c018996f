// The board's data and the pure changes made to it: loading columns and totals in one batched
// round trip, paging a column, and the optimistic move / removal / undo of a card. No DOM here.
import type { LodestoneClient } from '../../core/client.ts';
import type { CloseReason, Pipeline, PipelineStage } from '../../core/schemas/pipelines.ts';
import type { OpportunityListItem, StageTotal } from '../../core/schemas/opportunities.ts';
import type { Team, User } from '../../core/schemas/users.ts';
import type { PipelineDef } from '../../core/funnel/stage-engine.ts';
import { localDay } from '../shared/format.ts';
import { weightedAmount, weightedShare } from '../../core/funnel/weighted.ts';

/** Cards fetched per column at a time; the virtualizer asks for the next page near the end. */
export const PAGE_SIZE = 100;

export const PERIODS = [
  'this-month',
  'next-month',
  'this-quarter',
  'next-quarter',
  'this-year',
] as const;
export type Period = (typeof PERIODS)[number];

export interface BoardFilters {
  ownerId?: number;
  teamId?: number;
  closeFrom?: string;
  closeTo?: string;
}

/** Per currency: count, Σ expected revenue and Σ weighted revenue (minor units), and the exact
 * sum of weighted shares the weighted figure is rounded from (core/funnel/weighted). */
export type Totals = Map<
  string,
  { count: number; amount: number; weighted: number; weightedShares: bigint }
>;

export interface Column {
  stage: PipelineStage;
  /** Loaded so far, in the server's order (expected closing date, empty first, then id). */
  items: OpportunityListItem[];
  /** For the next page; null when everything is loaded. */
  cursor: string | null;
  totals: Totals;
}

export interface BoardData {
  pipeline: Pipeline;
  columns: Column[];
  /** The clock every card's "days in stage" counts against, taken at load. */
  loadedAt: Date;
}

/** What the toolbar and the dialogs need besides the board itself, loaded once per client. */
export interface BoardMeta {
  pipelines: Pipeline[];
  users: User[];
  teams: Team[];
  closeReasons: CloseReason[];
}

export async function loadMeta(client: LodestoneClient, signal: AbortSignal): Promise<BoardMeta> {
  const [pipelines, users, teams] = await Promise.all([
    client.pipelines.list.query({}, { signal }),
    client.users.list.query({ limit: 500 }, { signal }),
    client.teams.list.query(undefined, { signal }),
  ]);
  return {
    pipelines: pipelines.items,
    users: users.items,
    teams,
    closeReasons: pipelines.closeReasons,
  };
}

/** The `pipeline` attribute's pipeline, else the default one, else the first. */
export function choosePipeline(meta: BoardMeta, id: number | undefined): Pipeline | undefined {
  return (
    meta.pipelines.find((p) => p.id === id) ??
    meta.pipelines.find((p) => p.isDefault) ??
    meta.pipelines[0]
  );
}

/** A closing period as a `closeFrom`..`closeTo` range of calendar days, in the browser's zone. */
export function periodRange(period: string, now: Date): { closeFrom?: string; closeTo?: string } {
  const y = now.getFullYear();
  const m = now.getMonth();
  const q = Math.floor(m / 3) * 3;
  const range = (fromMonth: number, months: number) => ({
    closeFrom: localDay(new Date(y, fromMonth, 1)),
    closeTo: localDay(new Date(y, fromMonth + months, 0)),
  });
  switch (period) {
    case 'this-month':
      return range(m, 1);
    case 'next-month':
      return range(m + 1, 1);
    case 'this-quarter':
      return range(q, 3);
    case 'next-quarter':
      return range(q + 3, 3);
    case 'this-year':
      return range(0, 12);
    default:
      return {};
  }
}

function totalsOf(rows: StageTotal[]): Map<number, Totals> {
  const out = new Map<number, Totals>();
  for (const r of rows) {
    const t = out.get(r.stageId) ?? new Map();
    t.set(r.currency, {
      count: r.count,
      amount: r.amount,
      weighted: r.weighted,
      weightedShares: BigInt(r.weightedShares),
    });
    out.set(r.stageId, t);
  }
  return out;
}

/** Every column's first page and the exact totals: one HTTP request (the client batches them). */
export async function loadBoard(
  client: LodestoneClient,
  pipeline: Pipeline,
  filters: BoardFilters,
  signal: AbortSignal,
): Promise<BoardData> {
  const base = { pipelineId: pipeline.id, status: 'open' as const, ...filters };
  const [totals, ...pages] = await Promise.all([
    client.opportunities.stageTotals.query(base, { signal }),
    ...pipeline.stages.map((s) =>
      client.opportunities.list.query({ ...base, stageId: s.id, limit: PAGE_SIZE }, { signal }),
    ),
  ]);
  const byStage = totalsOf(totals);
  return {
    pipeline,
    loadedAt: new Date(),
    columns: pipeline.stages.map((stage, i) => ({
      stage,
      items: pages[i]!.items,
      cursor: pages[i]!.nextCursor,
      totals: byStage.get(stage.id) ?? new Map(),
    })),
  };
}

/** The next page of one column. */
export async function loadMore(
  client: LodestoneClient,
  data: BoardData,
  stageId: number,
  filters: BoardFilters,
): Promise<{ items: OpportunityListItem[]; cursor: string | null }> {
  const column = data.columns.find((c) => c.stage.id === stageId);
  if (!column?.cursor) return { items: [], cursor: null };
  const page = await client.opportunities.list.query({
    pipelineId: data.pipeline.id,
    status: 'open',
    ...filters,
    stageId,
    limit: PAGE_SIZE,
    cursor: column.cursor,
  });
  return { items: page.items, cursor: page.nextCursor };
}

/** Appends a page to a column; cards already there (moved in meanwhile) are not repeated. */
export function withPage(
  data: BoardData,
  stageId: number,
  page: { items: OpportunityListItem[]; cursor: string | null },
): BoardData {
  return replaceColumn(data, stageId, (c) => {
    const seen = new Set(c.items.map((o) => o.id));
    return {
      ...c,
      items: [...c.items, ...page.items.filter((o) => !seen.has(o.id))],
      cursor: page.cursor,
    };
  });
}

/** Exact totals from the server, by stage (after a move was confirmed). */
export async function fetchTotals(
  client: LodestoneClient,
  pipelineId: number,
  filters: BoardFilters,
): Promise<Map<number, Totals>> {
  return totalsOf(
    await client.opportunities.stageTotals.query({ pipelineId, status: 'open', ...filters }),
  );
}

export function withTotals(data: BoardData, byStage: Map<number, Totals>): BoardData {
  return {
    ...data,
    columns: data.columns.map((c) => ({ ...c, totals: byStage.get(c.stage.id) ?? new Map() })),
  };
}

function replaceColumn(data: BoardData, stageId: number, change: (c: Column) => Column) {
  return {
    ...data,
    columns: data.columns.map((c) => (c.stage.id === stageId ? change(c) : c)),
  };
}

/** The server's order within a column: closing date ascending with empty first, then id. */
function before(a: OpportunityListItem, b: OpportunityListItem): boolean {
  const da = a.expectedCloseDate ?? '';
  const db = b.expectedCloseDate ?? '';
  return da < db || (da === db && a.id < b.id);
}

function addToTotals(totals: Totals, o: OpportunityListItem, sign: 1 | -1): Totals {
  const out = new Map(totals);
  const t = out.get(o.currency) ?? { count: 0, amount: 0, weighted: 0, weightedShares: 0n };
  // The same rule as the server's totals: shares are summed exactly, rounded once.
  const weightedShares =
    t.weightedShares + BigInt(sign) * weightedShare(o.expectedRevenue, o.probability);
  const next = {
    count: t.count + sign,
    amount: t.amount + sign * (o.expectedRevenue ?? 0),
    weighted: weightedAmount(weightedShares),
    weightedShares,
  };
  if (next.count <= 0) out.delete(o.currency);
  else out.set(o.currency, next);
  return out;
}

export function findCard(
  data: BoardData,
  id: number,
): { item: OpportunityListItem; column: Column; index: number } | undefined {
  for (const column of data.columns) {
    const index = column.items.findIndex((o) => o.id === id);
    if (index >= 0) return { item: column.items[index]!, column, index };
  }
  return undefined;
}

/** Takes the card out of its column (closed, or leaving for another). */
export function withoutCard(data: BoardData, id: number): BoardData {
  const found = findCard(data, id);
  if (!found) return data;
  return replaceColumn(data, found.column.stage.id, (c) => ({
    ...c,
    items: c.items.filter((o) => o.id !== id),
    totals: addToTotals(c.totals, found.item, -1),
  }));
}

/** Puts `item` in the column of `item.stageId`, in the server's order, replacing any old copy. */
export function withCard(data: BoardData, item: OpportunityListItem): BoardData {
  const cleared = withoutCard(data, item.id);
  return replaceColumn(cleared, item.stageId, (c) => {
    const items = [...c.items];
    // Past the loaded part of a longer column it goes last, so a moved card stays in sight;
    // the page it belongs to skips it when it comes.
    let at = items.findIndex((o) => before(item, o));
    if (at < 0) at = items.length;
    items.splice(at, 0, item);
    return { ...c, items, totals: addToTotals(c.totals, item, 1) };
  });
}

/** Swaps in the server's copy of a card without touching the totals (a confirmed move). */
export function withUpdatedCard(data: BoardData, item: OpportunityListItem): BoardData {
  const found = findCard(data, item.id);
  if (!found) return data;
  return replaceColumn(data, found.column.stage.id, (c) => ({
    ...c,
    items: c.items.map((o) => (o.id === item.id ? item : o)),
  }));
}

/** The stage engine's view of a pipeline (a stage of the API carries all it needs). */
export function pipelineDef(pipeline: Pipeline): PipelineDef {
  return { id: pipeline.id, stages: pipeline.stages };
}

/** Number of cards in a column over all currencies. */
export function countOf(totals: Totals): number {
  let n = 0;
  for (const t of totals.values()) n += t.count;
  return n;
}
