// Bad inputs and forced database failures never hand a client SQL, table names, file paths or
// stacks; the server log keeps the real error under the request id (RELIABILITY.md "error hygiene").
import assert from 'node:assert/strict';
import { after, before, mock, test } from 'node:test';
import { dialectOf, type Db } from '../../server/db/knex.ts';
import { describeEachDatabase } from '../support/databases.ts';
import {
  bearer,
  callProcedure,
  rawRequest,
  serveDuringSuite,
  type RawResponse,
} from '../support/http.ts';

async function tableNames(db: Db): Promise<string[]> {
  const rows: { name: string }[] =
    dialectOf(db) === 'postgres'
      ? await db('pg_tables').where({ schemaname: 'public' }).select('tablename as name')
      : await db('sqlite_master').where({ type: 'table' }).select('name');
  return rows.map((r) => r.name);
}

const INTERNALS: [string, RegExp][] = [
  ['SQL', /\bselect\b[\s\S]*\bfrom\b|\binsert\s+into\b|\bupdate\s+\S+\s+set\b|\bdelete\s+from\b/i],
  ['driver', /SQLITE_|no such (table|column)|relation "|syntax error|constraint|knex|pg_/i],
  ['file path', /(^|[\s"'(])\/(?:[\w.@-]+\/)+[\w.@-]+|node_modules|\.(?:ts|js|mjs):\d+/],
  ['stack', /\bat (?:async )?[\w$.<>]+ \(|\n\s+at |"stack"/],
  ['secret', /password_hash|secret_hash|scrypt\$/],
];

/** What in a response would tell a client about the server's insides. */
function leaksIn(res: RawResponse, tables: string[]): string[] {
  // A successful answer is data the caller may see (a partner has `contacts`, …).
  if (res.status < 400) return [];
  const body = structuredClone(res.json) as { error?: { data?: { path?: string } } } | undefined;
  // The procedure path ("partners.list") is public API, not a table name.
  if (body?.error?.data) delete body.error.data.path;
  const text = body === undefined ? res.text : JSON.stringify(body);
  const found = INTERNALS.filter(([, re]) => re.test(text)).map(([what]) => what);
  for (const t of tables) if (new RegExp(`\\b${t}\\b(?!\\.)`).test(text)) found.push(`table ${t}`);
  return found;
}

describeEachDatabase('error hygiene', (getDb) => {
  // The server's own JSON logger writes errors to stderr: capture its lines, pass the rest on.
  const stderr: Record<string, unknown>[] = [];
  before(() => {
    const write = process.stderr.write.bind(process.stderr);
    mock.method(process.stderr, 'write', (chunk: string | Uint8Array, ...rest: never[]) => {
      const line = String(chunk);
      if (!line.startsWith('{"time"')) return write(chunk, ...rest);
      stderr.push(JSON.parse(line) as Record<string, unknown>);
      return true;
    });
  });
  after(() => mock.restoreAll());
  const http = serveDuringSuite(getDb);

  let checked = 0;
  let leaking = 0;
  let tables: string[] = [];
  let token = '';
  before(async () => {
    tables = await tableNames(getDb().db);
    token = await http().tokenFor('admin');
  });

  /** Calls a procedure with raw JSON and checks the answer for leaks. */
  async function probe(
    path: string,
    type: 'query' | 'mutation',
    json: string | undefined,
    id?: string,
  ) {
    const headers = { ...bearer(token), ...(id ? { 'x-request-id': id } : {}) };
    const res = await callProcedure(http().url, path, type, json, headers);
    const found = leaksIn(res, tables);
    if (res.status >= 400) checked++;
    if (found.length) leaking++;
    assert.deepEqual(
      found,
      [],
      `${path} ${json?.slice(0, 80)} → ${res.status} ${res.text.slice(0, 300)}`,
    );
    return res;
  }

  const assertAlive = async () => {
    assert.equal((await rawRequest(`${http().url}/healthz`)).status, 200);
  };

  test('bad inputs are 4xx with field issues and nothing internal', async () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const cases: [string, 'query' | 'mutation', string][] = [
      ['partners.create', 'mutation', '{"name":123}'],
      ['partners.create', 'mutation', '{"name":"Extra Co.","owner_id":1}'],
      ['partners.create', 'mutation', JSON.stringify({ name: 'x'.repeat(500_000) })],
      ['partners.create', 'mutation', '{"name":"Proto Co.","__proto__":{"polluted":true}}'],
      ['partners.create', 'mutation', '{"__proto__":{"polluted":true}}'],
      ['partners.create', 'mutation', '{"constructor":{"prototype":{"polluted":true}}}'],
      ['partners.create', 'mutation', `{"name":"Deep Co.","tags":${deep}}`],
      ['partners.create', 'mutation', '{not json'],
      ['partners.get', 'query', '{"id":"1; DROP TABLE partners"}'],
      ['partners.get', 'query', '{"id":1e309}'],
      ['partners.list', 'query', '{"limit":"all","sort":"name; --"}'],
      ['partners.list', 'query', `{"search":${deep}}`],
      ['partners.update', 'mutation', '{"id":1,"version":1,"patch":{"ownerId":-1}}'],
      ['auth.login', 'mutation', '{"email":["a"],"password":{}}'],
      ['partners.nope', 'query', '{}'],
      ['partners.create', 'query', '{}'],
    ];
    for (const [path, type, json] of cases) {
      const res = await probe(path, type, json);
      assert.ok(
        res.status >= 400 && res.status < 500,
        `${path} ${json.slice(0, 60)}: ${res.status}`,
      );
    }
    const issues = (await probe('partners.create', 'mutation', '{"name":"X","owner_id":1}'))
      .json as {
      error: { data: { issues: { field: string; rule: string }[] } };
    };
    assert.deepEqual(
      issues.error.data.issues.map((i) => i.rule),
      ['unrecognized_keys'],
    );
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    await assertAlive();
  });

  test('x-request-id is echoed, and made up when missing or malformed', async () => {
    const res = await rawRequest(`${http().url}/healthz`, {
      headers: { 'x-request-id': 'abc-123.x_y' },
    });
    assert.equal(res.headers.get('x-request-id'), 'abc-123.x_y');
    for (const bad of [undefined, 'has spaces', 'x'.repeat(65), '<script>']) {
      const r = await rawRequest(`${http().url}/trpc/auth.me`, {
        headers: bad === undefined ? {} : { 'x-request-id': bad },
      });
      assert.match(r.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/, String(bad));
    }
  });

  /** Renames a table for the duration of `fn`, then puts it back. */
  async function withoutTable(table: string, fn: () => Promise<void>) {
    const { db } = getDb();
    await db.schema.renameTable(table, `${table}_moved`);
    try {
      await fn();
    } finally {
      await db.schema.renameTable(`${table}_moved`, table);
    }
  }

  const partnerCalls = (id: number): [string, 'query' | 'mutation', string][] => [
    ['partners.list', 'query', '{}'],
    ['partners.list', 'query', '{"search":"Acme","kind":"customer"}'],
    ['partners.get', 'query', JSON.stringify({ id })],
    ['partners.create', 'mutation', '{"name":"Forced Failure Co."}'],
    ['partners.update', 'mutation', JSON.stringify({ id, version: 1, patch: { industry: 'X' } })],
    ['partners.archive', 'mutation', JSON.stringify({ id, version: 1 })],
  ];

  async function expectInternal(label: string, calls: [string, 'query' | 'mutation', string][]) {
    let n = 0;
    for (const [path, type, json] of calls) {
      const id = `${label}-${n++}`;
      const res = await probe(path, type, json, id);
      assert.equal(res.status, 500, `${path}: ${res.text}`);
      assert.equal(res.headers.get('x-request-id'), id);
      assert.equal(
        (res.json as { error: { message: string } }).error.message,
        'Internal server error',
      );
      const logged = stderr.find((e) => e.requestId === id);
      assert.ok(logged, `no server log entry for request ${id}`);
      assert.equal(logged.level, 'error');
      assert.equal(logged.procedure, path);
      assert.ok(String(logged.message).length > 0);
    }
  }

  test('a missing table: 500 without internals, the log has the cause, the server lives', async () => {
    const created = await probe('partners.create', 'mutation', '{"name":"Before Co."}');
    const id = (created.json as { result: { data: { id: number } } }).result.data.id;
    await withoutTable('partners', () => expectInternal('no-partners', partnerCalls(id)));
    const logged = stderr.find((e) => e.requestId === 'no-partners-0');
    assert.match(String(logged?.message), /partners/, 'the log names what failed');
    await assertAlive();
    assert.equal((await probe('partners.get', 'query', JSON.stringify({ id }))).status, 200);
  });

  test('a failing audit write rolls the change back and answers 500 without internals', async () => {
    const { db } = getDb();
    await withoutTable('audit_log', () =>
      expectInternal('no-audit', [['partners.create', 'mutation', '{"name":"Unaudited Co."}']]),
    );
    assert.equal(await db('partners').where({ name: 'Unaudited Co.' }).first(), undefined);
    await assertAlive();
  });

  test('a closed pool: 500 without internals, healthz 503, back once it reopens', async (t) => {
    const { db } = getDb();
    await db.destroy();
    try {
      await expectInternal('closed', partnerCalls(1));
      const health = await rawRequest(`${http().url}/healthz`);
      assert.equal(health.status, 503);
      assert.deepEqual(leaksIn(health, tables), []);
    } finally {
      db.initialize();
    }
    await assertAlive();
    t.diagnostic(`error responses checked ${checked}; leaking ${leaking}`);
  });
});
