// <lode-excel-pane> in headless Chromium against the real seeded server (web-test-runner's
// lodestone-server plugin), with the in-memory workbook behind the WorkbookHost interface:
// sign in by password and by token (kept in the add-in's storage, never in the workbook), a
// filtered pull with progress and row counts, an edit pushed back, a conflict resolved, reports
// as tables, cancel, and zh-CN words.
import { assert, fixture, waitUntil } from '@open-wc/testing';
import { html } from 'lit';
import { clientAs, defaultPipeline, serverFixture } from '../../components/test-support/fixture.ts';
import { REPORT_NAMES } from '../reports/catalog.ts';
import { InMemoryWorkbook } from '../sync/testing/in-memory-workbook.ts';
import { MemoryReportSink } from './report-sink.ts';
import type { TokenStore } from './token-store.ts';
import type { LodeExcelPane } from './lode-excel-pane.ts';
import './define.ts';

const WAIT = { timeout: 15000 };
const TABLE = 'Lodestone_Opportunities';

class MemoryTokens implements TokenStore {
  value: string | null = null;
  get = () => Promise.resolve(this.value);
  set = (t: string | null) => {
    this.value = t;
    return Promise.resolve();
  };
}

async function mount(locale: 'en' | 'zh-CN' = 'en') {
  const f = await serverFixture();
  const book = new InMemoryWorkbook();
  const sink = new MemoryReportSink();
  const tokens = new MemoryTokens();
  const pane = await fixture<LodeExcelPane>(
    html`<lode-excel-pane
      server-url=${f.url}
      locale=${locale}
      .host=${book}
      .reportSink=${sink}
      .tokenStore=${tokens}
    ></lode-excel-pane>`,
  );
  return { f, pane, book, sink, tokens };
}

const shadow = (pane: LodeExcelPane) => pane.shadowRoot!;
const button = (pane: LodeExcelPane, text: string) =>
  [...shadow(pane).querySelectorAll('button')].find((b) => b.textContent!.includes(text))!;

