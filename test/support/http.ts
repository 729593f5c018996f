// The real server on a free loopback port, for tests that go over HTTP: the typed client,
// CORS, limits, error hygiene, fuzzing. Used inside a describeEachDatabase suite.
import { after, before } from 'node:test';
import { startServer, type RunningServer } from '../../server/http/server.ts';
import type { ServerConfig } from '../../server/config.ts';
import type { TestDatabase } from './databases.ts';
import { createOrg, insertToken, type Org, type UserKey } from './org.ts';

export interface HttpFixture {
  /** `http://127.0.0.1:<port>` (not `localhost`, which may resolve to ::1 first). */
  url: string;
  org: Org;
  /** A fresh token row for `key` (personal kind, read and write, unless told otherwise). */
  tokenFor(key: UserKey, opts?: Parameters<typeof insertToken>[2]): Promise<string>;
}

/**
 * Registers before/after hooks in the current suite: creates the test org in the suite's
 * database, starts the server on 127.0.0.1 with PORT 0, and closes it after the suite.
 * The server logs as in production: with the test config (LODESTONE_LOG silent) only its
 * errors reach stderr.
 */
export function serveDuringSuite(
  getDb: () => TestDatabase,
  config: Partial<ServerConfig> = {},
): () => HttpFixture {
  let fixture: HttpFixture | undefined;
  let server: RunningServer | undefined;
  before(async () => {
    const tdb = getDb();
    const org = await createOrg(tdb);
    server = await startServer(tdb.db, { ...tdb.config, port: 0, host: '127.0.0.1', ...config });
    fixture = {
      url: `http://127.0.0.1:${server.port}`,
      org,
      tokenFor: async (key, opts) => (await insertToken(tdb, org.users[key], opts)).token,
    };
  });
  after(async () => {
    await server?.close();
  });
  return () => {
    if (!fixture) throw new Error('server not started (before hook failed)');
    return fixture;
  };
}

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body, or undefined when it is not JSON. */
  json: unknown;
}

/** One plain HTTP request (no typed client), for tests of what travels on the wire. */
export async function rawRequest(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...init.headers,
    },
    body: init.body,
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/**
 * Calls one procedure the way the typed client does without batching: a query as
 * `GET /trpc/<path>?input=<json>`, a mutation as `POST /trpc/<path>` with the JSON body.
 * `inputJson` is raw JSON text, so tests can send what JSON.stringify would never produce.
 */
export function callProcedure(
  url: string,
  path: string,
  type: 'query' | 'mutation',
  inputJson: string | undefined,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  if (type === 'query') {
    const query = inputJson === undefined ? '' : `?input=${encodeURIComponent(inputJson)}`;
    return rawRequest(`${url}/trpc/${path}${query}`, { headers });
  }
  return rawRequest(`${url}/trpc/${path}`, { method: 'POST', headers, body: inputJson ?? '' });
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
