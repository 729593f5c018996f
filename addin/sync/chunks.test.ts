import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { ChunkSizer, isPayloadError, jsonBytes, sendInChunks } from './chunks.ts';

test('plans chunks under the budget and the item limit, in order, nothing lost', () => {
  fc.assert(
    fc.property(
      fc.array(fc.string({ maxLength: 200 }), { maxLength: 300 }),
      fc.integer({ min: 50, max: 5000 }),
      fc.integer({ min: 1, max: 50 }),
      (items, budget, maxItems) => {
        const chunks = new ChunkSizer(budget, maxItems).plan(items, jsonBytes);
        assert.deepEqual(chunks.flat(), items);
        for (const c of chunks) {
          assert.ok(c.length >= 1 && c.length <= maxItems);
          // Only a single item larger than the budget may exceed it, alone.
          if (c.length > 1) assert.ok(c.reduce((n, s) => n + jsonBytes(s), 0) <= budget);
        }
      },
    ),
  );
});

test('a refused chunk is halved until it fits, and the budget that worked is kept', async () => {
  const limit = 1000;
  const items = Array.from({ length: 40 }, (_, i) => `item ${i} ${'x'.repeat(80)}`);
  const sizer = new ChunkSizer(100_000);
  const delivered: string[] = [];
  let refusals = 0;
  await sendInChunks(
    items,
    sizer,
    (s) => jsonBytes(s) + 2,
    async (chunk) => {
      if (jsonBytes(chunk) > limit) {
        refusals++;
        throw Object.assign(new Error('too large'), { code: 'RequestPayloadSizeLimitExceeded' });
      }
      delivered.push(...chunk);
    },
  );
  assert.deepEqual(delivered, items);
  assert.ok(refusals > 0);
  assert.ok(sizer.budget <= limit, `budget ${sizer.budget} remembered under the limit`);
  // The next operation plans with the remembered budget and is not refused at all.
  let again = 0;
  await sendInChunks(
    items,
    sizer,
    (s) => jsonBytes(s) + 2,
    async (chunk) => {
      if (jsonBytes(chunk) > limit) again++;
    },
  );
  assert.equal(again, 0);
});

test('payload errors: Excel and the server', () => {
  assert.ok(isPayloadError({ code: 'RequestPayloadSizeLimitExceeded' }));
  assert.ok(isPayloadError({ data: { code: 'PAYLOAD_TOO_LARGE', httpStatus: 413 } }));
  assert.ok(!isPayloadError(new Error('timeout')));
});
