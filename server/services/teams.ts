import { TRPCError } from '@trpc/server';
import type { z } from 'zod';
import type {
  Team,
  teamArchiveInput,
  teamCreateInput,
  teamMemberInput,
  teamUpdateInput,
} from '../../core/schemas/users.ts';
import type { Db } from '../db/knex.ts';
import { countOf, stampsOf, toBool, toInt, toIntOrNull } from '../db/rows.ts';
import { actorOf } from '../trpc/context.ts';
import { invalidField, notFound } from '../trpc/errors.ts';
import { audit, diff, type Actor } from './audit.ts';
import { writeTx, type Trx } from './tx.ts';
import { assertVersion, createStamps, softDelete, updateVersioned } from './versioned.ts';
import { assertFitManager } from './users.ts';
import type { ScopedCtx } from './scoped-ctx.ts';

type Row = Record<string, unknown>;

function mapTeam(r: Row, memberIds: number[]): Team {
  return {
    name: String(r.name),
    nameEn: r.name_en === null || r.name_en === undefined ? null : String(r.name_en),
    parentId: toIntOrNull(r.parent_id),
    managerId: toIntOrNull(r.manager_id),
    memberIds,
    ...stampsOf(r),
  };
}

/** Members of these teams that are live users, in one query. */
async function memberIdsOf(db: Db | Trx, teamIds: number[]): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>(teamIds.map((id) => [id, []]));
  if (!teamIds.length) return out;
  const rows = await db('team_members as m')
    .join('users as u', 'u.id', 'm.user_id')
    .whereNull('u.deleted_at')
    .whereIn('m.team_id', teamIds)
    .orderBy('m.user_id')
    .select('m.team_id', 'm.user_id');
  for (const r of rows) out.get(toInt(r.team_id))?.push(toInt(r.user_id));
  return out;
}

async function loadTeam(db: Db | Trx, id: number): Promise<Team> {
  const row = await db('teams').where({ id }).whereNull('deleted_at').first();
  if (!row) throw notFound('Team');
  return mapTeam(row, (await memberIdsOf(db, [id])).get(id) ?? []);
}

/** The whole tree: every live team; clients build the tree from `parentId`. */
export async function listTeams(ctx: ScopedCtx): Promise<Team[]> {
  const rows = await ctx.db('teams').whereNull('deleted_at').orderBy('id');
  const members = await memberIdsOf(
    ctx.db,
    rows.map((r) => toInt(r.id)),
  );
  return rows.map((r) => mapTeam(r, members.get(toInt(r.id)) ?? []));
}

export function getTeam(ctx: ScopedCtx, id: number) {
  return loadTeam(ctx.db, id);
}

/**
 * A live team, row-locked on PostgreSQL (a no-op under SQLite's BEGIN IMMEDIATE): archiving,
 * adding members and adding children all lock the team first, so none slips past another's check.
 */
async function lockTeam(trx: Trx, id: number): Promise<Row | undefined> {
  return trx('teams').where({ id }).whereNull('deleted_at').forUpdate().first();
}

async function lockParent(trx: Trx, parentId: number) {
  if (!(await lockTeam(trx, parentId)))
    throw invalidField('parentId', 'exists', 'is not an existing team');
}

/** The team and every live team below it. */
async function descendantsOf(trx: Trx, id: number): Promise<number[]> {
  const rows = await trx
    .withRecursive('down', ['id'], (qb) => {
      qb.select('id')
        .from('teams')
        .where('id', id)
        .union((u) => {
          u.select('t.id')
            .from('teams as t')
            .join('down as d', 't.parent_id', 'd.id')
            .whereNull('t.deleted_at');
        });
    })
    .select('id')
    .from('down');
  return rows.map((r) => toInt(r.id));
}

export async function createTeam(ctx: ScopedCtx, input: z.infer<typeof teamCreateInput>) {
  const actor = actorOf(ctx);
  return writeTx(ctx.db, async (trx) => {
    if (input.parentId !== null) await lockParent(trx, input.parentId);
    if (input.managerId !== null) await assertFitManager(trx, input.managerId, 'managerId');
    const fields = {
      name: input.name,
      name_en: input.nameEn ?? null,
      parent_id: input.parentId,
      manager_id: input.managerId,
    };
    const [row] = await trx('teams')
      .insert({ ...createStamps(actor), ...fields })
      .returning('id');
    const id = toInt((row as Row).id);
    await audit(trx, actor, 'teams', id, 'create', diff({}, fields));
    return loadTeam(trx, id);
  });
}

