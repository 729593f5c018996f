import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import ExcelJS from 'exceljs';
import { describeEachDatabase, type TestDatabase } from '../../../test/support/databases.ts';
import { callerAs, createOrg, type Caller, type Org } from '../../../test/support/org.ts';
import { toInt } from '../../db/rows.ts';
import { insertLead } from './intake-fixtures.ts';

/** The list a trade show hands over: good, duplicate (in the file and existing) and broken rows. */
const TABLE = [
  [
    '王芳',
    '上海华信科技有限公司',
    '138 1234 5678',
    'wang.fang@huaxin-tech.cn',
    '展会',
    '华东',
    '制造',
  ],
  ['Li Lei', 'Acme Co., Ltd.', '021-5555-0101', 'li.lei@acme.example', '', '华东', ''],
  ['王芳 (again)', '', '+86 138 1234 5678', '', '', '', ''],
  ['', 'No Name Inc', '', '', '', '', ''],
  ['Bad Email', '', '', 'not-an-email', '', '', ''],
  ['Existing Person', '', '', 'Existing@Client.cn', '', '', ''],
  ['Quoted, Name', 'Comma Co', '', '', '', '', ''],
];
const ZH_HEADER = ['姓名', '公司', '手机', '邮箱', '渠道', '地区', '行业'];
const EN_HEADER = ['Name', 'Company', 'Mobile', 'E-mail', 'Channel', 'Region', 'Industry'];

const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const csv = (rows: string[][]) => rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');

