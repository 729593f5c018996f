// sync.describe, sync.pull and sync.changes: columns as the caller sees them, paging by id with
// one snapshot, filters, and what changed or left the dataset since a snapshot.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { Opportunity } from '../../../core/schemas/opportunities.ts';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import type { Caller } from '../../../test/support/org.ts';
import { pullAll, syncFixture, type SyncFixture } from './sync-fixture.ts';

async function rejects(p: Promise<unknown>, code: string, field?: string) {
  await assert.rejects(p, (e: { code?: string; cause?: { issues?: { path: string[] }[] } }) => {
    assert.equal(e.code, code);
    if (field)
      assert.ok(
        e.cause?.issues?.some((i) => i.path.join('.') === field),
        `an issue on ${field}: ${JSON.stringify(e.cause?.issues)}`,
      );
    return true;
  });
}

describeEachDatabase('sync reads', (getDb) => {
  let f: SyncFixture;
  let rep1: Caller;
  let mgr: Caller;
  let admin: Caller;

  before(async () => {
    f = await syncFixture(getDb());
    rep1 = await f.as('rep1');
    mgr = await f.as('mgrEast');
    admin = await f.as('admin');
  });

  test('describe: labels in the asked locale, types, enums with parents, money currency', async () => {
    const zh = await rep1.sync.describe({ entity: 'opportunities', locale: 'zh-CN' });
    const en = await rep1.sync.describe({ entity: 'opportunities', locale: 'en' });
    const col = (d: typeof zh, id: string) => d.columns.find((c) => c.id === id)!;
    assert.equal(col(zh, 'expectedRevenue').label, '预期收入');
    assert.equal(col(en, 'expectedRevenue').label, 'Expected revenue');
    assert.deepEqual(col(en, 'expectedRevenue').currency, { column: 'currency' });
    assert.equal(col(en, 'expectedRevenue').type, 'money');
    assert.equal(col(en, 'expectedCloseDate').type, 'date');
    const stage = col(zh, 'stage');
    assert.equal(stage.enum?.parentColumn, 'pipeline');
    const lato = String(f.funnel.lato.id);
    assert.deepEqual(
      stage.enum!.values.filter((v) => v.parent === lato).map((v) => v.label),
      ['初选', '初验', '已验', '提案', '谈判', '得失'],
    );
    assert.ok(
      col(en, 'stage').enum!.values.some((v) => v.label === 'Qualification' && v.parent === lato),
    );
    assert.deepEqual(
      col(en, 'status').enum!.values.map((v) => v.label),
      ['Open', 'Won', 'Lost', 'Invalid'],
    );
    assert.equal(col(zh, 'name').required, true);
    assert.equal(col(zh, 'updatedAt').readOnly, true);
    assert.equal(zh.schemaHash, en.schemaHash, 'labels do not change the layout');
    assert.equal(zh.keyPrefix, 'o');
    assert.ok(zh.canCreate);
    assert.equal(zh.canDelete, false, 'opportunities are closed, not deleted');
    assert.ok(zh.limits.maxBodyBytes > 0);
    // A rep's owner list offers only the rep: whom they may give records to.
    assert.deepEqual(
      col(zh, 'owner').enum!.values.map((v) => Number(v.value)),
      [f.org.users.rep1],
    );
    const managerOwners = (await mgr.sync.describe({ entity: 'opportunities' })).columns
      .find((c) => c.id === 'owner')!
      .enum!.values.map((v) => Number(v.value));
    assert.ok(managerOwners.includes(f.org.users.repDeep) && managerOwners.length === 4);
  });

  test("describe: read-only follows the caller's role; the schema hash with it", async () => {
    const repCustomers = await rep1.sync.describe({ entity: 'customers' });
    const ro = (d: typeof repCustomers) => d.columns.filter((c) => c.readOnly).map((c) => c.id);
    // A rep may not reassign accounts or change codes (WRITABLE_FIELDS).
    assert.deepEqual(ro(repCustomers), [
      'code',
      'owner',
      'team',
      'lastContactAt',
      'updatedAt',
      'updatedBy',
    ]);
    const finance = await f.as('finance');
    const financeCustomers = await finance.sync.describe({ entity: 'customers' });
    assert.deepEqual(
      financeCustomers.columns.filter((c) => !c.readOnly).map((c) => c.id),
      ['taxId'],
    );
    const financeDeals = await finance.sync.describe({ entity: 'opportunities' });
    assert.deepEqual(
      financeDeals.columns.filter((c) => !c.readOnly).map((c) => c.id),
      [],
      'finance reads the funnel, never moves deals',
    );
    assert.equal(financeDeals.canCreate, false);
    const adminCustomers = await admin.sync.describe({ entity: 'customers' });
    assert.notEqual(repCustomers.schemaHash, adminCustomers.schemaHash);
    assert.equal(adminCustomers.canDelete, true);
    assert.equal(repCustomers.canDelete, false, 'archiving is a manager decision');
  });

  test('an unknown dataset or filter is refused, naming the field', async () => {
    await rejects(rep1.sync.describe({ entity: 'spaceships' }), 'BAD_REQUEST', 'entity');
    await rejects(
      rep1.sync.pull({ entity: 'opportunities', filter: { colour: 'red' } }),
      'BAD_REQUEST',
      'filter',
    );
    await rejects(
      rep1.sync.pull({ entity: 'opportunities', filter: { closeFrom: 'soon' } }),
      'BAD_REQUEST',
      'filter.closeFrom',
    );
    await rejects(
      rep1.sync.pull({ entity: 'opportunities', cursor: 'bm90IGEgY3Vyc29y' }),
      'BAD_REQUEST',
      'cursor',
    );
  });

  test('pull pages by id under one snapshot: every row once, whatever the page size', async () => {
    const made: Opportunity[] = [];
    for (let i = 0; i < 7; i++)
      made.push(
        await rep1.opportunities.create({
          name: `分页 ${i}`,
          partnerId: f.partner.id,
          expectedRevenue: 1000 * (i + 1),
        }),
      );
    const mine = new Set(made.map((o) => o.id));
    for (const limit of [1, 3, 7, 100]) {
      const { rows, pages } = await pullAll(rep1, 'opportunities', {}, limit);
      const ids = rows.map((r) => r.id).filter((id) => mine.has(id));
      assert.deepEqual(
        ids,
        [...mine].sort((a, b) => a - b),
        `limit ${limit}`,
      );
      assert.equal(new Set(rows.map((r) => r.id)).size, rows.length, 'no row twice');
      assert.ok(pages >= Math.ceil(rows.length / limit));
    }
    const { rows } = await pullAll(rep1, 'opportunities');
    const first = rows.find((r) => r.id === made[0]!.id)!;
    assert.equal(first.version, 1);
    assert.equal(first.values.customer, '杭州远景科技有限公司');
    assert.equal(first.values.stage, '初选');
    assert.equal(first.values.expectedRevenue, 1000);
    assert.equal(first.values.owner, '张一 Rep One');
    const en = await rep1.sync.pull({ entity: 'opportunities', locale: 'en', limit: 1 });
    assert.equal(en.rows[0]!.values.stage, 'Prospecting');
    assert.equal(en.rows[0]!.values.status, 'Open');
  });

  test('a row inserted while paging does not shift the pages', async () => {
    const before = await pullAll(rep1, 'opportunities');
    const page1 = await rep1.sync.pull({ entity: 'opportunities', limit: 2 });
    // Someone adds a deal and edits one already sent; the rest of the pages still follow on.
    await rep1.opportunities.create({ name: '中途新增', partnerId: f.partner.id });
    const edited = page1.rows[0]!;
    await rep1.opportunities.update({
      id: edited.id,
      version: edited.version,
      patch: { name: '中途修改' },
    });
    const rest = [];
    let cursor = page1.nextCursor;
    while (cursor) {
      const page = await rep1.sync.pull({ entity: 'opportunities', limit: 2, cursor });
      assert.equal(page.snapshot, page1.snapshot);
      rest.push(...page.rows);
      cursor = page.nextCursor;
    }
    const seen = [...page1.rows, ...rest].map((r) => r.id);
    for (const r of before.rows) assert.ok(seen.includes(r.id), `row ${r.id} was not skipped`);
    assert.equal(new Set(seen).size, seen.length);
    // The edit made after page 1 comes with the changes since the snapshot.
    const changes = await rep1.sync.changes({ entity: 'opportunities', since: page1.snapshot });
    assert.equal(changes.rows.find((r) => r.id === edited.id)?.values.name, '中途修改');
  });

  test('filters: stage, owner, team subtree, closing period', async () => {
    const qual = f.funnel.lato.stages['初验']!.id;
    const rep2 = await f.as('rep2');
    const p2 = await rep2.partners.create({ name: `过滤客户 ${f.uniq()}` });
    const a = await rep1.opportunities.create({
      name: '过滤 A',
      partnerId: f.partner.id,
      stageId: qual,
      expectedRevenue: 500,
      expectedCloseDate: '2027-03-15',
    });
    const b = await rep2.opportunities.create({
      name: '过滤 B',
      partnerId: p2.id,
      expectedCloseDate: '2027-04-02',
    });
    const ids = async (filter: Record<string, string | number>) =>
      (await pullAll(mgr, 'opportunities', filter)).rows
        .map((r) => r.id)
        .filter((id) => id === a.id || id === b.id);
    assert.deepEqual(await ids({ stage: qual }), [a.id]);
    assert.deepEqual(await ids({ stage: String(qual) }), [a.id], 'option values as text too');
    assert.deepEqual(await ids({ owner: f.org.users.rep2 }), [b.id]);
    assert.deepEqual(await ids({ team: f.org.teams.east }), [a.id, b.id], 'the team subtree');
    assert.deepEqual(await ids({ team: f.org.teams.pudong }), []);
    assert.deepEqual(await ids({ closeFrom: '2027-03-01', closeTo: '2027-03-31' }), [a.id]);
    assert.deepEqual(await ids({ pipeline: f.funnel.tender.id }), []);
    // A rep's pull holds their own deals only.
    const repRows = (await pullAll(rep1, 'opportunities')).rows.map((r) => r.id);
    assert.ok(repRows.includes(a.id) && !repRows.includes(b.id));
  });

  test('changes since a snapshot: edits as rows, archived and filtered-out rows as removed', async () => {
    const c1 = await mgr.partners.create({ name: `变更客户一 ${f.uniq()}`, customerGroup: 'VIP' });
    const c2 = await mgr.partners.create({ name: `变更客户二 ${f.uniq()}`, customerGroup: 'VIP' });
    const c3 = await mgr.partners.create({ name: `变更客户三 ${f.uniq()}`, customerGroup: 'VIP' });
    const quiet = await mgr.partners.create({ name: `不变客户 ${f.uniq()}`, customerGroup: 'VIP' });
    const pulled = await pullAll(mgr, 'customers', { group: 'VIP' });
    const versionAtPull = new Map(pulled.rows.map((r) => [r.id, r.version]));
    assert.ok([c1, c2, c3, quiet].every((c) => versionAtPull.has(c.id)));
    const e1 = await mgr.partners.update({
      id: c1.id,
      version: c1.version,
      patch: { region: '华东' },
    });
    await mgr.partners.archive({ id: c2.id, version: c2.version });
    await mgr.partners.update({ id: c3.id, version: c3.version, patch: { customerGroup: 'SMB' } });
    const changes = await mgr.sync.changes({
      entity: 'customers',
      filter: { group: 'VIP' },
      since: pulled.snapshot,
    });
    const row1 = changes.rows.find((r) => r.id === c1.id);
    assert.equal(row1?.version, e1.version);
    assert.equal(row1?.values.region, '华东');
    assert.ok(changes.removed.includes(c2.id), 'archived');
    assert.ok(changes.removed.includes(c3.id), 'no longer in the filter');
    assert.ok(!changes.rows.some((r) => r.id === c2.id || r.id === c3.id));
    // Rows touched inside the snapshot's margin may come again, but only as they were.
    for (const r of changes.rows)
      if (r.id !== c1.id) assert.equal(r.version, versionAtPull.get(r.id) ?? r.version);
    // Later changes move on from the new snapshot.
    assert.ok(changes.snapshot >= pulled.snapshot);
  });

  test('changes pages by id like pull', async () => {
    const since = new Date(Date.now() - 3600_000).toISOString();
    const all = await mgr.sync.changes({ entity: 'customers', since, limit: 5000 });
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<Caller['sync']['changes']>> = await mgr.sync.changes({
        entity: 'customers',
        since,
        limit: 2,
        cursor,
      });
      seen.push(...page.rows.map((r) => r.id), ...page.removed);
      cursor = page.nextCursor;
    } while (cursor);
    assert.deepEqual(
      seen.sort((a, b) => a - b),
      [...all.rows.map((r) => r.id), ...all.removed].sort((a, b) => a - b),
    );
  });
});
