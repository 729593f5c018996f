// Random sheet rows against sync.push (fast-check): whatever a sheet holds (any column, any
// value, keys of real, missing or new rows, every op), the push answers row by row with a
// status of the protocol, never an internal error, and a row refused leaves its record as it was.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import fc from 'fast-check';
import { SYNC_ROW_STATUSES, type SyncChange } from '../../../core/schemas/sync.ts';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import type { Caller } from '../../../test/support/org.ts';
import { toInt } from '../../db/rows.ts';
import { syncFixture, type SyncFixture } from './sync-fixture.ts';

describeEachDatabase('sync.push fuzz', (getDb) => {
  let f: SyncFixture;
  let mgr: Caller;
  let ids: number[];

  before(async () => {
    f = await syncFixture(getDb());
    mgr = await f.as('mgrEast');
    ids = [];
    for (let i = 0; i < 4; i++)
      ids.push((await mgr.opportunities.create({ name: `模糊 ${i}`, partnerId: f.partner.id })).id);
  });

  test('any rows: statuses of the protocol only, no internal error, refused rows unchanged', async (t) => {
    const { columns, schemaHash } = await mgr.sync.describe({ entity: 'opportunities' });
    const value = fc.oneof(
      fc.constant(null),
      fc.integer({ min: -1e12, max: 1e12 }),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.boolean(),
      fc.string({ maxLength: 30 }),
      fc.constantFrom('初验', 'Qualification', '赢单', 'CNY', 'usd', '2027-02-30', '2027-01-31'),
      fc.constantFrom('张一 Rep One', '杭州远景科技有限公司', 'HZYJ01', '价格有优势', '   '),
    );
    const column = fc.oneof(
      {
        arbitrary: fc.constantFrom(...columns.filter((c) => !c.readOnly).map((c) => c.id)),
        weight: 4,
      },
      { arbitrary: fc.constantFrom(...columns.map((c) => c.id)), weight: 1 },
    );
    const change = fc.record({
      key: fc.oneof(
        fc.constantFrom(...ids.map((id) => `o:${id}`)),
        fc.constant('o:999999'),
        fc.constant('c:1'),
        fc.uuid().map((u) => `new:${u}`),
      ),
      op: fc.constantFrom('create', 'update', 'delete' as const),
      baseVersion: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
      fields: fc.dictionary(column, fc.record({ base: value, value }), { maxKeys: 4 }),
    }) as fc.Arbitrary<SyncChange>;
    let runs = 0;
    const seen = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.array(change, { minLength: 1, maxLength: 5 }),
        fc.boolean(),
        async (changes, atomic) => {
          runs++;
          const before = new Map(
            (await f.tdb.db('opportunities').whereIn('id', ids).select('id', 'version')).map(
              (r) => [toInt(r.id), toInt(r.version)],
            ),
          );
          const answer = await mgr.sync.push({
            entity: 'opportunities',
            batchId: `fuzz-${f.uniq()}`,
            schemaHash,
            atomic,
            changes,
          });
          assert.equal(answer.results.length, changes.length);
          for (const [i, r] of answer.results.entries()) {
            assert.ok(SYNC_ROW_STATUSES.includes(r.status), r.status);
            assert.equal(r.key, changes[i]!.key);
            seen.set(r.status, (seen.get(r.status) ?? 0) + 1);
          }
          // A row no result accepted is exactly as it was.
          const accepted = new Set(
            answer.results.filter((r) => r.status === 'ok').map((r) => r.key),
          );
          const after = await f.tdb.db('opportunities').whereIn('id', ids).select('id', 'version');
          for (const r of after)
            if (!accepted.has(`o:${toInt(r.id)}`))
              assert.equal(toInt(r.version), before.get(toInt(r.id)), `o:${toInt(r.id)} untouched`);
        },
      ),
      { numRuns: 120 },
    );
    t.diagnostic(`pushes: ${runs}; row statuses: ${JSON.stringify(Object.fromEntries(seen))}`);
  });
});
