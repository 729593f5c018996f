// The idempotency retention on each database: answers older than the retention go, younger ones
// stay and still replay; once its answer is pruned, the same key is a new request again.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { describeEachDatabase } from '../../test/support/databases.ts';
import { callerAs, createOrg, type Caller } from '../../test/support/org.ts';
import { IDEMPOTENCY_RETENTION_DAYS, pruneIdempotencyKeys } from './prune.ts';

const DAY_MS = 86_400_000;

describeEachDatabase('idempotency retention', (getDb) => {
  let rep: Caller;
  before(async () => {
    const org = await createOrg(getDb());
    rep = await callerAs(getDb(), org, 'rep1');
  });

  test('prune deletes answers past the retention; a younger answer still replays', async () => {
    const { db } = getDb();
    const oldKey = `prune-old-${Date.now()}`;
    const newKey = `prune-new-${Date.now()}`;
    const old = await rep.partners.create({ name: '保留期测试旧', idempotencyKey: oldKey });
    const young = await rep.partners.create({ name: '保留期测试新', idempotencyKey: newKey });
    // The old answer was stored just past the retention; the young one a day inside it.
    const stamp = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString();
    await db('idempotency_keys')
      .where({ key: oldKey })
      .update({ created_at: stamp(IDEMPOTENCY_RETENTION_DAYS + 1) });
    await db('idempotency_keys')
      .where({ key: newKey })
      .update({ created_at: stamp(IDEMPOTENCY_RETENTION_DAYS - 1) });

    const deleted = await pruneIdempotencyKeys(db, new Date());
    assert.ok(deleted >= 1);
    const left = await db('idempotency_keys').whereIn('key', [oldKey, newKey]).pluck('key');
    assert.deepEqual(left, [newKey]);

    const replay = await rep.partners.create({ name: '保留期测试新', idempotencyKey: newKey });
    assert.equal(replay.id, young.id, 'the young answer replays: no second partner');
    const again = await rep.partners.create({ name: '保留期测试旧', idempotencyKey: oldKey });
    assert.notEqual(again.id, old.id, 'past the retention the key is a new request');
  });
});
