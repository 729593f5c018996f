import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import { createFunnelFixture, type FunnelFixture } from '../../../test/support/funnel.ts';
import { callerAs, createOrg, type Caller, type Org } from '../../../test/support/org.ts';

const code = (c: string) => (e: { code?: string }) => e.code === c;

describeEachDatabase('pipelines', (getDb) => {
  let org: Org;
  let funnel: FunnelFixture;
  let admin: Caller;
  let rep1: Caller;
  before(async () => {
    org = await createOrg(getDb());
    funnel = await createFunnelFixture(getDb());
    admin = await callerAs(getDb(), org, 'admin');
    rep1 = await callerAs(getDb(), org, 'rep1');
  });

  test('every role reads pipelines in order, with stages, tasks and close reasons', async () => {
    const { items, closeReasons } = await rep1.pipelines.list({});
    assert.deepEqual(
      items.map((p) => p.id),
      [funnel.lato.id, funnel.tender.id],
    );
    const lato = items[0]!;
    assert.equal(lato.isDefault, true);
    assert.deepEqual(
      lato.stages.map((s) => [s.name, s.probability]),
      [
        ['初选', 10],
        ['初验', 25],
        ['已验', 50],
        ['提案', 50],
        ['谈判', 75],
        ['得失', 90],
      ],
    );
    assert.deepEqual(lato.stages[1]!.requiredFields, ['expectedRevenue', 'expectedCloseDate']);
    assert.ok(lato.stages[1]!.tasks.every((t) => t.strict));
    assert.deepEqual([...new Set(closeReasons.map((r) => r.outcome))], ['invalid', 'lost', 'won']);
    const one = await rep1.pipelines.get({ id: funnel.tender.id });
    assert.equal(one.stages.length, 5);
    assert.ok(one.closeReasons.length > 0);
    const lost = await rep1.pipelines.closeReasons.list({ outcome: 'lost' });
    assert.ok(lost.every((r) => r.outcome === 'lost'));
    await assert.rejects(
      rep1.pipelines.create({ name: 'Mine', stages: [{ name: 'A', probability: 1 }] }),
      code('FORBIDDEN'),
    );
  });

  test('admin edits stages inside: rename, reorder, add, change flags and tasks; versioned and audited', async () => {
    const p = await admin.pipelines.create({
      name: '渠道销售',
      nameEn: 'Channel sales',
      stages: [
        { name: '接触', probability: 10, tasks: [{ name: '发资料', milestone: true }] },
        { name: '演示', probability: 40 },
      ],
    });
    const [a, b] = p.stages as [(typeof p.stages)[number], (typeof p.stages)[number]];
    const edited = await admin.pipelines.update({
      id: p.id,
      version: p.version,
      patch: {
        stages: [
          { id: b.id, name: '产品演示', probability: 45, autoProbability: false },
          {
            id: a.id,
            name: '接触',
            probability: 15,
            requiredFields: ['channel'],
            tasks: [
              { id: a.tasks[0]!.id, name: '发资料', strict: true },
              { name: '约拜访', milestone: true },
            ],
          },
          { name: '签约', probability: 90 },
        ],
      },
    });
    assert.equal(edited.version, p.version + 1);
    assert.deepEqual(
      edited.stages.map((s) => [s.id === b.id, s.name, s.probability, s.autoProbability]),
      [
        [true, '产品演示', 45, false],
        [false, '接触', 15, true],
        [false, '签约', 90, true],
      ],
    );
    assert.deepEqual(
      edited.stages[1]!.tasks.map((t) => [t.name, t.strict, t.milestone]),
      [
        ['发资料', true, false],
        ['约拜访', false, true],
      ],
    );
    const audits = await getDb()
      .db('audit_log')
      .where({ entity: 'pipeline_stages', entity_id: b.id });
    assert.ok(audits.some((r) => r.field === 'name' && r.new_value === '产品演示'));
    await assert.rejects(
      admin.pipelines.update({ id: p.id, version: p.version, patch: { name: 'stale' } }),
      code('CONFLICT'),
    );
    await assert.rejects(
      admin.pipelines.update({
        id: p.id,
        version: edited.version,
        patch: { stages: [{ name: 'X', probability: 1, requiredFields: ['amount' as never] }] },
      }),
      code('BAD_REQUEST'),
    );
    await assert.rejects(
      admin.pipelines.update({
        id: p.id,
        version: edited.version,
        patch: { stages: [{ id: funnel.lato.order[0]!, name: 'X', probability: 1 }] },
      }),
      /patch\.stages\.0\.id: is not a stage of this pipeline/,
    );
  });

  test('a stage holding open opportunities cannot be removed, nor require a field they lack', async () => {
    const p = await admin.pipelines.create({
      name: `Guarded ${Math.random()}`,
      stages: [
        { name: 'One', probability: 10 },
        { name: 'Two', probability: 50 },
      ],
    });
    const [one, two] = p.stages as [(typeof p.stages)[number], (typeof p.stages)[number]];
    const partner = await rep1.partners.create({ name: 'Guard Co.' });
    const deal = await rep1.opportunities.create({
      name: 'Guarded deal',
      partnerId: partner.id,
      pipelineId: p.id,
      stageId: two.id,
    });
    const keepOne = { id: one.id, name: 'One', probability: 10 };
    await assert.rejects(
      admin.pipelines.update({ id: p.id, version: p.version, patch: { stages: [keepOne] } }),
      (e: { code?: string; message?: string }) =>
        e.code === 'PRECONDITION_FAILED' &&
        e.message === 'stage Two holds 1 open opportunity; move it before removing it',
    );
    await assert.rejects(
      admin.pipelines.update({
        id: p.id,
        version: p.version,
        patch: {
          stages: [
            keepOne,
            { id: two.id, name: 'Two', probability: 50, requiredFields: ['campaign'] },
          ],
        },
      }),
      /1 open opportunity in stage Two has no campaign/,
    );
    await rep1.opportunities.moveStage({ id: deal.id, version: deal.version, stageId: one.id });
    const trimmed = await admin.pipelines.update({
      id: p.id,
      version: p.version,
      patch: { stages: [keepOne], isDefault: true },
    });
    assert.deepEqual(
      trimmed.stages.map((s) => s.id),
      [one.id],
    );
    const { items } = await rep1.pipelines.list({});
    assert.deepEqual(
      items.filter((x) => x.isDefault).map((x) => x.id),
      [p.id],
    );
  });

  test('close reasons: add, rename and deactivate; the outcome is fixed', async () => {
    const r = await admin.pipelines.closeReasons.upsert({
      outcome: 'lost',
      name: '交期太长',
      nameEn: 'Lead time too long',
    });
    const renamed = await admin.pipelines.closeReasons.upsert({
      id: r.id,
      version: r.version,
      outcome: 'lost',
      name: '交货期太长',
      active: false,
    });
    assert.equal(renamed.version, r.version + 1);
    assert.equal(renamed.active, false);
    const active = await rep1.pipelines.closeReasons.list({ outcome: 'lost' });
    assert.ok(!active.some((x) => x.id === r.id));
    await assert.rejects(
      admin.pipelines.closeReasons.upsert({
        id: r.id,
        version: renamed.version,
        outcome: 'won',
        name: '交货期太长',
      }),
      /outcome: cannot change/,
    );
  });
});
