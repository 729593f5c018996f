import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import { callerAs, createOrg, type Org, type UserKey } from '../../../test/support/org.ts';
import type { Period } from '../../../core/schemas/reports.ts';
import {
  generateOpportunities,
  insertPartner,
  insertPipeline,
  insertReasons,
  type GenOpportunity,
  type GenPipeline,
} from './generate.ts';
import {
  expectedConversion,
  expectedForecast,
  expectedFunnel,
  expectedLostReasons,
  expectedVelocity,
} from './expected.ts';

const PERIOD: Period = { from: '2026-02-01', to: '2026-04-30' };
const close = (a: number | null, b: number | null) =>
  a === null || b === null ? a === b : Math.abs(a - b) < 0.0011;

describeEachDatabase('reports', (getDb) => {
  let org: Org;
  let pipelines: GenPipeline[];
  let all: GenOpportunity[];
  /** The scope rules restated over the generated rows, independently of server/auth/scope.ts. */
  let visibleTo: (key: UserKey) => GenOpportunity[];

  before(async () => {
    const { db } = getDb();
    org = await createOrg(getDb());
    const u = org.users;
    const t = org.teams;
    pipelines = [
      await insertPipeline(db, 'Main', [10, 25, 50, 75]),
      await insertPipeline(db, 'Tender', [20, 40, 60]),
    ];
    all = await generateOpportunities(db, {
      count: 240,
      seed: 7,
      pipelines,
      owners: [
        { userId: u.rep1, teamId: t.shanghai },
        { userId: u.rep2, teamId: t.shanghai },
        { userId: u.repDeep, teamId: t.pudong },
        { userId: u.repSouth, teamId: t.shenzhen },
        { userId: u.mgrEast, teamId: t.east },
      ],
      teamIds: Object.values(t),
      partnerId: await insertPartner(db, u.admin),
      reasons: await insertReasons(db),
      currencies: ['CNY', 'USD'],
      startDay: '2026-01-01',
      collaboratorIds: [u.rep1, u.mgrEast],
    });
    const eastUsers = [u.mgrEast, u.rep1, u.rep2, u.repDeep];
    const eastTeams = [t.east, t.shanghai, t.pudong];
    visibleTo = (key) =>
      all.filter((o) => {
        const me = u[key];
        if (key === 'finance' || key === 'admin') return true;
        if (o.ownerId === me || o.collaboratorIds.includes(me)) return true;
        if (key !== 'mgrEast') return false;
        return eastUsers.includes(o.ownerId) || (o.teamId !== null && eastTeams.includes(o.teamId));
      });
  });

  const cny = (rows: GenOpportunity[]) => rows.filter((o) => o.currency === 'CNY');

  test('the generated data exercises every branch the reports distinguish', () => {
    for (const s of ['open', 'won', 'lost', 'invalid']) {
      assert.ok(
        all.some((o) => o.status === s && o.currency === 'USD'),
        s,
      );
    }
    assert.ok(all.some((o) => o.collaboratorIds.length > 0));
    assert.ok(all.some((o) => o.expectedRevenue === null));
    assert.ok(
      all.some((o) =>
        o.history.some((h, i) => i > 0 && h.toStageId === o.history[i - 1]!.fromStageId),
      ),
    );
  });

  for (const key of ['rep1', 'mgrEast', 'finance', 'repSouth'] as const) {
    test(`funnel as ${key}: every figure equals the sums over the rows in scope`, async () => {
      const c = await callerAs(getDb(), org, key);
      for (const p of pipelines) {
        const got = await c.reports.funnel({ pipelineId: p.id, currency: 'CNY' });
        const want = expectedFunnel(cny(visibleTo(key)), p);
        assert.deepEqual(
          got.stages.map(({ count, amount, weighted }) => ({ count, amount, weighted })),
          want.stages,
        );
        assert.deepEqual(got.won, want.won);
        assert.deepEqual(got.lost, want.lost);
        assert.deepEqual(got.invalid, want.invalid);
        assert.equal(
          got.open.count,
          want.stages.reduce((n, s) => n + s.count, 0),
        );
        assert.deepEqual(
          got.stages.map((s) => s.stageId),
          p.stages.map((s) => s.id),
        );
      }
    });
  }

  test('a rep sees fewer than the manager, the manager fewer than finance', async () => {
    const count = async (key: UserKey) => {
      const r = await (
        await callerAs(getDb(), org, key)
      ).reports.funnel({ pipelineId: pipelines[0]!.id, currency: 'CNY' });
      return r.open.count + r.won.count + r.lost.count + r.invalid.count;
    };
    const [rep, mgr, fin] = [await count('rep1'), await count('mgrEast'), await count('finance')];
    assert.ok(rep > 0 && rep < mgr && mgr < fin, `${rep} < ${mgr} < ${fin}`);
  });

  test('funnel filters: currency, expected-close period, owner, team subtree', async () => {
    const fin = await callerAs(getDb(), org, 'finance');
    const p = pipelines[0]!;
    const usd = await fin.reports.funnel({ pipelineId: p.id, currency: 'USD' });
    const usdRows = all.filter((o) => o.currency === 'USD');
    assert.deepEqual(usd.won, expectedFunnel(usdRows, p).won);
    const inPeriod = await fin.reports.funnel({
      pipelineId: p.id,
      currency: 'CNY',
      period: PERIOD,
    });
    const periodRows = cny(all).filter(
      (o) => o.expectedCloseDate >= PERIOD.from && o.expectedCloseDate <= PERIOD.to,
    );
    assert.deepEqual(
      inPeriod.stages.map((s) => s.amount),
      expectedFunnel(periodRows, p).stages.map((s) => s.amount),
    );
    const byOwner = await fin.reports.funnel({
      pipelineId: p.id,
      currency: 'CNY',
      ownerId: org.users.rep2,
    });
    assert.deepEqual(
      byOwner.lost,
      expectedFunnel(
        cny(all).filter((o) => o.ownerId === org.users.rep2),
        p,
      ).lost,
    );
    const { shanghai, pudong } = org.teams;
    const byTeam = await fin.reports.funnel({
      pipelineId: p.id,
      currency: 'CNY',
      teamId: shanghai,
    });
    const teamRows = cny(all).filter((o) => o.teamId === shanghai || o.teamId === pudong);
    assert.deepEqual(
      byTeam.stages.map((s) => s.weighted),
      expectedFunnel(teamRows, p).stages.map((s) => s.weighted),
    );
  });

  for (const key of ['rep1', 'mgrEast', 'finance'] as const) {
    test(`conversion and velocity as ${key} match the history in scope`, async () => {
      const c = await callerAs(getDb(), org, key);
      for (const p of pipelines) {
        const conv = await c.reports.conversion({ pipelineId: p.id, period: PERIOD });
        const want = expectedConversion(visibleTo(key), p, PERIOD);
        assert.deepEqual(
          conv.stages.map(({ reached, advanced, won, lost, invalid }) => ({
            reached,
            advanced,
            won,
            lost,
            invalid,
          })),
          want.stages,
        );
        assert.ok(close(conv.winRate, want.winRate), `${conv.winRate} vs ${want.winRate}`);
        if (key === 'finance') {
          // The data is rich enough that the figures mean something: some but not all go further.
          assert.ok(conv.stages.some((s) => s.advanced > 0 && s.advanced < s.reached));
          assert.ok(conv.won > 0 && conv.lost > 0);
        }
        const vel = await c.reports.velocity({ pipelineId: p.id, period: PERIOD });
        const wantVel = expectedVelocity(visibleTo(key), p, PERIOD);
        if (key === 'finance') {
          assert.ok(vel.stages.some((s) => s.completed.count > 1 && s.current.count > 1));
        }
        vel.stages.forEach((s, i) => {
          for (const part of ['completed', 'current'] as const) {
            const [g, w] = [s[part], wantVel[i]![part]];
            assert.equal(g.count, w.count, `${part} count of stage ${i}`);
            assert.ok(close(g.average, w.average), `${part} average ${g.average} vs ${w.average}`);
            assert.ok(close(g.median, w.median), `${part} median ${g.median} vs ${w.median}`);
          }
        });
      }
    });
  }

  test('conversion and velocity by currency count only that currency', async () => {
    const fin = await callerAs(getDb(), org, 'finance');
    const p = pipelines[1]!;
    const conv = await fin.reports.conversion({
      pipelineId: p.id,
      period: PERIOD,
      currency: 'USD',
    });
    const usd = all.filter((o) => o.currency === 'USD');
    assert.deepEqual(
      conv.stages.map((s) => s.reached),
      expectedConversion(usd, p, PERIOD).stages.map((s) => s.reached),
    );
    const vel = await fin.reports.velocity({ pipelineId: p.id, period: PERIOD, currency: 'USD' });
    assert.deepEqual(
      vel.stages.map((s) => s.completed.count),
      expectedVelocity(usd, p, PERIOD).map((s) => s.completed.count),
    );
  });

  for (const groupBy of ['none', 'owner', 'team'] as const) {
    test(`forecast grouped by ${groupBy}, as the East manager`, async () => {
      const mgr = await callerAs(getDb(), org, 'mgrEast');
      const got = await mgr.reports.forecast({
        currency: 'CNY',
        from: '2026-01',
        to: '2026-09',
        groupBy,
      });
      const t = org.teams;
      // Each team's row covers its subtree: an opportunity counts for its team and every ancestor.
      const parents: Record<number, number | null> = {
        [t.hq]: null,
        [t.east]: t.hq,
        [t.shanghai]: t.east,
        [t.pudong]: t.shanghai,
        [t.south]: t.hq,
        [t.shenzhen]: t.south,
      };
      const ancestors = (id: number | null): number[] =>
        id === null ? [] : [id, ...ancestors(parents[id] ?? null)];
      const groupsOf = (o: GenOpportunity) =>
        groupBy === 'none' ? [null] : groupBy === 'owner' ? [o.ownerId] : ancestors(o.teamId);
      const want = expectedForecast(cny(visibleTo('mgrEast')), '2026-01', '2026-09', groupsOf);
      assert.equal(got.months.length, 9);
      assert.deepEqual(got.rows, want);
      if (groupBy === 'none') {
        // Nothing closes in September: the month is still there, as zeros.
        assert.ok(got.rows.some((r) => r.total === 0 && r.weighted === 0));
      }
    });
  }

  test('forecast by pipeline, and months far from any data are all zero rows', async () => {
    const fin = await callerAs(getDb(), org, 'finance');
    const p = pipelines[1]!;
    const got = await fin.reports.forecast({
      currency: 'USD',
      from: '2026-02',
      to: '2026-05',
      pipelineId: p.id,
    });
    const rows = all.filter((o) => o.currency === 'USD' && o.pipelineId === p.id);
    assert.deepEqual(
      got.rows,
      expectedForecast(rows, '2026-02', '2026-05', () => [null]),
    );
    const empty = await fin.reports.forecast({ currency: 'CNY', from: '2030-11', to: '2031-02' });
    assert.deepEqual(empty.months, ['2030-11', '2030-12', '2031-01', '2031-02']);
    assert.ok(empty.rows.every((r) => r.total === 0 && r.weighted === 0 && r.won === 0));
  });

  for (const key of ['repSouth', 'mgrEast', 'finance'] as const) {
    test(`lost reasons as ${key}`, async () => {
      const c = await callerAs(getDb(), org, key);
      const got = await c.reports.lostReasons({ currency: 'CNY', period: PERIOD });
      const want = expectedLostReasons(cny(visibleTo(key)), PERIOD);
      const key2 = (r: { outcome: string; reasonId: number | null }) =>
        `${r.outcome}:${r.reasonId}`;
      assert.deepEqual(
        got.rows
          .map((r) => ({
            outcome: r.outcome,
            reasonId: r.reasonId,
            count: r.count,
            amount: r.amount,
          }))
          .sort((a, b) => key2(a).localeCompare(key2(b))),
        want.sort((a, b) => key2(a).localeCompare(key2(b))),
      );
      assert.ok(got.rows.every((r) => r.reasonId === null || r.name?.startsWith(r.outcome)));
      const lostFirst = got.rows.findIndex((r) => r.outcome === 'invalid');
      assert.ok(
        lostFirst === -1 || got.rows.slice(lostFirst).every((r) => r.outcome === 'invalid'),
      );
    });
  }
});
