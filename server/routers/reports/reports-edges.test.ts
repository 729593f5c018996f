// Edges the generated data does not pin down: exact half-up rounding, period boundaries to the
// millisecond, an empty pipeline, an unknown one, and refused inputs.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import { callerAs, createOrg, type Caller, type Org } from '../../../test/support/org.ts';
import type { Db } from '../../db/knex.ts';
import { toInt } from '../../db/rows.ts';
import { insertPartner, insertPipeline, insertReasons, type GenPipeline } from './generate.ts';

describeEachDatabase('reports edges', (getDb) => {
  let org: Org;
  let fin: Caller;
  let partnerId: number;
  let reasons: Awaited<ReturnType<typeof insertReasons>>;
  let db: Db;

  before(async () => {
    db = getDb().db;
    org = await createOrg(getDb());
    fin = await callerAs(getDb(), org, 'finance');
    partnerId = await insertPartner(db, org.users.admin);
    reasons = await insertReasons(db);
  });

  /** One opportunity with the given columns; history is written by the caller when it matters. */
  async function opp(p: GenPipeline, cols: Record<string, unknown>): Promise<number> {
    const at = '2026-03-01T00:00:00.000Z';
    const [row] = await db('opportunities')
      .insert({
        version: 1,
        created_at: at,
        updated_at: at,
        name: 'Edge',
        partner_id: partnerId,
        pipeline_id: p.id,
        stage_id: p.stages[0]!.id,
        currency: 'EUR',
        owner_id: org.users.rep1,
        stage_entered_at: at,
        ...cols,
      })
      .returning('id');
    return toInt((row as { id: unknown }).id);
  }

  test('weighted amounts round half up, exactly, the same on both databases', async () => {
    const p = await insertPipeline(db, 'Rounding', [10, 10, 10, 1, 99]);
    const cases: [number, number, number][] = [
      // [revenue, probability, weighted]
      [5, 10, 1], // 0.5 → 1
      [14, 10, 1], // 1.4 → 1
      [25, 10, 3], // 2.5 → 3
      [149, 1, 1], // 1.49 → 1
      [900_719_925_474, 99, 891_712_726_219], // 891 712 726 219.26: past 2^32, still exact
    ];
    for (const [i, [revenue, probability]] of cases.entries()) {
      await opp(p, { stage_id: p.stages[i]!.id, expected_revenue: revenue, probability });
    }
    const r = await fin.reports.funnel({ pipelineId: p.id, currency: 'EUR' });
    assert.deepEqual(
      r.stages.map((s) => s.weighted),
      cases.map((c) => c[2]),
    );
    // Two rows in one stage round once, on the sum: 0.5 + 0.5 = 1, not 1 + 1.
    await opp(p, { stage_id: p.stages[0]!.id, expected_revenue: 5, probability: 10 });
    const again = await fin.reports.funnel({ pipelineId: p.id, currency: 'EUR' });
    assert.equal(again.stages[0]!.weighted, 1);
    assert.equal(again.stages[0]!.amount, 10);
  });

  test('period bounds are inclusive days, to the millisecond on instants', async () => {
    const p = await insertPipeline(db, 'Bounds', [50]);
    const period = { from: '2026-05-01', to: '2026-05-31' };
    for (const day of ['2026-04-30', '2026-05-01', '2026-05-31', '2026-06-01']) {
      await opp(p, { expected_close_date: day, expected_revenue: 100, probability: 50 });
    }
    const f = await fin.reports.funnel({ pipelineId: p.id, currency: 'EUR', period });
    assert.equal(f.open.count, 2);
    for (const [closedAt, reason] of [
      ['2026-04-30T23:59:59.999Z', reasons.lost[0]],
      ['2026-05-01T00:00:00.000Z', reasons.lost[0]],
      ['2026-05-31T23:59:59.999Z', reasons.invalid[0]],
      ['2026-06-01T00:00:00.000Z', reasons.invalid[0]],
    ] as const) {
      const status = reason === reasons.lost[0] ? 'lost' : 'invalid';
      await opp(p, { status, closed_at: closedAt, close_reason_id: reason, expected_revenue: 7 });
    }
    const lr = await fin.reports.lostReasons({ currency: 'EUR', period, pipelineId: p.id });
    assert.deepEqual(
      lr.rows.map((r) => [r.outcome, r.reasonId, r.count, r.amount]),
      [
        ['lost', reasons.lost[0], 1, 7],
        ['invalid', reasons.invalid[0], 1, 7],
      ],
    );
    const fc = await fin.reports.forecast({
      currency: 'EUR',
      from: '2026-05',
      to: '2026-05',
      pipelineId: p.id,
    });
    assert.deepEqual(fc.rows, [
      { groupId: null, month: '2026-05', total: 200, weighted: 100, won: 0 },
    ]);
  });

  test('a stay is measured from entering to the next move; ongoing ones to the period end', async () => {
    const p = await insertPipeline(db, 'Stays', [20, 60]);
    const [a, b] = [p.stages[0]!.id, p.stages[1]!.id];
    const id = await opp(p, { stage_id: b });
    const history = [
      { from_stage_id: null, to_stage_id: a, at: '2026-07-01T00:00:00.000Z' },
      { from_stage_id: a, to_stage_id: b, at: '2026-07-02T12:00:00.000Z' },
    ];
    await db('opportunity_stage_history').insert(
      history.map((h) => ({ ...h, opportunity_id: id, status: 'open' })),
    );
    const v = await fin.reports.velocity({
      pipelineId: p.id,
      period: { from: '2026-07-01', to: '2026-07-10' },
    });
    assert.deepEqual(v.stages[0]!.completed, { count: 1, average: 1.5, median: 1.5 });
    // Entered 2 July 12:00, still there at the period's end (11 July 00:00): 8.5 days.
    assert.deepEqual(v.stages[1]!.current, { count: 1, average: 8.5, median: 8.5 });
    const c = await fin.reports.conversion({
      pipelineId: p.id,
      period: { from: '2026-07-01', to: '2026-07-01' },
    });
    // Entered stage 1 on 1 July; the move to stage 2 came after the period ended.
    assert.deepEqual([c.stages[0]!.reached, c.stages[0]!.advanced], [1, 0]);
  });

  test('an empty pipeline answers zeros for every stage; an unknown one NOT_FOUND', async () => {
    const p = await insertPipeline(db, 'Empty', [10, 90]);
    const period = { from: '2026-01-01', to: '2026-12-31' };
    const f = await fin.reports.funnel({ pipelineId: p.id, currency: 'CNY' });
    assert.deepEqual(
      f.stages.map((s) => [s.count, s.amount, s.weighted]),
      [
        [0, 0, 0],
        [0, 0, 0],
      ],
    );
    assert.deepEqual(f.won, { count: 0, amount: 0, wonAmount: 0 });
    const c = await fin.reports.conversion({ pipelineId: p.id, period });
    assert.equal(c.winRate, null);
    assert.ok(c.stages.every((s) => s.reached === 0 && s.rate === null));
    const v = await fin.reports.velocity({ pipelineId: p.id, period });
    assert.ok(v.stages.every((s) => s.completed.count === 0 && s.completed.average === null));
    const lr = await fin.reports.lostReasons({ currency: 'CNY', period, pipelineId: p.id });
    assert.deepEqual(lr.rows, []);
    const noStages = await insertPipeline(db, 'No stages', []);
    assert.deepEqual(
      (await fin.reports.funnel({ pipelineId: noStages.id, currency: 'CNY' })).stages,
      [],
    );
    await assert.rejects(
      fin.reports.funnel({ pipelineId: 999_999, currency: 'CNY' }),
      (e: { code?: string }) => e.code === 'NOT_FOUND',
    );
  });

  test('bad inputs are refused: reversed period, bad month, too long a forecast, unknown keys', async () => {
    const bad = (e: { code?: string }) => e.code === 'BAD_REQUEST';
    await assert.rejects(
      fin.reports.conversion({ pipelineId: 1, period: { from: '2026-02-01', to: '2026-01-01' } }),
      bad,
    );
    await assert.rejects(
      fin.reports.forecast({ currency: 'CNY', from: '2026-13', to: '2027-01' }),
      bad,
    );
    await assert.rejects(
      fin.reports.forecast({ currency: 'CNY', from: '2026-01', to: '2029-01' }),
      bad,
    );
    await assert.rejects(
      fin.reports.funnel({ pipelineId: 1, currency: 'CNY', extra: 1 } as never),
      bad,
    );
  });
});
