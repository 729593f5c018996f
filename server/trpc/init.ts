// The one initTRPC call. Exports only base procedures; routers never touch `t`.
import { initTRPC, TRPCError } from '@trpc/server';
import type { Context } from './context.ts';
import { ErrorDetails, fieldIssues, summarize } from './errors.ts';
import {
  PERMISSIONS,
  scopeOf,
  tokenAllows,
  type Permission,
  type Scope,
} from '../../core/permissions.ts';
import type { Identity } from '../auth/tokens.ts';

/**
 * Every procedure declares what it needs: a permission from the grants table, 'self' (any
 * signed-in user acting on their own account), or 'public'. `assertEveryProcedureDeclares`
 * refuses to start a server with a procedure that declares nothing.
 */
export interface Meta {
  permission: Permission | 'self' | 'public';
}

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    isDev: false,
    // Subscriptions over server-sent events (changes.subscribe): a ping keeps proxies and load
    // balancers from closing a quiet stream, and a client that hears nothing, not even a ping,
    // for twice as long reconnects (and resumes from its last event id).
    sse: {
      ping: { enabled: true, intervalMs: 20_000 },
      client: { reconnectAfterInactivityMs: 45_000 },
    },
    errorFormatter({ shape, error }) {
      const issues = error.code === 'BAD_REQUEST' ? fieldIssues(error.cause) : null;
      // Internal errors carry driver messages (SQL, table names); none of it leaves the server.
      const message =
        error.code === 'INTERNAL_SERVER_ERROR'
          ? 'Internal server error'
          : issues
            ? summarize(issues)
            : shape.message;
      return {
        code: shape.code,
        message,
        data: {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          path: shape.data.path,
          ...(issues ? { issues } : {}),
          ...(error.cause instanceof ErrorDetails ? { details: error.cause.details } : {}),
        },
      };
    },
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const mergeRouters = t.mergeRouters;

const rateLimited = t.middleware(({ ctx, next }) => {
  const who = ctx.identity ? `t:${ctx.identity.token.id}` : `ip:${ctx.ip}`;
  if (!ctx.rateLimiter.take(who)) {
    throw new TRPCError({
      code: 'TOO_MANY_REQUESTS',
      message: 'Too many calls; wait a minute and try again',
    });
  }
  return next();
});

const AUTH_MESSAGES = {
  invalid: 'The token is not valid',
  expired: 'The token has expired; sign in again',
  origin: 'This token may not be used from this origin',
  inactive: 'This account is deactivated',
} as const;

const signedIn = t.middleware(({ ctx, next }) => {
  if (!ctx.identity) {
    const message = ctx.authFailure ? AUTH_MESSAGES[ctx.authFailure] : 'Sign in first';
    throw new TRPCError({ code: 'UNAUTHORIZED', message });
  }
  return next({ ctx: { ...ctx, identity: ctx.identity } });
});

export const publicProcedure = t.procedure.meta({ permission: 'public' }).use(rateLimited);

/** For a signed-in user's own account: profile, password, their tokens. Changes need write scope. */
export const selfProcedure = t.procedure
  .meta({ permission: 'self' })
  .use(rateLimited)
  .use(signedIn)
  .use(({ ctx, type, next }) => {
    if (type === 'mutation' && !ctx.identity.token.scopes.includes('write')) {
      throw new TRPCError({ code: 'FORBIDDEN', message: 'This token is read-only' });
    }
    return next();
  });

export interface Access {
  permission: Permission;
  scope: Exclude<Scope, 'none'>;
}

/**
 * A procedure guarded by one permission: the caller's role must have a scope for it and the
 * token must carry the matching read or write scope. Handlers get `ctx.access` and pass it to
 * the scoped query builder, which narrows every query to the records that scope reaches.
 */
export function protectedProcedure(permission: Permission) {
  return t.procedure
    .meta({ permission })
    .use(rateLimited)
    .use(signedIn)
    .use(({ ctx, next }) => {
      const identity = ctx.identity as Identity;
      const scope = scopeOf(identity.user.role, permission);
      if (scope === 'none') {
        throw new TRPCError({
          code: 'FORBIDDEN',
          message: `Your role (${identity.user.role}) may not ${permission.replace('.', ': ')}`,
        });
      }
      if (!tokenAllows(identity.token.scopes, permission)) {
        throw new TRPCError({
          code: 'FORBIDDEN',
          message: `This token is limited to ${identity.token.scopes.join(', ') || 'nothing'}; ${permission} needs ${PERMISSIONS[permission]}`,
        });
      }
      const access: Access = { permission, scope };
      return next({ ctx: { ...ctx, identity, access } });
    });
}

/** Fails start-up (and a test) when any procedure lacks a declared permission. */
export function assertEveryProcedureDeclares(appRouter: {
  _def: { procedures: Record<string, unknown> };
}): string[] {
  const missing: string[] = [];
  for (const [path, proc] of Object.entries(appRouter._def.procedures)) {
    const meta = (proc as { _def?: { meta?: Partial<Meta> } })._def?.meta;
    if (!meta?.permission) missing.push(path);
  }
  if (missing.length)
    throw new Error(`Procedures without a declared permission: ${missing.join(', ')}`);
  return Object.keys(appRouter._def.procedures);
}
