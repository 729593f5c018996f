import type { Db } from '../db/knex.ts';
import type { ServerConfig } from '../config.ts';
import type { AuthFailure, Identity } from '../auth/tokens.ts';
import type { RateLimiter } from '../http/rate-limit.ts';

/** What every procedure receives. Built per request by the HTTP layer, or directly by tests. */
export interface Context {
  db: Db;
  config: ServerConfig;
  rateLimiter: RateLimiter;
  requestId: string;
  /** Remote address, for rate limiting anonymous callers. */
  ip: string;
  /** The request's Origin header (widget tokens are bound to it). */
  origin: string | null;
  identity: Identity | null;
  /** Why the bearer token was refused, when one was sent and refused. */
  authFailure: AuthFailure | null;
  /** Per-request memo (the caller's team subtree is computed once per request). */
  memo: Map<string, Promise<unknown>>;
}

export function memoize<T>(
  ctx: Pick<Context, 'memo'>,
  key: string,
  fn: () => Promise<T>,
): Promise<T> {
  let hit = ctx.memo.get(key) as Promise<T> | undefined;
  if (!hit) {
    hit = fn();
    ctx.memo.set(key, hit);
  }
  return hit;
}

/** The actor stamped on rows and audit entries for this request. */
export function actorOf(ctx: Pick<Context, 'identity' | 'requestId'>) {
  return { userId: ctx.identity?.user.id ?? null, requestId: ctx.requestId };
}
