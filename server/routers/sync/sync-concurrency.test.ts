// Concurrent pushes (RELIABILITY.md "concurrent Excel pushes"): K clients push overlapping rows
// from the same stale pull. No update is lost, every accepted write bumps the version once, the
// result is the serial order the versions record, and a batch pushed twice at once writes once.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { SyncPushAnswer, SyncRowResult } from '../../../core/schemas/sync.ts';
import type { Opportunity } from '../../../core/schemas/opportunities.ts';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import type { Caller } from '../../../test/support/org.ts';
import { toInt } from '../../db/rows.ts';
import { create, edit, push, syncFixture, type SyncFixture } from './sync-fixture.ts';

const K = 6;
const ROWS = 4;

describeEachDatabase('sync.push under concurrency', (getDb) => {
  let f: SyncFixture;
  let clients: Caller[];

  before(async () => {
    f = await syncFixture(getDb());
    // Everyone who may write rep1's deals: rep1 on two devices, the manager, the admin.
    clients = await Promise.all(
      (['rep1', 'rep1', 'mgrEast', 'mgrEast', 'admin', 'admin'] as const).map((k) => f.as(k)),
    );
  });

  const updates = async (id: number) =>
    toInt(
      (await f.tdb
        .db('audit_log')
        .where({ entity: 'opportunities', entity_id: id })
        .whereNot({ action: 'create' })
        .countDistinct({ n: 'request_id' })
        .first())!.n,
    );

  test(`${K} clients, ${ROWS} shared rows, stale versions: no lost update, one version per accepted write`, async () => {
    const rep1 = clients[0]!;
    const deals: Opportunity[] = [];
    for (let i = 0; i < ROWS; i++)
      deals.push(
        await rep1.opportunities.create({
          name: `并发 ${i}`,
          partnerId: f.partner.id,
          expectedRevenue: 100,
        }),
      );
    // Client i edits a field of its own (everyone's wins) and the contested amount.
    const fieldOf = (i: number) => ['description', 'channel', 'campaign'][i % 3]!;
    const answers: SyncPushAnswer[] = await Promise.all(
      clients.map((c, i) =>
        push(
          c,
          'opportunities',
          deals.map((d) =>
            edit(`o:${d.id}`, d.version, {
              [fieldOf(i)]: [null, `client ${i}`],
              ...(i % 2 === 0 ? { expectedRevenue: [100, 1000 + i] } : {}),
            }),
          ),
        ),
      ),
    );
    let conflicts = 0;
    for (const [r, d] of deals.entries()) {
      const results = answers.map((a) => a.results[r]!);
      const accepted = results
        .map((res, i) => ({ res, i }))
        .filter((x): x is { res: SyncRowResult; i: number } => x.res.status === 'ok');
      conflicts += results.filter((x) => x.status === 'conflict').length;
      assert.ok(
        results.every((x) => x.status === 'ok' || x.status === 'conflict'),
        JSON.stringify(results),
      );
      const final = await rep1.opportunities.get({ id: d.id });
      // Every accepted write is one version: the versions handed out are exactly 2 … 1 + n.
      const versions = accepted.map((a) => a.res.version!).sort((a, b) => a - b);
      assert.deepEqual(
        versions,
        accepted.map((_, n) => d.version + 1 + n),
      );
      assert.equal(final.version, d.version + accepted.length);
      assert.equal(await updates(d.id), accepted.length, 'one audited write per accepted row');
      // No lost update: each accepted client's own field is still there, unless a later
      // accepted client of the same field overwrote it (serial order = version order).
      const byVersion = [...accepted].sort((a, b) => a.res.version! - b.res.version!);
      const expected: Record<string, unknown> = { expectedRevenue: 100 };
      for (const { i } of byVersion) {
        expected[fieldOf(i)] = `client ${i}`;
        if (i % 2 === 0) expected.expectedRevenue = 1000 + i;
      }
      for (const [field, value] of Object.entries(expected))
        assert.equal(final[field as 'channel'], value, `row ${r} ${field}`);
      // The amount was contested from the same base: exactly one client won it.
      const amountWinners = accepted.filter((a) => a.i % 2 === 0);
      assert.equal(amountWinners.length, 1, `row ${r}: one amount wins`);
      // Each refused client was shown a newer server row than the one it pulled.
      for (const res of results.filter((x) => x.status === 'conflict'))
        assert.ok(res.server!.version > d.version);
    }
    assert.ok(conflicts > 0, 'the contested amount produced conflicts');
  });

  test('the same batch pushed by several calls at once is written once; each gets its answer or CONFLICT', async () => {
    const rep1 = clients[0]!;
    const d = await rep1.opportunities.create({ name: '同批并发', partnerId: f.partner.id });
    const batchId = `same-${f.uniq()}`;
    const name = `同批新建 ${f.uniq()}`;
    const changes = [
      edit(`o:${d.id}`, d.version, { description: [null, '只写一次'] }),
      create({ name, customer: 'HZYJ01' }),
    ];
    for (const atomic of [false, true]) {
      const id = `${batchId}-${atomic}`;
      const settled = await Promise.allSettled(
        Array.from({ length: K }, () =>
          push(rep1, 'opportunities', changes, { batchId: id, atomic }),
        ),
      );
      const answers = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
      for (const s of settled)
        if (s.status === 'rejected')
          assert.equal((s.reason as { code?: string }).code, 'CONFLICT', String(s.reason));
      assert.ok(answers.length >= 1);
      for (const a of answers) assert.deepEqual(a, answers[0]);
      // After the dust settles a retry replays the same answer.
      assert.deepEqual(
        await push(rep1, 'opportunities', changes, { batchId: id, atomic }),
        answers[0],
      );
    }
    const row = await rep1.opportunities.get({ id: d.id });
    assert.equal(row.version, d.version + 1, 'written once across both batches');
    assert.equal(row.description, '只写一次');
    const made = await f.tdb.db('opportunities').where({ name }).count({ n: '*' }).first();
    assert.equal(toInt(made!.n), 2, 'one new row per batch (the two batches have two ids)');
  });
});
