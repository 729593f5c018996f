import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachDatabase } from '../../test/support/databases.ts';
import { migrateLatest, migrateRollback, migrateStatus } from './migrate.ts';

describeEachDatabase('migrations', (getDb) => {
  test('every migration rolls back cleanly and applies again (down reverses up)', async () => {
    const { db } = getDb();
    const before = await migrateStatus(db);
    assert.equal(before.pending.length, 0);
    // Roll back one batch at a time until nothing is left, then apply everything again.
    let reverted = 0;
    for (;;) {
      const batch = await migrateRollback(db);
      if (batch.length === 0) break;
      reverted += batch.length;
    }
    assert.equal(reverted, before.done.length);
    assert.equal(await db.schema.hasTable('orders'), false);
    assert.equal(await db.schema.hasTable('partners'), false);
    const applied = await migrateLatest(db);
    assert.equal(applied.length, before.done.length);
    assert.equal(await db.schema.hasTable('installments'), true);
  });
});
