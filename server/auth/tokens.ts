import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/knex.ts';
import { parseJsonArray, toBool, toInt } from '../db/rows.ts';
import type { Role } from '../../core/permissions.ts';

export type TokenKind = 'session' | 'personal' | 'widget';

/** Who is calling, as established from a bearer token. */
export interface Identity {
  user: { id: number; role: Role; name: string; email: string; locale: string };
  token: { id: number; kind: TokenKind; scopes: string[]; allowedOrigins: string[] };
}

export type AuthFailure = 'invalid' | 'expired' | 'origin' | 'inactive';

// `lds_` + 10 hex chars of public prefix (shown in lists, used for lookup) + a 256-bit secret.
const TOKEN_RE = /^lds_([0-9a-f]{10})([A-Za-z0-9_-]{43})$/;

function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

export function mintToken(): { token: string; prefix: string; secretHash: string } {
  const prefix = randomBytes(5).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { token: `lds_${prefix}${secret}`, prefix, secretHash: sha256(secret) };
}

// Writing last_used_at on every call would turn each read into a write; once a minute is plenty.
const LAST_USED_GRANULARITY_MS = 60_000;

export async function authenticate(
  db: Db,
  rawToken: string,
  origin: string | null,
  now = new Date(),
): Promise<Identity | AuthFailure> {
  const m = TOKEN_RE.exec(rawToken);
  if (!m) return 'invalid';
  const [, prefix, secret] = m as unknown as [string, string, string];
  const row = await db('api_tokens as t')
    .join('users as u', 'u.id', 't.user_id')
    .where('t.prefix', prefix)
    .whereNull('t.revoked_at')
    .whereNull('u.deleted_at')
    .first(
      't.id',
      't.kind',
      't.secret_hash',
      't.scopes',
      't.allowed_origins',
      't.expires_at',
      't.last_used_at',
      'u.id as user_id',
      'u.role',
      'u.name',
      'u.email',
      'u.locale',
      'u.active',
    );
  if (!row) return 'invalid';
  const expected = Buffer.from(String(row.secret_hash), 'hex');
  const actual = Buffer.from(sha256(secret), 'hex');
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return 'invalid';
  if (row.expires_at && String(row.expires_at) <= now.toISOString()) return 'expired';
  if (!toBool(row.active)) return 'inactive';
  const allowedOrigins = parseJsonArray(row.allowed_origins);
  // Widget tokens live in web pages; bound to their origins, a copied token is useless elsewhere.
  if (allowedOrigins.length > 0 && (origin === null || !allowedOrigins.includes(origin))) {
    return 'origin';
  }
  const lastUsed = row.last_used_at ? Date.parse(String(row.last_used_at)) : 0;
  if (now.getTime() - lastUsed > LAST_USED_GRANULARITY_MS) {
    await db('api_tokens').where('id', row.id).update({ last_used_at: now.toISOString() });
  }
  return {
    user: {
      id: toInt(row.user_id),
      role: row.role as Role,
      name: String(row.name),
      email: String(row.email),
      locale: String(row.locale),
    },
    token: {
      id: toInt(row.id),
      kind: row.kind as TokenKind,
      scopes: parseJsonArray(row.scopes),
      allowedOrigins,
    },
  };
}
