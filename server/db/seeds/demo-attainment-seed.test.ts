// The whole demo company, as `npm start` seeds it, read through reports.targets: repeat orders
// (07_demo_repeat_orders.ts) give every seller business in every month of the year so far, so
// attainment is plausible for both regions (before them: 0% for the spring, East far over plan
// and the South in single digits), and the figures add up.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { describeEachDatabase, type TestDatabase } from '../../../test/support/databases.ts';
import { baseContext, type Caller } from '../../../test/support/org.ts';
import { appRouter } from '../../trpc/app-router.ts';
import { createCallerFactory } from '../../trpc/init.ts';
import { toInt } from '../rows.ts';
import { REPEAT_MARK } from './07_demo_repeat_orders.ts';
import { DEMO_USERS } from './demo-company.ts';
import { demoIds, type DemoIds } from './demo-ids.ts';
import { seedDemo } from './index.ts';
import { sellerShares } from './demo-targets-plan.ts';

const NOW = new Date('2026-11-22T08:00:00.000Z');
/** January to October: the months of the demo year that are over. */
const DONE = 10;

describeEachDatabase('demo company: orders against targets', (getDb) => {
  let tdb: TestDatabase;
  let ids: DemoIds;
  let caller: Caller;

  before(async () => {
    tdb = getDb();
    await seedDemo(tdb.db, { now: NOW });
    ids = await demoIds(tdb.db);
    const admin = ids.users.get('admin')!;
    caller = createCallerFactory(appRouter)(
      baseContext(tdb, {
        user: { id: admin, role: 'admin', name: 'admin', email: 'a@x', locale: 'en' },
        token: { id: 0, kind: 'session', scopes: ['read', 'write'], allowedOrigins: [] },
      }),
    );
  });

  const ytd = (cells: { actualAmount: number; targetAmount: number | null }[]) => {
    const done = cells.slice(0, DONE);
    const target = done.reduce((s, c) => s + (c.targetAmount ?? 0), 0);
    return done.reduce((s, c) => s + c.actualAmount, 0) / target;
  };

  test('both regions and every seller are near plan for January to October, with orders every month', async () => {
    const report = await caller.reports.targets({ year: 2026, periodKind: 'month' });
    const row = (kind: 'team' | 'user', id: number) =>
      report.rows.find((r) => r.kind === kind && r.id === id)!;
    const east = row('team', ids.teams.get('east')!);
    const south = row('team', ids.teams.get('south')!);
    const [e, s] = [ytd(east.cells), ytd(south.cells)];
    for (const [name, r] of [
      ['East', e],
      ['South', s],
    ] as const)
      assert.ok(r > 0.7 && r < 1.4, `${name} ${(r * 100).toFixed(1)}% of plan`);
    assert.ok(Math.max(e, s) / Math.min(e, s) < 1.6, `East ${e} against South ${s}`);
    for (const region of [east, south])
      for (const cell of region.cells.slice(0, DONE))
        assert.ok(cell.actualAmount > 0, `${region.name} ${cell.period} has orders`);
    for (const key of sellerShares().keys()) {
      const r = ytd(row('user', ids.users.get(key)!).cells);
      assert.ok(r > 0.6 && r < 1.7, `${key} ${(r * 100).toFixed(1)}% of plan`);
    }
    // Everyone who sells is in a team: the company's row holds every approved order of the year.
    const hq = row('team', ids.teams.get('hq')!);
    const all = await tdb
      .db('order_lines as l')
      .join('orders as o', 'o.id', 'l.order_id')
      .where({ 'o.status': 'approved', 'o.currency': 'CNY' })
      .whereNull('o.deleted_at')
      .whereBetween('o.order_date', ['2026-01-01', '2026-12-31'])
      .sum({ gross: 'l.gross' })
      .first();
    assert.equal(
      hq.cells.reduce((t, c) => t + c.actualAmount, 0),
      toInt(all?.gross),
    );
  });

  test('repeat orders: approved, dated up to yesterday, for each seller; the SV-750 target sees units', async () => {
    const repeat = await tdb
      .db('orders')
      .where('title', 'like', `%${REPEAT_MARK}`)
      .select('owner_id', 'status', 'order_date', 'decided_at');
    assert.ok(repeat.length > 40, `${repeat.length} repeat orders`);
    assert.ok(repeat.every((o) => o.status === 'approved' && o.order_date < '2026-11-22'));
    assert.ok(repeat.every((o) => String(o.decided_at).slice(0, 10) === o.order_date));
    const owners = new Set(repeat.map((o) => toInt(o.owner_id)));
    for (const u of DEMO_USERS.filter((x) => x.role === 'rep' || x.role === 'manager'))
      assert.ok(owners.has(ids.users.get(u.key)!), u.key);
    const product = await tdb.db('products').where({ code: 'SV-750' }).first('id');
    const units = await caller.targets.attainment({
      teamId: ids.teams.get('shanghai')!,
      period: '2026-Q3',
      productId: toInt(product.id),
    });
    const bp = units.rows[0]!.quantityBp!;
    assert.ok(bp > 5000 && bp < 20000, `SV-750 units ${bp} bp of the Q3 target`);
  });

  test('a second run adds no repeat orders', async () => {
    const before = await tdb.db('orders').count({ n: '*' }).first();
    const again = await seedDemo(tdb.db, { now: NOW });
    assert.equal(again.orders, 0);
    assert.deepEqual(await tdb.db('orders').count({ n: '*' }).first(), before);
  });
});
