// The typed client: scripts, the components and the add-in all call the server through this.
// Only the router's *type* comes from the server; nothing of the server is bundled.
import {
  createTRPCClient,
  httpBatchLink,
  httpSubscriptionLink,
  splitLink,
  TRPCClientError,
} from '@trpc/client';
import type { AppRouter } from '../server/trpc/app-router.ts';
import type { ChangeNotice } from './schemas/changes.ts';
import { FetchEventSource } from './fetch-event-source.ts';

export type { AppRouter, ChangeNotice };

export interface LodestoneClientOptions {
  /** The server's base URL, e.g. `http://localhost:3000` (the `/trpc` path is added). */
  url: string;
  /** A bearer token: from `auth.login`, or a personal/widget token. A function is asked per request. */
  token?: string | (() => string | null | undefined);
  /** Calls per HTTP batch; keep at or below the server's LODESTONE_MAX_BATCH (50). */
  maxBatchSize?: number;
  fetch?: typeof globalThis.fetch;
}

export function createLodestoneClient(options: LodestoneClientOptions) {
  const base = options.url.replace(/\/+$/, '');
  const url = base.endsWith('/trpc') ? base : `${base}/trpc`;
  const headers = (): Record<string, string> => {
    const token = typeof options.token === 'function' ? options.token() : options.token;
    return token ? { authorization: `Bearer ${token}` } : {};
  };
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        // Subscriptions (changes.subscribe) stream over server-sent events. The EventSource is
        // fetch-based so the token goes in the Authorization header, as for every other call,
        // and never in a URL; it reconnects by itself and resumes from the last event id.
        true: httpSubscriptionLink({
          url,
          EventSource: FetchEventSource,
          eventSourceOptions: () => ({ headers, fetch: options.fetch }),
        }),
        false: httpBatchLink({
          url,
          maxItems: options.maxBatchSize ?? 50,
          fetch: options.fetch,
          headers,
        }),
      }),
    ],
  });
}

export type LodestoneClient = ReturnType<typeof createLodestoneClient>;

export interface WatchOptions {
  /** The server listens: from here on no change is missed. Called again after a reconnect. */
  onStarted?: () => void;
  /** What ends the watch for good (a revoked token, a refused origin); drops reconnect alone. */
  onError?: (err: TRPCClientError<AppRouter>) => void;
}

/**
 * Calls `onNotice` for every change to the given entities (all the caller may read when empty)
 * made by anyone, in the caller's scope, until the returned function is called. A notice is a
 * hint to refetch: `{ entity, id, version?, action, at }`; `action: 'resync'` (entity '*') means
 * some notices could not be told, so refetch whatever is shown. A dropped connection reconnects
 * and resumes from the last notice by itself.
 */
export function watchChanges(
  client: LodestoneClient,
  entities: readonly string[] | undefined,
  onNotice: (notice: ChangeNotice) => void,
  options: WatchOptions = {},
): () => void {
  const subscription = client.changes.subscribe.subscribe(
    { entities: entities?.length ? [...entities] : undefined },
    {
      onStarted: () => options.onStarted?.(),
      onData: (event) => event.data.notices.forEach((notice) => onNotice(notice)),
      onError: (err) => options.onError?.(err),
    },
  );
  return () => subscription.unsubscribe();
}

/** Field issues from a BAD_REQUEST, as `{ field, rule, message }`, or [] for other errors. */
export function fieldIssuesOf(err: unknown): { field: string; rule: string; message: string }[] {
  if (!(err instanceof TRPCClientError)) return [];
  const issues = (err.data as { issues?: unknown } | undefined)?.issues;
  return Array.isArray(issues)
    ? (issues as { field: string; rule: string; message: string }[])
    : [];
}

export { TRPCClientError };
