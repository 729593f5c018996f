// Reading opportunities: the board's list and column totals (one grouped query), and the full
// card (stage, checklist, people, competitors, lines with exact totals, stage history).
import type { Knex } from 'knex';
import type { z } from 'zod';
import type {
  OpportunityDetail,
  OpportunityLine,
  OpportunityListItem,
  opportunityListInput,
  opportunityStageTotalsInput,
  StageTotal,
} from '../../core/schemas/opportunities.ts';
import type { Db } from '../db/knex.ts';
import { stampsOf, toBool, toInt, toIntOrNull } from '../db/rows.ts';
import { visibility, type Visibility } from '../auth/scope.ts';
import { loadVisibleOpportunity, mapOpportunity, str, type Row } from './opportunity-parts.ts';
import { paginate } from './pagination.ts';
import { loadPipeline } from './pipeline-read.ts';
import { whereSearch } from './search.ts';
import type { ScopedCtx } from './scoped-ctx.ts';
import type { Trx } from './tx.ts';
import { weightedAmount } from '../../core/funnel/weighted.ts';

/** The list's filters alone (sync.pull filters the same way, without the list's paging). */
export type OpportunityFilters = Partial<
  Omit<z.infer<typeof opportunityListInput>, 'cursor' | 'limit' | 'direction' | 'sort'>
>;

/** The team and every team below it, as a subquery. */
function teamSubtree(db: Db, teamId: number) {
  return db
    .withRecursive('ot', ['id'], (qb) => {
      qb.select('id')
        .from('teams')
        .where('id', teamId)
        .union((u) => {
          u.select('t.id').from('teams as t').join('ot', 't.parent_id', 'ot.id');
        });
    })
    .select('id')
    .from('ot');
}

