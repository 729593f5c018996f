// End to end: the real server over HTTP (in process, on each database) and the typed client,
// the engine and the in-memory workbook. A rep pulls their opportunities, moves stages and
// edits amounts in the sheet (one move breaks a stage gate), pushes, and reads the statuses.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { createLodestoneClient } from '../../core/client.ts';
import { describeEachDatabase } from '../../test/support/databases.ts';
import { createFunnelFixture } from '../../test/support/funnel.ts';
import { serveDuringSuite } from '../../test/support/http.ts';
import { syncApiOf } from './api.ts';
import type { EngineOptions } from './dataset.ts';
import { pullDataset } from './pull.ts';
import { pushDataset } from './push.ts';
import { dayToSerial } from './codecs.ts';
import { InMemoryWorkbook } from './testing/in-memory-workbook.ts';

const OPP = 'Lodestone_Opportunities';

describeEachDatabase('Excel round trip over HTTP', (getDb) => {
  // A small body limit, so the pushes must be planned under it.
  const http = serveDuringSuite(getDb, { maxBodyBytes: 1_000 });

  before(async () => {
    await createFunnelFixture(getDb());
  });

  test('pull, move stages and edit amounts, push: server state and per-row statuses', async () => {
    const token = await http().tokenFor('rep1');
    const client = createLodestoneClient({ url: http().url, token });
    const partner = await client.partners.create.mutate({ name: '苏州精工机械有限公司' });
    const deals = [];
    for (let i = 0; i < 12; i++)
      deals.push(
        await client.opportunities.create.mutate({
          name: `精工 ${String(i).padStart(2, '0')}`,
          partnerId: partner.id,
          expectedRevenue: 50_000_00 + i,
        }),
      );
    const book = new InMemoryWorkbook();
    const options: EngineOptions = { host: book, api: syncApiOf(client), locale: 'en' };
    await pullDataset(options, { entity: 'opportunities', pageSize: 5 });
    const at = (id: number) => book.indexOfKey(OPP, `o:${id}`);
    assert.equal(book.rowsOf(OPP).length, 12);
    assert.equal(book.cell(OPP, at(deals[0]!.id), 'Stage'), 'Prospecting');
    assert.equal(book.cell(OPP, at(deals[0]!.id), 'Expected revenue'), 50_000);

    const [moved, blocked, amount, ...rest] = deals;
    // Moved to Qualification with what the stage requires, typed in the same row.
    book.type(OPP, at(moved!.id), 'Stage', 'Qualification');
    book.type(OPP, at(moved!.id), 'Expected closing date', dayToSerial('2027-03-31'));
    // Moved too, but the closing date the stage requires is missing: refused by the server.
    book.type(OPP, at(blocked!.id), 'Stage', 'Qualification');
    // A new amount, pasted as text with the currency sign.
    book.paste(OPP, at(amount!.id), 'Expected revenue', '¥61,234.50');
    // Every other row gets a new channel, so the push needs several chunks under 1 kB.
    for (const o of rest) book.type(OPP, at(o.id), 'Channel', `Trade fair ${o.id}`);

    const summary = await pushDataset(options, 'opportunities');
    assert.equal(summary.ok, 11);
    assert.equal(summary.errors, 1);
    assert.ok(summary.chunks >= 2, `${summary.chunks} chunk(s)`);

    const row = (id: number) => book.rowByKey(OPP, `o:${id}`)!;
    assert.equal(row(moved!.id).Status, 'Synced');
    assert.equal(row(moved!.id).Stage, 'Qualification');
    assert.equal(row(moved!.id)['Probability (%)'], 25, 'the stage set it; the sheet shows it');
    assert.equal(row(moved!.id)._ver, moved!.version + 1);
    assert.equal(
      row(blocked!.id).Status,
      'Error: Stage: expectedCloseDate is required for stage 初验 (Qualification); ' +
        'Expected closing date: expectedCloseDate is required for stage 初验 (Qualification)',
    );
    assert.match(book.note(OPP, at(blocked!.id), 'Expected closing date')!, /required/);
    assert.equal(row(blocked!.id).Stage, 'Qualification', 'the edit stays for the user to fix');
    assert.equal(row(amount!.id).Status, 'Synced');
    assert.equal(row(amount!.id)['Expected revenue'], 61_234.5);

    const server = async (id: number) => client.opportunities.get.query({ id });
    const m = await server(moved!.id);
    assert.equal(m.stage.name, '初验');
    assert.equal(m.expectedCloseDate, '2027-03-31');
    assert.equal(m.history.length, 2);
    const b = await server(blocked!.id);
    assert.equal(b.stage.name, '初选');
    assert.equal(b.version, blocked!.version, 'the refused row wrote nothing');
    assert.equal((await server(amount!.id)).expectedRevenue, 61_234_50);
    for (const o of rest) assert.equal((await server(o.id)).channel, `Trade fair ${o.id}`);

    // The user adds the closing date; the next push moves the deal.
    book.type(OPP, at(blocked!.id), 'Expected closing date', dayToSerial('2027-04-30'));
    const second = await pushDataset(options, 'opportunities');
    assert.deepEqual([second.sent, second.ok], [1, 1]);
    assert.equal(row(blocked!.id).Status, 'Synced');
    assert.equal((await server(blocked!.id)).stage.name, '初验');

    // A refresh finds nothing to merge: every row is clean and current.
    const refresh = await pullDataset(options, { entity: 'opportunities' });
    assert.equal(refresh.conflicts, 0);
    assert.equal(refresh.written, 0);
    assert.ok(book.rowsOf(OPP).every((r) => r.Status === 'Synced'));
  });
});