describe('lode-excel-pane', () => {
  it('signs in with email and password; the token goes to the add-in storage, not the workbook', async () => {
    const { pane, book, tokens } = await mount();
    const form = shadow(pane).querySelector('form')!;
    (form.querySelector('[name=email]') as HTMLInputElement).value =
      'zhang.wei@demo.lodestone.example';
    (form.querySelector('[name=password]') as HTMLInputElement).value = 'lodestone-demo';
    form.requestSubmit();
    await waitUntil(() => pane.signedInAs !== null, 'signed in', WAIT);
    assert.ok(tokens.value);
    assert.equal(await book.readPart('lodestone.token'), null);
    await pane.signOut();
    assert.equal(tokens.value, null);
  });

  it('a wrong password is said, not thrown', async () => {
    const { pane } = await mount();
    await pane.signIn('zhang.wei@demo.lodestone.example', 'nope').catch(() => undefined);
    assert.equal(pane.signedInAs, null);
  });

  it('pulls the rep’s opportunities with progress and row counts, pushes an edit back', async () => {
    const { f, pane, book } = await mount();
    await pane.useToken(f.tokens.rep);
    await pane.updateComplete;
    assert.ok(pane.filterFields.some((x) => x.id === 'stage'));
    assert.ok(pane.filterFields.some((x) => x.id === 'closeFrom'));
    const progress: number[] = [];
    const seen = setInterval(() => pane.progress && progress.push(pane.progress.done), 5);
    await pane.pull();
    clearInterval(seen);
    const rows = await book.rowCount(TABLE);
    assert.ok(rows > 0, 'the demo rep owns opportunities');
    assert.include(pane.message, `${rows} rows`);
    await pane.updateComplete;
    assert.ok(shadow(pane).querySelector('[part=counts]'));
    const headers = (await book.tableHeaders(TABLE))!;
    assert.deepEqual(headers.slice(0, 3), ['_key', '_ver', 'Status']);
    book.type(TABLE, 0, 'Description', `from Excel ${Date.now()}`);
    await pane.push();
    assert.match(pane.message, /^Pushed: 1\/1 rows/);
  });

  it('a conflict shows the server value, who and when; take server resolves it', async () => {
    const { f, pane, book } = await mount();
    await pane.useToken(f.tokens.rep);
    await pane.pull();
    const [key] = (await book.readColumn(TABLE, 0, 0, 1)) as string[];
    const id = Number(key!.split(':')[1]);
    // Someone else changes the row on the server after the pull.
    const { createLodestoneClient } = await import('../../core/client.ts');
    const manager = createLodestoneClient({ url: f.url, token: f.tokens.manager });
    const o = await manager.opportunities.get.query({ id });
    await manager.opportunities.update.mutate({
      id,
      version: o.version,
      patch: { description: `manager ${Date.now()}` },
    });
    const mine = `rep ${Date.now()}`;
    book.type(TABLE, 0, 'Description', mine);
    await pane.push();
    await waitUntil(() => pane.conflicts.length === 1, 'one conflict', WAIT);
    await pane.updateComplete;
    const shown = shadow(pane).querySelector(`[data-key="${key}"]`)!;
    // Only the cell in conflict, by its label: my value beside the server's, and who changed it.
    const rows = [...shown.querySelectorAll('tbody tr')].map((r) =>
      [...r.children].map((c) => c.textContent!.trim()),
    );
    assert.equal(rows.length, 1);
    assert.equal(rows[0]![0], 'Description');
    assert.equal(rows[0]![1], mine);
    assert.match(rows[0]![2]!, /^manager \d+$/);
    assert.include(shown.textContent!, 'changed by');
    button(pane, 'Take server').click();
    await waitUntil(() => pane.conflicts.length === 0, 'resolved', WAIT);
  });

  it('cancel stops a pull; the message says it resumes', async () => {
    const { f, pane } = await mount();
    await pane.useToken(f.tokens.manager);
    const running = pane.pull();
    pane.cancel();
    await running;
    assert.ok(pane.message.length > 0);
    assert.isFalse(pane.busy);
  });

  it('pulls every report as a labelled table; money in major units; a refresh rewrites it', async () => {
    const { f, pane, sink } = await mount();
    await pane.useToken(f.tokens.manager);
    for (const name of REPORT_NAMES) await pane.pullReport(name);
    assert.sameMembers([...sink.reports.keys()], [...REPORT_NAMES]);
    await pane.pullReport('funnel');
    const funnel = sink.reports.get('funnel')!;
    assert.equal(funnel.writes, 2);
    assert.equal(funnel.title, `Funnel ${new Date().getFullYear()} (CNY)`);
    assert.deepEqual(
      funnel.table.columns.map((c) => c.kind),
      ['text', 'money', 'money', 'count', 'percent'],
    );
    // The same report straight from the server, as the manager: amounts are minor units there.
    const { pipeline } = await defaultPipeline();
    const raw = await (
      await clientAs('manager')
    ).reports.funnel.query({ pipelineId: pipeline.id, currency: 'CNY' });
    assert.deepEqual(
      funnel.table.rows.map((r) => [r[0], r[1]]),
      raw.stages.map((s) => [s.nameEn ?? s.name, s.amount / 100]),
    );
    const aging = sink.reports.get('receivablesAging')!.table;
    assert.equal(aging.columns[0]!.label, 'Customer');
    assert.equal(aging.chart.type, 'ColumnStacked');
  });

  it('pulls a report for the year and currency chosen in the pane; a refusal is shown, not thrown', async () => {
    const { f, pane, sink } = await mount();
    await pane.useToken(f.tokens.finance);
    await pane.updateComplete;
    const input = (name: string) =>
      shadow(pane).querySelector<HTMLInputElement>(`input[name="${name}"]`)!;
    const year = new Date().getFullYear() - 1;
    input('report-year').value = String(year);
    input('report-year').dispatchEvent(new Event('change'));
    input('report-currency').value = 'usd';
    input('report-currency').dispatchEvent(new Event('change'));
    await pane.pullReport('forecast');
    const forecast = sink.reports.get('forecast')!;
    assert.equal(forecast.title, `Forecast by month ${year} (USD)`);
    assert.equal(forecast.table.currency, 'USD');
    assert.deepEqual(
      forecast.table.rows.map((r) => r[0]),
      Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`),
    );
    input('report-currency').value = 'US';
    input('report-currency').dispatchEvent(new Event('change'));
    await pane.pullReport('forecast');
    await pane.updateComplete;
    const status = shadow(pane).querySelector('[part="reports"] [role="status"]')!;
    assert.match(status.textContent!, /currency/i);
    assert.equal(sink.reports.get('forecast')!.writes, 1, 'the refused pull wrote nothing');
  });

  it('speaks zh-CN when Office does', async () => {
    const { f, pane, sink } = await mount('zh-CN');
    assert.ok(button(pane, '登录'));
    await pane.useToken(f.tokens.rep);
    await pane.updateComplete;
    assert.ok(button(pane, '拉取'));
    assert.ok(button(pane, '推送'));
    await pane.pullReport('receivablesAging');
    const aging = sink.reports.get('receivablesAging')!;
    assert.equal(aging.title, `应收账龄 ${new Date().getFullYear()} (CNY)`);
    assert.equal(aging.table.columns[0]!.label, '客户');
  });
});