export async function updateTeam(ctx: ScopedCtx, input: z.infer<typeof teamUpdateInput>) {
  const actor = actorOf(ctx);
  const { patch } = input;
  return writeTx(ctx.db, async (trx) => {
    // A move is judged on the whole tree: lock it, so two crossing moves cannot both pass.
    if (patch.parentId !== undefined)
      await trx('teams').whereNull('deleted_at').orderBy('id').forUpdate().select('id');
    const before = await lockTeam(trx, input.id);
    if (!before) throw notFound('Team');
    assertVersion(before, input.version, 'Team');
    const values: Row = {};
    if (patch.name !== undefined) values.name = patch.name;
    if (patch.nameEn !== undefined) values.name_en = patch.nameEn;
    if (patch.parentId !== undefined) values.parent_id = patch.parentId;
    if (patch.managerId !== undefined) values.manager_id = patch.managerId;
    const changes = diff(before, values);
    if (Object.keys(changes).length === 0) return loadTeam(trx, input.id);
    if (changes.parent_id && patch.parentId) {
      if ((await descendantsOf(trx, input.id)).includes(patch.parentId))
        throw invalidField('parentId', 'cycle', 'would create a cycle');
      await lockParent(trx, patch.parentId);
    }
    if (changes.manager_id && patch.managerId)
      await assertFitManager(trx, patch.managerId, 'managerId');
    await updateVersioned(trx, 'teams', input.id, input.version, values, actor, 'Team');
    await audit(trx, actor, 'teams', input.id, 'update', changes);
    return loadTeam(trx, input.id);
  });
}

export async function archiveTeam(ctx: ScopedCtx, input: z.infer<typeof teamArchiveInput>) {
  const actor = actorOf(ctx);
  return writeTx(ctx.db, async (trx) => {
    const before = await lockTeam(trx, input.id);
    if (!before) throw notFound('Team');
    assertVersion(before, input.version, 'Team');
    const children = await trx('teams')
      .where({ parent_id: input.id })
      .whereNull('deleted_at')
      .count({ n: '*' })
      .first();
    const members = await trx('team_members as m')
      .join('users as u', 'u.id', 'm.user_id')
      .where('m.team_id', input.id)
      .whereNull('u.deleted_at')
      .count({ n: '*' })
      .first();
    const nChildren = countOf(children as { n?: unknown });
    const nMembers = countOf(members as { n?: unknown });
    if (nChildren || nMembers) {
      throw new TRPCError({
        code: 'CONFLICT',
        message: `The team still has ${nChildren} child team(s) and ${nMembers} member(s); move them out first`,
      });
    }
    const at = await softDelete(trx, actor, 'teams', input.id, input.version, 'Team');
    return { id: input.id, version: input.version + 1, archivedAt: at };
  });
}

/**
 * Membership rows carry no version; the team's own version and stamps are bumped instead, so
 * the Team record (which lists its members) shows the change to "changed since" readers.
 */
async function touchTeam(trx: Trx, team: Row, actor: Actor) {
  await updateVersioned(trx, 'teams', toInt(team.id), toInt(team.version), {}, actor, 'Team');
}

export async function addMember(ctx: ScopedCtx, input: z.infer<typeof teamMemberInput>) {
  const actor = actorOf(ctx);
  return writeTx(ctx.db, async (trx) => {
    const team = await lockTeam(trx, input.teamId);
    if (!team) throw notFound('Team');
    const user = await trx('users')
      .where({ id: input.userId })
      .whereNull('deleted_at')
      .first('active');
    if (!user || !toBool(user.active))
      throw invalidField('userId', 'active_user', 'must be an active user');
    const existing = await trx('team_members')
      .where({ team_id: input.teamId, user_id: input.userId })
      .first('id');
    if (existing)
      throw new TRPCError({
        code: 'CONFLICT',
        message: 'userId: is already a member of this team',
      });
    await trx('team_members').insert({
      team_id: input.teamId,
      user_id: input.userId,
      created_at: new Date().toISOString(),
      created_by: actor.userId,
    });
    await touchTeam(trx, team, actor);
    await audit(trx, actor, 'teams', input.teamId, 'add_member', {
      member_id: { old: null, new: input.userId },
    });
    return loadTeam(trx, input.teamId);
  });
}

export async function removeMember(ctx: ScopedCtx, input: z.infer<typeof teamMemberInput>) {
  const actor = actorOf(ctx);
  return writeTx(ctx.db, async (trx) => {
    const team = await lockTeam(trx, input.teamId);
    if (!team) throw notFound('Team');
    const n = await trx('team_members')
      .where({ team_id: input.teamId, user_id: input.userId })
      .delete();
    if (n === 0) throw notFound('Membership');
    await touchTeam(trx, team, actor);
    await audit(trx, actor, 'teams', input.teamId, 'remove_member', {
      member_id: { old: input.userId, new: null },
    });
    return loadTeam(trx, input.teamId);
  });
}
