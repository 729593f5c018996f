// The one scoped query builder. Every read, list, report, export and write narrows its query
// through a Visibility built here, so "who sees what" is decided in one place.
import type { Knex } from 'knex';
import type { Db } from '../db/knex.ts';
import { toInt } from '../db/rows.ts';
import { memoize, type Context } from '../trpc/context.ts';
import type { Access } from '../trpc/init.ts';
import type { Identity } from './tokens.ts';

type Where = (qb: Knex.QueryBuilder) => void;

export interface Subtree {
  /** Teams the user manages, and every team below them. */
  teamIds: number[];
  /** The user, plus every member and manager of those teams. */
  userIds: number[];
}

/**
 * The team subtree a user manages, by a recursive query over teams.parent_id, with the members
 * and managers of those teams, in one statement (one round trip on PostgreSQL). Evaluated per
 * request (memoized within it), so a re-org takes effect on the very next call.
 */
export async function loadSubtree(db: Db | Knex.Transaction, userId: number): Promise<Subtree> {
  const inSubtree = () => db.select('id').from('subtree');
  const rows: { kind: string; id: unknown }[] = await db
    .withRecursive('subtree', ['id'], (qb) => {
      qb.select('id')
        .from('teams')
        .where('manager_id', userId)
        .whereNull('deleted_at')
        .union((u) => {
          u.select('t.id')
            .from('teams as t')
            .join('subtree as s', 't.parent_id', 's.id')
            .whereNull('t.deleted_at');
        });
    })
    .select(db.raw("'t' as kind"), 'id')
    .from('subtree')
    .unionAll((u) => {
      u.select(db.raw("'u' as kind"), 'user_id as id')
        .from('team_members')
        .whereIn('team_id', inSubtree());
    })
    .unionAll((u) => {
      u.select(db.raw("'u' as kind"), 'manager_id as id')
        .from('teams')
        .whereIn('id', inSubtree())
        .whereNotNull('manager_id');
    });
  const teamIds = rows.filter((r) => r.kind === 't').map((r) => toInt(r.id));
  const users = new Set<number>([userId]);
  for (const r of rows) if (r.kind === 'u') users.add(toInt(r.id));
  return { teamIds: teamIds.sort((a, b) => a - b), userIds: [...users].sort((a, b) => a - b) };
}

export class Visibility {
  constructor(
    readonly access: Access,
    readonly me: number,
    readonly subtree: Subtree,
  ) {}

  get scope() {
    return this.access.scope;
  }

  /** Records whose owner column the scope reaches. */
  owner(column: string): Where {
    return (qb) => {
      if (this.scope === 'own') qb.where(column, this.me);
      else if (this.scope === 'subtree') qb.whereIn(column, this.subtree.userIds);
    };
  }

  /** Owned within scope, or (for managers) assigned to a team in the subtree. */
  private ownedOrTeam(alias: string): Where {
    return (qb) => {
      if (this.scope === 'all') return;
      qb.where((w) => {
        this.owner(`${alias}.owner_id`)(w);
        if (this.scope === 'subtree' && this.subtree.teamIds.length) {
          w.orWhereIn(`${alias}.team_id`, this.subtree.teamIds);
        }
      });
    };
  }

  /** Partners: owned within scope, or (for managers) assigned to a team in the subtree. */
  partners(alias = 'partners'): Where {
    return this.ownedOrTeam(alias);
  }

  /** Leads: the same rule; an unassigned lead in a team's queue is its managers' to route. */
  leads(alias = 'leads'): Where {
    return this.ownedOrTeam(alias);
  }

