// Roll-ups in targets.attainment and reports.targets: a quarter or year without a target of its own
// sums the subject's finer periods' targets (targetSource 'periods'); teams sum each distinct
// person once, however many of the subtree's teams they belong to; people in no team appear in
// the company-wide report on rows of their own. Figures are checked against sums made here in
// plain JavaScript from generated targets (fast-check) and documents.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import fc from 'fast-check';
import type { AttainmentCell, TargetSubject } from '../../../core/schemas/targets.ts';
import { periodRange, periodsOfYear } from '../../../core/targets/periods.ts';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import {
  callerAs,
  createOrg,
  PASSWORD,
  type Caller,
  type Org,
  type UserKey,
} from '../../../test/support/org.ts';
import { expectedActual, expectedBp } from './expected.ts';
import { generateDocuments, insertPartner } from './generate.ts';

type Row = TargetSubject & { cells: AttainmentCell[] };
const MONTHS = periodsOfYear(2026, 'month');
const SELLERS = ['mgrEast', 'rep1', 'rep2', 'repDeep', 'mgrSouth', 'repSouth'] as const;

/** Monthly targets per seller (amount in fen; a quantity for some months), drawn by fast-check. */
const monthlyPlan = fc.record(
  Object.fromEntries(
    [...SELLERS, 'loner'].map((k) => [
      k,
      fc.array(
        fc.record({
          amount: fc.integer({ min: 0, max: 5_000_000_00 }),
          quantity: fc.option(fc.integer({ min: 0, max: 900_000 }), { freq: 2 }),
        }),
        { minLength: 12, maxLength: 12 },
      ),
    ]),
  ) as Record<
    (typeof SELLERS)[number] | 'loner',
    fc.Arbitrary<{ amount: number; quantity: number | null }[]>
  >,
);

