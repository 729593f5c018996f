import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import fc from 'fast-check';
import { TRPCError } from '@trpc/server';
import type { Target } from '../../../core/schemas/targets.ts';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import { callerAs, createOrg, type Caller, type Org } from '../../../test/support/org.ts';
import { assertBreakdownsExact, sum } from './expected.ts';

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof TRPCError, String(err));
    const issues = (err.cause as { issues?: { path: string[]; code: string }[] })?.issues;
    return issues
      ? `${err.code} ${issues.map((i) => `${i.path.join('.')}:${i.code}`).join(' ')}`
      : err.code;
  }
  assert.fail('expected a refusal');
}

describeEachDatabase('targets.breakdown', (getDb) => {
  let org: Org;
  let admin: Caller;
  let mgrEast: Caller;

  before(async () => {
    org = await createOrg(getDb());
    admin = await callerAs(getDb(), org, 'admin');
    mgrEast = await callerAs(getDb(), org, 'mgrEast');
  });

  const yearTarget = (period: string, amount = 1_000_000_01, quantity: number | null = 9_999) =>
    admin.targets.set({ userId: org.users.rep1, period, currency: 'CNY', amount, quantity });

  test('a year splits into quarters, months or weeks exactly, evenly or by weights', async () => {
    const year = await yearTarget('2026');
    const q = await admin.targets.breakdown({
      by: 'period',
      id: year.id,
      version: year.version,
      into: 'quarter',
    });
    assert.deepEqual(
      q.children.map((c) => c.period),
      ['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4'],
    );
    // The extra fen and the extra thousandths go to the earliest parts.
    assert.deepEqual(
      q.children.map((c) => c.amount),
      [25_000_001, 25_000_000, 25_000_000, 25_000_000],
    );
    assert.deepEqual(
      q.children.map((c) => c.quantity),
      [2_500, 2_500, 2_500, 2_499],
    );
    for (const c of q.children) {
      assert.equal(c.parentTargetId, year.id);
      assert.equal(c.userId, org.users.rep1);
      assert.equal(c.currency, 'CNY');
      assert.equal(c.weight, 1);
      assert.equal(c.locked, false);
    }
    assert.equal(q.target.version, year.version + 1);

    const y2 = await yearTarget('2027', 12_000_000_00, null);
    // Spring Festival: February is the quiet month.
    const weights = [10, 4, 9, 9, 9, 9, 9, 9, 9, 10, 11, 12];
    const m = await admin.targets.breakdown({
      by: 'period',
      id: y2.id,
      version: y2.version,
      into: 'month',
      weights,
    });
    assert.equal(sum(m.children.map((c) => c.amount)), 12_000_000_00);
    assert.deepEqual(
      m.children.map((c) => c.weight),
      weights,
    );
    // February: 12,000,000.00 × 4 / 110.
    assert.equal(m.children[1]!.amount, 43_636_364);
    assert.ok(m.children.every((c) => c.quantity === null));

    const y3 = await yearTarget('2020', 5_300_00, 53_000);
    const w = await admin.targets.breakdown({
      by: 'period',
      id: y3.id,
      version: y3.version,
      into: 'week',
    });
    assert.equal(w.children.length, 53);
    assert.equal(w.children[0]!.period, '2020-W01');
    assert.equal(w.children[0]!.from, '2019-12-30');
    assert.ok(w.children.every((c) => c.amount === 100_00 && c.quantity === 1_000));
    assert.ok((await assertBreakdownsExact(getDb().db)) >= 3);
  });

  test('a re-run replaces the parts it made: same rows, new figures, no duplicates', async () => {
    const year = await yearTarget('2028', 400);
    const first = await admin.targets.breakdown({
      by: 'period',
      id: year.id,
      version: year.version,
      into: 'quarter',
    });
    const second = await admin.targets.breakdown({
      by: 'period',
      id: year.id,
      version: first.target.version,
      into: 'quarter',
      weights: [1, 1, 1, 5],
    });
    assert.deepEqual(
      second.children.map((c) => c.id),
      first.children.map((c) => c.id),
    );
    assert.deepEqual(
      second.children.map((c) => c.amount),
      [50, 50, 50, 250],
    );
    const live = await admin.targets.list({ userId: org.users.rep1, year: 2028 });
    assert.equal(live.total, 5);
    // A stale version: someone split it in between.
    assert.equal(
      await codeOf(
        admin.targets.breakdown({
          by: 'period',
          id: year.id,
          version: first.target.version,
          into: 'quarter',
        }),
      ),
      'CONFLICT',
    );
  });

  test('a part set by hand is locked; its siblings share the rest, and re-runs keep it', async () => {
    const year = await yearTarget('2029', 1_200, 1_200);
    const m = await admin.targets.breakdown({
      by: 'period',
      id: year.id,
      version: year.version,
      into: 'month',
    });
    const march = m.children[2]!;
    const set = await admin.targets.set({
      userId: org.users.rep1,
      period: '2029-03',
      currency: 'CNY',
      amount: 300,
      quantity: 100,
      version: march.version,
    });
    assert.equal(set.locked, true);
    const parts = (await admin.targets.list({ parentTargetId: year.id })).items;
    assert.equal(sum(parts.map((p) => p.amount)), 1_200);
    assert.equal(sum(parts.map((p) => p.quantity)), 1_200);
    // 900 left over the other eleven months: 82 × 9 + 81 × 2.
    assert.deepEqual(
      parts.filter((p) => p.period !== '2029-03').map((p) => p.amount),
      [82, 82, 82, 82, 82, 82, 82, 82, 82, 81, 81],
    );
    // Hand-set figures stay locked.
    const marchNow = parts.find((p) => p.period === '2029-03')!;
    assert.equal(
      await codeOf(
        admin.targets.set({
          userId: org.users.rep1,
          period: '2029-03',
          currency: 'CNY',
          amount: 200,
          quantity: 100,
          locked: false,
          version: marchNow.version,
        }),
      ),
      'BAD_REQUEST locked:hand_set',
    );
    // More than the year leaves: refused, and nothing changes.
    assert.equal(
      await codeOf(
        admin.targets.set({
          userId: org.users.rep1,
          period: '2029-03',
          currency: 'CNY',
          amount: 1_201,
          quantity: 100,
          version: marchNow.version,
        }),
      ),
      'BAD_REQUEST amount:locked_exceed_total',
    );
    assert.equal(
      (await admin.targets.list({ parentTargetId: year.id, period: '2029-03' })).items[0]!.amount,
      300,
    );

    const yearNow = (await admin.targets.list({ userId: org.users.rep1, period: '2029' }))
      .items[0]!;
    const rerun = await admin.targets.breakdown({
      by: 'period',
      id: year.id,
      version: yearNow.version,
      into: 'month',
      weights: [1, 1, 9, 1, 1, 1, 1, 1, 1, 1, 1, 1],
    });
    assert.equal(
      rerun.children[2]!.amount,
      300,
      'the locked month keeps its figure, whatever its weight',
    );
    assert.equal(rerun.children[0]!.amount, 82);

    // Splitting into quarters instead would remove the locked month: refused until it is unlocked.
    assert.equal(
      await codeOf(
        admin.targets.breakdown({
          by: 'period',
          id: year.id,
          version: rerun.target.version,
          into: 'quarter',
        }),
      ),
      'PRECONDITION_FAILED',
    );
    const unlocked = await admin.targets.set({
      userId: org.users.rep1,
      period: '2029-03',
      currency: 'CNY',
      amount: 300,
      quantity: 100,
      locked: false,
      version: rerun.children[2]!.version,
    });
    assert.equal(unlocked.locked, false);
    const quarters = await admin.targets.breakdown({
      by: 'period',
      id: year.id,
      version: rerun.target.version,
      into: 'quarter',
    });
    assert.deepEqual(
      quarters.children.map((c) => c.amount),
      [300, 300, 300, 300],
    );
    const live = await admin.targets.list({ parentTargetId: year.id });
    assert.deepEqual(
      live.items.map((t) => t.period),
      ['2029-Q1', '2029-Q2', '2029-Q3', '2029-Q4'],
    );
    await assertBreakdownsExact(getDb().db);
  });

  test('a team target splits down the tree, and a changed total flows down every level by weight', async () => {
    const hq = await admin.targets.set({
      teamId: org.teams.hq,
      period: '2035',
      currency: 'CNY',
      amount: 10_000_000,
    });
    const l1 = await admin.targets.breakdown({
      by: 'tree',
      id: hq.id,
      version: hq.version,
      children: [
        { teamId: org.teams.east, weight: 3 },
        { teamId: org.teams.south, weight: 2 },
      ],
    });
    assert.deepEqual(
      l1.children.map((c) => [c.teamId, c.amount]),
      [
        [org.teams.east, 6_000_000],
        [org.teams.south, 4_000_000],
      ],
    );
    const east = l1.children[0]!;
    // By default: every child team and member, evenly (East has no members of its own).
    const l2 = await mgrEast.targets.breakdown({ by: 'tree', id: east.id, version: east.version });
    assert.deepEqual(
      l2.children.map((c) => [c.teamId, c.amount]),
      [[org.teams.shanghai, 6_000_000]],
    );
    const sh = l2.children[0]!;
    const l3 = await mgrEast.targets.breakdown({ by: 'tree', id: sh.id, version: sh.version });
    assert.deepEqual(
      l3.children.map((c) => [c.teamId ?? c.userId, c.amount]),
      [
        [org.teams.pudong, 2_000_000],
        [org.users.rep1, 2_000_000],
        [org.users.rep2, 2_000_000],
      ],
    );
    // The manager may name himself among the people of the team he manages.
    const south = l1.children[1]!;
    const mgrSouth = await callerAs(getDb(), org, 'mgrSouth');
    const s2 = await mgrSouth.targets.breakdown({
      by: 'tree',
      id: south.id,
      version: south.version,
      children: [
        { teamId: org.teams.shenzhen, weight: 4 },
        { userId: org.users.mgrSouth, weight: 1 },
      ],
    });
    assert.deepEqual(
      s2.children.map((c) => c.amount),
      [3_200_000, 800_000],
    );

    // HQ's total changes: East, South, Shanghai and its people all follow, by their weights.
    await admin.targets.set({
      teamId: org.teams.hq,
      period: '2035',
      currency: 'CNY',
      amount: 10_000_001,
      version: l1.target.version,
    });
    const now = async (teamId?: number, userId?: number) =>
      (
        await admin.targets.list({
          teamId,
          userId,
          period: '2035',
          basis: 'orders',
          productId: null,
        })
      ).items[0]!;
    assert.equal((await now(org.teams.east)).amount, 6_000_001);
    assert.equal((await now(org.teams.south)).amount, 4_000_000);
    assert.equal((await now(org.teams.shanghai)).amount, 6_000_001);
    assert.equal((await now(org.teams.pudong)).amount, 2_000_001);
    assert.equal((await now(undefined, org.users.rep2)).amount, 2_000_000);
    assert.ok((await assertBreakdownsExact(getDb().db)) >= 4);

    // Out of reach, not a team target, not a child: refused.
    assert.equal(
      await codeOf(
        mgrEast.targets.breakdown({ by: 'tree', id: hq.id, version: l1.target.version + 1 }),
      ),
      'NOT_FOUND',
    );
    const rep = await yearTarget('2032', 100);
    assert.equal(
      await codeOf(admin.targets.breakdown({ by: 'tree', id: rep.id, version: rep.version })),
      'BAD_REQUEST by:team_target',
    );
    const eastNow = await now(org.teams.east);
    assert.equal(
      await codeOf(
        admin.targets.breakdown({
          by: 'tree',
          id: eastNow.id,
          version: eastNow.version,
          children: [{ teamId: org.teams.south, weight: 1 }],
        }),
      ),
      'BAD_REQUEST children.0.teamId:not_child',
    );
    assert.equal(
      await codeOf(
        admin.targets.breakdown({
          by: 'period',
          id: eastNow.id,
          version: eastNow.version,
          into: 'month',
          weights: [1, 2],
        }),
      ),
      'BAD_REQUEST weights:length',
    );
    const q1 = await admin.targets.set({
      teamId: org.teams.south,
      period: '2033-Q1',
      currency: 'CNY',
      amount: 9,
    });
    assert.equal(
      await codeOf(
        admin.targets.breakdown({ by: 'period', id: q1.id, version: q1.version, into: 'quarter' }),
      ),
      'BAD_REQUEST into:finer',
    );
  });

  test('a target already in one breakdown cannot join another', async () => {
    const year = await admin.targets.set({
      teamId: org.teams.pudong,
      period: '2034',
      currency: 'CNY',
      amount: 400,
    });
    await admin.targets.breakdown({
      by: 'period',
      id: year.id,
      version: year.version,
      into: 'quarter',
    });
    const parent = await admin.targets.set({
      teamId: org.teams.shanghai,
      period: '2034-Q1',
      currency: 'CNY',
      amount: 100,
    });
    assert.equal(
      await codeOf(
        admin.targets.breakdown({
          by: 'tree',
          id: parent.id,
          version: parent.version,
          children: [{ teamId: org.teams.pudong, weight: 1 }],
        }),
      ),
      'CONFLICT',
    );
  });

  test('property: any sequence of sets, splits, hand edits and locks keeps every breakdown exact', async (t) => {
    const { db } = getDb();
    let run = 0;
    const tally = { applied: 0, refused: 0, groups: 0 };
    const teams = () => [
      org.teams.hq,
      org.teams.east,
      org.teams.shanghai,
      org.teams.pudong,
      org.teams.south,
    ];
    const op = fc.oneof(
      fc.record({
        kind: fc.constant('setRoot' as const),
        amount: fc.integer({ min: 0, max: 1e9 }),
        quantity: fc.option(fc.integer({ min: 0, max: 1e6 })),
      }),
      fc.record({
        kind: fc.constant('split' as const),
        pick: fc.nat(),
        tree: fc.boolean(),
        into: fc.constantFrom('quarter' as const, 'month' as const),
        weights: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 12, maxLength: 12 }),
      }),
      fc.record({
        kind: fc.constant('hand' as const),
        pick: fc.nat(),
        amount: fc.integer({ min: 0, max: 1e9 }),
      }),
      fc.record({ kind: fc.constant('lock' as const), pick: fc.nat(), locked: fc.boolean() }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 3, maxLength: 8 }), async (ops) => {
        const period = String(2200 + run++);
        await admin.targets.set({
          teamId: org.teams.hq,
          period,
          currency: 'CNY',
          amount: 1_000_000,
        });
        const live = async () =>
          (await admin.targets.list({ year: Number(period), limit: 500 })).items.filter((t) =>
            t.period.startsWith(period),
          );
        const pick = (all: Target[], n: number) => all[n % all.length]!;
        for (const o of ops) {
          const all = await live();
          const root = all.find(
            (t) => t.parentTargetId === null && t.teamId === org.teams.hq && t.period === period,
          )!;
          try {
            if (o.kind === 'setRoot') {
              await admin.targets.set({
                teamId: org.teams.hq,
                period,
                currency: 'CNY',
                amount: o.amount,
                quantity: o.quantity,
                version: root.version,
              });
            } else if (o.kind === 'split') {
              const t = pick(all, o.pick);
              if (o.tree && t.teamId !== null && teams().includes(t.teamId)) {
                await admin.targets.breakdown({ by: 'tree', id: t.id, version: t.version });
              } else {
                const count = t.periodKind === 'year' ? (o.into === 'quarter' ? 4 : 12) : 3;
                await admin.targets.breakdown({
                  by: 'period',
                  id: t.id,
                  version: t.version,
                  into: t.periodKind === 'year' ? o.into : 'month',
                  weights: o.weights.slice(0, count),
                });
              }
            } else {
              const t = pick(all.filter((x) => x.parentTargetId !== null).concat(root), o.pick);
              await admin.targets.set({
                teamId: t.teamId ?? undefined,
                userId: t.userId ?? undefined,
                period: t.period,
                currency: 'CNY',
                amount: t.amount === null ? null : o.kind === 'hand' ? o.amount : t.amount,
                quantity: t.quantity,
                locked: o.kind === 'lock' ? o.locked : undefined,
                version: t.version,
              });
            }
            tally.applied++;
          } catch (err) {
            tally.refused++;
            // Refusals are expected (splits of a week, locked parts in the way); crashes are not.
            assert.ok(
              err instanceof TRPCError && err.code !== 'INTERNAL_SERVER_ERROR',
              String(err),
            );
          }
          tally.groups = await assertBreakdownsExact(db);
        }
      }),
      { numRuns: 15 },
    );
    t.diagnostic(
      `operations applied ${tally.applied}, refused ${tally.refused}; breakdowns checked ${tally.groups}`,
    );
    assert.ok(tally.applied > tally.refused, 'most operations apply');
  });
});
