import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { AttainmentCell, TargetSubject } from '../../../core/schemas/targets.ts';
import { periodRange, periodsOfYear } from '../../../core/targets/periods.ts';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import {
  callerAs,
  createOrg,
  USERS,
  type Caller,
  type Org,
  type UserKey,
} from '../../../test/support/org.ts';
import { expectedActual, expectedBp, PEOPLE, type Measure } from './expected.ts';
import { generateDocuments, insertPartner } from './generate.ts';

type Docs = Awaited<ReturnType<typeof generateDocuments>>;

describeEachDatabase('targets.attainment and reports.targets', (getDb) => {
  let org: Org;
  let admin: Caller;
  let docs: Docs;
  let productId: number;
  /** The people a subject's figures cover, from the hand-written PEOPLE table. */
  let ownersOf: (s: { kind: 'team' | 'user'; id: number }) => number[];

  before(async () => {
    const { db } = getDb();
    org = await createOrg(getDb());
    admin = await callerAs(getDb(), org, 'admin');
    const u = org.users;
    const t = org.teams;
    const products = [];
    for (const code of ['A', 'B', 'C'])
      products.push(
        (
          await admin.products.create({
            code: `ATT-${code}`,
            name: `产品 ${code}`,
            listPrice: 100,
            taxRate: 1300,
          })
        ).id,
      );
    productId = products[0]!;
    const homeTeam: Record<UserKey, number> = {
      admin: t.hq,
      finance: t.hq,
      mgrEast: t.east,
      mgrSouth: t.south,
      rep1: t.shanghai,
      rep2: t.shanghai,
      repDeep: t.pudong,
      repSouth: t.shenzhen,
    };
    docs = await generateDocuments(db, {
      seed: 42,
      orders: 500,
      receipts: 250,
      owners: (Object.keys(USERS) as UserKey[]).map((k) => ({ userId: u[k], teamId: homeTeam[k] })),
      partnerIds: [
        await insertPartner(db, u.admin, '客户甲'),
        await insertPartner(db, u.rep1, '客户乙'),
      ],
      productIds: products,
      currencies: ['CNY', 'CNY', 'USD'],
      startDay: '2025-12-20',
      days: 390,
    });
    const teamKey = new Map(Object.entries(t).map(([k, id]) => [id, k as keyof Org['teams']]));
    ownersOf = (s) => (s.kind === 'user' ? [s.id] : PEOPLE[teamKey.get(s.id)!].map((k) => u[k]));
  });

  /** Every cell's actual figures equal the independent sums over the generated documents. */
  function assertActuals(
    rows: (TargetSubject & { cells: AttainmentCell[] })[],
    m: Omit<Measure, 'from' | 'to'>,
  ) {
    let cells = 0;
    let nonZero = 0;
    for (const row of rows) {
      for (const cell of row.cells) {
        const want = expectedActual(docs, ownersOf(row), { ...m, ...periodRange(cell.period) });
        assert.equal(cell.actualAmount, want.amount, `${row.kind} ${row.id} ${cell.period} amount`);
        assert.equal(
          cell.actualQuantity,
          want.quantity,
          `${row.kind} ${row.id} ${cell.period} quantity`,
        );
        cells++;
        if (want.amount) nonZero++;
      }
    }
    assert.ok(nonZero > 0, 'some figures to compare');
    return cells;
  }

  test('the data exercises every status, both currencies, receipts without owner and deleted documents', () => {
    for (const s of ['approved', 'cancelled', 'draft', 'submitted', 'rejected'])
      assert.ok(
        docs.orders.some((o) => o.status === s && o.currency === 'CNY'),
        s,
      );
    assert.ok(docs.orders.some((o) => o.deleted && o.status === 'approved'));
    assert.ok(docs.receipts.some((r) => r.ownerId === null));
    assert.ok(docs.receipts.some((r) => r.deleted));
    // Documents fall on both sides of the year's and the first ISO week's edges.
    assert.ok(docs.orders.some((o) => o.orderDate < '2025-12-29'));
    assert.ok(docs.orders.some((o) => o.orderDate >= '2025-12-29' && o.orderDate < '2026-01-01'));
  });

  test('reports.targets: every actual figure, for every team and person, month, quarter and week', async (t) => {
    let cells = 0;
    for (const periodKind of ['month', 'quarter', 'week', 'year'] as const) {
      for (const [basis, currency] of [
        ['orders', 'CNY'],
        ['orders', 'USD'],
        ['receipts', 'CNY'],
      ] as const) {
        const report = await admin.reports.targets({ year: 2026, periodKind, basis, currency });
        assert.deepEqual(
          report.periods.map((p) => p.period),
          periodsOfYear(2026, periodKind),
        );
        // Six teams and eight people (each under their team; a manager under the team he manages).
        assert.equal(report.rows.filter((r) => r.kind === 'team').length, 6);
        assert.equal(report.rows.filter((r) => r.kind === 'user').length, 8);
        cells += assertActuals(report.rows, { basis, currency, productId: null });
      }
    }
    const perProduct = await admin.reports.targets({
      year: 2026,
      periodKind: 'quarter',
      productId,
    });
    cells += assertActuals(perProduct.rows, { basis: 'orders', currency: 'CNY', productId });
    t.diagnostic(`cells checked against independent sums: ${cells}`);
    // Spot check the weeks at the turn of the year: ISO week 1 of 2026 starts on 29 December 2025.
    const weeks = await admin.reports.targets({ year: 2026, periodKind: 'week' });
    const hq = weeks.rows.find((r) => r.kind === 'team' && r.id === org.teams.hq)!;
    assert.equal(hq.cells.length, 53);
    const all = (Object.keys(USERS) as UserKey[]).map((k) => org.users[k]);
    const w1 = expectedActual(docs, all, {
      basis: 'orders',
      currency: 'CNY',
      productId: null,
      from: '2025-12-29',
      to: '2026-01-04',
    });
    assert.ok(w1.amount > 0);
    assert.equal(hq.cells[0]!.actualAmount, w1.amount);
  });

  test('targets roll up the tree where a team has none of its own; ratios are half-up basis points', async () => {
    const u = org.users;
    const tm = org.teams;
    const set = (s: { teamId?: number; userId?: number }, amount: number, quantity?: number) =>
      admin.targets.set({ ...s, period: '2026-03', currency: 'CNY', amount, quantity });
    const rep1 = await set({ userId: u.rep1 }, 3_000_000_00, 50_000);
    await set({ userId: u.rep2 }, 2_000_000_00);
    await set({ userId: u.repDeep }, 1_000_000_00, 7_000);
    await set({ teamId: tm.south }, 4_000_000_00);
    await set({ teamId: tm.hq }, 12_000_000_00);
    // A target in another currency measures other documents: not this report's.
    await set({ userId: u.mgrEast }, 1);
    await admin.targets.set({
      userId: u.mgrEast,
      period: '2026-03',
      basis: 'receipts',
      currency: 'USD',
      amount: 5,
    });

    const report = await admin.reports.targets({ year: 2026, periodKind: 'month' });
    const cell = (kind: 'team' | 'user', id: number) =>
      report.rows.find((r) => r.kind === kind && r.id === id)!.cells[2]!;
    assert.deepEqual(
      [
        cell('user', u.rep1).targetSource,
        cell('user', u.rep1).targetAmount,
        cell('user', u.rep1).targetId,
      ],
      ['own', 3_000_000_00, rep1.id],
    );
    // Pudong has none: its one person's. Shanghai: rep1 + rep2 + Pudong. East: Shanghai + its manager's.
    assert.deepEqual(
      [cell('team', tm.pudong).targetSource, cell('team', tm.pudong).targetAmount],
      ['children', 1_000_000_00],
    );
    assert.equal(cell('team', tm.shanghai).targetAmount, 6_000_000_00);
    assert.equal(cell('team', tm.shanghai).targetQuantity, 57_000);
    assert.equal(cell('team', tm.east).targetAmount, 6_000_000_01);
    assert.deepEqual(
      [cell('team', tm.south).targetSource, cell('team', tm.south).targetAmount],
      ['own', 4_000_000_00],
    );
    assert.deepEqual(
      [cell('team', tm.hq).targetSource, cell('team', tm.hq).targetAmount],
      ['own', 12_000_000_00],
    );
    assert.deepEqual(
      [cell('team', tm.shenzhen).targetSource, cell('team', tm.shenzhen).targetAmount],
      [null, null],
    );
    for (const r of report.rows) {
      const c = r.cells[2]!;
      assert.equal(c.amountBp, expectedBp(c.actualAmount, c.targetAmount), `${r.kind} ${r.id}`);
      assert.equal(c.quantityBp, expectedBp(c.actualQuantity, c.targetQuantity));
    }
    // No target for February anywhere: no ratio.
    assert.ok(
      report.rows.every((r) => r.cells[1]!.targetSource === null && r.cells[1]!.amountBp === null),
    );

    // targets.attainment: the same figures, for one subject and its subtree.
    const byId = await admin.targets.attainment({ id: rep1.id });
    assert.equal(byId.rows.length, 1);
    assert.deepEqual(byId.rows[0], {
      kind: 'user',
      id: u.rep1,
      name: USERS.rep1.name,
      nameEn: null,
      parentTeamId: null,
      depth: 0,
      ...cell('user', u.rep1),
    });
    const team = await admin.targets.attainment({ teamId: tm.shanghai, period: '2026-03' });
    assert.deepEqual(
      team.rows.map((r) => [r.kind, r.id, r.depth]),
      [
        ['team', tm.shanghai, 0],
        ['user', u.rep1, 1],
        ['user', u.rep2, 1],
        ['team', tm.pudong, 1],
        ['user', u.repDeep, 2],
      ],
    );
    for (const r of team.rows) {
      const want = cell(r.kind, r.id);
      const got = Object.fromEntries(Object.keys(want).map((k) => [k, r[k as keyof typeof r]]));
      assert.deepEqual(got, want, `${r.kind} ${r.id}`);
    }
    assert.deepEqual([team.from, team.to, team.periodKind], ['2026-03-01', '2026-03-31', 'month']);
  });

  test('scope: a manager sees his subtree with the same figures, a rep only himself', async () => {
    const full = await admin.reports.targets({ year: 2026, periodKind: 'quarter' });
    const mgr = await (
      await callerAs(getDb(), org, 'mgrEast')
    ).reports.targets({ year: 2026, periodKind: 'quarter' });
    const u = org.users;
    const tm = org.teams;
    assert.deepEqual(
      mgr.rows.map((r) => [r.kind, r.id]),
      [
        ['team', tm.east],
        ['user', u.mgrEast],
        ['team', tm.shanghai],
        ['user', u.rep1],
        ['user', u.rep2],
        ['team', tm.pudong],
        ['user', u.repDeep],
      ],
    );
    for (const r of mgr.rows) {
      const same = full.rows.find((x) => x.kind === r.kind && x.id === r.id)!;
      assert.deepEqual(r.cells, same.cells, `${r.kind} ${r.id}`);
    }
    const rep = await (
      await callerAs(getDb(), org, 'rep2')
    ).reports.targets({ year: 2026, periodKind: 'quarter' });
    assert.deepEqual(
      rep.rows.map((r) => [r.kind, r.id, r.depth]),
      [['user', u.rep2, 0]],
    );
    assert.deepEqual(
      rep.rows[0]!.cells,
      full.rows.find((x) => x.kind === 'user' && x.id === u.rep2)!.cells,
    );
    // One team's subtree on request, and only within reach.
    const sh = await admin.reports.targets({
      year: 2026,
      periodKind: 'quarter',
      teamId: tm.shanghai,
    });
    assert.equal(sh.rows[0]!.id, tm.shanghai);
    await assert.rejects(
      (await callerAs(getDb(), org, 'mgrSouth')).reports.targets({
        year: 2026,
        teamId: tm.shanghai,
      }),
      /not found/,
    );
  });
});