  /** Opportunities: the same rule, plus those the caller collaborates on (协作团队). */
  opportunities(db: Db | Knex.Transaction, alias = 'opportunities'): Where {
    return (qb) => {
      if (this.scope === 'all') return;
      qb.where((w) => {
        this.ownedOrTeam(alias)(w);
        w.orWhereExists((e) => {
          e.select(db.raw('1'))
            .from('opportunity_collaborators as vc')
            .whereRaw(`vc.opportunity_id = ${alias}.id`)
            .whereNull('vc.deleted_at')
            .where('vc.user_id', this.me);
        });
      });
    };
  }

  /** Ids of live partners in scope, as a subquery. */
  private partnerIds(db: Db | Knex.Transaction) {
    return db('partners as vp')
      .select('vp.id')
      .whereNull('vp.deleted_at')
      .where(this.partners('vp'));
  }

  /** Contacts: owned within scope, or linked to a partner in scope. */
  contacts(db: Db | Knex.Transaction, alias = 'contacts'): Where {
    return (qb) => {
      if (this.scope === 'all') return;
      qb.where((w) => {
        this.owner(`${alias}.owner_id`)(w);
        w.orWhereExists((e) => {
          e.select(db.raw('1'))
            .from('partner_contacts as vl')
            .whereRaw(`vl.contact_id = ${alias}.id`)
            .whereNull('vl.deleted_at')
            .whereIn('vl.partner_id', this.partnerIds(db));
        });
      });
    };
  }

  /**
   * Activities: logged by someone in scope, or about a partner, lead or opportunity in scope (a
   * colleague's call on my lead, or on a deal I collaborate on, is part of its story).
   */
  activities(db: Db | Knex.Transaction, alias = 'activities'): Where {
    return (qb) => {
      if (this.scope === 'all') return;
      qb.where((w) => {
        this.owner(`${alias}.owner_id`)(w);
        w.orWhereIn(`${alias}.partner_id`, this.partnerIds(db));
        w.orWhereIn(
          `${alias}.lead_id`,
          db('leads as val').select('val.id').whereNull('val.deleted_at').where(this.leads('val')),
        );
        w.orWhereIn(
          `${alias}.opportunity_id`,
          db('opportunities as vao')
            .select('vao.id')
            .whereNull('vao.deleted_at')
            .where(this.opportunities(db, 'vao')),
        );
      });
    };
  }

  /** Targets: a rep's own; a manager's for the teams and people of the subtree. */
  targets(alias = 'targets'): Where {
    return (qb) => {
      if (this.scope === 'all') return;
      qb.where((w) => {
        this.owner(`${alias}.user_id`)(w);
        if (this.scope === 'subtree' && this.subtree.teamIds.length)
          w.orWhereIn(`${alias}.team_id`, this.subtree.teamIds);
      });
    };
  }

  /** Does the scope reach this team as a whole (its targets, its figures)? Only 'all' and 'subtree' do. */
  reachesTeam(teamId: number): boolean {
    if (this.scope === 'all') return true;
    return this.scope === 'subtree' && this.subtree.teamIds.includes(teamId);
  }

  /** May the caller make `userId` the owner of a record under this permission? */
  mayAssignTo(userId: number): boolean {
    if (this.scope === 'all') return true;
    if (this.scope === 'own') return userId === this.me;
    return this.subtree.userIds.includes(userId);
  }

  /** May the caller put a record in this team? */
  mayUseTeam(teamId: number, memberOf: number[]): boolean {
    if (this.scope === 'all') return true;
    if (this.scope === 'subtree')
      return this.subtree.teamIds.includes(teamId) || memberOf.includes(teamId);
    return memberOf.includes(teamId);
  }
}

type ScopedContext = Pick<Context, 'db' | 'memo'> & { identity: Identity; access: Access };

export async function visibility(ctx: ScopedContext): Promise<Visibility> {
  const me = ctx.identity.user.id;
  const subtree =
    ctx.access.scope === 'subtree'
      ? await memoize(ctx, `subtree:${me}`, () => loadSubtree(ctx.db, me))
      : { teamIds: [], userIds: [me] };
  return new Visibility(ctx.access, me, subtree);
}
