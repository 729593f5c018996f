// Finance's day of bank receipts through the Receipts entry sheet: the engine, the in-memory
// workbook and the real server (in process, on each database). Typed rows are recorded and
// allocated oldest-first; a push whose answer was lost is resumed without a second receipt; a
// recorded row edited in the sheet is refused before anything is sent.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { describeEachDatabase } from '../../test/support/databases.ts';
import {
  planOf,
  receivablesFixture,
  type Q2cFixture,
} from '../../server/routers/paymentPlans/fixtures.ts';
import { dayToSerial } from './codecs.ts';
import type { EngineOptions } from './dataset.ts';
import { pullDataset } from './pull.ts';
import { pushDataset } from './push.ts';
import { callerApi } from './testing/caller-api.ts';
import { InMemoryWorkbook } from './testing/in-memory-workbook.ts';
import { TestNetwork } from './testing/network.ts';
import { SyncTimeoutError } from './timeout.ts';

const RC = 'Lodestone_Receipts';
const STATUS = '同步状态';

describeEachDatabase('Receipts entry sheet', (getDb) => {
  let f: Q2cFixture;
  before(async () => {
    f = await receivablesFixture(getDb());
  });

  test('typed receipts are recorded once, even when the answer was lost; recorded rows stay as they are', async () => {
    const { partnerId, plan } = await planOf(f, {
      installments: [
        { dueDate: '2026-02-01', amount: 300_00 },
        { dueDate: '2026-03-01', amount: 700_00 },
      ],
    });
    const partner = await f.as.admin.partners.get({ id: partnerId });
    const book = new InMemoryWorkbook();
    const net = new TestNetwork(callerApi(f.as.finance));
    const options: EngineOptions = {
      host: book,
      api: net,
      locale: 'zh-CN',
      timeouts: { workbookMs: 10_000, serverMs: 5_000 },
    };
    await pullDataset(options, { entity: 'receipts', filter: { customer: partnerId } });
    assert.equal(book.rowsOf(RC).length, 0, 'no receipts of this customer yet');
    const typed = (amount: number, reference: string) =>
      book.addRow(RC, {
        客户: partner.code ?? partner.name,
        收款日期: dayToSerial('2026-02-03'),
        金额: amount,
        币种: 'CNY',
        收款方式: '银行转账',
        银行流水号: reference,
      });
    typed(350, 'BK-001');
    typed(100.5, 'BK-002');

    // The server records both, then the answer never reaches the sheet.
    net.hangNext('push', { afterServer: true });
    await assert.rejects(pushDataset(options, 'receipts'), SyncTimeoutError);
    const recorded = async () =>
      (await f.as.finance.receipts.list({ partnerId, limit: 50 })).items.length;
    assert.equal(await recorded(), 2);
    // The next push resumes the journal: the same batch, answered as before, written back.
    const resumed = await pushDataset(options, 'receipts');
    assert.equal(resumed.errors, 0);
    assert.equal(await recorded(), 2, 'no second receipt for either row');
    const rows = book.rowsOf(RC);
    assert.deepEqual(
      rows.map((r) => [r[STATUS], r['金额'], r['银行流水号']]),
      [
        ['已同步', 350, 'BK-001'],
        ['已同步', 100.5, 'BK-002'],
      ],
    );
    assert.ok(
      rows.every((r) => /^RC\d{6}$/.test(String(r['收款单号']))),
      'numbers came back',
    );
    assert.ok(rows.every((r) => String(r._key).startsWith('r:')));
    const after = await f.as.finance.paymentPlans.get({ id: plan.id });
    assert.deepEqual(
      after.installments.map((i) => i.paidAmount),
      [300_00, 150_50],
      'allocated oldest first',
    );

    // A recorded receipt is corrected in Lodestone, never from the sheet.
    const pushes = () => net.calls.filter((c) => c.method === 'push').length;
    const sent = pushes();
    book.type(RC, 0, '金额', 360);
    const edited = await pushDataset(options, 'receipts');
    assert.equal(edited.refusedLocally, 1);
    assert.equal(pushes(), sent, 'nothing sent');
    assert.match(String(book.rowsOf(RC)[0]![STATUS]), /^错误：已提交到服务器的行不能在表格中修改/);
    assert.equal(await recorded(), 2);
  });
});
