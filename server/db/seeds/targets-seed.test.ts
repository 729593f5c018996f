// The demo targets seed: this year's target for every team and every person who sells, split
// exactly down the tree and over quarters and months; a receipts and a product target; idempotent.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { describeEachDatabase, type TestDatabase } from '../../../test/support/databases.ts';
import { baseContext } from '../../../test/support/org.ts';
import { assertBreakdownsExact } from '../../routers/targets/expected.ts';
import { appRouter } from '../../trpc/app-router.ts';
import { createCallerFactory } from '../../trpc/init.ts';
import { toBool, toInt, toIntOrNull } from '../rows.ts';
import { seed as seedOrg } from './01_demo_org.ts';
import { seed as seedProducts } from './06_demo_products.ts';
import { COMPANY_TARGET, MONTH_WEIGHTS, seed as seedTargets } from './09_demo_targets.ts';
import { DEMO_TEAMS, DEMO_USERS } from './demo-company.ts';
import { demoIds } from './demo-ids.ts';
import type { SeedContext } from './context.ts';

const NOW = new Date('2026-11-22T08:00:00.000Z');
const ctx: SeedContext = {
  scale: 1,
  now: NOW,
  actor: { userId: null, requestId: 'seed:test' },
  passwordHash: () => Promise.resolve('x'),
};

describeEachDatabase('demo targets seed', (getDb) => {
  let tdb: TestDatabase;
  let first: Record<string, number>;
  let rows: Record<string, unknown>[];

  before(async () => {
    tdb = getDb();
    await seedOrg(tdb.db, ctx);
    await seedProducts(tdb.db, ctx);
    first = await seedTargets(tdb.db, ctx);
    rows = await tdb.db('targets').whereNull('deleted_at');
  });

  const yearOf = (column: 'team_id' | 'user_id', id: number, basis = 'orders') =>
    rows.find(
      (r) =>
        toIntOrNull(r[column]) === id &&
        r.period === '2026' &&
        r.basis === basis &&
        r.product_id === null,
    );

  test("every team and everyone who sells has this year's order target; the people's sum to the company's", async () => {
    const ids = await demoIds(tdb.db);
    for (const t of DEMO_TEAMS) assert.ok(yearOf('team_id', ids.teams.get(t.key)!), t.key);
    const sellers = DEMO_USERS.filter((u) => u.role === 'rep' || u.role === 'manager');
    let people = 0;
    for (const u of sellers) {
      const target = yearOf('user_id', ids.users.get(u.key)!);
      assert.ok(target, u.key);
      people += toInt(target.amount);
    }
    assert.equal(people, COMPANY_TARGET);
    assert.equal(toInt(yearOf('team_id', ids.teams.get('hq')!)!.amount), COMPANY_TARGET);
    assert.ok((await assertBreakdownsExact(tdb.db)) >= 20);
    assert.equal(first.targets, rows.length);
  });

  test('teams by quarter, people by month with a quiet February; receipts and a product target beside', async () => {
    const ids = await demoIds(tdb.db);
    const partsOf = (row: Record<string, unknown>) =>
      rows
        .filter((r) => toIntOrNull(r.parent_target_id) === toInt(row.id) && r.period !== row.period)
        .sort((a, b) => String(a.period).localeCompare(String(b.period)));
    const east = yearOf('team_id', ids.teams.get('east')!)!;
    assert.deepEqual(
      partsOf(east).map((r) => r.period),
      ['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4'],
    );
    const rep = yearOf('user_id', ids.users.get('repShanghai1')!)!;
    const quarters = partsOf(rep);
    assert.deepEqual(
      quarters.map((r) => r.period),
      ['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4'],
    );
    const monthRows = quarters.flatMap(partsOf);
    const months = monthRows.map((r) => toInt(r.amount));
    assert.equal(months.length, 12);
    assert.equal(Math.min(...months), months[1]);
    assert.equal(Math.max(...months), months[11]);
    assert.deepEqual(
      monthRows.map((r) => toInt(r.weight)),
      MONTH_WEIGHTS,
    );
    const cash = yearOf('team_id', ids.teams.get('hq')!, 'receipts')!;
    assert.equal(toInt(cash.amount), (COMPANY_TARGET * 85) / 100);
    assert.ok(yearOf('team_id', ids.teams.get('south')!, 'receipts'));
    const units = rows.find((r) => r.product_id !== null && r.period === '2026')!;
    assert.equal(toIntOrNull(units.team_id), ids.teams.get('shanghai'));
    assert.equal(units.amount, null);
    assert.equal(partsOf(units).length, 12);
    assert.ok(rows.every((r) => !toBool(r.locked)));
  });

  test('a second run adds nothing, and the targets report reads the demo company', async () => {
    assert.deepEqual(await seedTargets(tdb.db, ctx), { targets: 0 });
    const ids = await demoIds(tdb.db);
    const admin = ids.users.get('admin')!;
    const caller = createCallerFactory(appRouter)(
      baseContext(tdb, {
        user: { id: admin, role: 'admin', name: 'admin', email: 'a@x', locale: 'en' },
        token: { id: 0, kind: 'session', scopes: ['read', 'write'], allowedOrigins: [] },
      }),
    );
    const report = await caller.reports.targets({ year: 2026, periodKind: 'quarter' });
    const hq = report.rows.find((r) => r.kind === 'team' && r.id === ids.teams.get('hq'))!;
    assert.equal(
      hq.cells.reduce((s, c) => s + c.targetAmount!, 0),
      COMPANY_TARGET,
    );
    assert.ok(
      report.rows.every((r) => r.kind === 'user' || r.cells.every((c) => c.targetSource === 'own')),
    );
  });
});
