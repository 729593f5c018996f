import { TRPCError } from '@trpc/server';
import type { z } from 'zod';
import type { Db } from '../db/knex.ts';
import { parseJsonArray, toBool, toInt } from '../db/rows.ts';
import { DUMMY_HASH, hashPassword, verifyPassword } from '../auth/passwords.ts';
import { mintToken, type Identity, type TokenKind } from '../auth/tokens.ts';
import type {
  changePasswordInput,
  loginInput,
  Me,
  profileInput,
  tokenCreateInput,
  TokenInfo,
} from '../../core/schemas/auth.ts';
import type { Role } from '../../core/permissions.ts';
import { audit, diff, type Actor } from './audit.ts';
import { writeTx } from './tx.ts';
import { notFound } from '../trpc/errors.ts';

const BAD_LOGIN = 'Email or password is wrong';

async function insertToken(
  db: Db,
  userId: number,
  kind: TokenKind,
  name: string,
  scopes: string[],
  allowedOrigins: string[],
  expiresAt: string | null,
) {
  const minted = mintToken();
  const [row] = await db('api_tokens')
    .insert({
      user_id: userId,
      kind,
      name,
      prefix: minted.prefix,
      secret_hash: minted.secretHash,
      scopes: JSON.stringify(scopes),
      allowed_origins: JSON.stringify(allowedOrigins),
      expires_at: expiresAt,
      created_at: new Date().toISOString(),
    })
    .returning('id');
  return {
    id: toInt((row as { id: unknown }).id),
    token: minted.token,
    prefix: minted.prefix,
    expiresAt,
  };
}

export async function login(db: Db, sessionHours: number, input: z.infer<typeof loginInput>) {
  const user = await db('users').where({ email: input.email }).whereNull('deleted_at').first();
  // Verify against a dummy hash when there is no such user, so timing does not reveal accounts.
  const ok = await verifyPassword(input.password, user ? String(user.password_hash) : DUMMY_HASH);
  if (!user || !ok) throw new TRPCError({ code: 'UNAUTHORIZED', message: BAD_LOGIN });
  if (!toBool(user.active))
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'This account is deactivated' });
  const expiresAt = new Date(Date.now() + sessionHours * 3600_000).toISOString();
  const t = await insertToken(
    db,
    toInt(user.id),
    'session',
    'Sign-in',
    ['read', 'write'],
    [],
    expiresAt,
  );
  return {
    token: t.token,
    expiresAt,
    user: {
      id: toInt(user.id),
      name: String(user.name),
      email: String(user.email),
      role: user.role as Role,
    },
  };
}

export async function logout(db: Db, identity: Identity) {
  await db('api_tokens')
    .where({ id: identity.token.id })
    .update({ revoked_at: new Date().toISOString() });
  return { ok: true as const };
}

export async function me(db: Db, identity: Identity): Promise<Me> {
  const [memberships, managed, token] = await Promise.all([
    db('team_members as m')
      .join('teams as t', 't.id', 'm.team_id')
      .whereNull('t.deleted_at')
      .where('m.user_id', identity.user.id)
      .select('m.team_id'),
    db('teams').where({ manager_id: identity.user.id }).whereNull('deleted_at').select('id'),
    db('api_tokens').where({ id: identity.token.id }).first('expires_at'),
  ]);
  return {
    id: identity.user.id,
    name: identity.user.name,
    email: identity.user.email,
    role: identity.user.role,
    locale: identity.user.locale === 'en' ? 'en' : 'zh-CN',
    teamIds: memberships.map((m) => toInt(m.team_id)).sort((a, b) => a - b),
    managedTeamIds: managed.map((m) => toInt(m.id)).sort((a, b) => a - b),
    token: {
      kind: identity.token.kind,
      scopes: identity.token.scopes,
      expiresAt: token?.expires_at ? String(token.expires_at) : null,
    },
  };
}

/**
 * Sessions may mint any token. A personal token with write scope may mint widget tokens only
 * (an intranet server minting a short-lived token per page view). Widget tokens mint nothing,
 * so a token copied out of a web page cannot be turned into a longer-lived one.
 */
