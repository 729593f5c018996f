import { assert, fixture, waitUntil } from '@open-wc/testing';
import { html } from 'lit';
import '../test-support/lit-warnings.ts';
import { litDevModeSeen, litWarnings } from '../test-support/lit-warnings.ts';
import {
  clientAs,
  createDeal,
  defaultPipeline,
  freshRep,
  serverFixture,
  type DemoUser,
} from '../test-support/fixture.ts';
import {
  alertText,
  cardById,
  cardsOf,
  columnByTitle,
  columnOfCard,
  key,
  liveRegion,
  waitForCard,
} from '../test-support/dom.ts';
import type { LodeOpportunityMoveEvent } from '../events/lode-opportunity-move.ts';
import '../provider/provider.ts';
import { mountInProvider, type MountOptions } from '../test-support/mount.ts';
import './funnel-board.ts';
import type { LodeProvider } from '../provider/provider.component.ts';
import type { LodeFunnelBoard } from './funnel-board.component.ts';

const WAIT = { timeout: 10000 };

async function mountBoard(who: DemoUser, ownerId: number | undefined, options: MountOptions = {}) {
  const { provider, element } = await mountInProvider<LodeFunnelBoard>(
    who,
    'lode-funnel-board',
    html`<lode-funnel-board owner-id=${ownerId ?? ''}></lode-funnel-board>`,
    options,
  );
  return { provider, board: element };
}

async function loaded(board: LodeFunnelBoard) {
  await waitUntil(
    () =>
      board.shadowRoot!.querySelector('section.column') &&
      board.getAttribute('aria-busy') !== 'true',
    'columns rendered',
    WAIT,
  );
  await waitUntil(() => board.shadowRoot!.querySelector('.body[aria-busy="false"]'), 'idle', WAIT);
}

function drag(card: HTMLElement, target: HTMLElement) {
  const dataTransfer = new DataTransfer();
  const init = { dataTransfer, bubbles: true, composed: true, cancelable: true };
  card.dispatchEvent(new DragEvent('dragstart', init));
  target.dispatchEvent(new DragEvent('dragover', init));
  target.dispatchEvent(new DragEvent('drop', init));
  card.dispatchEvent(new DragEvent('dragend', init));
}

function zone(board: LodeFunnelBoard, outcome: 'won' | 'lost' | 'invalid'): HTMLElement {
  return board.shadowRoot!.querySelector<HTMLElement>(`.zone.${outcome}`)!;
}

function dialogOf(board: LodeFunnelBoard) {
  return board.shadowRoot!.querySelector('dialog');
}

/** Fires on the board and records every lode-opportunity-move. */
function recordMoves(board: LodeFunnelBoard) {
  const moves: LodeOpportunityMoveEvent[] = [];
  board.addEventListener('lode-opportunity-move', (e) => moves.push(e));
  return moves;
}

async function serverCopy(id: number) {
  return (await clientAs('admin')).opportunities.get.query({ id });
}