describeEachDatabase('targets roll-ups: periods, distinct people, people in no team', (getDb) => {
  let org: Org;
  let admin: Caller;
  let loner: number;
  let docs: Awaited<ReturnType<typeof generateDocuments>>;
  let plan: Record<string, { amount: number; quantity: number | null }[] | undefined>;
  /** Everyone whose documents and targets a team covers, each once (rep1 is in Shanghai and Pudong). */
  let peopleOf: (teamId: number) => number[];
  let keyOf: Map<number, string>;

  before(async () => {
    const { db } = getDb();
    org = await createOrg(getDb());
    admin = await callerAs(getDb(), org, 'admin');
    const u = org.users;
    const t = org.teams;
    // rep1 also works in Pudong: two teams of one subtree.
    await admin.teams.addMember({ teamId: t.pudong, userId: u.rep1 });
    loner = (
      await admin.users.create({
        email: 'loner@test.lodestone',
        name: '孤 Loner',
        role: 'rep',
        password: PASSWORD,
      })
    ).id;
    const team: Record<keyof Org['teams'], number[]> = {
      pudong: [u.repDeep, u.rep1],
      shanghai: [u.rep1, u.rep2, u.repDeep],
      east: [u.mgrEast, u.rep1, u.rep2, u.repDeep],
      shenzhen: [u.repSouth],
      south: [u.mgrSouth, u.repSouth],
      hq: Object.values(u),
    };
    const byId = new Map(Object.entries(t).map(([k, id]) => [id, team[k as keyof Org['teams']]]));
    peopleOf = (id) => byId.get(id)!;
    keyOf = new Map([
      ...Object.entries(u).map(([k, id]) => [id, k] as const),
      [loner, 'loner'] as const,
    ]);
    const product = (
      await admin.products.create({ code: 'RU-1', name: '产品', listPrice: 100, taxRate: 1300 })
    ).id;
    docs = await generateDocuments(db, {
      seed: 7,
      orders: 240,
      receipts: 0,
      owners: [
        ...(Object.keys(u) as UserKey[]).map((k) => ({ userId: u[k], teamId: null })),
        {
          userId: loner,
          teamId: null,
        },
      ],
      partnerIds: [await insertPartner(db, u.admin, '客户丙')],
      productIds: [product],
      currencies: ['CNY'],
      startDay: '2026-01-01',
      days: 365,
    });
    plan = fc.sample(monthlyPlan, { seed: 20260301, numRuns: 1 })[0]! as typeof plan;
    for (const [k, months = []] of Object.entries(plan)) {
      const userId = k === 'loner' ? loner : u[k as UserKey];
      for (const [i, m] of months.entries())
        await admin.targets.set({ userId, period: MONTHS[i]!, currency: 'CNY', ...m });
    }
  });

  /** A person's target for a period from their monthly plan; null when nobody plans them. */
  const planned = (userId: number, period: string) => {
    const months = plan[keyOf.get(userId)!];
    if (!months) return null;
    const { from, to } = periodRange(period);
    const inside = months.filter(
      (_, i) => MONTHS[i]! >= from.slice(0, 7) && MONTHS[i]! <= to.slice(0, 7),
    );
    const quantities = inside.map((m) => m.quantity).filter((q) => q !== null);
    return {
      amount: inside.reduce((s, m) => s + m.amount, 0),
      quantity: quantities.length ? quantities.reduce((a, b) => a + b, 0) : null,
    };
  };
  const sumOf = (people: number[], period: string) => {
    const plans = people.map((p) => planned(p, period)).filter((p) => p !== null);
    const quantities = plans.map((p) => p.quantity).filter((q) => q !== null);
    return {
      amount: plans.reduce((s, p) => s + p.amount, 0),
      quantity: quantities.length ? quantities.reduce((a, b) => a + b, 0) : null,
    };
  };
  const measure = (period: string) =>
    ({ basis: 'orders', currency: 'CNY', productId: null, ...periodRange(period) }) as const;

  test('targets.attainment: a quarter and the year without targets of their own sum the months', async () => {
    const u = org.users;
    for (const period of ['2026-Q1', '2026-Q3', '2026']) {
      const got = await admin.targets.attainment({ userId: u.rep2, period });
      const cell = got.rows[0]!;
      const want = planned(u.rep2, period)!;
      assert.deepEqual(
        [cell.targetSource, cell.targetId, cell.targetAmount, cell.targetQuantity],
        ['periods', null, want.amount, want.quantity],
        period,
      );
      const actual = expectedActual(docs, [u.rep2], measure(period));
      assert.equal(cell.actualAmount, actual.amount);
      assert.equal(cell.amountBp, expectedBp(actual.amount, want.amount));
    }
    // A month is its own target.
    const march = (await admin.targets.attainment({ userId: u.rep2, period: '2026-03' })).rows[0]!;
    assert.deepEqual([march.targetSource, march.targetAmount], ['own', plan.rep2![2]!.amount]);
    // A team with no targets at all: its people's summed quarters, each person once.
    const q2 = await admin.targets.attainment({ teamId: org.teams.shanghai, period: '2026-Q2' });
    assert.deepEqual(
      [q2.rows[0]!.targetSource, q2.rows[0]!.targetAmount],
      ['children', sumOf(peopleOf(org.teams.shanghai), '2026-Q2').amount],
    );
  });

  test('reports.targets by quarter and year: every cell is the sum of months, teams count each person once', async () => {
    for (const periodKind of ['quarter', 'year'] as const) {
      const report = await admin.reports.targets({ year: 2026, periodKind });
      let checked = 0;
      for (const row of report.rows) {
        for (const cell of row.cells) {
          const people = row.kind === 'user' ? [row.id] : peopleOf(row.id);
          const want = sumOf(people, cell.period);
          const hasPlan = people.some((p) => planned(p, cell.period) !== null);
          assert.deepEqual(
            [cell.targetSource, cell.targetAmount, cell.targetQuantity],
            hasPlan
              ? [row.kind === 'user' ? 'periods' : 'children', want.amount, want.quantity]
              : [null, null, null],
            `${row.kind} ${row.id} ${cell.period}`,
          );
          const actual = expectedActual(docs, people, measure(cell.period));
          assert.equal(cell.actualAmount, actual.amount, `${row.kind} ${row.id} ${cell.period}`);
          assert.equal(cell.actualQuantity, actual.quantity);
          assert.equal(cell.amountBp, expectedBp(actual.amount, want.amount));
          checked++;
        }
      }
      assert.ok(checked >= (periodKind === 'year' ? 15 : 60));
    }
  });

  test('a person in two teams counts once: every team total is the sum of its distinct people', async () => {
    const report = await admin.reports.targets({ year: 2026, periodKind: 'month' });
    const u = org.users;
    // rep1 shows under Shanghai and under Pudong …
    assert.equal(report.rows.filter((r) => r.kind === 'user' && r.id === u.rep1).length, 2);
    // … and a team's figures are those of the distinct people on the rows below it.
    const below = (i: number) => {
      const out: Row[] = [];
      for (
        let j = i + 1;
        j < report.rows.length && report.rows[j]!.depth > report.rows[i]!.depth;
        j++
      )
        out.push(report.rows[j]!);
      return out;
    };
    let teams = 0;
    for (const [i, row] of report.rows.entries()) {
      if (row.kind !== 'team') continue;
      const people = new Map(
        below(i)
          .filter((r) => r.kind === 'user')
          .map((r) => [r.id, r]),
      );
      assert.deepEqual([...people.keys()].sort(), [...peopleOf(row.id)].sort());
      row.cells.forEach((cell, c) => {
        const distinct = [...people.values()].map((p) => p.cells[c]!);
        assert.equal(
          cell.actualAmount,
          distinct.reduce((s, x) => s + x.actualAmount, 0),
        );
        assert.equal(
          cell.actualQuantity,
          distinct.reduce((s, x) => s + x.actualQuantity, 0),
        );
        assert.equal(
          cell.targetAmount,
          distinct.reduce((s, x) => s + (x.targetAmount ?? 0), 0),
        );
      });
      teams++;
    }
    assert.equal(teams, 6);
    // Shanghai's March, written out: rep1 once, not twice.
    const sh = report.rows.find((r) => r.kind === 'team' && r.id === org.teams.shanghai)!;
    assert.equal(
      sh.cells[2]!.targetAmount,
      plan.rep1![2]!.amount + plan.rep2![2]!.amount + plan.repDeep![2]!.amount,
    );
  });

  test('people in no team: rows of their own after the trees for finance and admins, nowhere for managers', async () => {
    const report = await admin.reports.targets({ year: 2026, periodKind: 'year' });
    const last = report.rows.at(-1)!;
    assert.deepEqual([last.kind, last.id, last.depth, last.parentTeamId], ['user', loner, 0, null]);
    assert.equal(report.rows.filter((r) => r.id === loner && r.kind === 'user').length, 1);
    assert.deepEqual(
      [last.cells[0]!.targetSource, last.cells[0]!.targetAmount],
      ['periods', planned(loner, '2026')!.amount],
    );
    // Every approved order of the year is on exactly one distinct person's row: the trees' roots
    // and the people in no team together account for all of it.
    const everyone = [...keyOf.keys()];
    const all = expectedActual(docs, everyone, measure('2026')).amount;
    const roots = report.rows.filter((r) => r.depth === 0);
    assert.equal(
      roots.reduce((s, r) => s + r.cells[0]!.actualAmount, 0),
      all,
    );
    assert.ok(last.cells[0]!.actualAmount > 0);
    const finance = await (
      await callerAs(getDb(), org, 'finance')
    ).reports.targets({
      year: 2026,
      periodKind: 'year',
    });
    assert.deepEqual(finance.rows.at(-1)!.id, loner);
    const mgr = await (
      await callerAs(getDb(), org, 'mgrEast')
    ).reports.targets({
      year: 2026,
      periodKind: 'year',
    });
    assert.ok(!mgr.rows.some((r) => r.kind === 'user' && r.id === loner));
    // One team's subtree on request has no one from outside it.
    const east = await admin.reports.targets({ year: 2026, teamId: org.teams.east });
    assert.ok(!east.rows.some((r) => r.id === loner && r.kind === 'user'));
  });
  test("a team's own targets at any grain come before its children's; a part-covered period sums what is set", async () => {
    const south = org.teams.south;
    await admin.targets.set({
      teamId: south,
      period: '2026-Q2',
      currency: 'CNY',
      amount: 7_000_000_00,
    });
    await admin.targets.set({
      teamId: south,
      period: '2026-07',
      currency: 'CNY',
      amount: 1_000_000_00,
    });
    const quarters = await admin.reports.targets({
      year: 2026,
      periodKind: 'quarter',
      teamId: south,
    });
    const cells = quarters.rows[0]!.cells;
    assert.deepEqual(
      cells.map((c) => [c.targetSource, c.targetAmount]),
      [
        ['children', sumOf(peopleOf(south), '2026-Q1').amount],
        ['own', 7_000_000_00],
        // July alone: the quarter is its own months' sum, not the people's.
        ['periods', 1_000_000_00],
        ['children', sumOf(peopleOf(south), '2026-Q4').amount],
      ],
    );
    const year = (await admin.targets.attainment({ teamId: south, period: '2026' })).rows[0]!;
    assert.deepEqual([year.targetSource, year.targetAmount], ['periods', 8_000_000_00]);
    // HQ has nothing of its own: East's people and South's own targets, each once.
    const hq = (await admin.targets.attainment({ teamId: org.teams.hq, period: '2026' })).rows[0]!;
    assert.equal(hq.targetAmount, sumOf(peopleOf(org.teams.east), '2026').amount + 8_000_000_00);
  });
});
