// Random JSON against every procedure over real HTTP, as an admin (RELIABILITY.md "input fuzz"):
// only 2xx/4xx answers, the server stays up, and nothing pollutes Object.prototype.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { appRouter } from '../../server/trpc/app-router.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { bearer, callProcedure, rawRequest, serveDuringSuite } from '../support/http.ts';

const RUNS = 300;

const PROCEDURES = Object.entries(appRouter._def.procedures).map(([path, proc]) => ({
  path,
  type: (proc as unknown as { _def: { type: 'query' | 'mutation' } })._def.type,
}));

// Keys the schemas use (so some inputs get past the first check), keys that attack
// prototypes, and arbitrary unicode.
const key = fc.oneof(
  fc.constantFrom(
    ...['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'polluted'],
    ...['id', 'version', 'patch', 'name', 'kind', 'email', 'password', 'scopes', 'limit'],
    ...['cursor', 'search', 'sort', 'partnerId', 'contactId', 'type', 'subject', 'role'],
  ),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
);

const POLLUTERS = [
  '{"__proto__":{"polluted":"yes"}}',
  '{"constructor":{"prototype":{"polluted":"yes"}}}',
  '{"__proto__":{"__proto__":{"polluted":"yes"}}}',
];

/** Leaves, as JSON text: numbers JSON.stringify never writes, odd strings, prototype attacks. */
const leaf = fc.oneof(
  { arbitrary: fc.constantFrom('null', 'true', 'false', ...POLLUTERS), weight: 3 },
  { arbitrary: fc.integer().map(String), weight: 3 },
  { arbitrary: fc.double().map((d) => JSON.stringify(d)), weight: 1 },
  {
    arbitrary: fc.constantFrom('1e309', '-0', '9007199254740993', '1e-400', '0.5', '-1'),
    weight: 2,
  },
  {
    arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => JSON.stringify(s)),
    weight: 4,
  },
  {
    arbitrary: fc.string({ unit: 'binary', maxLength: 20 }).map((s) => JSON.stringify(s)),
    weight: 2,
  },
  {
    arbitrary: fc
      .constantFrom(
        "' OR 1=1 --",
        '2026-11-22T08:00:00Z',
        '<img src=x onerror=alert(1)>',
        '\u0000',
        'lds_',
      )
      .map((s) => JSON.stringify(s)),
    weight: 2,
  },
);

/** Huge strings and deeply nested values, at most one per input (they dominate the run time). */
const big = fc.oneof(
  fc.integer({ min: 1_000, max: 200_000 }).map((n) => JSON.stringify('字'.repeat(n))),
  fc
    .integer({ min: 100, max: 20_000 })
    .chain((n) =>
      fc.constantFrom(`${'['.repeat(n)}${']'.repeat(n)}`, `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`),
    ),
);

const { json } = fc.letrec<{ json: string; array: string; object: string }>((tie) => ({
  json: fc.oneof({ depthSize: 'small' }, leaf, tie('array'), tie('object'), tie('object')),
  array: fc.array(tie('json'), { maxLength: 4 }).map((xs) => `[${xs.join(',')}]`),
  object: fc
    .array(fc.tuple(key, tie('json')), { maxLength: 6 })
    .map((kv) => `{${kv.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
}));

const input = fc.oneof(
  { arbitrary: json, weight: 16 },
  { arbitrary: fc.tuple(key, big).map(([k, v]) => `{${JSON.stringify(k)}:${v}}`), weight: 2 },
  { arbitrary: big, weight: 1 },
  { arbitrary: fc.constant(undefined), weight: 1 },
);

describeEachDatabase('input fuzz', (getDb) => {
  const http = serveDuringSuite(getDb);

  test(`${RUNS} random inputs across every procedure: no 5xx, no pollution`, async (t) => {
    const statuses = new Map<number, number>();
    const seed = Date.now() % 2 ** 31;
    let token = await http().tokenFor('admin');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...PROCEDURES), input, async (proc, input) => {
        let res = await callProcedure(http().url, proc.path, proc.type, input, bearer(token));
        if (res.status === 401) {
          // An earlier case may have ended the token (auth.logout, auth.tokens.revoke).
          token = await http().tokenFor('admin');
          res = await callProcedure(http().url, proc.path, proc.type, input, bearer(token));
        }
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        assert.ok(
          res.status >= 200 && res.status < 500,
          `${proc.path} → ${res.status} ${res.text.slice(0, 300)}`,
        );
        assert.equal(
          ({} as Record<string, unknown>).polluted,
          undefined,
          'Object.prototype polluted',
        );
      }),
      { numRuns: RUNS, seed },
    );
    assert.equal((await rawRequest(`${http().url}/healthz`)).status, 200);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    const spread = [...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`);
    const fiveXX = [...statuses].filter(([s]) => s >= 500).reduce((sum, [, n]) => sum + n, 0);
    t.diagnostic(
      `cases ${RUNS} over ${PROCEDURES.length} procedures (seed ${seed}); statuses ${spread.join(' ')}; 5xx = ${fiveXX}`,
    );
  });
});
