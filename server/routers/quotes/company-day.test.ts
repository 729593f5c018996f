// Quote days are the company's (LODESTONE_TIMEZONE, Asia/Shanghai by default), not UTC's: at
// 01:00 in Shanghai (17:00 UTC the day before) a new quote is dated that Shanghai day, and a
// quote valid until the UTC day has expired (no send, no accept, listed as expired).
import assert from 'node:assert/strict';
import { afterEach, before, mock, test } from 'node:test';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import { dealOf, line, q2cFixture, type Q2cFixture } from '../orders/fixtures.ts';

const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** Yesterday in UTC, and 17:00 UTC on it: already today (01:00) in Shanghai. */
const utcDay = isoDay(Date.now() - DAY);
const shanghaiDay = isoDay(Date.now());
const at = Date.parse(`${utcDay}T17:00:00Z`);

const failed = (reason: string) => (e: unknown) => {
  const err = e as { code?: string; cause?: { details?: { reason?: string } } };
  assert.equal(err.code, 'PRECONDITION_FAILED');
  assert.equal(err.cause?.details?.reason, reason);
  return true;
};

describeEachDatabase('quote days in the company’s time zone', (getDb) => {
  let f: Q2cFixture;
  const saved = process.env.LODESTONE_TIMEZONE;
  before(async () => {
    f = await q2cFixture(getDb());
  });
  afterEach(() => {
    mock.restoreAll();
    if (saved === undefined) delete process.env.LODESTONE_TIMEZONE;
    else process.env.LODESTONE_TIMEZONE = saved;
  });

  /** A quote sent with validity until the UTC day (its row set as the calendar would leave it). */
  async function sentUntilUtcDay() {
    const { opportunity } = await dealOf(f);
    const q = await f.as.rep1.quotes.create({
      opportunityId: opportunity.id,
      lines: [line(100_00)],
      validUntil: null,
    });
    const s = await f.as.rep1.quotes.send({ id: q.id, versionNo: 1, version: q.version });
    await f.tdb
      .db('quote_versions')
      .where({ quote_id: q.id })
      .update({ quote_date: utcDay, valid_until: utcDay });
    return s;
  }

  test('a quote made at 01:00 in Shanghai is dated that day (UTC still says yesterday)', async () => {
    const { opportunity } = await dealOf(f);
    delete process.env.LODESTONE_TIMEZONE;
    mock.method(Date, 'now', () => at);
    const q = await f.as.rep1.quotes.create({ opportunityId: opportunity.id });
    assert.equal(q.current.quoteDate, shanghaiDay);
    process.env.LODESTONE_TIMEZONE = 'UTC';
    const u = await f.as.rep1.quotes.create({ opportunityId: opportunity.id });
    assert.equal(u.current.quoteDate, utcDay);
  });

  test('validity ends with the company’s day: expired on read, in the list, for accept', async () => {
    const s = await sentUntilUtcDay();
    delete process.env.LODESTONE_TIMEZONE;
    mock.method(Date, 'now', () => at);
    const got = await f.as.rep1.quotes.get({ id: s.id });
    assert.deepEqual([got.status, got.current.status], ['expired', 'expired']);
    const expired = await f.as.rep1.quotes.list({ status: 'expired', partnerId: s.partnerId });
    assert.deepEqual(
      expired.items.map((i) => i.id),
      [s.id],
    );
    await assert.rejects(
      f.as.rep1.quotes.accept({ id: s.id, versionNo: 1, version: s.version }),
      failed('status'),
    );
    // The same instant in UTC is still the last valid day.
    process.env.LODESTONE_TIMEZONE = 'UTC';
    const utc = await f.as.rep1.quotes.get({ id: s.id });
    assert.equal(utc.current.status, 'sent');
    const sentList = await f.as.rep1.quotes.list({ status: 'sent', partnerId: s.partnerId });
    assert.deepEqual(
      sentList.items.map((i) => i.id),
      [s.id],
    );
  });

  test('a draft valid until the UTC day cannot be sent once the company’s day has moved on', async () => {
    const { opportunity } = await dealOf(f);
    const q = await f.as.rep1.quotes.create({
      opportunityId: opportunity.id,
      lines: [line(100_00)],
      quoteDate: utcDay,
      validUntil: utcDay,
    });
    delete process.env.LODESTONE_TIMEZONE;
    mock.method(Date, 'now', () => at);
    await assert.rejects(
      f.as.rep1.quotes.send({ id: q.id, versionNo: 1, version: q.version }),
      failed('valid_until_passed'),
    );
    process.env.LODESTONE_TIMEZONE = 'UTC';
    const s = await f.as.rep1.quotes.send({ id: q.id, versionNo: 1, version: q.version });
    assert.equal(s.current.status, 'sent');
  });
});
