// sync.push: the field-level three-way merge, per-row results, stage gates and field rules
// through the domain services, atomic batches, the schema hash.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import type { Caller } from '../../../test/support/org.ts';
import { toInt } from '../../db/rows.ts';
import { create, edit, push, syncFixture, type SyncFixture } from './sync-fixture.ts';

describeEachDatabase('sync.push', (getDb) => {
  let f: SyncFixture;
  let rep1: Caller;
  let rep2: Caller;
  let mgr: Caller;

  before(async () => {
    f = await syncFixture(getDb());
    rep1 = await f.as('rep1');
    rep2 = await f.as('rep2');
    mgr = await f.as('mgrEast');
  });

  const deal = (extra: Record<string, unknown> = {}) =>
    rep1.opportunities.create({ name: `商机 ${f.uniq()}`, partnerId: f.partner.id, ...extra });
  const auditRows = async (id: number) =>
    toInt(
      (await f.tdb
        .db('audit_log')
        .where({ entity: 'opportunities', entity_id: id })
        .count({ n: '*' })
        .first())!.n,
    );

  test('both changed the same field: conflict with the server value, who and when; nothing written', async () => {
    const o = await deal({ expectedRevenue: 100_00 });
    // The manager edits the amount on the board after rep1 pulled.
    const theirs = await mgr.opportunities.update({
      id: o.id,
      version: o.version,
      patch: { expectedRevenue: 150_00 },
    });
    const [r] = (
      await push(rep1, 'opportunities', [
        edit(`o:${o.id}`, o.version, { expectedRevenue: [100_00, 120_00] }),
      ])
    ).results;
    assert.equal(r!.status, 'conflict');
    assert.deepEqual(
      r!.fieldErrors!.map((e) => [e.field, e.rule]),
      [['expectedRevenue', 'conflict']],
    );
    assert.equal(r!.server!.version, theirs.version);
    assert.equal(r!.server!.values.expectedRevenue, 150_00);
    assert.equal(r!.server!.changedBy, '王东 East Manager');
    assert.equal(r!.server!.changedAt, theirs.updatedAt);
    const now = await rep1.opportunities.get({ id: o.id });
    assert.equal(now.expectedRevenue, 150_00);
    assert.equal(now.version, theirs.version);
  });

  test('different fields of one row: both win', async () => {
    const o = await deal();
    const theirs = await mgr.opportunities.update({
      id: o.id,
      version: o.version,
      patch: { channel: '展会' },
    });
    const [r] = (
      await push(rep1, 'opportunities', [
        edit(`o:${o.id}`, o.version, { description: [null, '客户要求演示'] }),
      ])
    ).results;
    assert.equal(r!.status, 'ok');
    assert.equal(r!.version, theirs.version + 1);
    assert.equal(r!.values!.channel, '展会');
    assert.equal(r!.values!.description, '客户要求演示');
  });

  test('the same value already stored is a no-op: ok, no new version', async () => {
    const o = await deal();
    const theirs = await mgr.opportunities.update({
      id: o.id,
      version: o.version,
      patch: { campaign: '双十一' },
    });
    const audits = await auditRows(o.id);
    const [r] = (
      await push(rep1, 'opportunities', [
        edit(`o:${o.id}`, o.version, { campaign: [null, '双十一'] }),
      ])
    ).results;
    assert.equal(r!.status, 'ok');
    assert.equal(r!.version, theirs.version);
    assert.equal(await auditRows(o.id), audits);
  });

  test('deleted on the server: notFound; an archived customer too', async () => {
    const c = await mgr.partners.create({ name: `将归档 ${f.uniq()}` });
    await mgr.partners.archive({ id: c.id, version: c.version });
    const [r] = (
      await push(mgr, 'customers', [edit(`c:${c.id}`, c.version, { region: [null, '华南'] })])
    ).results;
    assert.equal(r!.status, 'notFound');
  });

  test('new rows: created through the service, key and version returned; bad ones refused per row', async () => {
    const answer = await push(rep1, 'opportunities', [
      create({ name: '新商机 甲', customer: '杭州远景科技有限公司', expectedRevenue: 88_00 }),
      create({ name: '新商机 乙', customer: 'hzyj01', stage: '初验' }),
      create({ name: '新商机 丙', customer: '不存在的客户' }),
      create({ customer: '杭州远景科技有限公司' }),
    ]);
    const [a, b, c, d] = answer.results;
    assert.equal(a!.status, 'ok');
    assert.equal(a!.version, 1);
    assert.equal(a!.values!.owner, '张一 Rep One');
    assert.equal(a!.values!.stage, '初选');
    const stored = await rep1.opportunities.get({ id: a!.id! });
    assert.equal(stored.expectedRevenue, 88_00);
    assert.equal(stored.partnerId, f.partner.id, 'the customer was found by name');
    // Entering 初验 needs its required fields: the stage gate applies to new rows too.
    assert.equal(b!.status, 'invalid');
    assert.deepEqual(b!.fieldErrors!.map((e) => e.field).sort(), [
      'expectedCloseDate',
      'expectedRevenue',
      'stage',
    ]);
    assert.equal(c!.status, 'invalid');
    assert.equal(c!.fieldErrors![0]!.field, 'customer');
    assert.equal(d!.status, 'invalid');
    assert.deepEqual(
      d!.fieldErrors!.map((e) => [e.field, e.rule]),
      [['name', 'required']],
    );
  });

  test('stage gates per row: missing fields and open strict tasks, other rows still commit', async () => {
    const a = await deal();
    const b = await deal({ expectedRevenue: 1, expectedCloseDate: '2027-01-01' });
    const qual = f.funnel.lato.stages['初验']!.id;
    const c = await rep1.opportunities.moveStage({ id: b.id, version: b.version, stageId: qual });
    const ok = await deal();
    const answer = await push(rep1, 'opportunities', [
      edit(`o:${a.id}`, a.version, { stage: ['初选', '初验'] }),
      edit(`o:${c.id}`, c.version, { stage: ['初验', '已验'] }),
      edit(`o:${ok.id}`, ok.version, {
        stage: ['初选', '初验'],
        expectedRevenue: [null, 300_000_00],
        expectedCloseDate: [null, '2027-06-30'],
      }),
    ]);
    const [ra, rc, rok] = answer.results;
    assert.equal(ra!.status, 'invalid');
    assert.equal(
      ra!.message,
      'expectedRevenue and expectedCloseDate are required for stage 初验 (Qualification)',
    );
    assert.deepEqual(
      ra!.fieldErrors!.map((e) => [e.field, e.rule]),
      [
        ['stage', 'missing_fields'],
        ['expectedRevenue', 'required_by_stage'],
        ['expectedCloseDate', 'required_by_stage'],
      ],
    );
    assert.equal(rc!.status, 'invalid');
    assert.deepEqual(
      rc!.fieldErrors!.map((e) => [e.field, e.rule]),
      [['stage', 'strict_tasks']],
    );
    assert.match(rc!.message!, /before leaving stage 初验/);
    // The valid row moved, with its amount, in one write (one version).
    assert.equal(rok!.status, 'ok');
    assert.equal(rok!.version, ok.version + 1);
    assert.equal(rok!.values!.stage, '初验');
    assert.equal(rok!.values!.probability, 25, 'the stage set the probability');
    const card = await rep1.opportunities.get({ id: ok.id });
    assert.equal(card.history.length, 2);
    assert.equal((await rep1.opportunities.get({ id: a.id })).version, a.version);
  });

  test('labels of either language resolve; unknown labels and read-only columns are refused', async () => {
    const o = await deal();
    const [en] = (
      await push(rep1, 'opportunities', [
        edit(`o:${o.id}`, o.version, { stage: ['Prospecting', '初选'], currency: ['CNY', 'usd'] }),
      ])
    ).results;
    assert.equal(en!.status, 'ok');
    assert.equal(en!.values!.currency, 'USD');
    const [bad] = (
      await push(rep1, 'opportunities', [
        edit(`o:${o.id}`, en!.version!, { stage: ['初选', '第七阶段'] }),
      ])
    ).results;
    assert.equal(bad!.status, 'invalid');
    assert.deepEqual(
      bad!.fieldErrors!.map((e) => [e.field, e.rule]),
      [['stage', 'enum']],
    );
    const [ro] = (
      await push(rep1, 'opportunities', [
        edit(`o:${o.id}`, en!.version!, { updatedAt: ['x', 'y'], wonAmount: [null, 5] }),
      ])
    ).results;
    assert.equal(ro!.status, 'forbidden');
    assert.deepEqual(
      ro!.fieldErrors!.map((e) => e.field),
      ['updatedAt', 'wonAmount'],
    );
    // A rep may not reassign a customer (WRITABLE_FIELDS): reported, never dropped.
    const [owner] = (
      await push(rep1, 'customers', [
        edit(`c:${f.partner.id}`, 1, { owner: ['张一 Rep One', '陈二 Rep Two'] }),
      ])
    ).results;
    assert.equal(owner!.status, 'forbidden');
    assert.equal(owner!.fieldErrors![0]!.field, 'owner');
  });

  test("money precision and the services' own input rules", async () => {
    const o = await deal();
    const answer = await push(rep1, 'opportunities', [
      edit(`o:${o.id}`, o.version, { expectedRevenue: [null, 12.5] }),
      edit(`o:${o.id}`.replace('o:', 'o:'), o.version, { name: [o.name, '   '] }),
    ]);
    // The same key twice in one batch is refused for both (a row copied with its key).
    assert.deepEqual(
      answer.results.map((r) => r.status),
      ['invalid', 'invalid'],
    );
    const [money] = (
      await push(rep1, 'opportunities', [
        edit(`o:${o.id}`, o.version, { expectedRevenue: [null, 12.5] }),
      ])
    ).results;
    assert.deepEqual(
      money!.fieldErrors!.map((e) => [e.field, e.rule]),
      [['expectedRevenue', 'precision']],
    );
    const [name] = (
      await push(rep1, 'opportunities', [edit(`o:${o.id}`, o.version, { name: [o.name, '   '] })])
    ).results;
    assert.equal(name!.status, 'invalid');
    assert.equal(name!.fieldErrors![0]!.field, 'name');
  });

  test('close and reopen from the deal status column', async () => {
    const o = await deal({ expectedRevenue: 900_00 });
    const [won] = (
      await push(rep1, 'opportunities', [
        edit(`o:${o.id}`, o.version, {
          status: ['进行中', '赢单'],
          closeReason: [null, '价格有优势'],
        }),
      ])
    ).results;
    assert.equal(won!.status, 'ok', JSON.stringify(won));
    assert.equal(won!.values!.status, '赢单');
    assert.equal(won!.values!.wonAmount, 900_00);
    const [noReason] = (
      await push(rep1, 'opportunities', [
        edit(`o:${o.id}`, won!.version!, { status: ['赢单', '输单'] }),
      ])
    ).results;
    assert.equal(noReason!.status, 'invalid');
    assert.equal(noReason!.fieldErrors![0]!.field, 'closeReason');
    const [reopened] = (
      await push(rep1, 'opportunities', [
        edit(`o:${o.id}`, won!.version!, {
          status: ['赢单', '进行中'],
          closeReason: ['价格有优势', null],
        }),
      ])
    ).results;
    assert.equal(reopened!.status, 'ok');
    assert.equal(reopened!.values!.status, '进行中');
  });

  test('atomic: one bad row and nothing is written; all good and all commit', async () => {
    const a = await deal();
    const b = await deal();
    const failed = await push(
      rep1,
      'opportunities',
      [
        edit(`o:${a.id}`, a.version, { description: [null, '原子一'] }),
        edit(`o:${b.id}`, b.version, { stage: ['初选', '初验'] }),
        create({ name: '原子新建', customer: 'HZYJ01' }),
      ],
      { atomic: true },
    );
    assert.deepEqual(
      failed.results.map((r) => r.status),
      ['rolledBack', 'invalid', 'rolledBack'],
    );
    assert.equal(failed.results[0]!.version, undefined);
    assert.equal((await rep1.opportunities.get({ id: a.id })).version, a.version);
    const named = await f.tdb.db('opportunities').where({ name: '原子新建' }).first();
    assert.equal(named, undefined, 'the created row was rolled back too');
    const passed = await push(
      rep1,
      'opportunities',
      [
        edit(`o:${a.id}`, a.version, { description: [null, '原子一'] }),
        edit(`o:${b.id}`, b.version, { channel: [null, '官网'] }),
      ],
      { atomic: true },
    );
    assert.deepEqual(
      passed.results.map((r) => [r.status, r.version]),
      [
        ['ok', a.version + 1],
        ['ok', b.version + 1],
      ],
    );
  });

  test('a changed schema hash refuses the whole push', async () => {
    const o = await deal();
    await assert.rejects(
      rep1.sync.push({
        entity: 'opportunities',
        batchId: `stale-${f.uniq()}`,
        schemaHash: 'a-layout-from-before',
        changes: [edit(`o:${o.id}`, o.version, { name: [o.name, '不应写入'] })],
      }),
      (e: { code?: string; message?: string }) => {
        assert.equal(e.code, 'PRECONDITION_FAILED');
        assert.equal(e.message, 'columns changed: refresh the layout');
        return true;
      },
    );
    assert.equal((await rep1.opportunities.get({ id: o.id })).name, o.name);
  });

  test('batchId: a retry answers as the first call and writes nothing twice; another payload is refused', async () => {
    const o = await deal();
    const batchId = `retry-${f.uniq()}`;
    const changes = [
      edit(`o:${o.id}`, o.version, { description: [null, '第一次'] }),
      create({ name: `重试新建 ${f.uniq()}`, customer: 'HZYJ01' }),
    ];
    const first = await push(rep1, 'opportunities', changes, { batchId });
    const audits = await auditRows(o.id);
    const created = await f.tdb.db('opportunities').count({ n: '*' }).first();
    for (const key of ['rep1', 'rep1'] as const) {
      const again = await push(await f.as(key), 'opportunities', changes, { batchId });
      assert.deepEqual(again, first);
    }
    assert.equal(await auditRows(o.id), audits);
    assert.deepEqual(await f.tdb.db('opportunities').count({ n: '*' }).first(), created);
    await assert.rejects(
      push(rep1, 'opportunities', [edit(`o:${o.id}`, o.version, { description: [null, '别的'] })], {
        batchId,
      }),
      (e: { code?: string; message?: string }) => {
        assert.equal(e.code, 'UNPROCESSABLE_CONTENT');
        assert.match(e.message!, /^batchId: /);
        return true;
      },
    );
    // Keys are per user: rep2's batch of the same name is its own.
    const rep2Answer = await push(
      rep2,
      'opportunities',
      [create({ name: '乙的', customer: '乙客户' })],
      {
        batchId,
      },
    );
    assert.equal(rep2Answer.results[0]!.status, 'invalid');
  });
});
