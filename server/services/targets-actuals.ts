// What was attained, per person and per team, for any number of periods, in one grouped query:
// approved orders (line gross and quantity, by order_date; an order that is cancelled or still in
// draft, submitted or rejected counts nowhere) or receipts (amount, by receipt_date). A person's
// figure is what they own; a team's is what everyone in its subtree owns (its members and
// managers and those of every team below it, each person once), as Kingdee rolls 指标 up the tree.
import type { Knex } from 'knex';
import type { TargetBasis } from '../../core/schemas/targets.ts';
import { periodRange } from '../../core/targets/periods.ts';
import type { Visibility } from '../auth/scope.ts';
import type { Db } from '../db/knex.ts';
import { toInt } from '../db/rows.ts';
import { activeReceipts } from './receipts-read.ts';

export interface ActualsRequest {
  periods: string[];
  basis: TargetBasis;
  currency: string;
  /** Order lines of this product only (orders basis); null: every line. */
  productId: number | null;
  teamIds: number[];
  userIds: number[];
}

export interface Actual {
  amount: number;
  quantity: number;
}

export const subjectKey = (kind: 'team' | 'user', id: number, period: string) =>
  `${kind}:${id}:${period}`;

/** The documents that count, as (owner_id, day, amount, quantity), narrowed to the caller's scope. */
function facts(db: Db, vis: Visibility, req: ActualsRequest): Knex.QueryBuilder {
  if (req.basis === 'receipts') {
    return db('receipts as r')
      .whereNull('r.deleted_at')
      .where(activeReceipts('r'))
      .where('r.currency', req.currency)
      .whereNotNull('r.owner_id')
      .where(vis.owner('r.owner_id'))
      .select(
        'r.owner_id as owner_id',
        'r.receipt_date as day',
        'r.amount as amount',
        db.raw('0 as quantity'),
      );
  }
  const q = db('order_lines as l')
    .join('orders as o', 'o.id', 'l.order_id')
    .where('o.status', 'approved')
    .whereNull('o.deleted_at')
    .where('o.currency', req.currency)
    .where(vis.owner('o.owner_id'))
    .select(
      'o.owner_id as owner_id',
      'o.order_date as day',
      'l.gross as amount',
      'l.quantity as quantity',
    );
  if (req.productId !== null) q.where('l.product_id', req.productId);
  return q;
}

/** The periods as a table of (period, from_day, to_day), both days included. */
function periodTable(db: Db, periods: string[]) {
  const cell = 'cast(? as varchar(10))';
  return db.raw(
    periods
      .map(() => `select ${cell} as period, ${cell} as from_day, ${cell} as to_day`)
      .join(' union all '),
    periods.flatMap((p) => {
      const { from, to } = periodRange(p);
      return [p, from, to];
    }),
  );
}

/**
 * Attained amount and quantity per `subjectKey` for the requested people and teams and every
 * period; absent keys attained nothing.
 */
export async function actualsFor(
  db: Db,
  vis: Visibility,
  req: ActualsRequest,
): Promise<Map<string, Actual>> {
  const out = new Map<string, Actual>();
  if (!req.periods.length || (!req.teamIds.length && !req.userIds.length)) return out;
  const inPeriod = (j: Knex.JoinClause) => {
    j.on('f.day', '>=', 'p.from_day').andOn('f.day', '<=', 'p.to_day');
  };
  const sums = [db.raw('sum(f.amount) as amount'), db.raw('sum(f.quantity) as quantity')];
  const q = db
    .withRecursive('up', ['ancestor', 'team_id'], (qb) => {
      qb.select('id', 'id')
        .from('teams')
        .whereNull('deleted_at')
        .unionAll((u) => {
          u.select('up.ancestor', 't.id')
            .from('teams as t')
            .join('up', 't.parent_id', 'up.team_id')
            .whereNull('t.deleted_at');
        });
    })
    // Everyone in each team's subtree, once: members and managers of the team and every team below.
    .with('reach', ['team_id', 'user_id'], (qb) => {
      qb.select('up.ancestor', 'm.user_id')
        .from('up')
        .join('team_members as m', 'm.team_id', 'up.team_id')
        .union((u) => {
          u.select('up.ancestor', 't.manager_id')
            .from('up')
            .join('teams as t', 't.id', 'up.team_id')
            .whereNotNull('t.manager_id');
        });
    })
    .with('p', periodTable(db, req.periods))
    .with('f', facts(db, vis, req))
    // Each side grouped in a subquery of its own: a compound select takes one trailing GROUP BY.
    .select('*')
    .from(
      db
        .select(db.raw("'user' as kind"), 'f.owner_id as subject_id', 'p.period', ...sums)
        .from('f')
        .join('p', inPeriod)
        .whereIn('f.owner_id', req.userIds.length ? req.userIds : [0])
        .groupBy('f.owner_id', 'p.period')
        .as('people'),
    )
    .unionAll((u) => {
      u.select('*').from(
        db
          .select(db.raw("'team' as kind"), 'r.team_id as subject_id', 'p.period', ...sums)
          .from('f')
          .join('reach as r', 'r.user_id', 'f.owner_id')
          .join('p', inPeriod)
          .whereIn('r.team_id', req.teamIds.length ? req.teamIds : [0])
          .groupBy('r.team_id', 'p.period')
          .as('teams'),
      );
    });
  for (const r of (await q) as Record<string, unknown>[]) {
    out.set(subjectKey(r.kind as 'team' | 'user', toInt(r.subject_id), String(r.period)), {
      amount: toInt(r.amount ?? 0),
      quantity: toInt(r.quantity ?? 0),
    });
  }
  return out;
}
