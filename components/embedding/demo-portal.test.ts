// The demo portal (demo/): its real markup and script, started on this page against the real
// seeded server with the elements of the bundle's entry. Each page shows its element with data,
// the user switch changes what the board shows, the locale switch changes the text, and every
// page passes axe.
import { assert } from '@open-wc/testing';
import { litWarnings } from '../test-support/lit-warnings.ts';
import { serverFixture } from '../test-support/fixture.ts';
import { createLodestoneClient } from '../index.ts';
import type { LodeFunnelBoard } from '../funnel-board/funnel-board.component.ts';

interface Portal {
  ready: Promise<void>;
  settled(): Promise<void>;
}
type StartPortal = (
  root: HTMLElement,
  options: { endpoint: string; createLodestoneClient: typeof createLodestoneClient },
) => Portal;

// A plain-JS module served as is; the path is a variable so TypeScript does not look for types.
const PORTAL_MODULE = '/demo/portal.js';

async function until(done: () => boolean, what: string, timeout = 15000): Promise<void> {
  const end = Date.now() + timeout;
  while (!done()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// The board's benign ResizeObserver notice is filtered for every browser test in
// web-test-runner.config.mjs.

let root: HTMLElement;
let portal: Portal;
const $ = <T extends Element = HTMLElement>(selector: string) => root.querySelector<T>(selector)!;

async function mountPortal(): Promise<void> {
  sessionStorage.clear();
  location.hash = '#/sales';
  const css = document.createElement('link');
  css.rel = 'stylesheet';
  css.href = '/demo/portal.css';
  const styled = new Promise((r) => css.addEventListener('load', r));
  document.head.append(css);
  await styled;
  const page = new DOMParser().parseFromString(
    await (await fetch('/demo/index.html')).text(),
    'text/html',
  );
  root = document.importNode(page.getElementById('portal')!, true);
  document.body.append(root);
  const { startPortal } = (await import(PORTAL_MODULE)) as { startPortal: StartPortal };
  const { url } = await serverFixture();
  portal = startPortal(root, { endpoint: url, createLodestoneClient });
  await portal.ready;
}

async function go(page: string): Promise<HTMLElement> {
  location.hash = `#/${page}`;
  const section = $(`#page-${page}`);
  await until(() => !section.hidden, `page ${page}`);
  await portal.settled();
  return section;
}

function board(): LodeFunnelBoard {
  return $<LodeFunnelBoard>('lode-funnel-board');
}

/** The open opportunities the board counts, summed over its columns. */
function boardTotal(): number {
  const counts = board().shadowRoot?.querySelectorAll('[part~="column-count"]') ?? [];
  return [...counts].reduce((sum, c) => sum + Number(c.textContent!.replace(/\D/g, '') || 0), 0);
}

function visibleText(element: Element): string {
  return (element as HTMLElement).innerText.trim();
}

async function switchUser(user: string): Promise<void> {
  const select = $<HTMLSelectElement>('#user-switch');
  select.value = user;
  select.dispatchEvent(new Event('change'));
  await until(() => $('#signed-in').textContent!.length > 0, 'signed in');
  await portal.settled();
}

describe('demo portal', () => {
  before(mountPortal);
  after(() => {
    root.remove();
    location.hash = '';
  });

  it('signs in as the demo manager and opens Sales with the board full of cards', async () => {
    assert.include($('#signed-in').textContent, '王磊 Wang Lei');
    const section = await go('sales');
    await until(() => boardTotal() > 0, 'the board counts opportunities');
    assert.equal($('nav a[aria-current="page"]').dataset.page, 'sales');
    await assert.isAccessible(section);
    await assert.isAccessible($('header'));
  });

  it('a rep sees fewer cards than the manager; switching back restores them', async () => {
    await go('sales');
    await until(() => boardTotal() > 0, 'the manager board');
    const managerTotal = boardTotal();
    await switchUser('rep');
    assert.include($('#signed-in').textContent, '张伟 Zhang Wei');
    await until(
      () => boardTotal() > 0 && boardTotal() < managerTotal,
      `the rep's board (manager ${managerTotal}, now ${boardTotal()})`,
    );
    await switchUser('manager');
    await until(() => boardTotal() >= managerTotal, 'the manager board again');
  });

  it('the locale switch changes the page and the elements, and the theme switch the tokens', async () => {
    await go('sales');
    const toolbar = () => board().shadowRoot!.querySelector('[part~="toolbar"]')!;
    await until(() => toolbar() !== null, 'the toolbar');
    const english = $<HTMLInputElement>('input[name=locale][value=en]');
    english.click();
    await until(() => visibleText(toolbar()).includes('Pipeline'), 'the English toolbar');
    assert.equal(visibleText($('#sales-title')), 'Sales funnel');
    assert.equal($('lode-provider').getAttribute('locale'), 'en');
    $<HTMLInputElement>('input[name=locale][value="zh-CN"]').click();
    await until(() => !visibleText(toolbar()).includes('Pipeline'), 'the Chinese toolbar');
    assert.equal(visibleText($('#sales-title')), '销售漏斗');

    const provider = $('lode-provider') as HTMLElement & { updateComplete: Promise<boolean> };
    $<HTMLInputElement>('input[name=theme][value=dark]').click();
    await provider.updateComplete;
    assert.equal($('lode-provider').getAttribute('theme'), 'dark');
    assert.equal(root.dataset.theme, 'dark');
    $<HTMLInputElement>('input[name=theme][value=light]').click();
    await provider.updateComplete;
    assert.equal($('lode-provider').getAttribute('theme'), 'light');
  });

  it('Accounts lists the customers and shows the chosen one on the customer card', async () => {
    const section = await go('accounts');
    const buttons = () => [...root.querySelectorAll<HTMLButtonElement>('#customer-list button')];
    await until(() => buttons().length > 0, 'the customer list');
    const card = $('lode-customer-card') as HTMLElement & { partnerId?: number };
    assert.equal(card.partnerId, Number(buttons()[0]!.dataset.id));
    const second = buttons()[1]!;
    second.click();
    assert.equal(card.partnerId, Number(second.dataset.id));
    assert.equal(second.getAttribute('aria-pressed'), 'true');
    const name = second.querySelector('.name')!.textContent!;
    await until(() => card.shadowRoot?.textContent?.includes(name) ?? false, 'the card with data');
    await assert.isAccessible(section);
  });

  it('Deal room opens a quote in the quote editor', async () => {
    const section = await go('deal-room');
    const picker = $<HTMLSelectElement>('#opportunity-picker');
    assert.isAbove(picker.options.length, 0, 'open deals to pick from');
    const editor = $('lode-quote-editor') as HTMLElement & { quoteId?: number };
    assert.isNumber(editor.quoteId, 'the latest quote is open');
    await until(
      () => editor.shadowRoot?.querySelector('[part~="lines"], table') != null,
      'the editor with lines',
    );
    await assert.isAccessible(section);
  });

  it('a card opened on the board leads to its deal room', async () => {
    await go('sales');
    const card = () => board().shadowRoot?.querySelector('lode-opportunity-card');
    await until(() => card() != null, 'a card');
    const opportunity = card()!.opportunity!;
    card()!.click();
    await until(() => location.hash === '#/deal-room', 'the deal room');
    await portal.settled();
    assert.equal($<HTMLSelectElement>('#opportunity-picker').value, String(opportunity.id));
    const editor = $('lode-quote-editor') as HTMLElement & {
      quoteId?: number;
      opportunityId?: number;
    };
    assert.isTrue(
      editor.opportunityId === opportunity.id || typeof editor.quoteId === 'number',
      'the editor opens the deal (its quote, or a new one for it)',
    );
  });

  it('Finance sums the receivables and shows an order payment plan', async () => {
    const section = await go('finance');
    const summary = $('#receivables-summary');
    assert.match(visibleText(summary), /¥/);
    assert.isAbove($<HTMLSelectElement>('#order-picker').options.length, 0, 'orders to pick');
    const plan = $('lode-payment-plan') as HTMLElement & { orderId?: number };
    if (customElements.get('lode-payment-plan')) {
      assert.equal(plan.orderId, Number($<HTMLSelectElement>('#order-picker').value));
      await until(
        () => plan.shadowRoot?.querySelector('[part~="installment"]') != null,
        'the plan with installments',
      );
    } else {
      assert.isFalse($('#plan-missing').hidden, 'says the bundle lacks the plan');
    }
    await assert.isAccessible(section);
  });

  it('the pages react to the user: a rep owes less than finance sees', async () => {
    await go('finance');
    await switchUser('finance');
    const all = visibleText($('#receivables-summary'));
    await switchUser('rep');
    await until(() => visibleText($('#receivables-summary')) !== all, "the rep's receivables");
    await switchUser('manager');
  });

  it('issues no Lit warnings', () => {
    assert.deepEqual(litWarnings(), []);
  });
});
