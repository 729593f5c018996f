import { TRPCError } from '@trpc/server';
import type { z } from 'zod';
import type {
  User,
  userCreateInput,
  userListInput,
  userSetPasswordInput,
  userUpdateInput,
} from '../../core/schemas/users.ts';
import type { Role } from '../../core/permissions.ts';
import type { Db } from '../db/knex.ts';
import { stampsOf, toBool, toInt } from '../db/rows.ts';
import { hashPassword } from '../auth/passwords.ts';
import { actorOf } from '../trpc/context.ts';
import { invalidField, isUniqueViolation, notFound } from '../trpc/errors.ts';
import { audit, diff } from './audit.ts';
import { paginate } from './pagination.ts';
import { whereSearch } from './search.ts';
import { writeTx, type Trx } from './tx.ts';
import { assertVersion, createStamps, updateVersioned } from './versioned.ts';
import type { ScopedCtx } from './scoped-ctx.ts';

type Row = Record<string, unknown>;

/** Roles that may manage a team (and so reach its subtree). */
const MANAGER_ROLES: readonly Role[] = ['manager', 'admin'];

// Deliberately lists columns: password_hash must never leave this module.
const USER_COLUMNS = [
  'id',
  'version',
  'created_at',
  'created_by',
  'updated_at',
  'updated_by',
  'email',
  'name',
  'phone',
  'role',
  'locale',
  'active',
].map((c) => `u.${c}`);

function mapUser(r: Row, teamIds: number[]): User {
  return {
    email: String(r.email),
    name: String(r.name),
    phone: r.phone === null || r.phone === undefined ? null : String(r.phone),
    role: r.role as Role,
    locale: r.locale === 'en' ? 'en' : 'zh-CN',
    active: toBool(r.active),
    teamIds,
    ...stampsOf(r),
  };
}

/** Live-team memberships of these users, in one query. */
async function teamIdsOf(db: Db | Trx, userIds: number[]): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>(userIds.map((id) => [id, []]));
  if (!userIds.length) return out;
  const rows = await db('team_members as m')
    .join('teams as t', 't.id', 'm.team_id')
    .whereNull('t.deleted_at')
    .whereIn('m.user_id', userIds)
    .orderBy('m.team_id')
    .select('m.user_id', 'm.team_id');
  for (const r of rows) out.get(toInt(r.user_id))?.push(toInt(r.team_id));
  return out;
}

async function loadUser(db: Db | Trx, id: number): Promise<User> {
  const row = await db('users as u')
    .select(USER_COLUMNS)
    .where('u.id', id)
    .whereNull('u.deleted_at')
    .first();
  if (!row) throw notFound('User');
  return mapUser(row, (await teamIdsOf(db, [id])).get(id) ?? []);
}

export async function listUsers(ctx: ScopedCtx, input: z.infer<typeof userListInput>) {
  const q = ctx.db('users as u').select(USER_COLUMNS).whereNull('u.deleted_at');
  if (!input.includeInactive) q.where('u.active', true);
  if (input.role) q.where('u.role', input.role);
  if (input.search) q.where(whereSearch(`LOWER(u.name || ' ' || u.email)`, input.search));
  if (input.teamId) {
    q.whereExists((e) =>
      e
        .select(ctx.db.raw('1'))
        .from('team_members as tm')
        .whereRaw('tm.user_id = u.id')
        .where('tm.team_id', input.teamId),
    );
  }
  const page = await paginate(q, 'u.name', 'u.id', input, (r) => mapUser(r, []));
  const teams = await teamIdsOf(
    ctx.db,
    page.items.map((u) => u.id),
  );
  return { ...page, items: page.items.map((u) => ({ ...u, teamIds: teams.get(u.id) ?? [] })) };
}

export function getUser(ctx: ScopedCtx, id: number) {
  return loadUser(ctx.db, id);
}

const emailUsed = () => new TRPCError({ code: 'CONFLICT', message: 'email: already used' });

/** The unique index covers deactivated and deleted users too, so this check does as well. */
async function assertEmailFree(trx: Trx, email: string, exceptId?: number) {
  const q = trx('users').where({ email }).first('id');
  if (exceptId) q.whereNot({ id: exceptId });
  if (await q) throw emailUsed();
}

/** A concurrent insert can pass the check above; its unique violation means the same thing. */
async function sameEmailConflict<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (err) {
    if (isUniqueViolation(err)) throw emailUsed();
    throw err;
  }
}

export async function createUser(ctx: ScopedCtx, input: z.infer<typeof userCreateInput>) {
  // Hashing takes tens of milliseconds: do it before the write lock is taken.
  const passwordHash = await hashPassword(input.password);
  const actor = actorOf(ctx);
  return writeTx(ctx.db, async (trx) => {
    await assertEmailFree(trx, input.email);
    const fields = {
      email: input.email,
      name: input.name,
      role: input.role,
      locale: input.locale,
      phone: input.phone ?? null,
      active: true,
    };
    const [row] = await sameEmailConflict(
      trx('users')
        .insert({ ...createStamps(actor), ...fields, password_hash: passwordHash })
        .returning('id'),
    );
    const id = toInt((row as Row).id);
    await audit(trx, actor, 'users', id, 'create', diff({}, fields));
    return loadUser(trx, id);
  });
}

