// What every funnel report shares: the caller's scope over opportunities, period bounds, the
// team-subtree subquery and the pipeline's stages (the one small lookup beside each aggregate).
import type { Knex } from 'knex';
import type { Period } from '../../../core/schemas/reports.ts';
import type { Db } from '../../db/knex.ts';
import { toInt } from '../../db/rows.ts';
import { visibility } from '../../auth/scope.ts';
import { notFound } from '../../trpc/errors.ts';
import type { ScopedCtx } from '../scoped-ctx.ts';

/**
 * A maker of queries over live opportunities as `o`, narrowed to what the caller may see. A
 * function rather than the builder itself: a builder is thenable, so an async function returning
 * one would run it.
 */
export async function scopedOpportunities(ctx: ScopedCtx): Promise<() => Knex.QueryBuilder> {
  const where = (await visibility(ctx)).opportunities(ctx.db, 'o');
  return () => ctx.db('opportunities as o').whereNull('o.deleted_at').where(where);
}

/** A period of days as half-open bounds on ISO instants: [from 00:00Z, day after `to` 00:00Z). */
export function instantBounds(p: Period): [string, string] {
  const end = new Date(`${p.to}T00:00:00.000Z`);
  end.setUTCDate(end.getUTCDate() + 1);
  return [`${p.from}T00:00:00.000Z`, end.toISOString()];
}

/** Ids of a team and every live team below it, as a subquery. */
export function teamSubtree(db: Db, teamId: number): Knex.QueryBuilder {
  return db
    .withRecursive('rt', ['id'], (qb) => {
      qb.select('id')
        .from('teams')
        .where('id', teamId)
        .whereNull('deleted_at')
        .unionAll((u) => {
          u.select('t.id')
            .from('teams as t')
            .join('rt', 't.parent_id', 'rt.id')
            .whereNull('t.deleted_at');
        });
    })
    .select('id')
    .from('rt');
}

export interface StageInfo {
  stageId: number;
  name: string;
  nameEn: string | null;
  probability: number;
  sequence: number;
}

/** The pipeline's live stages in order; NOT_FOUND for an unknown pipeline (pipelines are readable by all). */
export async function stagesOf(db: Db, pipelineId: number): Promise<StageInfo[]> {
  const rows = await db('pipelines as p')
    .leftJoin('pipeline_stages as s', (j) => {
      j.on('s.pipeline_id', 'p.id').andOnNull('s.deleted_at');
    })
    .where('p.id', pipelineId)
    .whereNull('p.deleted_at')
    .orderBy([{ column: 's.sequence' }, { column: 's.id' }])
    .select('s.id', 's.name', 's.name_en', 's.probability', 's.sequence');
  if (!rows.length) throw notFound('Pipeline');
  return rows
    .filter((r) => r.id !== null)
    .map((r) => ({
      stageId: toInt(r.id),
      name: String(r.name),
      nameEn: r.name_en === null ? null : String(r.name_en),
      probability: toInt(r.probability),
      sequence: toInt(r.sequence),
    }));
}

/** A nullable aggregate (sum over no rows) as an integer. */
export const intOr0 = (v: unknown): number => (v === null || v === undefined ? 0 : toInt(v));

/** A fractional aggregate (pg numeric arrives as text) to three decimals, or null. */
export function days3(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  return Math.round(Number(v) * 1000) / 1000;
}
