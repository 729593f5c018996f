// The sync engine against the in-memory workbook and the real server (in process, on each
// database): refresh rules, the conflict matrix, keys, local validation, chunk halving on
// both sides, resumed pulls and pushes after a hang, idempotent retries.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { describeEachDatabase } from '../../test/support/databases.ts';
import type { Caller } from '../../test/support/org.ts';
import { syncFixture, type SyncFixture } from '../../server/routers/sync/sync-fixture.ts';
import { toInt } from '../../server/db/rows.ts';
import { describeConflicts, resolveConflict } from './conflicts.ts';
import type { EngineOptions } from './dataset.ts';
import { pullDataset } from './pull.ts';
import { pushDataset } from './push.ts';
import { readBinding } from './binding.ts';
import { callerApi } from './testing/caller-api.ts';
import { InMemoryWorkbook } from './testing/in-memory-workbook.ts';
import { TestNetwork } from './testing/network.ts';
import { SyncTimeoutError } from './timeout.ts';

const OPP = 'Lodestone_Opportunities';
const CUS = 'Lodestone_Customers';
const STATUS = '同步状态';

describeEachDatabase('sync engine', (getDb) => {
  let f: SyncFixture;
  let rep1: Caller;
  let mgr: Caller;
  let partnerTag: string;

  before(async () => {
    f = await syncFixture(getDb());
    rep1 = await f.as('rep1');
    mgr = await f.as('mgrEast');
  });

  /**
   * A workbook and engine options for one user, over a test network. Deadlines are generous
   * (a loaded machine must not fail a call that merely ran slowly); the tests of hangs shorten
   * the one they wait for.
   */
  function excel(
    caller: Caller,
    opts: {
      payloadLimit?: number;
      bodyLimit?: number;
      workbookMs?: number;
      serverMs?: number;
    } = {},
  ) {
    const book = new InMemoryWorkbook(opts.payloadLimit);
    const net = new TestNetwork(callerApi(caller), opts.bodyLimit);
    const options: EngineOptions = {
      host: book,
      api: net,
      locale: 'zh-CN',
      timeouts: { workbookMs: opts.workbookMs ?? 10_000, serverMs: opts.serverMs ?? 60_000 },
    };
    return { book, net, options };
  }

  /** A fresh customer of rep1 with `n` deals, so each test pulls only its own rows. */
  async function deals(n: number, extra: Record<string, unknown> = {}) {
    partnerTag = `客户${f.uniq()}`;
    const partner = await rep1.partners.create({ name: partnerTag });
    const made = [];
    for (let i = 0; i < n; i++)
      made.push(
        await rep1.opportunities.create({
          name: `${partnerTag} 商机${i}`,
          partnerId: partner.id,
          expectedRevenue: 100_00 * (i + 1),
          ...extra,
        }),
      );
    return { partner, made };
  }

  const ownerFilter = () => ({ owner: f.org.users.rep1 });

  test('first pull: the table, hidden key and version, Status, values as Excel holds them', async () => {
    const { made } = await deals(2, { expectedCloseDate: '2027-02-28' });
    const { book, options } = excel(rep1);
    const summary = await pullDataset(options, { entity: 'opportunities', filter: ownerFilter() });
    assert.equal(summary.mode, 'full');
    const layout = book.layoutOf(OPP);
    assert.deepEqual(
      layout.columns.slice(0, 4).map((c) => [c.header, Boolean(c.hidden)]),
      [
        ['_key', true],
        ['_ver', true],
        [STATUS, false],
        ['商机名称', false],
      ],
    );
    assert.ok(layout.columns.find((c) => c.header === '阶段')!.list!.includes('初验'));
    assert.ok(layout.columns.find((c) => c.header === '更新时间')!.readOnly);
    assert.equal(layout.columns.find((c) => c.header === '预期收入')!.numberFormat, '#,##0.00');
    const row = book.rowByKey(OPP, `o:${made[1]!.id}`)!;
    assert.equal(row._ver, 1);
    assert.equal(row[STATUS], '已同步');
    assert.equal(row['预期收入'], 200, 'minor units shown in yuan');
    assert.equal(row['预计成交日期'], 46446, 'a date serial');
    assert.equal(row['阶段'], '初选');
    assert.ok(book.hasTable(`_base_${OPP}`));
    assert.equal(book.layoutOf(`_base_${OPP}`).hidden, true);
  });

  test('refresh: clean rows overwritten, dirty rows kept or in conflict, new rows appended, gone rows marked', async () => {
    const { book, options } = excel(mgr);
    const tag = `刷新${f.uniq()}`;
    const made = [];
    for (const name of ['甲', '乙', '丙', '丁'])
      made.push(await mgr.partners.create({ name: `${tag}${name}`, customerGroup: tag }));
    await pullDataset(options, { entity: 'customers', filter: { group: tag } });
    const at = (id: number) => book.indexOfKey(CUS, `c:${id}`);
    // In Excel: 乙 and 丙 edited, 甲 and 丁 untouched.
    book.type(CUS, at(made[1]!.id), '地区', '华东');
    book.type(CUS, at(made[2]!.id), '地区', '华南');
    // On the server: 甲 (clean here) and 丙 (dirty here) change; 丁 is archived; 戊 is new.
    const [p0, , p2, p3] = made;
    await mgr.partners.update({ id: p0!.id, version: p0!.version, patch: { notes: '服务器改' } });
    await mgr.partners.update({ id: p2!.id, version: p2!.version, patch: { industry: '制造' } });
    await mgr.partners.archive({ id: p3!.id, version: p3!.version });
    const fresh = await mgr.partners.create({ name: `${tag}戊`, customerGroup: tag });
    const summary = await pullDataset(options, { entity: 'customers' });
    assert.equal(summary.mode, 'changes');
    const row = (id: number) => book.rowByKey(CUS, `c:${id}`)!;
    assert.equal(row(p0!.id)['备注'], '服务器改');
    assert.equal(row(p0!.id)[STATUS], '已同步');
    assert.equal(row(made[1]!.id)['地区'], '华东', 'dirty, unchanged on the server: edit kept');
    assert.equal(row(p2!.id)['地区'], '华南', 'dirty and moved on the server: edit kept');
    assert.equal(row(p2!.id)[STATUS], '冲突');
    assert.equal(row(p3!.id)[STATUS], '服务器已删除', 'marked, not removed');
    assert.equal(row(fresh.id)[STATUS], '已同步');
    const binding = (await readBinding(book, CUS))!;
    assert.equal(binding.conflicts[`c:${p2!.id}`]!.values.industry, '制造');
  });

  test('a value cleared on the server is cleared in the cell (written as "", not null)', async () => {
    const { made } = await deals(1);
    const o = made[0]!;
    const withText = await rep1.opportunities.update({
      id: o.id,
      version: o.version,
      patch: { description: '将被清空' },
    });
    const { book, options } = excel(rep1);
    await pullDataset(options, { entity: 'opportunities', filter: ownerFilter() });
    assert.equal(book.rowByKey(OPP, `o:${o.id}`)!['描述'], '将被清空');
    await rep1.opportunities.update({
      id: o.id,
      version: withText.version,
      patch: { description: null },
    });
    await pullDataset(options, { entity: 'opportunities' });
    assert.equal(book.rowByKey(OPP, `o:${o.id}`)!['描述'], '');
  });

  test('push, conflict matrix: same field, other field, deleted on the server, new rows, a copied row', async () => {
    const { book, options } = excel(mgr);
    const tag = `矩阵${f.uniq()}`;
    const cs = [];
    for (const n of ['同字段', '异字段', '已删', '被复制'])
      cs.push(await mgr.partners.create({ name: `${tag}${n}`, customerGroup: tag }));
    const [same, other, deleted, copied] = cs;
    await pullDataset(options, { entity: 'customers', filter: { group: tag } });
    const at = (id: number) => book.indexOfKey(CUS, `c:${id}`);
    book.type(CUS, at(same!.id), '行业', '我的行业');
    book.type(CUS, at(other!.id), '行业', '我的行业');
    book.type(CUS, at(deleted!.id), '行业', '我的行业');
    const copy = book.copyRow(CUS, at(copied!.id));
    book.type(CUS, copy, '客户名称', `${tag}复制品`);
    book.type(CUS, copy, '编码', '');
    const typed = book.addRow(CUS, { 客户名称: `${tag}新客户`, 地区: '西南' });
    // Meanwhile on the server:
    const admin = await f.as('admin');
    await admin.partners.update({
      id: same!.id,
      version: same!.version,
      patch: { industry: '他的行业' },
    });
    await admin.partners.update({
      id: other!.id,
      version: other!.version,
      patch: { region: '华北' },
    });
    await admin.partners.archive({ id: deleted!.id, version: deleted!.version });

    const summary = await pushDataset(options, 'customers');
    assert.equal(summary.conflicts, 1);
    const row = (key: string) => book.rowByKey(CUS, key)!;
    // Same field: a conflict; my value stays in the cell, the note says theirs, who and when.
    assert.match(String(row(`c:${same!.id}`)[STATUS]), /^冲突/);
    assert.equal(row(`c:${same!.id}`)['行业'], '我的行业');
    const note = book.note(CUS, at(same!.id), '行业')!;
    assert.match(note, /他的行业/);
    assert.match(note, /Ada Admin/);
    // Other field: both win, and the sheet shows both.
    assert.equal(row(`c:${other!.id}`)[STATUS], '已同步');
    assert.equal(row(`c:${other!.id}`)['行业'], '我的行业');
    assert.equal(row(`c:${other!.id}`)['地区'], '华北');
    assert.equal((await admin.partners.get({ id: other!.id })).industry, '我的行业');
    // Deleted on the server.
    assert.equal(row(`c:${deleted!.id}`)[STATUS], '服务器已删除');
    // The typed row and the copy are new customers; the original keeps its key.
    const keys = book.rowsOf(CUS).map((r) => String(r._key));
    assert.ok(!keys.some((k) => k.startsWith('new:')), 'every new row got its server key');
    const created = book.rowsOf(CUS).filter((r) => String(r['客户名称']).startsWith(tag));
    assert.equal(created.length, 6);
    assert.equal(new Set(keys).size, keys.length, 'no key twice');
    assert.equal(book.rowsOf(CUS)[typed]![STATUS], '已同步');
    const server = await admin.partners.list({ search: tag, limit: 20 });
    assert.deepEqual(
      server.items.map((p) => p.name).sort(),
      [`${tag}同字段`, `${tag}复制品`, `${tag}异字段`, `${tag}新客户`, `${tag}被复制`].sort(),
    );

    // Keep mine: the server's row becomes the base, and the next push sends my value over it.
    await resolveConflict(options, 'customers', `c:${same!.id}`, 'mine');
    await pushDataset(options, 'customers');
    assert.equal((await admin.partners.get({ id: same!.id })).industry, '我的行业');
    assert.equal(row(`c:${same!.id}`)[STATUS], '已同步');
  });

  test('a conflict is described cell by cell: labels, my value and the server’s, money with its currency', async () => {
    const { made } = await deals(1);
    const o = made[0]!;
    const { book, options } = excel(rep1);
    await pullDataset(options, { entity: 'opportunities', filter: ownerFilter() });
    book.type(OPP, book.indexOfKey(OPP, `o:${o.id}`), '预期收入', 1234.5);
    await mgr.opportunities.update({
      id: o.id,
      version: o.version,
      patch: { expectedRevenue: 2_000_00 },
    });
    await pushDataset(options, 'opportunities');
    const [view] = await describeConflicts(options, 'opportunities');
    assert.equal(view!.key, `o:${o.id}`);
    assert.deepEqual(view!.fields, [
      { id: 'expectedRevenue', label: '预期收入', mine: '¥1,234.50', server: '¥2,000.00' },
    ]);
    assert.ok(view!.changedBy);
  });

  test('take the server: the cell shows their value and the row is clean', async () => {
    const { made } = await deals(1);
    const o = made[0]!;
    const { book, options } = excel(rep1);
    await pullDataset(options, { entity: 'opportunities', filter: ownerFilter() });
    book.type(OPP, book.indexOfKey(OPP, `o:${o.id}`), '渠道', '我的渠道');
    await mgr.opportunities.update({
      id: o.id,
      version: o.version,
      patch: { channel: '经理的渠道' },
    });
    await pushDataset(options, 'opportunities');
    await resolveConflict(options, 'opportunities', `o:${o.id}`, 'server');
    const row = book.rowByKey(OPP, `o:${o.id}`)!;
    assert.equal(row['渠道'], '经理的渠道');
    assert.equal(row[STATUS], '已同步');
    const again = await pushDataset(options, 'opportunities');
    assert.equal(again.sent, 0, 'nothing left to push');
  });

  test('typing is checked against the list, a paste is not: the engine refuses it before sending', async () => {
    const { made } = await deals(1);
    const o = made[0]!;
    const { book, net, options } = excel(rep1);
    await pullDataset(options, { entity: 'opportunities', filter: ownerFilter() });
    const i = book.indexOfKey(OPP, `o:${o.id}`);
    assert.throws(() => book.type(OPP, i, '阶段', '第七阶段'), /not in the list/);
    book.paste(OPP, i, '阶段', '第七阶段');
    book.paste(OPP, i, '预期收入', 12.345);
    const pushes = net.calls.filter((c) => c.method === 'push').length;
    const summary = await pushDataset(options, 'opportunities');
    assert.equal(summary.refusedLocally, 1);
    assert.equal(net.calls.filter((c) => c.method === 'push').length, pushes, 'nothing sent');
    const row = book.rowByKey(OPP, `o:${o.id}`)!;
    assert.match(String(row[STATUS]), /^错误：/);
    assert.match(book.note(OPP, i, '阶段')!, /^“第七阶段”不在可选值中：/);
    assert.match(book.note(OPP, i, '预期收入')!, /^“12\.345”的小数位超过 2 位$/);
    assert.equal((await rep1.opportunities.get({ id: o.id })).version, o.version);
  });

  test('rows a dataset cannot take are refused before sending: a deleted deal, a new installment', async () => {
    const { made } = await deals(1);
    const o = made[0]!;
    const { book, net, options } = excel(rep1);
    await pullDataset(options, { entity: 'opportunities', filter: ownerFilter() });
    const i = book.indexOfKey(OPP, `o:${o.id}`);
    book.type(OPP, i, STATUS, '删除');
    const pushes = () => net.calls.filter((c) => c.method === 'push').length;
    const before = pushes();
    const deal = await pushDataset(options, 'opportunities');
    assert.equal(deal.refusedLocally, 1);
    assert.match(
      String(book.rowByKey(OPP, `o:${o.id}`)![STATUS]),
      /^错误：此数据不能在表格中删除行$/,
    );
    assert.equal((await rep1.opportunities.get({ id: o.id })).version, o.version);

    const INS = 'Lodestone_Installments';
    await pullDataset(options, { entity: 'installments' });
    const first = book.layoutOf(INS).columns.find((c) => !c.hidden && c.header !== STATUS)!;
    book.addRow(INS, { [first.header]: '手填的一期' });
    const installment = await pushDataset(options, 'installments');
    assert.equal(installment.refusedLocally, 1);
    assert.equal(pushes(), before, 'nothing sent');
    assert.match(String(book.rowsOf(INS).at(-1)![STATUS]), /^错误：此数据不能在表格中新增行$/);
  });

  test('rows sorted between pull and push: results land on the right rows', async () => {
    const { made } = await deals(5);
    const { book, options } = excel(rep1);
    await pullDataset(options, { entity: 'opportunities', filter: ownerFilter() });
    book.sort(OPP, '商机名称', 'desc');
    for (const o of made)
      book.type(OPP, book.indexOfKey(OPP, `o:${o.id}`), '描述', `描述 ${o.name}`);
    book.sort(OPP, '预期收入', 'asc');
    const summary = await pushDataset(options, 'opportunities');
    assert.equal(summary.ok, 5);
    for (const o of made) {
      const row = book.rowByKey(OPP, `o:${o.id}`)!;
      assert.equal(row['描述'], `描述 ${o.name}`);
      assert.equal(row[STATUS], '已同步');
      assert.equal(row._ver, o.version + 1);
      assert.equal((await rep1.opportunities.get({ id: o.id })).description, `描述 ${o.name}`);
    }
  });

  test('chunk halving: a small Excel limit and a small server body limit, budgets remembered', async () => {
    const { made } = await deals(30);
    const { book, net, options } = excel(rep1, { payloadLimit: 6_000, bodyLimit: 2_500 });
    await pullDataset(options, { entity: 'opportunities', filter: ownerFilter(), pageSize: 500 });
    for (const o of made)
      assert.equal(book.rowByKey(OPP, `o:${o.id}`)?.[STATUS], '已同步', 'every row arrived once');
    assert.equal(new Set(book.rowsOf(OPP).map((r) => r._key)).size, book.rowsOf(OPP).length);
    for (const o of made)
      book.type(OPP, book.indexOfKey(OPP, `o:${o.id}`), '促销活动', `活动 ${o.id}`);
    const summary = await pushDataset(options, 'opportunities');
    assert.equal(summary.ok, made.length);
    assert.ok(summary.chunks > 1);
    const sent = net.calls.filter((c) => c.method === 'push');
    assert.ok(
      sent.some((c) => c.bytes > 2_500),
      'at least one push was refused for its size',
    );
    const binding = (await readBinding(book, OPP))!;
    assert.ok(binding.budgets.server <= 2_500, `server budget ${binding.budgets.server}`);
    assert.ok(binding.budgets.workbook <= 6_000, `workbook budget ${binding.budgets.workbook}`);
    for (const o of made)
      assert.equal((await rep1.opportunities.get({ id: o.id })).campaign, `活动 ${o.id}`);
  });

  test('a push that hangs after the server answered resumes with the same batch: written once', async () => {
    const { made } = await deals(4);
    const { book, net, options } = excel(rep1, { serverMs: 5_000 });
    await pullDataset(options, { entity: 'opportunities', filter: ownerFilter() });
    for (const o of made)
      book.type(OPP, book.indexOfKey(OPP, `o:${o.id}`), '描述', `挂起后 ${o.id}`);
    net.hangNext('push', { afterServer: true });
    await assert.rejects(pushDataset(options, 'opportunities'), SyncTimeoutError);
    // The server wrote the rows; the sheet does not know yet.
    assert.equal((await rep1.opportunities.get({ id: made[0]!.id })).version, made[0]!.version + 1);
    assert.equal(book.rowByKey(OPP, `o:${made[0]!.id}`)!._ver, made[0]!.version);
    const pending = (await readBinding(book, OPP))!.push!;
    assert.equal(pending.done, 0);
    const resumed = await pushDataset(options, 'opportunities');
    assert.equal(resumed.ok, 4);
    const batchIds = net.calls.filter((c) => c.method === 'push');
    assert.equal(batchIds.length, 2, 'the chunk was sent again, and nothing else');
    for (const o of made) {
      const stored = await rep1.opportunities.get({ id: o.id });
      assert.equal(stored.version, o.version + 1, 'the retry wrote nothing twice');
      const row = book.rowByKey(OPP, `o:${o.id}`)!;
      assert.equal(row._ver, o.version + 1);
      assert.equal(row[STATUS], '已同步');
    }
    const audits = await f.tdb
      .db('audit_log')
      .where({ entity: 'opportunities', entity_id: made[0]!.id, action: 'update' })
      .count({ n: '*' })
      .first();
    assert.equal(toInt(audits!.n), 1);
    assert.equal((await readBinding(book, OPP))!.push, null);
  });

  test('a workbook sync that hangs while results are written back: the resumed push replays the answer', async () => {
    const { made } = await deals(2);
    // The workbook is in memory: a second is ample for any of its round trips but the hung one.
    const { book, options } = excel(rep1, { workbookMs: 1_000 });
    await pullDataset(options, { entity: 'opportunities', filter: ownerFilter() });
    const typed = book.addRow(OPP, { 商机名称: `${partnerTag} 新行`, 客户: partnerTag });
    for (const o of made) book.type(OPP, book.indexOfKey(OPP, `o:${o.id}`), '渠道', '展会');
    // Let the push reach the server, then hang the first write of its answer into the sheet.
    const realWrite = book.writeRows.bind(book);
    let armed = true;
    book.writeRows = async (table, rows) => {
      if (armed && table === OPP && rows.some((r) => r.cells.some((c) => c === '已同步'))) {
        armed = false;
        book.hangNextSync({ applied: false });
      }
      return realWrite(table, rows);
    };
    await assert.rejects(pushDataset(options, 'opportunities'), SyncTimeoutError);
    book.writeRows = realWrite;
    const before = await f.tdb.db('opportunities').where({ name: `${partnerTag} 新行` });
    assert.equal(before.length, 1, 'the new row was created on the first try');
    // The user sorts while the push waits; the resumed push still finds every row by key.
    book.sort(OPP, '商机名称', 'desc');
    await pushDataset(options, 'opportunities');
    const after = await f.tdb.db('opportunities').where({ name: `${partnerTag} 新行` });
    assert.equal(after.length, 1, 'and not again on resume');
    const newRow = book.rowsOf(OPP).find((r) => r['商机名称'] === `${partnerTag} 新行`)!;
    assert.equal(newRow._key, `o:${toInt(after[0]!.id)}`);
    assert.equal(newRow[STATUS], '已同步');
    void typed;
    for (const o of made) assert.equal(book.rowByKey(OPP, `o:${o.id}`)![STATUS], '已同步');
  });

  test('a pull that hangs resumes at the page it stopped at, without duplicate rows', async () => {
    const { made } = await deals(7);
    const { book, options } = excel(rep1, { workbookMs: 1_000 });
    // Three pages of three; the second page's rows reach the sheet, its answer never comes.
    let appends = 0;
    const realAppend = book.appendRows.bind(book);
    book.appendRows = async (table, rows) => {
      if (table === OPP && ++appends === 2) book.hangNextSync({ applied: true });
      return realAppend(table, rows);
    };
    await assert.rejects(
      pullDataset(options, { entity: 'opportunities', filter: ownerFilter(), pageSize: 3 }),
      SyncTimeoutError,
    );
    book.appendRows = realAppend;
    assert.ok((await readBinding(book, OPP))!.pull, 'the journal knows where it stopped');
    await pullDataset(options, { entity: 'opportunities', pageSize: 3 });
    const keys = book.rowsOf(OPP).map((r) => String(r._key));
    assert.equal(new Set(keys).size, keys.length, 'no row twice');
    for (const o of made) assert.ok(keys.includes(`o:${o.id}`));
    assert.equal((await readBinding(book, OPP))!.pull, null);
  });
});
