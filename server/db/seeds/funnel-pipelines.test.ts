import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import { createFunnelFixture } from '../../../test/support/funnel.ts';
import { insertPipelines } from './funnel-pipelines.ts';
import { countOf } from '../rows.ts';

describeEachDatabase('funnel seed pipelines', (getDb) => {
  test('both pipelines with their stages, tasks and reasons; a second insert adds nothing', async () => {
    const f = await createFunnelFixture(getDb());
    assert.deepEqual(Object.keys(f.lato.stages), ['初选', '初验', '已验', '提案', '谈判', '得失']);
    assert.deepEqual(Object.keys(f.tender.stages), [
      '鉴定资质',
      '决议是否投标',
      '竞标',
      '谈判',
      '达成一致',
    ]);
    assert.equal(Object.keys(f.lato.stages['初验']!.tasks).length, 2);
    assert.ok(f.reasons.lost['价格过高']);
    assert.ok(f.reasons.invalid['重复商机']);
    const again = await getDb().db.transaction((trx) => insertPipelines(trx));
    assert.deepEqual(again.added, {
      pipelines: 0,
      pipeline_stages: 0,
      stage_tasks: 0,
      close_reasons: 0,
    });
    const defaults = await getDb()
      .db('pipelines')
      .where({ is_default: true })
      .count({ n: '*' })
      .first();
    assert.equal(countOf(defaults), 1);
  });
});
