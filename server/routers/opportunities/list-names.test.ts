// The board's cards need the partner's and the owner's names: opportunities.list carries them,
// joined in the same query, without changing the total or the paging.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import { createFunnelFixture } from '../../../test/support/funnel.ts';
import { callerAs, createOrg, USERS, type Caller } from '../../../test/support/org.ts';

describeEachDatabase('opportunities.list names', (getDb) => {
  let rep1: Caller;
  let mgr: Caller;
  let partnerId: number;

  before(async () => {
    const org = await createOrg(getDb());
    await createFunnelFixture(getDb());
    rep1 = await callerAs(getDb(), org, 'rep1');
    mgr = await callerAs(getDb(), org, 'mgrEast');
    partnerId = (await rep1.partners.create({ name: '宁波海天精工有限公司' })).id;
  });

  test('each item names its partner and owner; totals and pages are unchanged', async () => {
    const tag = `names-${Date.now()}`;
    for (let i = 0; i < 3; i++)
      await rep1.opportunities.create({ name: `机床 ${i}`, partnerId, tags: [tag] });
    const page1 = await mgr.opportunities.list({ tag, limit: 2, sort: 'name' });
    const page2 = await mgr.opportunities.list({
      tag,
      limit: 2,
      sort: 'name',
      cursor: page1.nextCursor,
    });
    assert.equal(page1.total, 3);
    const items = [...page1.items, ...page2.items];
    assert.deepEqual(
      items.map((o) => o.name),
      ['机床 0', '机床 1', '机床 2'],
    );
    for (const o of items) {
      assert.equal(o.partnerName, '宁波海天精工有限公司');
      assert.equal(o.ownerName, USERS.rep1.name);
    }
  });
});
