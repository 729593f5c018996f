// A target on the receipts basis counts money received: a voided receipt (作废) is money that
// never came, so it leaves the actual figure as it leaves every other receivables figure.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import {
  customerOf,
  keyOf,
  receivablesFixture,
  type Q2cFixture,
} from '../paymentPlans/fixtures.ts';

describeEachDatabase('targets on receipts: voided receipts', (getDb) => {
  let f: Q2cFixture;
  before(async () => {
    f = await receivablesFixture(getDb());
  });

  test('voiding a receipt takes it out of the owner’s receipts actual', async () => {
    const partner = await customerOf(f, 'repSouth');
    const actual = async () =>
      (
        await f.as.admin.targets.attainment({
          userId: f.org.users.repSouth,
          period: '2026-05',
          basis: 'receipts',
          currency: 'CNY',
        })
      ).rows[0]!.actualAmount;
    const before = await actual();
    const record = (amount: number) =>
      f.as.finance.receipts.record({
        partnerId: partner.id,
        date: '2026-05-12',
        amount,
        currency: 'CNY',
        method: 'bank_transfer',
        idempotencyKey: keyOf(f),
        allocations: 'none',
      });
    const kept = await record(1_000_00);
    const voided = await record(250_00);
    assert.equal(await actual(), before + 1_250_00);
    await f.as.finance.receipts.void({
      id: voided.id,
      version: voided.version,
      reason: '重复登记',
    });
    assert.equal(await actual(), before + kept.amount);
  });
});