export async function createToken(
  db: Db,
  identity: Identity,
  input: z.infer<typeof tokenCreateInput>,
) {
  const minter = identity.token;
  const allowed =
    minter.kind === 'session' ||
    (minter.kind === 'personal' && minter.scopes.includes('write') && input.kind === 'widget');
  if (!allowed) {
    throw new TRPCError({
      code: 'FORBIDDEN',
      message:
        minter.kind === 'widget'
          ? 'Widget tokens cannot create tokens'
          : 'A personal token may only create widget tokens; sign in to create personal tokens',
    });
  }
  // A token never carries more than the one that created it.
  const scopes = [...new Set(input.scopes)].filter((s) => minter.scopes.includes(s));
  if (scopes.length !== new Set(input.scopes).size) {
    throw new TRPCError({
      code: 'FORBIDDEN',
      message: 'scopes: a token cannot grant more than the token creating it',
    });
  }
  const ms =
    input.kind === 'widget' ? input.expiresInHours * 3600_000 : input.expiresInDays * 86400_000;
  const expiresAt = new Date(Date.now() + ms).toISOString();
  const t = await insertToken(
    db,
    identity.user.id,
    input.kind,
    input.name,
    scopes,
    input.allowedOrigins,
    expiresAt,
  );
  return {
    id: t.id,
    token: t.token,
    prefix: t.prefix,
    kind: input.kind,
    scopes,
    allowedOrigins: input.allowedOrigins,
    expiresAt,
  };
}

export async function listTokens(db: Db, identity: Identity): Promise<TokenInfo[]> {
  const now = new Date().toISOString();
  const rows = await db('api_tokens')
    .where({ user_id: identity.user.id })
    .whereNull('revoked_at')
    .where((w) => w.whereNull('expires_at').orWhere('expires_at', '>', now))
    .orderBy('id', 'desc');
  return rows.map((r) => ({
    id: toInt(r.id),
    kind: r.kind as TokenKind,
    name: String(r.name),
    prefix: `lds_${r.prefix}`,
    scopes: parseJsonArray(r.scopes),
    allowedOrigins: parseJsonArray(r.allowed_origins),
    expiresAt: r.expires_at ? String(r.expires_at) : null,
    lastUsedAt: r.last_used_at ? String(r.last_used_at) : null,
    createdAt: String(r.created_at),
    current: toInt(r.id) === identity.token.id,
  }));
}

export async function revokeToken(db: Db, identity: Identity, id: number) {
  if (identity.token.kind === 'widget') {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'Widget tokens cannot revoke tokens' });
  }
  const n = await db('api_tokens')
    .where({ id, user_id: identity.user.id })
    .whereNull('revoked_at')
    .update({ revoked_at: new Date().toISOString() });
  if (n === 0) throw notFound('Token');
  return { ok: true as const };
}

export async function updateProfile(
  db: Db,
  actor: Actor,
  identity: Identity,
  input: z.infer<typeof profileInput>,
) {
  return writeTx(db, async (trx) => {
    const before = await trx('users').where({ id: identity.user.id }).first();
    const changes = diff(before, input);
    if (Object.keys(changes).length) {
      await trx('users')
        .where({ id: identity.user.id })
        .update({
          ...input,
          version: toInt(before.version) + 1,
          updated_at: new Date().toISOString(),
          updated_by: identity.user.id,
        });
      await audit(trx, actor, 'users', identity.user.id, 'update', changes);
    }
    return { ok: true as const };
  });
}

export async function changePassword(
  db: Db,
  actor: Actor,
  identity: Identity,
  input: z.infer<typeof changePasswordInput>,
) {
  const user = await db('users').where({ id: identity.user.id }).first();
  if (!(await verifyPassword(input.currentPassword, String(user.password_hash)))) {
    throw new TRPCError({ code: 'BAD_REQUEST', message: 'currentPassword: is wrong' });
  }
  const hash = await hashPassword(input.newPassword);
  return writeTx(db, async (trx) => {
    await trx('users')
      .where({ id: identity.user.id })
      .update({
        password_hash: hash,
        version: toInt(user.version) + 1,
        updated_at: new Date().toISOString(),
        updated_by: identity.user.id,
      });
    await audit(trx, actor, 'users', identity.user.id, 'password', null);
    // Every other sign-in ends: whoever knew the old password loses their session too.
    await trx('api_tokens')
      .where({ user_id: identity.user.id, kind: 'session' })
      .whereNot({ id: identity.token.id })
      .whereNull('revoked_at')
      .update({ revoked_at: new Date().toISOString() });
    return { ok: true as const };
  });
}
