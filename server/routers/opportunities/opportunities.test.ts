import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import { createFunnelFixture, type FunnelFixture } from '../../../test/support/funnel.ts';
import { callerAs, createOrg, type Caller, type Org } from '../../../test/support/org.ts';
import { ErrorDetails } from '../../trpc/errors.ts';

interface Refused {
  code?: string;
  message?: string;
  cause?: unknown;
}

/** Asserts the call is refused with this code and exact message; returns data.details. */
async function refused(p: Promise<unknown>, code: string, message: string) {
  let details: Record<string, unknown> | undefined;
  await assert.rejects(p, (e: Refused) => {
    assert.equal(e.code, code);
    assert.equal(e.message, message);
    if (e.cause instanceof ErrorDetails) details = e.cause.details;
    return true;
  });
  return details;
}

describeEachDatabase('opportunities', (getDb) => {
  let org: Org;
  let funnel: FunnelFixture;
  let rep1: Caller;
  let rep2: Caller;
  let mgr: Caller;
  let admin: Caller;
  let finance: Caller;
  let partnerId: number;
  let contactId: number;
  const qual = () => funnel.lato.stages['初验']!;
  const stage = (name: string) => funnel.lato.stages[name]!.id;

  before(async () => {
    org = await createOrg(getDb());
    funnel = await createFunnelFixture(getDb());
    rep1 = await callerAs(getDb(), org, 'rep1');
    rep2 = await callerAs(getDb(), org, 'rep2');
    mgr = await callerAs(getDb(), org, 'mgrEast');
    admin = await callerAs(getDb(), org, 'admin');
    finance = await callerAs(getDb(), org, 'finance');
    const p = await rep1.partners.create({ name: '杭州远景科技有限公司' });
    partnerId = p.id;
    const c = await rep1.contacts.create({
      name: '周敏',
      partners: [{ partnerId, role: 'user' }],
    });
    contactId = c.id;
  });

  const newDeal = (extra: Record<string, unknown> = {}) =>
    rep1.opportunities.create({ name: `ERP ${Math.random()}`, partnerId, ...extra });

  test('create: first stage of the default pipeline, its probability, one history row', async () => {
    const o = await newDeal();
    assert.equal(o.pipelineId, funnel.lato.id);
    assert.equal(o.stageId, stage('初选'));
    assert.equal(o.probability, 10);
    assert.equal(o.ownerId, org.users.rep1);
    assert.equal(o.teamId, org.teams.shanghai);
    assert.equal(o.status, 'open');
    const card = await rep1.opportunities.get({ id: o.id });
    assert.equal(card.partnerName, '杭州远景科技有限公司');
    assert.equal(card.history.length, 1);
    assert.equal(card.history[0]!.fromStageId, null);
  });

  test('create straight into 初验 needs its required fields', async () => {
    const details = await refused(
      newDeal({ stageId: stage('初验') }),
      'BAD_REQUEST',
      'expectedRevenue and expectedCloseDate are required for stage 初验 (Qualification)',
    );
    assert.deepEqual(details, {
      reason: 'missing_fields',
      stageId: stage('初验'),
      fields: ['expectedRevenue', 'expectedCloseDate'],
    });
    const o = await newDeal({
      stageId: stage('初验'),
      expectedRevenue: 1_000_000,
      expectedCloseDate: '2027-03-31',
    });
    assert.equal(o.probability, 25);
  });

  test('idempotent create replays the first answer', async () => {
    const input = { name: 'Replay', partnerId, idempotencyKey: 'opp-replay-0001' };
    const a = await rep1.opportunities.create(input);
    const b = await rep1.opportunities.create(input);
    assert.equal(a.id, b.id);
  });

  test('moveStage: refusals with the engine sentence, fields in the same call, back moves', async () => {
    const o = await newDeal();
    await refused(
      rep1.opportunities.moveStage({ id: o.id, version: o.version, stageId: stage('初验') }),
      'BAD_REQUEST',
      'expectedRevenue and expectedCloseDate are required for stage 初验 (Qualification)',
    );
    const moved = await rep1.opportunities.moveStage({
      id: o.id,
      version: o.version,
      stageId: stage('初验'),
      fields: { expectedRevenue: 5_000_00, expectedCloseDate: '2027-01-15' },
    });
    assert.equal(moved.stageId, stage('初验'));
    assert.equal(moved.probability, 25);
    assert.equal(moved.expectedRevenue, 5_000_00);
    const details = await refused(
      rep1.opportunities.moveStage({ id: o.id, version: moved.version, stageId: stage('已验') }),
      'PRECONDITION_FAILED',
      'finish "Confirmed they need our product or service" and "Confirmed they have a budget" before leaving stage 初验 (Qualification)',
    );
    assert.deepEqual(details?.taskIds, Object.values(qual().tasks));
    let v = moved.version;
    for (const taskId of Object.values(qual().tasks)) {
      v = (await rep1.opportunities.tasks.set({ id: o.id, version: v, taskId, done: true }))
        .version;
    }
    const fwd = await rep1.opportunities.moveStage({
      id: o.id,
      version: v,
      stageId: stage('已验'),
    });
    assert.equal(fwd.probability, 50);
    // Back to 初选: no tasks asked for, probability follows the stage.
    const back = await rep1.opportunities.moveStage({
      id: o.id,
      version: fwd.version,
      stageId: stage('初选'),
    });
    assert.equal(back.probability, 10);
    const card = await rep1.opportunities.get({ id: o.id });
    assert.deepEqual(
      card.history.map((h) => [h.fromStageId, h.toStageId, h.automatic]),
      [
        [null, stage('初选'), false],
        [stage('初选'), stage('初验'), false],
        [stage('初验'), stage('已验'), false],
        [stage('已验'), stage('初选'), false],
      ],
    );
    assert.ok(card.history.every((h) => h.userId === org.users.rep1 && h.requestId));
    await refused(
      rep1.opportunities.moveStage({
        id: o.id,
        version: back.version,
        stageId: funnel.tender.order[0]!,
      }),
      'BAD_REQUEST',
      'the stage is not in this pipeline',
    );
  });

  test('milestone tasks done: the deal advances by itself, marked automatic', async () => {
    const o = await newDeal({
      pipelineId: funnel.tender.id,
      expectedRevenue: 80_000_00,
      expectedCloseDate: '2027-06-30',
    });
    const first = funnel.tender.stages['鉴定资质']!;
    const [t1, t2] = Object.values(first.tasks) as [number, number];
    const a = await rep1.opportunities.tasks.set({
      id: o.id,
      version: o.version,
      taskId: t1,
      done: true,
    });
    assert.equal(a.stageId, first.id);
    const b = await rep1.opportunities.tasks.set({
      id: o.id,
      version: a.version,
      taskId: t2,
      done: true,
    });
    assert.equal(b.stageId, funnel.tender.stages['决议是否投标']!.id);
    assert.equal(b.probability, 25);
    const card = await rep1.opportunities.get({ id: o.id });
    assert.equal(card.history.at(-1)!.automatic, true);
    assert.equal(card.tasks.length, 4); // the new stage's checklist, none done
    assert.ok(card.tasks.every((t) => !t.done));
  });

  test('probability follows the stage only when its flag is on', async () => {
    const p = await admin.pipelines.create({
      name: `Manual ${Math.random()}`,
      stages: [
        { name: 'A', probability: 20 },
        { name: 'B', probability: 60, autoProbability: false },
        { name: 'C', probability: 80 },
      ],
    });
    const [a, b, c] = p.stages.map((s) => s.id) as [number, number, number];
    const o = await newDeal({ pipelineId: p.id });
    assert.equal(o.probability, 20);
    const inB = await rep1.opportunities.moveStage({ id: o.id, version: o.version, stageId: b });
    assert.equal(inB.probability, 20);
    const set = await rep1.opportunities.update({
      id: o.id,
      version: inB.version,
      patch: { probability: 35 },
    });
    assert.equal(set.probability, 35);
    const inC = await rep1.opportunities.moveStage({ id: o.id, version: set.version, stageId: c });
    assert.equal(inC.probability, 80);
    await assert.rejects(
      rep1.opportunities.update({ id: o.id, version: inC.version, patch: { probability: 40 } }),
      /probability: is set by stage C/,
    );
    assert.ok(a);
  });

  test('update: clearing a required field is refused naming it; stage is not a field', async () => {
    const o = await newDeal({
      stageId: stage('初验'),
      expectedRevenue: 1_00,
      expectedCloseDate: '2027-02-01',
    });
    await refused(
      rep1.opportunities.update({ id: o.id, version: o.version, patch: { expectedRevenue: null } }),
      'BAD_REQUEST',
      'expectedRevenue is required for stage 初验 (Qualification)',
    );
    await assert.rejects(
      rep1.opportunities.update({
        id: o.id,
        version: o.version,
        patch: { stageId: stage('初选') } as never,
      }),
      (e: Refused) => e.code === 'BAD_REQUEST',
    );
    const ok = await rep1.opportunities.update({
      id: o.id,
      version: o.version,
      patch: { expectedRevenue: 2_00, primaryContactId: contactId, tags: ['续约'] },
    });
    assert.equal(ok.version, o.version + 1);
    await assert.rejects(
      rep1.opportunities.update({ id: o.id, version: o.version, patch: { name: 'stale' } }),
      (e: Refused) => e.code === 'CONFLICT',
    );
    const rows = await getDb()
      .db('audit_log')
      .where({ entity: 'opportunities', entity_id: o.id })
      .orderBy('id');
    assert.deepEqual([...new Set(rows.map((r) => r.action))], ['create', 'update']);
    assert.ok(rows.some((r) => r.field === 'expected_revenue' && r.new_value === '200'));
  });

  test('close: reasons by outcome, won amount and date, lost keeps its stage, reopen', async () => {
    const o = await newDeal({ expectedRevenue: 12_345_00, expectedCloseDate: '2027-01-01' });
    await assert.rejects(
      rep1.opportunities.close({
        id: o.id,
        version: o.version,
        outcome: 'won',
        reasonId: funnel.reasons.lost['价格过高']!,
      }),
      /reasonId: is a reason for lost, not won/,
    );
    const won = await rep1.opportunities.close({
      id: o.id,
      version: o.version,
      outcome: 'won',
      reasonId: funnel.reasons.won['产品满足需求']!,
    });
    assert.equal(won.status, 'won');
    assert.equal(won.wonAmount, 12_345_00);
    assert.ok(won.closedAt);
    await refused(
      rep1.opportunities.moveStage({ id: o.id, version: won.version, stageId: stage('初验') }),
      'PRECONDITION_FAILED',
      'the opportunity is closed (won); reopen it first',
    );
    const reopened = await rep1.opportunities.reopen({ id: o.id, version: won.version });
    assert.equal(reopened.status, 'open');
    assert.equal(reopened.wonAmount, null);
    const lost = await rep1.opportunities.close({
      id: o.id,
      version: reopened.version,
      outcome: 'lost',
      reasonId: funnel.reasons.lost['选择了竞争对手']!,
      note: '对手报价低 20%',
    });
    assert.equal(lost.stageId, o.stageId);
    assert.equal(lost.wonAmount, null);
    const card = await rep1.opportunities.get({ id: o.id });
    assert.deepEqual(
      card.history.map((h) => h.status),
      ['open', 'won', 'open', 'lost'],
    );
    const explicit = await newDeal();
    const w2 = await rep1.opportunities.close({
      id: explicit.id,
      version: explicit.version,
      outcome: 'won',
      reasonId: funnel.reasons.won['价格有优势']!,
      wonAmount: 999,
    });
    assert.equal(w2.wonAmount, 999);
  });

  test('scope: a teammate cannot see or move, the manager can, a collaborator reads; finance reads only', async () => {
    const o = await newDeal();
    await assert.rejects(
      rep2.opportunities.moveStage({ id: o.id, version: o.version, stageId: stage('初选') }),
      (e: Refused) => e.code === 'NOT_FOUND',
    );
    await assert.rejects(
      rep2.opportunities.get({ id: o.id }),
      (e: Refused) => e.code === 'NOT_FOUND',
    );
    const byMgr = await mgr.opportunities.update({
      id: o.id,
      version: o.version,
      patch: { description: '经理备注' },
    });
    const withCollab = await rep1.opportunities.collaborators.add({
      id: o.id,
      version: byMgr.version,
      userId: org.users.rep2,
      role: '售前',
    });
    assert.deepEqual(
      withCollab.collaborators.map((c) => c.userId),
      [org.users.rep2],
    );
    const seen = await rep2.opportunities.get({ id: o.id });
    assert.equal(seen.id, o.id);
    assert.ok((await finance.opportunities.get({ id: o.id })).id);
    await assert.rejects(newDealAs(finance), (e: Refused) => e.code === 'FORBIDDEN');
    const removed = await rep2.opportunities.collaborators.remove({
      id: o.id,
      version: withCollab.version,
      userId: org.users.rep2,
    });
    assert.equal(removed.version, withCollab.version + 1);
    await assert.rejects(
      rep2.opportunities.get({ id: o.id }),
      (e: Refused) => e.code === 'NOT_FOUND',
    );
  });

  const newDealAs = (c: Caller) => c.opportunities.create({ name: 'Nope', partnerId });

  test('contacts, competitors and lines with exact totals', async () => {
    const o = await newDeal();
    const a = await rep1.opportunities.contacts.set({
      id: o.id,
      version: o.version,
      contactId,
      decisionRole: 'decision_maker',
      attitude: 'supporter',
      influence: 5,
    });
    assert.deepEqual(a.contacts[0], {
      contactId,
      name: '周敏',
      decisionRole: 'decision_maker',
      attitude: 'supporter',
      influence: 5,
    });
    const stranger = await rep1.contacts.create({ name: 'Stranger' });
    await assert.rejects(
      rep1.opportunities.contacts.set({
        id: o.id,
        version: a.version,
        contactId: stranger.id,
        decisionRole: 'user',
      }),
      /contactId: is not a contact of this partner/,
    );
    const b = await rep1.opportunities.competitors.add({
      id: o.id,
      version: a.version,
      competitor: { name: '用友', price: 90_000_00, strengths: '本地服务' },
    });
    const comp = b.competitors[0]!;
    assert.equal(comp.currency, 'CNY');
    const c = await rep1.opportunities.competitors.update({
      id: o.id,
      version: b.version,
      competitorId: comp.id,
      patch: { weaknesses: '实施慢' },
    });
    assert.equal(c.competitors[0]!.weaknesses, '实施慢');
    const d = await rep1.opportunities.lines.set({
      id: o.id,
      version: c.version,
      lines: [
        { description: 'License', quantityMilli: 1500, unitPrice: 333 }, // 499.5 → 500
        { description: 'Service', quantityMilli: 3000, unitPrice: 1_000_000_01 },
      ],
    });
    assert.deepEqual(
      d.lines.map((l) => l.total),
      [500, 3_000_000_03],
    );
    assert.equal(d.linesTotal, 3_000_000_03 + 500);
    const e = await rep1.opportunities.lines.set({ id: o.id, version: d.version, lines: [] });
    assert.equal(e.lines.length, 0);
    const f = await rep1.opportunities.contacts.remove({ id: o.id, version: e.version, contactId });
    assert.equal(f.contacts.length, 0);
    const g = await rep1.opportunities.competitors.remove({
      id: o.id,
      version: f.version,
      competitorId: comp.id,
    });
    assert.equal(g.competitors.length, 0);
  });

  test('list with filters and cursor paging; stageTotals equal independent sums', async () => {
    const tag = `t${Math.random().toString(36).slice(2, 8)}`;
    const made = [];
    for (const [i, rev] of [1_001, 2_550, 333, 0, 7_777_77].entries()) {
      made.push(
        await newDeal({
          tags: [tag],
          expectedRevenue: rev,
          expectedCloseDate: `2027-0${i + 1}-15`,
          stageId: i % 2 ? stage('初验') : stage('初选'),
        }),
      );
    }
    made.push(await newDeal({ tags: [tag], currency: 'USD', expectedRevenue: 10_01 }));
    const page1 = await mgr.opportunities.list({ tag, limit: 4 });
    assert.equal(page1.total, 6);
    assert.equal(page1.items.length, 4);
    const page2 = await mgr.opportunities.list({ tag, limit: 4, cursor: page1.nextCursor });
    assert.equal(page2.nextCursor, null);
    assert.equal(new Set([...page1.items, ...page2.items].map((o) => o.id)).size, 6);
    const byName1 = await mgr.opportunities.list({
      tag,
      limit: 5,
      sort: 'name',
      direction: 'desc',
    });
    const byName2 = await mgr.opportunities.list({
      tag,
      limit: 5,
      sort: 'name',
      direction: 'desc',
      cursor: byName1.nextCursor,
    });
    assert.equal(new Set([...byName1.items, ...byName2.items].map((o) => o.id)).size, 6);
    const inRange = await rep1.opportunities.list({
      tag,
      closeFrom: '2027-02-01',
      closeTo: '2027-04-30',
      amountMin: 300,
    });
    assert.deepEqual(inRange.items.map((o) => o.expectedRevenue).sort(), [2_550, 333].sort());
    assert.equal((await rep2.opportunities.list({ tag })).total, 0);
    assert.equal((await mgr.opportunities.list({ tag, teamId: org.teams.east })).total, 6);
    assert.equal((await mgr.opportunities.list({ tag, teamId: org.teams.pudong })).total, 0);

    const totals = await mgr.opportunities.stageTotals({ pipelineId: funnel.lato.id, tag });
    const expected = new Map<string, { count: number; amount: number; w: number }>();
    for (const o of made) {
      const k = `${o.stageId}/${o.currency}`;
      const e = expected.get(k) ?? { count: 0, amount: 0, w: 0 };
      e.count++;
      e.amount += o.expectedRevenue ?? 0;
      e.w += (o.expectedRevenue ?? 0) * o.probability;
      expected.set(k, e);
    }
    assert.equal(totals.length, expected.size);
    for (const t of totals) {
      const e = expected.get(`${t.stageId}/${t.currency}`)!;
      assert.equal(t.count, e.count);
      assert.equal(t.amount, e.amount);
      assert.equal(t.weighted, Math.floor((e.w + 50) / 100));
    }
  });
});
