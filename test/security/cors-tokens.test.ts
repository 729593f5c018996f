// CORS allow-list and token misuse over real HTTP (RELIABILITY.md "CORS and tokens").
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countOf } from '../../server/db/rows.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { bearer, callProcedure, rawRequest, serveDuringSuite } from '../support/http.ts';

const ALLOWED = 'https://intranet.example.com';
const DISALLOWED = [
  'https://evil.example.com',
  'https://intranet.example.com.evil.example.com',
  'http://intranet.example.com',
  'null',
];

type ErrorBody = { error?: { message?: string; data?: { code?: string } } };
const errorOf = (json: unknown) => (json as ErrorBody).error;

describeEachDatabase('CORS and tokens', (getDb) => {
  const http = serveDuringSuite(getDb, { corsOrigins: [ALLOWED] });

  const me = (token: string, origin?: string) =>
    callProcedure(http().url, 'auth.me', 'query', undefined, {
      ...bearer(token),
      ...(origin ? { origin } : {}),
    });

  /** Tries to create a partner; returns the response and whether a row appeared. */
  async function tryWrite(token: string, name: string, origin?: string) {
    const res = await callProcedure(
      http().url,
      'partners.create',
      'mutation',
      JSON.stringify({ name }),
      {
        ...bearer(token),
        ...(origin ? { origin } : {}),
      },
    );
    const row = await getDb().db('partners').where({ name }).count('* as n').first();
    return { res, written: countOf(row) > 0 };
  }

  test('an allowed origin gets CORS headers and a 204 preflight', async () => {
    const token = await http().tokenFor('rep1');
    const res = await me(token, ALLOWED);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), ALLOWED);
    assert.equal(res.headers.get('access-control-allow-credentials'), null);
    assert.match(res.headers.get('vary') ?? '', /Origin/);

    const preflight = await rawRequest(`${http().url}/trpc/partners.create`, {
      method: 'OPTIONS',
      headers: {
        origin: ALLOWED,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), ALLOWED);
    assert.match(preflight.headers.get('access-control-allow-methods') ?? '', /POST/);
    assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /authorization/);
  });

  test('a disallowed origin gets no CORS headers and a 403 preflight', async (t) => {
    const token = await http().tokenFor('rep1');
    for (const origin of DISALLOWED) {
      const res = await me(token, origin);
      const cors = [...res.headers.keys()].filter((h) => h.startsWith('access-control-'));
      assert.deepEqual(cors, [], `${origin} got ${cors.join(', ')}`);
      // Answers differ by Origin, so a shared cache must not hand one origin's answer to another.
      assert.match(res.headers.get('vary') ?? '', /\bOrigin\b/);
      const preflight = await rawRequest(`${http().url}/trpc/partners.create`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST' },
      });
      assert.equal(preflight.status, 403, origin);
      assert.equal(preflight.headers.get('access-control-allow-origin'), null);
    }
    t.diagnostic(`${DISALLOWED.length} disallowed origins refused`);
  });

  test('website forms may post to leads.capture from any origin, and to nothing else', async () => {
    const site = 'https://www.customer-site.example';
    const preflight = await rawRequest(`${http().url}/trpc/leads.capture`, {
      method: 'OPTIONS',
      headers: { origin: site, 'access-control-request-method': 'POST' },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), site);
    // No bearer tokens through the open door.
    assert.doesNotMatch(
      preflight.headers.get('access-control-allow-headers') ?? '',
      /authorization/,
    );
    for (const path of ['/trpc/leads.capture,partners.list', '/trpc/partners.list']) {
      const other = await rawRequest(`${http().url}${path}`, {
        method: 'OPTIONS',
        headers: { origin: site, 'access-control-request-method': 'POST' },
      });
      assert.equal(other.status, 403, path);
      assert.equal(other.headers.get('access-control-allow-origin'), null, path);
    }
  });

  test('expired, revoked, read-only, wrong-origin and deactivated tokens cannot write', async (t) => {
    const { db } = getDb();
    const { users } = http().org;
    let attempts = 0;
    let accepted = 0;
    const misuse = async (
      label: string,
      token: string,
      origin: string | undefined,
      code: string,
      message: RegExp,
    ) => {
      attempts++;
      const read = await me(token, origin);
      const write = await tryWrite(token, `Misuse ${label}`, origin);
      if (write.written) accepted++;
      // A refused identity cannot even read; a read-only token can, and only its write fails.
      for (const res of code === 'UNAUTHORIZED' ? [read, write.res] : [write.res]) {
        assert.equal(errorOf(res.json)?.data?.code, code, `${label}: ${res.text}`);
        assert.match(errorOf(res.json)?.message ?? '', message, label);
      }
      assert.equal(write.written, false, `${label}: the write landed`);
    };

    const expired = await http().tokenFor('rep1', { expiresAt: '2020-01-01T00:00:00.000Z' });
    await misuse('expired', expired, undefined, 'UNAUTHORIZED', /expired/);

    const revoked = await http().tokenFor('rep1');
    assert.equal((await me(revoked)).status, 200);
    // The prefix after `lds_` is the token's public lookup key.
    await db('api_tokens')
      .where({ prefix: revoked.slice(4, 14) })
      .update({ revoked_at: new Date().toISOString() });
    await misuse('revoked', revoked, undefined, 'UNAUTHORIZED', /not valid/);

    const readOnly = await http().tokenFor('rep1', { scopes: ['read'] });
    assert.equal((await me(readOnly)).status, 200);
    await misuse('read-only', readOnly, undefined, 'FORBIDDEN', /limited to read/);

    const widget = await http().tokenFor('rep1', {
      kind: 'widget',
      scopes: ['read', 'write'],
      allowedOrigins: [ALLOWED],
    });
    await misuse('widget without origin', widget, undefined, 'UNAUTHORIZED', /origin/);
    for (const origin of DISALLOWED)
      await misuse(`widget from ${origin}`, widget, origin, 'UNAUTHORIZED', /origin/);
    // From its own origin the same token works (it was granted write).
    const home = await tryWrite(widget, 'Widget Home Co.', ALLOWED);
    assert.equal(home.res.status, 200);
    assert.equal(home.written, true);

    const leaving = await http().tokenFor('repSouth');
    assert.equal((await me(leaving)).status, 200);
    await db('users').where({ id: users.repSouth }).update({ active: false });
    await misuse('deactivated user', leaving, undefined, 'UNAUTHORIZED', /deactivated/);
    await db('users')
      .where({ id: users.repSouth })
      .update({ deleted_at: new Date().toISOString() });
    await misuse('deleted user', leaving, undefined, 'UNAUTHORIZED', /not valid/);

    for (const raw of ['lds_nonsense', `lds_${'0'.repeat(10)}${'A'.repeat(43)}`, '']) {
      await misuse(`forged token "${raw}"`, raw, undefined, 'UNAUTHORIZED', /not valid|Sign in/);
    }
    t.diagnostic(`misuse attempts ${attempts}; writes accepted ${accepted}`);
  });
});
