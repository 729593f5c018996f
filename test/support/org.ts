// A small company for tests: the team tree the permission matrix needs (own, teammate, deep
// subtree, other subtree), one user per role, and callers that act as each of them.
import { createCallerFactory } from '../../server/trpc/init.ts';
import { appRouter } from '../../server/trpc/app-router.ts';
import type { Context } from '../../server/trpc/context.ts';
import { RateLimiter } from '../../server/http/rate-limit.ts';
import { hashPassword } from '../../server/auth/passwords.ts';
import type { Identity, TokenKind } from '../../server/auth/tokens.ts';
import { mintToken } from '../../server/auth/tokens.ts';
import { toInt } from '../../server/db/rows.ts';
import type { Role } from '../../core/permissions.ts';
import type { TestDatabase } from './databases.ts';

export const PASSWORD = 'correct-horse-42';
const passwordHash = await hashPassword(PASSWORD);

export const USERS = {
  admin: { role: 'admin', name: 'Ada Admin' },
  mgrEast: { role: 'manager', name: '王东 East Manager' },
  mgrSouth: { role: 'manager', name: '李南 South Manager' },
  rep1: { role: 'rep', name: '张一 Rep One' },
  rep2: { role: 'rep', name: '陈二 Rep Two' },
  repDeep: { role: 'rep', name: '赵深 Deep Rep' },
  repSouth: { role: 'rep', name: '刘南 South Rep' },
  finance: { role: 'finance', name: '钱财 Finance' },
} as const satisfies Record<string, { role: Role; name: string }>;
export type UserKey = keyof typeof USERS;

export interface Org {
  users: Record<UserKey, number>;
  teams: {
    hq: number;
    east: number;
    shanghai: number;
    pudong: number;
    south: number;
    shenzhen: number;
  };
}

const createCaller = createCallerFactory(appRouter);
export type Caller = ReturnType<typeof createCaller>;

export async function createOrg(tdb: TestDatabase): Promise<Org> {
  const { db } = tdb;
  const at = new Date().toISOString();
  const stamps = { version: 1, created_at: at, updated_at: at };
  const users = {} as Record<UserKey, number>;
  for (const [key, u] of Object.entries(USERS)) {
    const [row] = await db('users')
      .insert({
        ...stamps,
        email: `${key.toLowerCase()}@test.lodestone`,
        name: u.name,
        role: u.role,
        locale: 'zh-CN',
        active: true,
        password_hash: passwordHash,
      })
      .returning('id');
    users[key as UserKey] = toInt((row as { id: unknown }).id);
  }
  const team = async (
    name: string,
    parentId: number | null,
    managerId: number | null,
    members: number[],
  ) => {
    const [row] = await db('teams')
      .insert({ ...stamps, name, parent_id: parentId, manager_id: managerId })
      .returning('id');
    const id = toInt((row as { id: unknown }).id);
    for (const m of members)
      await db('team_members').insert({ team_id: id, user_id: m, created_at: at });
    return id;
  };
  const hq = await team('总部 HQ', null, null, [users.admin, users.finance]);
  const east = await team('华东区 East', hq, users.mgrEast, []);
  const shanghai = await team('上海组 Shanghai', east, null, [users.rep1, users.rep2]);
  const pudong = await team('浦东组 Pudong', shanghai, null, [users.repDeep]);
  const south = await team('华南区 South', hq, users.mgrSouth, []);
  const shenzhen = await team('深圳组 Shenzhen', south, null, [users.repSouth]);
  return { users, teams: { hq, east, shanghai, pudong, south, shenzhen } };
}

export function baseContext(
  tdb: TestDatabase,
  identity: Identity | null,
  extra: Partial<Context> = {},
): Context {
  return {
    db: tdb.db,
    config: tdb.config,
    rateLimiter: new RateLimiter(0),
    requestId: `test-${Math.random().toString(36).slice(2)}`,
    ip: '127.0.0.1',
    origin: null,
    identity,
    authFailure: null,
    memo: new Map(),
    ...extra,
  };
}

/** Inserts a real token row for a user (so auth paths, expiry and last-use are exercised). */
export async function insertToken(
  tdb: TestDatabase,
  userId: number,
  opts: {
    kind?: TokenKind;
    scopes?: string[];
    allowedOrigins?: string[];
    expiresAt?: string | null;
  } = {},
) {
  const minted = mintToken();
  const [row] = await tdb
    .db('api_tokens')
    .insert({
      user_id: userId,
      kind: opts.kind ?? 'personal',
      name: 'test token',
      prefix: minted.prefix,
      secret_hash: minted.secretHash,
      scopes: JSON.stringify(opts.scopes ?? ['read', 'write']),
      allowed_origins: JSON.stringify(opts.allowedOrigins ?? []),
      expires_at:
        opts.expiresAt === undefined
          ? new Date(Date.now() + 3600_000).toISOString()
          : opts.expiresAt,
      created_at: new Date().toISOString(),
    })
    .returning('id');
  return { id: toInt((row as { id: unknown }).id), token: minted.token };
}

/** A caller acting as `key`, through a real token row (session kind unless told otherwise). */
export async function callerAs(
  tdb: TestDatabase,
  org: Org,
  key: UserKey,
  opts: { kind?: TokenKind; scopes?: string[] } = {},
): Promise<Caller> {
  const userId = org.users[key];
  const kind = opts.kind ?? 'session';
  const scopes = opts.scopes ?? ['read', 'write'];
  const { id } = await insertToken(tdb, userId, { kind, scopes });
  const identity: Identity = {
    user: {
      id: userId,
      role: USERS[key].role,
      name: USERS[key].name,
      email: `${key.toLowerCase()}@test.lodestone`,
      locale: 'zh-CN',
    },
    token: { id, kind, scopes, allowedOrigins: [] },
  };
  // A fresh context per call, as over HTTP: per-request memos (the team subtree) never leak
  // from one call into the next.
  return createCaller(() => baseContext(tdb, identity));
}

export function anonymousCaller(tdb: TestDatabase, extra: Partial<Context> = {}): Caller {
  return createCaller(baseContext(tdb, null, extra));
}
