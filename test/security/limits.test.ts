// Size, batch and rate limits at the HTTP edge (RELIABILITY.md "size and batch limits").
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../../server/config.ts';
import { countOf } from '../../server/db/rows.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { bearer, callProcedure, rawRequest, serveDuringSuite } from '../support/http.ts';

const MiB = 1024 * 1024;

/** GET of `calls` procedure paths in one tRPC batch, each with the given input. */
function batchGet(url: string, calls: string[], input: unknown, token: string) {
  const inputs = Object.fromEntries(calls.map((_, i) => [i, input]));
  const query = `batch=1&input=${encodeURIComponent(JSON.stringify(inputs))}`;
  return rawRequest(`${url}/trpc/${calls.join(',')}?${query}`, { headers: bearer(token) });
}

type BatchItem = { result?: unknown; error?: { data?: { code?: string; httpStatus?: number } } };

describeEachDatabase('size and batch limits', (getDb) => {
  const http = serveDuringSuite(getDb);

  test('a body over maxBodySize gets 413, and memory stays bounded over 50 of them', async (t) => {
    const { url } = http();
    const limit = getDb().config.maxBodyBytes;
    const token = await http().tokenFor('rep1');
    const body = JSON.stringify({ name: 'x'.repeat(limit + MiB) });
    const send = () =>
      rawRequest(`${url}/trpc/partners.create`, { method: 'POST', headers: bearer(token), body });

    const first = await send();
    assert.equal(first.status, 413);
    assert.equal((first.json as BatchItem).error?.data?.code, 'PAYLOAD_TOO_LARGE');

    const before = process.memoryUsage();
    for (let i = 0; i < 50; i++) assert.equal((await send()).status, 413);
    const after = process.memoryUsage();
    const rssGrowth = (after.rss - before.rss) / MiB;
    const heapGrowth = (after.heapUsed - before.heapUsed) / MiB;
    t.diagnostic(
      `50 requests of ${(body.length / MiB).toFixed(1)} MiB against a ${(limit / MiB).toFixed(1)} MiB limit: ` +
        `rss ${rssGrowth.toFixed(1)} MiB, heap ${heapGrowth.toFixed(1)} MiB growth (client and server share the process)`,
    );
    // A sanity bound only: buffering every rejected body whole would be about 100 MiB.
    assert.ok(rssGrowth < 512, `rss grew ${rssGrowth} MiB`);
    // The server still answers normally afterwards.
    const ok = await callProcedure(url, 'auth.me', 'query', undefined, bearer(token));
    assert.equal(ok.status, 200);
  });

  test('a batch over maxBatchSize gets 400 and runs none of its calls', async () => {
    const { url } = http();
    const max = getDb().config.maxBatchSize;
    const token = await http().tokenFor('rep1');
    const calls = Array(max + 1).fill('partners.create');
    const inputs = Object.fromEntries(calls.map((_, i) => [i, { name: `Batch Co. ${i}` }]));
    const over = await rawRequest(`${url}/trpc/${calls.join(',')}?batch=1`, {
      method: 'POST',
      headers: bearer(token),
      body: JSON.stringify(inputs),
    });
    assert.equal(over.status, 400);
    assert.match(over.text, /Batch call exceeds maximum size/);
    const created = await getDb()
      .db('partners')
      .where('name', 'like', 'Batch Co.%')
      .count('* as n')
      .first();
    assert.equal(countOf(created), 0);

    const atLimit = await batchGet(url, Array(max).fill('partners.list'), {}, token);
    assert.equal(atLimit.status, 200);
    assert.equal((atLimit.json as unknown[]).length, max);
  });
});

describeEachDatabase('rate limit per procedure call', (getDb) => {
  const LIMIT = 10;
  const http = serveDuringSuite(getDb, { rateLimitPerMinute: LIMIT });

  test('a batch of N calls spends N of the budget; then 429 TOO_MANY_REQUESTS', async (t) => {
    const { url } = http();
    const token = await http().tokenFor('rep1');
    const four = Array(4).fill('auth.me');
    for (let i = 0; i < 2; i++) assert.equal((await batchGet(url, four, null, token)).status, 200);

    // 8 spent: of the next four calls, two fit and two are refused.
    const mixed = await batchGet(url, four, null, token);
    const codes = (mixed.json as BatchItem[]).map((r) => r.error?.data?.code ?? 'OK');
    assert.deepEqual(codes, ['OK', 'OK', 'TOO_MANY_REQUESTS', 'TOO_MANY_REQUESTS']);
    assert.equal(mixed.status, 207);

    const single = await callProcedure(url, 'auth.me', 'query', undefined, bearer(token));
    assert.equal(single.status, 429);
    const error = (single.json as BatchItem).error;
    assert.equal(error?.data?.code, 'TOO_MANY_REQUESTS');
    assert.equal(error?.data?.httpStatus, 429);

    // The budget is per identity: another token still has its own.
    const other = await http().tokenFor('rep2');
    assert.equal(
      (await callProcedure(url, 'auth.me', 'query', undefined, bearer(other))).status,
      200,
    );
    t.diagnostic(`limit ${LIMIT}/min: 2 batches of 4 passed, the third passed 2 of 4`);
  });

  test('anonymous calls are limited per address, so login cannot be hammered', async () => {
    const { url } = http();
    const attempt = JSON.stringify({ email: 'nobody@test.lodestone', password: 'guess' });
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 2; i++)
      statuses.push((await callProcedure(url, 'auth.login', 'mutation', attempt)).status);
    assert.deepEqual(statuses.slice(0, LIMIT), Array(LIMIT).fill(401));
    assert.deepEqual(statuses.slice(LIMIT), [429, 429]);
  });

  test('behind a trusted proxy (loopback here) each forwarded client address has its own budget', async () => {
    const { url } = http();
    const attempt = JSON.stringify({ email: 'nobody@test.lodestone', password: 'guess' });
    const from = (address: string) => ({ 'x-forwarded-for': address });
    const login = async (headers: Record<string, string>) =>
      (await callProcedure(url, 'auth.login', 'mutation', attempt, headers)).status;
    // The test client is on loopback, which LODESTONE_TRUST_PROXY trusts by default: it stands
    // in for the load balancer, and the forwarded address is the client's.
    for (let i = 0; i < LIMIT; i++) assert.equal(await login(from('203.0.113.7')), 401);
    assert.equal(await login(from('203.0.113.7')), 429);
    assert.equal(await login(from('203.0.113.8')), 401, 'another client is not throttled');
  });
});

test('LODESTONE_TRUST_PROXY: loopback by default, hop counts and subnet lists; never "true"', () => {
  assert.equal(loadConfig({}).trustProxy, 'loopback');
  assert.equal(loadConfig({ LODESTONE_TRUST_PROXY: '2' }).trustProxy, 2);
  assert.equal(
    loadConfig({ LODESTONE_TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy,
    'loopback, 10.0.0.0/8',
  );
  assert.throws(() => loadConfig({ LODESTONE_TRUST_PROXY: 'true' }), /hop count/);
});
