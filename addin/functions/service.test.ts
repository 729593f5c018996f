// =LODESTONE.* against the real server over HTTP (in process, on each database): answers from
// the reports, calls gathered into few requests, answers reused within the time-to-live and
// asked again after it, #N/A with a message when signed out, offline or asked nonsense.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { createLodestoneClient, type LodestoneClient } from '../../core/client.ts';
import { describeEachDatabase } from '../../test/support/databases.ts';
import { createFunnelFixture } from '../../test/support/funnel.ts';
import { serveDuringSuite } from '../../test/support/http.ts';
import { FunctionService, NotAvailable } from './service.ts';

describeEachDatabase('LODESTONE functions', (getDb) => {
  const http = serveDuringSuite(getDb);
  let client: LodestoneClient;
  let stage: string;

  before(async () => {
    await createFunnelFixture(getDb());
    client = createLodestoneClient({ url: http().url, token: await http().tokenFor('rep1') });
    const partner = await client.partners.create.mutate({ name: '无锡函数测试有限公司' });
    for (const amount of [100_00, 250_50])
      await client.opportunities.create.mutate({
        name: `函数 ${amount}`,
        partnerId: partner.id,
        expectedRevenue: amount,
      });
    const d = await client.sync.describe.query({ entity: 'opportunities', locale: 'en' });
    stage = d.columns.find((c) => c.id === 'stage')!.enum!.values[0]!.label;
  });

  test('PIPELINE: open revenue in a stage, in major units; many cells, few requests', async () => {
    const fns = new FunctionService({ client: () => client });
    const answers = await Promise.all(Array.from({ length: 20 }, () => fns.pipeline(stage)));
    assert.deepEqual(new Set(answers), new Set([350.5]));
    // The describe (both languages) and one funnel: gathered, not one per cell.
    assert.equal(fns.requests, 2);
  });

  test('cached within the time-to-live, asked again after it', async () => {
    let now = 0;
    const fns = new FunctionService({ client: () => client, ttlMs: 1000, now: () => now });
    await fns.pipeline(stage);
    const first = fns.requests;
    now = 500;
    await fns.pipeline(stage);
    assert.equal(fns.requests, first);
    now = 2000;
    await fns.pipeline(stage);
    assert.equal(fns.requests, first + 2, 'the describe and the funnel again');
  });

  test('REPORT spills the headers and rows; FORECAST and RECEIVABLE answer numbers', async () => {
    const fns = new FunctionService({ client: () => client });
    const funnel = await fns.report('funnel');
    assert.deepEqual(funnel[0], [
      'Stage',
      'Expected revenue',
      'Weighted',
      'Opportunities',
      'Probability',
    ]);
    // The open deals above sit in the first stage: 100.00 + 250.50 in major units.
    assert.deepEqual(funnel[1]!.slice(0, 2), [stage, 350.5]);
    const zh = new FunctionService({ client: () => client, locale: () => 'zh-CN' });
    assert.equal((await zh.report('funnel'))[0]![0], '阶段');
    assert.equal(typeof (await fns.forecast(new Date().toISOString().slice(0, 7))), 'number');
    assert.equal(await fns.receivable('nobody at all'), 0);
    // The deals are in CNY: another currency has none of them; the code is read case-blind.
    assert.equal(await fns.pipeline(stage, undefined, 'usd'), 0);
    assert.equal(await fns.pipeline(stage, undefined, 'cny'), 350.5);
    await assert.rejects(fns.receivable('x', 'total', 'yuan'), /currency must be a code/);
  });

  test('#N/A with a message: signed out, offline, unknown stage or report', async () => {
    const signedOut = new FunctionService({ client: () => null });
    await assert.rejects(signedOut.pipeline(stage), (e: unknown) => {
      assert.ok(e instanceof NotAvailable);
      assert.match(e.message, /Sign in/);
      return true;
    });
    const offline = new FunctionService({
      client: () => createLodestoneClient({ url: 'http://127.0.0.1:9', token: 'x' }),
    });
    await assert.rejects(offline.pipeline(stage), /unreachable/);
    const fns = new FunctionService({ client: () => client });
    await assert.rejects(fns.pipeline('No such stage'), /no such stage/);
    await assert.rejects(fns.report('nonsense'), /report must be one of/);
    await assert.rejects(fns.forecast('2026-13'), /YYYY-MM/);
    const badToken = new FunctionService({
      client: () => createLodestoneClient({ url: http().url, token: 'not-a-token' }),
    });
    await assert.rejects(badToken.pipeline(stage), /Sign in/);
  });
});