/** The caller's opportunities matching the list filters (the list, its totals, sync.pull). */
export function filtered(db: Db, vis: Visibility, f: OpportunityFilters): Knex.QueryBuilder {
  const q = db('opportunities as o').whereNull('o.deleted_at').where(vis.opportunities(db, 'o'));
  if (f.pipelineId) q.where('o.pipeline_id', f.pipelineId);
  if ('stageId' in f && f.stageId) q.where('o.stage_id', f.stageId);
  if (f.status) q.where('o.status', f.status);
  if (f.ownerId) q.where('o.owner_id', f.ownerId);
  if (f.teamId) q.whereIn('o.team_id', teamSubtree(db, f.teamId));
  if (f.partnerId) q.where('o.partner_id', f.partnerId);
  if (f.closeFrom) q.where('o.expected_close_date', '>=', f.closeFrom);
  if (f.closeTo) q.where('o.expected_close_date', '<=', f.closeTo);
  if (f.amountMin !== undefined) q.where('o.expected_revenue', '>=', f.amountMin);
  if (f.amountMax !== undefined) q.where('o.expected_revenue', '<=', f.amountMax);
  if (f.currency) q.where('o.currency', f.currency);
  if (f.tag)
    q.whereRaw(`o.tags LIKE ? ESCAPE '\\'`, [
      `%${JSON.stringify(f.tag).replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
    ]);
  if (f.search) q.where(whereSearch('o.search_text', f.search));
  return q;
}

const SORTS = {
  name: 'o.name',
  expectedCloseDate: 'o.expected_close_date',
  createdAt: 'o.created_at',
  updatedAt: 'o.updated_at',
  stageEnteredAt: 'o.stage_entered_at',
} as const;

export async function listOpportunities(
  ctx: ScopedCtx,
  input: z.infer<typeof opportunityListInput>,
) {
  const vis = await visibility(ctx);
  // The board's cards show the partner and the owner by name: joined here (one row each, so the
  // total is unchanged) rather than fetched card by card.
  const q = filtered(ctx.db, vis, input)
    .leftJoin('partners as lp', 'lp.id', 'o.partner_id')
    .leftJoin('users as lu', 'lu.id', 'o.owner_id')
    .select('o.*', 'lp.name as partner_name', 'lu.name as owner_name');
  // Only the expected closing date may be empty; the other sort columns are sorted bare.
  const notNull = input.sort !== 'expectedCloseDate';
  return paginate(q, SORTS[input.sort], 'o.id', input, mapListItem, { notNull });
}

function mapListItem(r: Row): OpportunityListItem {
  return {
    ...mapOpportunity(r),
    partnerName: String(r.partner_name ?? ''),
    ownerName: String(r.owner_name ?? ''),
  };
}

/**
 * Per stage and currency: count, Σ expected revenue, and the weighted sum Σ revenue × probability,
 * summed exactly in the database in one grouped query and divided by 100 once, rounded half-up
 * (money is never summed as floats). An empty revenue counts as 0.
 */
export async function stageTotals(
  ctx: ScopedCtx,
  input: z.infer<typeof opportunityStageTotalsInput>,
): Promise<StageTotal[]> {
  const vis = await visibility(ctx);
  const rows: Row[] = await filtered(ctx.db, vis, input)
    .groupBy('o.stage_id', 'o.currency')
    .orderBy(['o.stage_id', 'o.currency'])
    .select(
      'o.stage_id',
      'o.currency',
      ctx.db.raw('count(*) as n'),
      ctx.db.raw('sum(coalesce(o.expected_revenue, 0)) as amount'),
      ctx.db.raw('sum(coalesce(o.expected_revenue, 0) * o.probability) as weighted'),
    );
  return rows.map((r) => ({
    stageId: toInt(r.stage_id),
    currency: String(r.currency),
    count: toInt(r.n),
    amount: toInt(BigInt(String(r.amount)).toString()),
    weightedShares: BigInt(String(r.weighted)).toString(),
    weighted: weightedAmount(BigInt(String(r.weighted))),
  }));
}

/** quantityMilli × unitPrice / 1000, rounded half-up, in integers (never floats). */
export function lineTotal(quantityMilli: number, unitPrice: number): bigint {
  return (BigInt(quantityMilli) * BigInt(unitPrice) + 500n) / 1000n;
}

/** The full card of an opportunity the caller may see. */
export async function loadDetail(
  db: Db | Trx,
  vis: Visibility,
  id: number,
): Promise<OpportunityDetail> {
  const row = await loadVisibleOpportunity(db, vis, id);
  const opp = mapOpportunity(row);
  // One after another: inside a transaction they share one connection (pg warns on overlap).
  const pipeline = await loadPipeline(db, opp.pipelineId);
  const done: Row[] = await db('opportunity_tasks')
    .where({ opportunity_id: id })
    .whereNull('deleted_at');
  const partner = await db('partners').where({ id: opp.partnerId }).first('name');
  const collaborators: Row[] = await db('opportunity_collaborators as c')
    .join('users as u', 'u.id', 'c.user_id')
    .where('c.opportunity_id', id)
    .whereNull('c.deleted_at')
    .orderBy('c.id')
    .select('c.user_id', 'c.role', 'u.name');
  const contacts: Row[] = await db('opportunity_contacts as oc')
    .join('contacts as c', 'c.id', 'oc.contact_id')
    .where('oc.opportunity_id', id)
    .whereNull('oc.deleted_at')
    .orderBy('oc.id')
    .select('oc.*', 'c.name');
  const competitors: Row[] = await db('opportunity_competitors')
    .where({ opportunity_id: id })
    .whereNull('deleted_at')
    .orderBy('id');
  const lineRows: Row[] = await db('opportunity_lines')
    .where({ opportunity_id: id })
    .whereNull('deleted_at')
    .orderBy(['sequence', 'id']);
  const history: Row[] = await db('opportunity_stage_history')
    .where({ opportunity_id: id })
    .orderBy(['at', 'id']);
  const stage = pipeline.stages.find((s) => s.id === opp.stageId);
  const doneBy = new Map(done.map((d) => [toInt(d.stage_task_id), d]));
  const lines: OpportunityLine[] = lineRows.map((l) => {
    const quantityMilli = toInt(l.quantity_milli);
    const unitPrice = toInt(l.unit_price);
    return {
      id: toInt(l.id),
      productId: toIntOrNull(l.product_id),
      description: String(l.description),
      quantityMilli,
      unitPrice,
      total: toInt(lineTotal(quantityMilli, unitPrice).toString()),
    };
  });
  return {
    ...opp,
    partnerName: String(partner?.name ?? ''),
    stage: {
      id: opp.stageId,
      name: stage?.name ?? '',
      nameEn: stage?.nameEn ?? null,
      probability: stage?.probability ?? 0,
    },
    tasks: (stage?.tasks ?? []).map((t) => {
      const d = doneBy.get(t.id);
      const isDone = d ? toBool(d.done) : false;
      return {
        taskId: t.id,
        stageId: t.stageId,
        name: t.name,
        nameEn: t.nameEn,
        strict: t.strict,
        milestone: t.milestone,
        done: isDone,
        doneAt: isDone ? str(d?.done_at) : null,
        doneBy: isDone ? toIntOrNull(d?.done_by) : null,
      };
    }),
    collaborators: collaborators.map((c) => ({
      userId: toInt(c.user_id),
      name: String(c.name),
      role: str(c.role),
    })),
    contacts: contacts.map((c) => ({
      contactId: toInt(c.contact_id),
      name: String(c.name),
      decisionRole: c.decision_role as OpportunityDetail['contacts'][number]['decisionRole'],
      attitude: c.attitude as OpportunityDetail['contacts'][number]['attitude'],
      influence: toInt(c.influence),
    })),
    competitors: competitors.map((c) => ({
      name: String(c.name),
      price: toIntOrNull(c.price),
      currency: str(c.currency),
      strengths: str(c.strengths),
      weaknesses: str(c.weaknesses),
      ...stampsOf(c),
    })),
    lines,
    linesTotal: toInt(lines.reduce((sum, l) => sum + BigInt(l.total), 0n).toString()),
    history: history.map((h) => ({
      fromStageId: toIntOrNull(h.from_stage_id),
      toStageId: toInt(h.to_stage_id),
      status: h.status as OpportunityDetail['status'],
      at: String(h.at),
      userId: toIntOrNull(h.user_id),
      requestId: str(h.request_id),
      automatic: toBool(h.automatic),
    })),
  };
}

export async function getOpportunity(ctx: ScopedCtx, id: number) {
  return loadDetail(ctx.db, await visibility(ctx), id);
}
