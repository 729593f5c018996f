// The typed client against the real server over HTTP, as a script or the components use it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  createLodestoneClient,
  fieldIssuesOf,
  TRPCClientError,
  type LodestoneClient,
} from '../../core/client.ts';
import type { Partner } from '../../core/schemas/partners.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { PASSWORD } from '../support/org.ts';
import { serveDuringSuite } from '../support/http.ts';

describeEachDatabase('typed client over HTTP', (getDb) => {
  const http = serveDuringSuite(getDb);

  /** Signs in through the client; counts the HTTP requests it makes. */
  async function signIn(key: string): Promise<{ client: LodestoneClient; requests: string[] }> {
    const requests: string[] = [];
    let token: string | null = null;
    const client = createLodestoneClient({
      url: http().url,
      token: () => token,
      fetch: (input, init) => {
        requests.push(String(input));
        return fetch(input, init);
      },
    });
    const session = await client.auth.login.mutate({
      email: `${key.toLowerCase()}@test.lodestone`,
      password: PASSWORD,
    });
    token = session.token;
    return { client, requests };
  }

  test('log in, auth.me, create and list partners', async () => {
    const { client } = await signIn('rep1');
    const me = await client.auth.me.query();
    assert.equal(me.id, http().org.users.rep1);
    assert.equal(me.role, 'rep');

    const created: Partner = await client.partners.create.mutate({
      name: '杭州远航贸易有限公司',
      kind: 'customer',
      phones: ['+86 571 8888 0001'],
    });
    assert.equal(created.ownerId, me.id);
    assert.equal(created.version, 1);
    const page = await client.partners.list.query({ kind: 'customer', search: '远航' });
    assert.equal(page.total, 1);
    assert.equal(page.items[0]?.id, created.id);
    assert.equal(page.nextCursor, null);
  });

  test('bad input is BAD_REQUEST with issues naming the field and the rule', async () => {
    const { client } = await signIn('rep1');
    const err = await client.partners.create.mutate({ name: '' }).catch((e: unknown) => e);
    assert.ok(err instanceof TRPCClientError);
    assert.equal(err.data?.code, 'BAD_REQUEST');
    assert.equal(err.data?.httpStatus, 400);
    assert.deepEqual(
      fieldIssuesOf(err).map(({ field, rule }) => ({ field, rule })),
      [{ field: 'name', rule: 'too_small' }],
    );
    assert.match(err.message, /^name: /);

    const nested = await client.partners.create
      .mutate({ name: 'Mail Co.', emails: ['ok@example.com', 'not-an-email'] })
      .catch((e: unknown) => e);
    assert.deepEqual(
      fieldIssuesOf(nested).map(({ field, rule }) => ({ field, rule })),
      [{ field: 'emails.1', rule: 'invalid_format' }],
    );
  });

  test('a record that does not exist (or is out of scope) is NOT_FOUND', async () => {
    const { client } = await signIn('rep1');
    const mine = await client.partners.create.mutate({ name: 'Rep One Private Co.' });
    const { client: other } = await signIn('repSouth');
    for (const id of [mine.id, 999_999]) {
      const err = await other.partners.get.query({ id }).catch((e: unknown) => e);
      assert.ok(err instanceof TRPCClientError);
      assert.equal(err.data?.code, 'NOT_FOUND');
      assert.equal(err.data?.httpStatus, 404);
      assert.equal(err.data?.path, 'partners.get');
      assert.deepEqual(fieldIssuesOf(err), []);
    }
  });

  test('calls made together travel in one HTTP request', async (t) => {
    const { client, requests } = await signIn('mgrEast');
    requests.length = 0;
    const [me, partners, tokens] = await Promise.all([
      client.auth.me.query(),
      client.partners.list.query({ limit: 5 }),
      client.auth.tokens.list.query(),
    ]);
    assert.equal(me.role, 'manager');
    assert.ok(partners.total >= 1, 'the manager sees the Shanghai rep’s partners');
    assert.ok(tokens.some((tk) => tk.current));
    assert.equal(requests.length, 1);
    assert.match(requests[0] ?? '', /auth\.me,partners\.list,auth\.tokens\.list\?batch=1/);
    t.diagnostic(`3 calls in ${requests.length} HTTP request`);
  });
});