/**
 * Locks the rows a role or active change is judged on (PostgreSQL; SQLite's BEGIN IMMEDIATE
 * already serializes writers), so two admins demoting each other at once cannot both pass.
 */
async function lockActiveAdmins(trx: Trx): Promise<number[]> {
  const rows = await trx('users')
    .where({ role: 'admin', active: true })
    .whereNull('deleted_at')
    .orderBy('id')
    .forUpdate()
    .select('id');
  return rows.map((r) => toInt(r.id));
}

/** Refuses a change that would leave no active admin, or a team without a fit manager. */
async function assertRoleChangeAllowed(
  trx: Trx,
  before: Row,
  after: { role: Role; active: boolean },
  admins: number[],
) {
  const id = toInt(before.id);
  const field = after.active ? 'role' : 'active';
  const staysAdmin = after.role === 'admin' && after.active;
  if (!staysAdmin && admins.length === 1 && admins[0] === id) {
    throw invalidField(
      field,
      'last_admin',
      'this is the last active admin; make another user admin first',
    );
  }
  if (after.active && MANAGER_ROLES.includes(after.role)) return;
  const managed = await trx('teams').where({ manager_id: id }).whereNull('deleted_at').select('id');
  if (managed.length) {
    throw invalidField(
      field,
      'team_manager',
      `this user manages ${managed.length} team(s); give them another manager first`,
    );
  }
}

export async function updateUser(ctx: ScopedCtx, input: z.infer<typeof userUpdateInput>) {
  const actor = actorOf(ctx);
  const { patch } = input;
  const touchesRole = patch.role !== undefined || patch.active !== undefined;
  return writeTx(ctx.db, async (trx) => {
    const admins = touchesRole ? await lockActiveAdmins(trx) : [];
    const before = await trx('users')
      .where({ id: input.id })
      .whereNull('deleted_at')
      .forUpdate()
      .first();
    if (!before) throw notFound('User');
    assertVersion(before, input.version, 'User');
    const values: Row = {};
    for (const [k, v] of Object.entries(patch)) if (v !== undefined) values[k] = v;
    const changes = diff(before, values);
    if (Object.keys(changes).length === 0) return loadUser(trx, input.id);
    if (changes.role || changes.active) {
      await assertRoleChangeAllowed(
        trx,
        before,
        {
          role: (patch.role ?? before.role) as Role,
          active: patch.active ?? toBool(before.active),
        },
        admins,
      );
    }
    if (patch.email) await assertEmailFree(trx, patch.email, input.id);
    await sameEmailConflict(
      updateVersioned(trx, 'users', input.id, input.version, values, actor, 'User'),
    );
    await audit(trx, actor, 'users', input.id, 'update', changes);
    // A deactivated account's tokens die with it, so reactivating it revives none of them.
    if (changes.active && patch.active === false) {
      await trx('api_tokens')
        .where({ user_id: input.id })
        .whereNull('revoked_at')
        .update({ revoked_at: new Date().toISOString() });
    }
    return loadUser(trx, input.id);
  });
}

/** An admin sets a password (a forgotten one, say): every sign-in of that user ends. */
export async function setPassword(ctx: ScopedCtx, input: z.infer<typeof userSetPasswordInput>) {
  const passwordHash = await hashPassword(input.password);
  const actor = actorOf(ctx);
  return writeTx(ctx.db, async (trx) => {
    const before = await trx('users')
      .where({ id: input.id })
      .whereNull('deleted_at')
      .first('version');
    if (!before) throw notFound('User');
    await updateVersioned(
      trx,
      'users',
      input.id,
      toInt(before.version),
      { password_hash: passwordHash },
      actor,
      'User',
    );
    await audit(trx, actor, 'users', input.id, 'password', null);
    // Personal tokens (scripts, Excel) are not sign-ins and survive; an admin resetting their
    // own password keeps the session they are using.
    await trx('api_tokens')
      .where({ user_id: input.id, kind: 'session' })
      .whereNot({ id: ctx.identity.token.id })
      .whereNull('revoked_at')
      .update({ revoked_at: new Date().toISOString() });
    return { ok: true as const };
  });
}

/** For team managers: an active user whose role may manage, or a field error on `field`. */
export async function assertFitManager(trx: Trx, userId: number, field: string): Promise<void> {
  // Locked so that a concurrent deactivation or demotion waits for this write (PostgreSQL).
  const user = await trx('users')
    .where({ id: userId })
    .whereNull('deleted_at')
    .forUpdate()
    .first('role', 'active');
  if (!user || !toBool(user.active) || !MANAGER_ROLES.includes(user.role as Role)) {
    throw invalidField(field, 'manager', 'must be an active user with role manager or admin');
  }
}