async function xlsx(rows: string[][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Leads');
  for (const r of rows) ws.addRow(r.map((v) => (v === '' ? null : v)));
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
}

describeEachDatabase('leads.import', (getDb) => {
  let tdb: TestDatabase;
  let org: Org;
  let mgr: Caller;
  let existingId: number;
  const leadCount = async () => toInt((await tdb.db('leads').count({ n: '*' }).first())!.n);
  const defaults = { channel: 'import-list', campaign: 'expo-2026', teamId: 0 };

  before(async () => {
    tdb = getDb();
    org = await createOrg(tdb);
    mgr = await callerAs(tdb, org, 'mgrEast');
    defaults.teamId = org.teams.shanghai;
    existingId = await insertLead(tdb, {
      name: 'Already here',
      email: 'existing@client.cn',
      norm_email: 'existing@client.cn',
      owner_id: org.users.rep1,
      team_id: org.teams.shanghai,
    });
  });

  /** The report every version of the file must give (ids and owners aside). */
  function assertReport(result: Awaited<ReturnType<Caller['leads']['import']>>, dryRun: boolean) {
    assert.equal(result.dryRun, dryRun);
    assert.equal(result.rows, 7);
    assert.deepEqual([result.created, result.skippedDuplicate, result.rejected], [3, 2, 2]);
    assert.deepEqual(
      result.report.map((r) => [r.row, r.status]),
      [
        [2, 'created'],
        [3, 'created'],
        [4, 'skipped_duplicate'],
        [5, 'rejected'],
        [6, 'rejected'],
        [7, 'skipped_duplicate'],
        [8, 'created'],
      ],
    );
    const [, , again, noName, badEmail, existing] = result.report;
    assert.ok(again?.status === 'skipped_duplicate');
    assert.equal(again.sameAsRow, 2);
    assert.deepEqual(again.matched, ['phone']);
    assert.ok(noName?.status === 'rejected' && noName.errors[0]?.field === 'name');
    assert.ok(badEmail?.status === 'rejected');
    assert.deepEqual(
      badEmail.errors.map((e) => [e.field, e.rule]),
      [['email', 'invalid_format']],
    );
    assert.ok(existing?.status === 'skipped_duplicate');
    assert.equal(existing.sameAsRow, null);
    assert.deepEqual(existing.existing, [
      { kind: 'lead', id: existingId, name: 'Already here', matched: ['email'] },
    ]);
    for (const r of result.report) {
      if (r.status !== 'created') continue;
      assert.equal(r.teamId, org.teams.shanghai);
      assert.ok([org.users.rep1, org.users.rep2].includes(r.ownerId!), 'routed in Shanghai');
      assert.equal(r.id === null, dryRun);
    }
  }

  test('a dry run reports everything and writes nothing', async () => {
    const before = await leadCount();
    const rr = await tdb.db('teams').where({ id: org.teams.shanghai }).first('rr_last_user_id');
    const result = await mgr.leads.import({
      format: 'csv',
      file: b64(csv([ZH_HEADER, ...TABLE])),
      defaults,
      dryRun: true,
    });
    assertReport(result, true);
    assert.equal(await leadCount(), before);
    const after = await tdb.db('teams').where({ id: org.teams.shanghai }).first('rr_last_user_id');
    assert.deepEqual(after, rr, 'round-robin turns are not used up');
  });

  test('CSV with Chinese headers: good rows created and routed, duplicates and broken rows reported', async () => {
    const before = await leadCount();
    const result = await mgr.leads.import({
      format: 'csv',
      file: b64(csv([ZH_HEADER, ...TABLE])),
      defaults,
    });
    assertReport(result, false);
    assert.equal(await leadCount(), before + 3);
    const first = result.report[0]!;
    assert.ok(first.status === 'created');
    const row = await tdb.db('leads').where({ id: first.id }).first();
    assert.equal(row.source, 'import');
    assert.equal(row.channel, '展会', 'the row’s own channel wins');
    assert.equal(row.campaign, 'expo-2026');
    assert.equal(row.company, '上海华信科技有限公司');
    assert.equal(row.norm_phone, '13812345678');
    const li = result.report[1]!;
    assert.ok(li.status === 'created');
    assert.equal((await tdb.db('leads').where({ id: li.id }).first()).channel, 'import-list');
  });

  test('XLSX with English headers and a mapping gives the same report; the earlier import now counts as existing', async () => {
    // Fresh emails and phones, so only this file's own rows and the seeded lead collide.
    const table = TABLE.map((r) => [
      r[0]!,
      r[1]!,
      r[2]!.replace('1234', '7777').replace('5555', '6666'),
      r[3]!.replace('wang.fang', 'fang.wang').replace('li.lei', 'lei.li'),
      ...r.slice(4),
    ]);
    const header = [...EN_HEADER];
    header[1] = '客户单位名';
    const result = await mgr.leads.import({
      format: 'xlsx',
      file: await xlsx([header, ...table]),
      mapping: { 客户单位名: 'company' },
      defaults,
    });
    assertReport(result, false);
    const created = result.report[0]!;
    assert.ok(created.status === 'created');
    assert.equal(
      (await tdb.db('leads').where({ id: created.id }).first()).company,
      '上海华信科技有限公司',
    );
    // The same file again: every good row is now a duplicate of what it created.
    const again = await mgr.leads.import({
      format: 'xlsx',
      file: await xlsx([header, ...table]),
      mapping: { 客户单位名: 'company' },
      defaults,
    });
    assert.equal(again.created, 1, 'only the row without email or phone is new again');
    assert.equal(again.skippedDuplicate, 4);
  });

  test('a file that cannot be read imports nothing and says why', async () => {
    const before = await leadCount();
    const refusal = async (input: Parameters<Caller['leads']['import']>[0]) =>
      mgr.leads.import(input).then(
        () => 'imported',
        (e: { code?: string; message?: string }) => `${e.code}: ${e.message}`,
      );
    const quoting = `${csv([ZH_HEADER, TABLE[0]!])}"Broken,"quote here,,,,,\r\n`;
    assert.match(
      await refusal({ format: 'csv', file: b64(quoting) }),
      /^BAD_REQUEST: file: cannot be read as CSV/,
    );
    assert.match(
      await refusal({ format: 'xlsx', file: b64(csv([ZH_HEADER, ...TABLE])) }),
      /^BAD_REQUEST: file: cannot be read as XLSX/,
    );
    assert.match(
      await refusal({
        format: 'csv',
        file: b64(
          csv([
            ['公司', '邮箱'],
            ['Acme', 'a@acme.example'],
          ]),
        ),
      }),
      /^BAD_REQUEST: file: has no name column/,
    );
    assert.match(
      await refusal({ format: 'csv', file: 'not base64!' }),
      /^BAD_REQUEST: [\s\S]*base64/,
    );
    assert.equal(await leadCount(), before);
  });

  test('the default team must be in the importer’s reach', async () => {
    await assert.rejects(
      mgr.leads.import({
        format: 'csv',
        file: b64(csv([ZH_HEADER, TABLE[0]!])),
        defaults: { teamId: org.teams.shenzhen },
      }),
      (e: { code?: string }) => e.code === 'FORBIDDEN',
    );
  });
});
