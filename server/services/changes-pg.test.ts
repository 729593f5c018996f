// The pure parts of change notices: the NOTIFY wire format and the per-transaction change set.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { decode, encode } from './changes-pg.ts';
import { ChangeSet, type RawChange } from './changes-set.ts';

const change = fc.record(
  {
    table: fc.constantFrom('partners', 'opportunities', 'quote_lines', 'payment_plans'),
    id: fc.integer({ min: 1, max: 2 ** 31 }),
    action: fc.constantFrom('created', 'updated', 'deleted', 'moved' as const),
    at: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
    seq: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
    refs: fc.dictionary(
      fc.constantFrom('owner_id', 'team_id', 'partner_id'),
      fc.integer({ min: 1, max: 2 ** 31 }),
      { minKeys: 1 },
    ),
  },
  { requiredKeys: ['table', 'id', 'action', 'at', 'seq'] },
) as fc.Arbitrary<RawChange>;

test('a batch goes out in messages under PostgreSQL’s 8000-byte limit and comes back whole', () => {
  fc.assert(
    fc.property(fc.array(change, { maxLength: 400 }), (changes) => {
      const messages = encode('origin-1', changes);
      for (const m of messages) assert.ok(Buffer.byteLength(m) < 8000, `${m.length} bytes`);
      const back = messages.flatMap((m) => {
        const d = decode(m)!;
        assert.equal(d.origin, 'origin-1');
        return d.changes;
      });
      assert.deepEqual(back, JSON.parse(JSON.stringify(changes)));
    }),
    { numRuns: 200 },
  );
});

test('malformed messages and items are dropped, never thrown', () => {
  assert.equal(decode('not json'), null);
  assert.equal(decode('{"c":[]}'), null);
  const d = decode(
    JSON.stringify({
      o: 'x',
      c: [
        ['partners', 1, 1, '2026-01-01T00:00:00.000Z', 7],
        ['DROP TABLE', 1, 1, 'x', 1],
        ['partners', -0.5, 1, 'x', 1],
        ['partners', 2, 9, 'x', 1],
        'junk',
        ['partners', 3, 0, 'x', 8, { owner_id: 4, team_id: 'nope' }],
      ],
    }),
  );
  assert.deepEqual(d?.changes, [
    { table: 'partners', id: 1, action: 'updated', at: '2026-01-01T00:00:00.000Z', seq: 7 },
    { table: 'partners', id: 3, action: 'created', at: 'x', seq: 8, refs: { owner_id: 4 } },
  ]);
});

test('a transaction tells each record once: the weightiest action, the last place', () => {
  const set = new ChangeSet();
  const at = (s: number) => `2026-01-01T00:00:0${s}.000Z`;
  set.add({ table: 'opportunities', id: 1, action: 'created', at: at(1), seq: 10 });
  set.add({ table: 'opportunities', id: 1, action: 'moved', at: at(2), seq: 12 });
  set.add({
    table: 'partners',
    id: 1,
    action: 'updated',
    at: at(3),
    seq: 11,
    refs: { owner_id: 5 },
  });
  set.add({
    table: 'partners',
    id: 1,
    action: 'updated',
    at: at(4),
    seq: 13,
    refs: { owner_id: 6 },
  });
  set.add({ table: 'partners', id: 2, action: 'updated', at: at(5), seq: 14 });
  set.add({ table: 'partners', id: 2, action: 'deleted', at: at(6), seq: 15 });
  assert.deepEqual(set.list(), [
    { table: 'opportunities', id: 1, action: 'created', at: at(2), seq: 12 },
    // The owner a record was taken from is the first one the transaction saw.
    { table: 'partners', id: 1, action: 'updated', at: at(4), seq: 13, refs: { owner_id: 5 } },
    { table: 'partners', id: 2, action: 'deleted', at: at(6), seq: 15 },
  ]);
});
