import type { Context } from '../trpc/context.ts';
import type { Access } from '../trpc/init.ts';
import type { Identity } from '../auth/tokens.ts';

/** What a service needs from a protected procedure's context: the db, who calls, with what scope. */
export type ScopedCtx = Pick<Context, 'db' | 'memo' | 'requestId'> & {
  identity: Identity;
  access: Access;
};
