// The targets table in API shape, its natural key (subject, period, product, basis), and the
// scoped loads every targets service starts from.
import type { Knex } from 'knex';
import type { Target, TargetBasis } from '../../core/schemas/targets.ts';
import { periodRange, type PeriodKind } from '../../core/targets/periods.ts';
import type { Visibility } from '../auth/scope.ts';
import type { Db } from '../db/knex.ts';
import { stampsOf, toBool, toInt, toIntOrNull } from '../db/rows.ts';
import { notFound } from '../trpc/errors.ts';
import type { Trx } from './tx.ts';

export type TargetRow = Record<string, unknown>;

const INT_COLUMNS = [
  'id',
  'version',
  'team_id',
  'user_id',
  'product_id',
  'amount',
  'quantity',
  'parent_target_id',
  'weight',
];

/** One shape from both drivers (pg gives bigints as text, SQLite booleans as 0/1), so rows diff cleanly. */
function normalized(r: TargetRow | undefined): TargetRow | undefined {
  if (!r) return r;
  const out: TargetRow = { ...r, locked: toBool(r.locked) };
  for (const c of INT_COLUMNS) out[c] = toIntOrNull(r[c]);
  return out;
}

export function mapTarget(r: TargetRow): Target {
  const period = String(r.period);
  return {
    ...stampsOf(r),
    teamId: toIntOrNull(r.team_id),
    userId: toIntOrNull(r.user_id),
    periodKind: String(r.period_kind) as PeriodKind,
    period,
    ...periodRange(period),
    productId: toIntOrNull(r.product_id),
    currency: r.currency === null || r.currency === undefined ? null : String(r.currency),
    amount: toIntOrNull(r.amount),
    quantity: toIntOrNull(r.quantity),
    basis: String(r.basis) as TargetBasis,
    parentTargetId: toIntOrNull(r.parent_target_id),
    weight: toIntOrNull(r.weight),
    locked: toBool(r.locked),
  };
}

/** What makes a live target unique (the targets_live_key index). */
export interface TargetKey {
  teamId: number | null;
  userId: number | null;
  period: string;
  productId: number | null;
  basis: TargetBasis;
}

export function keyOf(r: TargetRow): TargetKey {
  return {
    teamId: toIntOrNull(r.team_id),
    userId: toIntOrNull(r.user_id),
    period: String(r.period),
    productId: toIntOrNull(r.product_id),
    basis: String(r.basis) as TargetBasis,
  };
}

const eqOrNull = (qb: Knex.QueryBuilder, column: string, value: number | null) =>
  value === null ? qb.whereNull(column) : qb.where(column, value);

/** The live target with this key, locked for the transaction on PostgreSQL. */
export async function findByKey(trx: Trx, key: TargetKey): Promise<TargetRow | undefined> {
  const q = trx('targets').whereNull('deleted_at').where({ period: key.period, basis: key.basis });
  eqOrNull(q, 'team_id', key.teamId);
  eqOrNull(q, 'user_id', key.userId);
  eqOrNull(q, 'product_id', key.productId);
  return normalized((await q.forUpdate().first()) as TargetRow | undefined);
}

/** A live target the caller's scope reaches, locked for the transaction; NOT_FOUND otherwise. */
export async function lockVisibleTarget(trx: Trx, vis: Visibility, id: number): Promise<TargetRow> {
  const row = normalized(
    (await trx('targets as targets')
      .where('targets.id', id)
      .whereNull('targets.deleted_at')
      .where(vis.targets('targets'))
      .forUpdate()
      .first('targets.*')) as TargetRow | undefined,
  );
  if (!row) throw notFound('Target');
  return row;
}

export async function loadVisibleTarget(db: Db, vis: Visibility, id: number): Promise<TargetRow> {
  const row = normalized(
    (await db('targets as targets')
      .where('targets.id', id)
      .whereNull('targets.deleted_at')
      .where(vis.targets('targets'))
      .first('targets.*')) as TargetRow | undefined,
  );
  if (!row) throw notFound('Target');
  return row;
}

/** A live target by id (no scope: for rows reached through one already checked), locked. */
export async function lockTarget(trx: Trx, id: number): Promise<TargetRow | undefined> {
  return normalized(
    (await trx('targets').where({ id }).whereNull('deleted_at').forUpdate().first()) as
      TargetRow | undefined,
  );
}

/** A breakdown part splits its parent's period (a quarter of a year) or its team (a child team or person, same period). */
export type Dimension = 'period' | 'tree';
export const dimensionOf = (child: TargetRow, parent: TargetRow): Dimension =>
  child.period === parent.period ? 'tree' : 'period';

/** The live parts a breakdown made of `parentId`, locked, in a stable order. */
export async function liveChildren(trx: Trx, parentId: number): Promise<TargetRow[]> {
  const rows = (await trx('targets')
    .where('parent_target_id', parentId)
    .whereNull('deleted_at')
    .orderBy('period')
    .orderBy('id')
    .forUpdate()) as TargetRow[];
  return rows.map((r) => normalized(r)!);
}

/** A live team or user the scope reaches, or NOT_FOUND (their existence is not revealed). */
export async function assertSubject(
  trx: Trx | Db,
  vis: Visibility,
  subject: { teamId: number | null; userId: number | null },
): Promise<void> {
  if (subject.teamId !== null) {
    const team = await trx('teams')
      .where({ id: subject.teamId })
      .whereNull('deleted_at')
      .first('id');
    if (!team || !vis.reachesTeam(subject.teamId)) throw notFound('Team');
    return;
  }
  const userId = subject.userId!;
  const user = await trx('users').where({ id: userId }).whereNull('deleted_at').first('id');
  if (!user || !vis.mayAssignTo(userId)) throw notFound('User');
}

export const idOf = (r: TargetRow) => toInt(r.id);
