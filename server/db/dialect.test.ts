import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachDatabase } from '../../test/support/databases.ts';
import { daysBetween, monthOf, roundDiv } from './dialect.ts';

describeEachDatabase('dialect helpers', (getDb) => {
  const one = async (sql: string, bindings: string[] = []) => {
    const { db } = getDb();
    const [row] = (await db.select(db.raw(`${sql} as v`, bindings))) as { v: unknown }[];
    return row?.v;
  };

  test('monthOf takes YYYY-MM from a day and from an instant', async () => {
    assert.equal(await one(monthOf('?'), ['2026-02-28']), '2026-02');
    assert.equal(await one(monthOf('?'), ['2026-12-31T23:59:59.999Z']), '2026-12');
  });

  test('daysBetween gives fractional days between ISO instants, across months and years', async () => {
    const db = getDb().db;
    const days = async (a: string, b: string) =>
      Number(await one(daysBetween(db, '?', '?'), [a, b]));
    assert.equal(await days('2026-01-01T00:00:00.000Z', '2026-01-02T12:00:00.000Z'), 1.5);
    assert.equal(await days('2025-12-31T00:00:00.000Z', '2026-03-01T00:00:00.000Z'), 60);
    assert.equal(await days('2026-03-02T00:00:00.000Z', '2026-03-01T00:00:00.000Z'), -1);
    const ms = await days('2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.864Z');
    assert.ok(Math.abs(ms - 0.00001) < 1e-9, String(ms));
  });

  test('roundDiv rounds half up in integers, on sums too', async () => {
    const db = getDb().db;
    const cases: [number, number][] = [
      [0, 0],
      [49, 0],
      [50, 1],
      [149, 1],
      [150, 2],
      [9_007_199_254_740_900, 90_071_992_547_409],
    ];
    for (const [x, want] of cases) {
      assert.equal(
        Number(await one(roundDiv(db, 'cast(? as bigint)', 100), [String(x)])),
        want,
        String(x),
      );
    }
    // PostgreSQL's sum() of bigint is numeric: 0.25 + 0.25 must still come back as the integer 1.
    const [row] = (await db
      .from(db.raw('(select cast(25 as bigint) as v union all select cast(25 as bigint)) as t'))
      .select(db.raw(`${roundDiv(db, 'sum(v)', 100)} as v`))) as { v: unknown }[];
    assert.equal(Number(row?.v), 1);
  });
});