describe('lode-funnel-board', () => {
  let stage: (name: string) => number;
  before(async () => {
    ({ stage } = await defaultPipeline());
  });

  it('shows a column per stage with count, amount and weighted amount, and the cards', async () => {
    const rep = await freshRep('render');
    const a = await createDeal(rep.id, {
      name: 'Render A',
      expectedRevenue: 1_000_000,
      currency: 'CNY',
      expectedCloseDate: '2031-01-10',
    });
    await createDeal(rep.id, {
      name: 'Render B',
      expectedRevenue: 500_000,
      currency: 'CNY',
      expectedCloseDate: '2031-02-10',
    });
    const { pipeline } = await defaultPipeline();
    const { board } = await mountBoard('manager', rep.id);
    await loaded(board);
    const titles = [...board.shadowRoot!.querySelectorAll('.column-title')].map((t) =>
      t.textContent!.trim(),
    );
    assert.deepEqual(
      titles,
      pipeline.stages.map((s) => s.nameEn ?? s.name),
    );
    const first = columnByTitle(board, 'Prospecting');
    assert.equal(first.querySelector('[part~="column-count"]')!.textContent!.trim(), '2');
    const money = (minor: number) =>
      new Intl.NumberFormat('en', { style: 'currency', currency: 'CNY' }).format(minor / 100);
    assert.equal(
      first.querySelector('[part~="column-amount"]')!.textContent!.trim(),
      money(1_500_000),
    );
    // 10% in 初选: Σ revenue × probability / 100.
    assert.equal(
      first.querySelector('[part~="column-weighted"]')!.textContent!.trim(),
      money(150_000),
    );
    const card = await waitForCard(board, a.id);
    const part = (p: string) =>
      card.shadowRoot!.querySelector(`[part~="${p}"]`)!.textContent!.trim();
    assert.equal(part('name'), 'Render A');
    assert.equal(part('owner'), rep.name);
    assert.equal(part('amount'), money(1_000_000));
    assert.include(part('close-date'), '2031');
    assert.match(part('age'), /^0 days in stage$/);
    assert.notEqual(part('partner'), '');
    assert.equal(cardsOf(board).length, 2);
    await assert.isAccessible(board);
  });

  it('is accessible while loading, when empty, and when the load fails (with a working retry)', async () => {
    const rep = await freshRep('states');
    const f = await serverFixture();
    const provider = await fixture<LodeProvider>(
      html`<lode-provider endpoint=${f.url} token=${f.tokens.manager} locale="en"
        ><lode-funnel-board owner-id=${rep.id}></lode-funnel-board
      ></lode-provider>`,
    );
    const board = provider.querySelector<LodeFunnelBoard>('lode-funnel-board')!;
    // Loading: skeleton columns, aria-busy.
    await waitUntil(() => board.shadowRoot!.querySelector('[part~="skeleton"]'), 'skeleton', WAIT);
    assert.ok(board.shadowRoot!.querySelector('.body[aria-busy="true"]'));
    await assert.isAccessible(board);
    // Empty: every column says so.
    await loaded(board);
    const empties = board.shadowRoot!.querySelectorAll('section.column [part~="empty"]');
    assert.equal(empties.length, board.shadowRoot!.querySelectorAll('section.column').length);
    await assert.isAccessible(board);

    // Error: a refused token; retry asks again.
    const broken = await fixture<LodeProvider>(
      html`<lode-provider endpoint=${f.url} token="lds_refused" locale="en"
        ><lode-funnel-board></lode-funnel-board
      ></lode-provider>`,
    );
    const failing = broken.querySelector<LodeFunnelBoard>('lode-funnel-board')!;
    await waitUntil(
      () => failing.shadowRoot!.querySelector('[part~="error"]'),
      'error state',
      WAIT,
    );
    assert.include(
      failing.shadowRoot!.querySelector('[part~="error"]')!.textContent!,
      'token is not valid',
    );
    await assert.isAccessible(failing);
    broken.token = f.tokens.manager;
    (
      failing.shadowRoot!.querySelector('[part~="retry-button"]') as HTMLButtonElement | null
    )?.click();
    await waitUntil(
      () => failing.shadowRoot!.querySelector('section.column'),
      'loaded after retry',
      WAIT,
    );
  });

  it('moves a card by keyboard: pick up, move, drop, each step announced, then saved', async () => {
    const rep = await freshRep('keyboard');
    const deal = await createDeal(rep.id, {
      name: 'Keyboard deal',
      expectedRevenue: 2_000_000,
      expectedCloseDate: '2031-05-01',
    });
    const { board } = await mountBoard('manager', rep.id);
    await loaded(board);
    const moves = recordMoves(board);
    const card = await waitForCard(board, deal.id);
    card.focus();
    key(card, ' ');
    await waitUntil(
      () => liveRegion(board).startsWith('Picked up Keyboard deal in Prospecting'),
      'picked up',
      WAIT,
    );
    assert.isTrue(card.grabbed);
    key(card, 'ArrowRight');
    await waitUntil(
      () => liveRegion(board) === 'Over Qualification.',
      'over the next column',
      WAIT,
    );
    assert.include(
      columnByTitle(board, 'Qualification').getAttribute('part')!,
      'column-drop-target',
    );
    key(card, ' ');
    await waitUntil(() => moves.length === 1, 'move event', WAIT);
    assert.equal(moves[0]!.move.toStageId, stage('初验'));
    assert.equal(moves[0]!.move.fromStageId, stage('初选'));
    assert.isTrue(moves[0]!.cancelable && moves[0]!.composed && moves[0]!.bubbles);
    await waitUntil(
      () => columnOfCard(board, deal.id) === 'Qualification',
      'card in Qualification',
      WAIT,
    );
    await waitUntil(
      () => liveRegion(board) === 'Moved Keyboard deal to Qualification.',
      'announced',
      WAIT,
    );
    await waitUntil(
      async () => (await serverCopy(deal.id)).stageId === stage('初验'),
      'saved',
      WAIT,
    );
    // Focus follows the card, and the totals are the server's again.
    await waitUntil(
      () => board.shadowRoot!.activeElement === cardById(board, deal.id),
      'focus',
      WAIT,
    );
    const qual = columnByTitle(board, 'Qualification');
    await waitUntil(
      () => qual.querySelector('[part~="column-count"]')!.textContent!.trim() === '1',
      'count',
      WAIT,
    );
  });

  it('Escape puts a picked-up card back, and nothing is sent', async () => {
    const rep = await freshRep('escape');
    const deal = await createDeal(rep.id, {
      name: 'Escape deal',
      expectedRevenue: 100,
      expectedCloseDate: '2031-05-01',
    });
    const { board } = await mountBoard('manager', rep.id);
    await loaded(board);
    const moves = recordMoves(board);
    const card = await waitForCard(board, deal.id);
    card.focus();
    key(card, ' ');
    key(card, 'ArrowRight');
    key(card, 'ArrowRight');
    key(card, 'Escape');
    await waitUntil(
      () => liveRegion(board) === 'Move canceled. Escape deal stays in Prospecting.',
      'canceled',
      WAIT,
    );
    assert.isFalse(card.grabbed);
    assert.equal(moves.length, 0);
    assert.equal(columnOfCard(board, deal.id), 'Prospecting');
    assert.equal((await serverCopy(deal.id)).version, deal.version);
  });

  it('asks for exactly the fields the stage requires, checks them, and sends them with the move', async () => {
    const rep = await freshRep('gate');
    const deal = await createDeal(rep.id, { name: 'Gate deal', currency: 'CNY' });
    const { board } = await mountBoard('manager', rep.id);
    await loaded(board);
    const moves = recordMoves(board);
    drag(await waitForCard(board, deal.id), columnByTitle(board, 'Qualification'));
    await waitUntil(() => dialogOf(board)?.open, 'the stage form', WAIT);
    const dialog = dialogOf(board)!;
    const names = [...dialog.querySelectorAll<HTMLInputElement>('input, select, textarea')].map(
      (i) => i.name,
    );
    assert.deepEqual(names, ['expectedRevenue', 'expectedCloseDate']);
    await assert.isAccessible(board);
    // Empty, then a bad amount: refused next to the fields, nothing moved.
    dialog.querySelector('form')!.requestSubmit();
    await waitUntil(
      () => dialog.querySelectorAll('[aria-invalid="true"]').length === 2,
      'both required',
      WAIT,
    );
    const revenue = dialog.querySelector<HTMLInputElement>('[name="expectedRevenue"]')!;
    revenue.value = '12,000.505';
    dialog.querySelector<HTMLInputElement>('[name="expectedCloseDate"]')!.value = '2031-06-30';
    dialog.querySelector('form')!.requestSubmit();
    await waitUntil(
      () =>
        dialogOf(board)!
          .querySelector('#error-expectedRevenue')
          ?.textContent?.includes('decimal places'),
      'precision refused',
      WAIT,
    );
    assert.equal(moves.length, 0);
    assert.equal(columnOfCard(board, deal.id), 'Prospecting');
    dialogOf(board)!.querySelector<HTMLInputElement>('[name="expectedRevenue"]')!.value =
      '12,000.50';
    dialogOf(board)!.querySelector('form')!.requestSubmit();
    await waitUntil(() => moves.length === 1, 'move event', WAIT);
    assert.deepEqual(moves[0]!.move.fields, {
      expectedRevenue: 1_200_050,
      expectedCloseDate: '2031-06-30',
    });
    assert.isNull(dialogOf(board));
    await waitUntil(
      async () => (await serverCopy(deal.id)).stageId === stage('初验'),
      'saved',
      WAIT,
    );
    const saved = await serverCopy(deal.id);
    assert.equal(saved.expectedRevenue, 1_200_050);
    assert.equal(saved.expectedCloseDate, '2031-06-30');
  });

  it('canceling the stage form leaves the card where it was', async () => {
    const rep = await freshRep('gate-cancel');
    const deal = await createDeal(rep.id, { name: 'Gate cancel deal' });
    const { board } = await mountBoard('manager', rep.id);
    await loaded(board);
    const moves = recordMoves(board);
    drag(await waitForCard(board, deal.id), columnByTitle(board, 'Qualification'));
    await waitUntil(() => dialogOf(board)?.open, 'the stage form', WAIT);
    dialogOf(board)!.querySelector<HTMLButtonElement>('[part~="dialog-cancel"]')!.click();
    await waitUntil(() => !dialogOf(board), 'closed', WAIT);
    assert.equal(moves.length, 0);
    assert.equal(columnOfCard(board, deal.id), 'Prospecting');
  });

  it('refuses to leave a stage with strict tasks open, and says which', async () => {
    const rep = await freshRep('strict');
    const deal = await createDeal(rep.id, {
      name: 'Strict deal',
      stageId: stage('初验'),
      expectedRevenue: 300_000,
      expectedCloseDate: '2031-07-01',
    });
    const { board } = await mountBoard('manager', rep.id);
    await loaded(board);
    const moves = recordMoves(board);
    drag(await waitForCard(board, deal.id), columnByTitle(board, 'Validated'));
    await waitUntil(() => alertText(board).includes('before leaving stage'), 'the reason', WAIT);
    assert.include(
      alertText(board),
      'finish "Confirmed they need our product or service" and "Confirmed they have a budget" before leaving stage 初验 (Qualification)',
    );
    assert.equal(board.shadowRoot!.querySelector('.message')!.getAttribute('role'), 'alert');
    assert.equal(moves.length, 0);
    assert.equal(columnOfCard(board, deal.id), 'Qualification');
    assert.equal((await serverCopy(deal.id)).version, deal.version);
    await assert.isAccessible(board);
  });

  it('a page that cancels lode-opportunity-move gets the card put back and nothing sent', async () => {
    const rep = await freshRep('veto');
    const deal = await createDeal(rep.id, {
      name: 'Veto deal',
      expectedRevenue: 100,
      expectedCloseDate: '2031-05-01',
    });
    const { provider, board } = await mountBoard('manager', rep.id);
    await loaded(board);
    let seen: LodeOpportunityMoveEvent | undefined;
    // The page listens above the board (the event is composed and bubbles).
    provider.addEventListener('lode-opportunity-move', (e) => {
      seen = e;
      // The card is already in its new place when the event fires.
      assert.equal(columnOfCard(board, deal.id), 'Qualification');
      e.preventDefault();
    });
    drag(await waitForCard(board, deal.id), columnByTitle(board, 'Qualification'));
    await waitUntil(() => seen, 'event', WAIT);
    await waitUntil(() => columnOfCard(board, deal.id) === 'Prospecting', 'put back', WAIT);
    await waitUntil(
      () => liveRegion(board) === 'Move canceled. Veto deal stays in Prospecting.',
      'announced',
      WAIT,
    );
    const copy = await serverCopy(deal.id);
    assert.equal(copy.version, deal.version);
    assert.equal(copy.stageId, stage('初选'));
  });

  it('puts a card back with a message when someone else changed the opportunity meanwhile', async () => {
    const rep = await freshRep('conflict');
    const deal = await createDeal(rep.id, {
      name: 'Conflict deal',
      expectedRevenue: 100,
      expectedCloseDate: '2031-05-01',
    });
    const { board } = await mountBoard('manager', rep.id);
    await loaded(board);
    await waitForCard(board, deal.id);
    // A real conflicting write, from another user, after the board loaded.
    const admin = await clientAs('admin');
    const changed = await admin.opportunities.update.mutate({
      id: deal.id,
      version: deal.version,
      patch: { description: 'changed by someone else' },
    });
    const moves = recordMoves(board);
    const card = cardById(board, deal.id)!;
    card.focus();
    key(card, ' ');
    key(card, 'ArrowRight');
    key(card, 'Enter');
    await waitUntil(() => moves.length === 1, 'the move was tried', WAIT);
    await waitUntil(
      () => alertText(board).includes('was put back in Prospecting'),
      'message',
      WAIT,
    );
    assert.include(alertText(board), 'Someone else changed this record in the meantime');
    await waitUntil(() => columnOfCard(board, deal.id) === 'Prospecting', 'reverted', WAIT);
    const copy = await serverCopy(deal.id);
    assert.equal(copy.stageId, stage('初选'));
    assert.equal(copy.version, changed.version);
    // The board reloaded: the card now carries the new version and moves fine.
    await waitUntil(
      () => cardById(board, deal.id)?.opportunity?.version === changed.version,
      'reloaded',
      WAIT,
    );
    drag(cardById(board, deal.id)!, columnByTitle(board, 'Qualification'));
    await waitUntil(
      async () => (await serverCopy(deal.id)).stageId === stage('初验'),
      'saved',
      WAIT,
    );
    await assert.isAccessible(board);
  });

  it('dropping on Won asks for the reason and closes the opportunity', async () => {
    const rep = await freshRep('won');
    const deal = await createDeal(rep.id, {
      name: 'Won deal',
      expectedRevenue: 880_000,
      expectedCloseDate: '2031-05-01',
    });
    const { board } = await mountBoard('manager', rep.id);
    await loaded(board);
    const moves = recordMoves(board);
    drag(await waitForCard(board, deal.id), zone(board, 'won'));
    await waitUntil(() => dialogOf(board)?.open, 'the reason dialog', WAIT);
    const dialog = dialogOf(board)!;
    assert.include(dialog.querySelector('h2')!.textContent!, 'Close Won deal as won');
    const reasons = [
      ...dialog.querySelectorAll<HTMLOptionElement>('[name="reasonId"] option'),
    ].slice(1);
    const admin = await clientAs('admin');
    const wonReasons = (await admin.pipelines.closeReasons.list.query({ outcome: 'won' })).map(
      (r) => r.nameEn,
    );
    assert.deepEqual(
      reasons.map((o) => o.textContent!.trim()),
      wonReasons,
    );
    await assert.isAccessible(board);
    dialog.querySelector('form')!.requestSubmit();
    await waitUntil(
      () => dialogOf(board)!.querySelector('#error-reasonId'),
      'a reason is required',
      WAIT,
    );
    const select = dialogOf(board)!.querySelector<HTMLSelectElement>('[name="reasonId"]')!;
    select.value = reasons[0]!.value;
    dialogOf(board)!.querySelector('form')!.requestSubmit();
    await waitUntil(() => moves.length === 1, 'move event', WAIT);
    assert.equal(moves[0]!.move.outcome, 'won');
    assert.isNull(moves[0]!.move.toStageId);
    assert.equal(moves[0]!.move.reasonId, Number(reasons[0]!.value));
    await waitUntil(() => !cardById(board, deal.id), 'card left the board', WAIT);
    await waitUntil(
      async () => (await serverCopy(deal.id)).status === 'won',
      'closed as won',
      WAIT,
    );
    assert.equal((await serverCopy(deal.id)).wonAmount, 880_000);
  });

  it('moves a card by mouse to an earlier stage', async () => {
    const rep = await freshRep('mouse');
    const deal = await createDeal(rep.id, {
      name: 'Mouse deal',
      stageId: stage('已验'),
      expectedRevenue: 100,
      expectedCloseDate: '2031-05-01',
    });
    const { board } = await mountBoard('manager', rep.id);
    await loaded(board);
    drag(await waitForCard(board, deal.id), columnByTitle(board, 'Qualification'));
    await waitUntil(() => columnOfCard(board, deal.id) === 'Qualification', 'moved', WAIT);
    await waitUntil(
      async () => (await serverCopy(deal.id)).stageId === stage('初验'),
      'saved',
      WAIT,
    );
  });

  it('follows moves made elsewhere: another user moves a deal and the card changes column', async () => {
    const rep = await freshRep('live');
    const deal = await createDeal(rep.id, {
      name: 'Live deal',
      expectedRevenue: 100,
      expectedCloseDate: '2031-05-01',
    });
    const { board } = await mountBoard('manager', rep.id);
    await loaded(board);
    await waitForCard(board, deal.id);
    assert.equal(columnOfCard(board, deal.id), 'Prospecting');
    // Another person, on another page: a real move through the API.
    const admin = await clientAs('admin');
    await admin.opportunities.moveStage.mutate({
      id: deal.id,
      version: deal.version,
      stageId: stage('初验'),
    });
    await waitUntil(() => columnOfCard(board, deal.id) === 'Qualification', 'followed', WAIT);
  });

  it('fires lode-opportunity-open from a clicked card', async () => {
    const rep = await freshRep('open');
    const deal = await createDeal(rep.id, { name: 'Open deal' });
    const { provider, board } = await mountBoard('manager', rep.id);
    await loaded(board);
    let opened: number | undefined;
    provider.addEventListener('lode-opportunity-open', (e) => (opened = e.opportunity.id));
    (await waitForCard(board, deal.id)).click();
    assert.equal(opened, deal.id);
  });

  it('filters by owner and by closing period', async () => {
    const rep = await freshRep('filters');
    const now = new Date();
    const thisMonth = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-15`;
    const soon = await createDeal(rep.id, {
      name: 'This month',
      expectedRevenue: 100,
      expectedCloseDate: thisMonth,
    });
    const later = await createDeal(rep.id, {
      name: 'Far later',
      expectedRevenue: 100,
      expectedCloseDate: '2035-01-01',
    });
    const { board } = await mountBoard('manager', rep.id);
    await loaded(board);
    await waitForCard(board, later.id);
    const period = board.shadowRoot!.querySelector<HTMLSelectElement>('[part~="filter-period"]')!;
    period.value = 'this-month';
    period.dispatchEvent(new Event('change'));
    await waitUntil(() => !cardById(board, later.id), 'the far deal is filtered out', WAIT);
    assert.ok(cardById(board, soon.id));
    assert.equal(board.period, 'this-month');
    const owner = board.shadowRoot!.querySelector<HTMLSelectElement>('[part~="filter-owner"]')!;
    assert.equal(owner.value, String(rep.id));
    owner.value = '';
    owner.dispatchEvent(new Event('change'));
    await loaded(board);
    assert.isUndefined(board.ownerId);
  });

  it('switches to the funnel chart and back', async () => {
    const rep = await freshRep('chart');
    await createDeal(rep.id, {
      name: 'Chart deal',
      expectedRevenue: 1_000_000,
      currency: 'CNY',
      expectedCloseDate: '2031-05-01',
    });
    const { pipeline } = await defaultPipeline();
    const { board } = await mountBoard('manager', rep.id);
    await loaded(board);
    const chartButton = [
      ...board.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part~="view-button"]'),
    ].find((b) => b.textContent!.trim() === 'Funnel chart')!;
    chartButton.click();
    await waitUntil(() => board.shadowRoot!.querySelector('[part~="chart"]'), 'chart', WAIT);
    assert.equal(board.view, 'chart');
    assert.equal(chartButton.getAttribute('aria-pressed'), 'true');
    const rows = [...board.shadowRoot!.querySelectorAll('[part~="chart-row"]')];
    assert.equal(rows.length, pipeline.stages.length);
    assert.include(rows[0]!.textContent!, '1 opportunities');
    assert.include(rows[0]!.textContent!, 'weighted CN¥1,000.00');
    await assert.isAccessible(board);
    board.view = 'board';
    await waitUntil(() => board.shadowRoot!.querySelector('section.column'), 'board again', WAIT);
  });

  it('shows a read-only board to finance: no dragging, no drop zones', async () => {
    const rep = await freshRep('finance');
    const deal = await createDeal(rep.id, {
      name: 'Finance view',
      expectedRevenue: 100,
      expectedCloseDate: '2031-05-01',
    });
    const { board } = await mountBoard('finance', rep.id);
    await loaded(board);
    const card = await waitForCard(board, deal.id);
    await waitUntil(() => card.getAttribute('draggable') === 'false', 'not draggable', WAIT);
    assert.isNull(board.shadowRoot!.querySelector('[part~="drop-zones"]'));
    card.focus();
    key(card, ' ');
    await waitUntil(() => liveRegion(board).includes('but not move'), 'read-only said', WAIT);
    await assert.isAccessible(board);
  });

  it('speaks zh-CN when the provider says so', async () => {
    const rep = await freshRep('zh');
    const deal = await createDeal(rep.id, {
      name: '中文商机',
      expectedRevenue: 100,
      expectedCloseDate: '2031-05-01',
    });
    const { board } = await mountBoard('manager', rep.id, { locale: 'zh-CN' });
    await loaded(board);
    const card = await waitForCard(board, deal.id);
    assert.include(board.shadowRoot!.querySelector('.toolbar')!.textContent!, '负责人');
    assert.equal(columnOfCard(board, deal.id), '初选');
    card.focus();
    key(card, ' ');
    await waitUntil(
      () => liveRegion(board).startsWith('已拿起 中文商机'),
      'announced in Chinese',
      WAIT,
    );
    key(card, 'Escape');
    await assert.isAccessible(board);
  });

  it('issues no Lit development warnings', () => {
    assert.isTrue(litDevModeSeen());
    assert.deepEqual(litWarnings(), []);
  });
});
