// lode-quote-editor against the real server: a new quote from an opportunity, the product
// picker and the customer's price list, per-field problems (ours and the server's), the save
// event and its cancel, form association inside a page's <form>, read-only and empty states,
// the locale switch, accessibility in each state, and no Lit warnings.
import { assert, fixture, waitUntil } from '@open-wc/testing';
import { html } from 'lit';
import '../test-support/lit-warnings.ts';
import { litDevModeSeen, litWarnings } from '../test-support/lit-warnings.ts';
import { clientAs, serverFixture } from '../test-support/fixture.ts';
import {
  WAIT,
  addProduct,
  choose,
  click,
  idle,
  input,
  loaded,
  message,
  mountEditor,
  part,
  parts,
  problem,
  quoteDeal,
  saved,
  shownTotals,
  type,
} from '../test-support/quote.ts';
import type { LodeQuoteSaveEvent } from '../events/lode-quote-save.ts';
import type { LodeProvider } from '../provider/provider.component.ts';
import '../provider/provider.ts';
import './quote-editor.ts';
import type { LodeQuoteEditor } from './quote-editor.component.ts';

async function standardList() {
  const admin = await clientAs('admin');
  const { items } = await admin.priceLists.list.query({});
  return {
    standard: items.find((l) => l.customerGroup === '普通')!,
    distributor: items.find((l) => l.customerGroup === '经销商')!,
  };
}

/** The unit price the server's resolver gives `code` at `quantity` (thousandths) on a list. */
async function priceOf(listId: number, partnerId: number, code: string, quantity: number) {
  const admin = await clientAs('admin');
  const product = (await admin.products.list.query({ search: code })).items.find(
    (p) => p.code === code,
  )!;
  const resolved = await admin.priceLists.resolve.query({
    priceListId: listId,
    partnerId,
    date: new Date().toISOString().slice(0, 10),
    lines: [{ productId: product.id, quantity }],
  });
  return resolved.lines[0]!.unitPrice;
}

/** Minor units of CNY as the editor's inputs write them in English. */
const money = (minor: number) =>
  new Intl.NumberFormat('en', { minimumFractionDigits: 2 }).format(minor / 100);

describe('lode-quote-editor', () => {
  it('starts a quote from an opportunity, prices products from the customer’s list, and saves exactly what it shows', async () => {
    const { opportunity } = await quoteDeal('render');
    const { standard } = await standardList();
    const { editor } = await mountEditor({ opportunityId: opportunity.id });
    assert.include(part(editor, 'title')!.textContent, 'New quote for Quote deal render');
    assert.equal(input(editor, 'title').value, 'Quote deal render');
    assert.isNull(editor.quote);
    // The customer is in the standard group: its list is tax-inclusive, in CNY, from the start.
    const select = part<HTMLSelectElement>(editor, 'field-price-list')!;
    assert.equal(select.value, String(standard.id));
    assert.equal(part(editor, 'price-mode')!.dataset.mode, 'inclusive');
    assert.equal(part(editor, 'price-mode')!.dataset.currency, 'CNY');
    assert.isFalse(editor.dirty);
    await assert.isAccessible(editor);

    await addProduct(editor, 'SV-200');
    assert.equal(select.value, String(standard.id));
    assert.equal(input(editor, 'lines.0.quantity').value, '1');
    const admin = await clientAs('admin');
    const listPrice = await priceOf(standard.id, opportunity.partnerId, 'SV-200', 1000);
    assert.equal(input(editor, 'lines.0.unitPrice').value, money(listPrice));

    await addProduct(editor, 'PS-M12');
    await type(editor, 'lines.1.quantity', '12');
    await idle(editor);
    await type(editor, 'lines.0.discount', '5');
    await type(editor, 'discount', '2.5');
    const events: LodeQuoteSaveEvent[] = [];
    const changes: Event[] = [];
    editor.addEventListener('lode-quote-save', (e) => events.push(e));
    editor.addEventListener('change', (e) => changes.push(e));
    const shownBefore = shownTotals(editor);
    await saved(editor);
    assert.equal(events.length, 1);
    assert.equal(events[0]!.save.kind, 'create');
    assert.equal(changes.length, 1);
    assert.ok(editor.quoteId);
    assert.equal(editor.getAttribute('quote-id'), String(editor.quoteId));
    const stored = await admin.quotes.get.query({ id: editor.quoteId! });
    const t = stored.current.totals;
    assert.deepEqual(shownBefore, {
      subtotal: t.subtotal,
      lineDiscount: t.lineDiscount,
      headerDiscount: t.headerDiscount,
      net: t.net,
      tax: t.tax,
      gross: t.gross,
      discountBp: t.discountBp,
    });
    assert.deepEqual(shownTotals(editor), shownBefore);
    assert.equal(stored.current.lines.length, 2);
    assert.equal(stored.current.lines[1]!.quantity, 12_000);
    assert.include(part(editor, 'title')!.textContent, stored.number);
    assert.include(message(editor), `Saved ${stored.number}, version 1.`);
    await assert.isAccessible(editor);
  });

  it('a volume tier prices a larger quantity lower, and another price list prices every product line again', async () => {
    const { opportunity } = await quoteDeal('tiers', '经销商');
    const { standard } = await standardList();
    const { editor } = await mountEditor({ opportunityId: opportunity.id });
    await addProduct(editor, 'SV-200');
    assert.equal(part(editor, 'price-mode')!.dataset.mode, 'exclusive');
    const one = input(editor, 'lines.0.unitPrice').value;
    await type(editor, 'lines.0.quantity', '10');
    await waitUntil(() => input(editor, 'lines.0.unitPrice').value !== one, 'tier price', WAIT);
    await idle(editor);
    // 1,280 list: 85% for one unit, 80% from ten (the distributor list's tiers).
    assert.equal(one, '1,088.00');
    assert.equal(input(editor, 'lines.0.unitPrice').value, '1,024.00');
    const standardPrice = await priceOf(standard.id, opportunity.partnerId, 'SV-200', 10_000);
    await choose(editor, '[part~="field-price-list"]', String(standard.id));
    await waitUntil(
      () => part(editor, 'price-mode')!.dataset.mode === 'inclusive',
      'the standard list applies',
      WAIT,
    );
    await idle(editor);
    assert.equal(input(editor, 'lines.0.unitPrice').value, money(standardPrice));
  });

  it('the product picker works from the keyboard: arrows choose, Enter adds, Escape closes', async () => {
    const { opportunity } = await quoteDeal('keyboard');
    const { editor } = await mountEditor({ opportunityId: opportunity.id });
    const box = part<HTMLInputElement>(editor, 'product-search')!;
    const key = (k: string) =>
      box.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, composed: true }));
    box.focus();
    box.value = 'SV-';
    box.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    await waitUntil(() => parts(editor, 'product-option').length > 1, 'options', WAIT);
    assert.equal(box.getAttribute('aria-expanded'), 'true');
    const options = parts(editor, 'product-option');
    const selected = () => options.findIndex((o) => o.getAttribute('aria-selected') === 'true');
    assert.equal(selected(), 0);
    assert.equal(box.getAttribute('aria-activedescendant'), options[0]!.id);
    await assert.isAccessible(editor);
    key('ArrowDown');
    await editor.updateComplete;
    assert.equal(selected(), 1);
    assert.equal(box.getAttribute('aria-activedescendant'), options[1]!.id);
    key('ArrowUp');
    key('ArrowUp');
    await editor.updateComplete;
    assert.equal(selected(), options.length - 1, 'wraps around');
    key('Escape');
    await editor.updateComplete;
    assert.equal(box.getAttribute('aria-expanded'), 'false');
    assert.equal(parts(editor, 'product-option').length, 0);
    // ArrowDown opens the list again for what is typed; Enter adds the chosen product.
    key('ArrowDown');
    await waitUntil(() => parts(editor, 'product-option').length > 1, 'options again', WAIT);
    key('ArrowDown');
    await editor.updateComplete;
    const chosen = parts(editor, 'product-option')[1]!.dataset.product;
    key('Enter');
    await waitUntil(() => editor.shadowRoot!.querySelector('tr[data-product]'), 'added', WAIT);
    await idle(editor);
    assert.equal(
      editor.shadowRoot!.querySelector('tr[data-product]')!.getAttribute('data-product'),
      chosen,
    );
    assert.equal(box.value, '', 'the search is cleared for the next product');
    assert.strictEqual(editor.shadowRoot!.activeElement, box, 'focus stays in the picker');
    await waitUntil(
      () => editor.shadowRoot!.querySelector('[role="status"]')!.textContent!.includes('Added'),
      'announced',
      WAIT,
    );
  });

  it('the picker prices each product it can from the customer’s list, even beside one it cannot', async () => {
    const { opportunity } = await quoteDeal('picker-mixed');
    const { standard } = await standardList();
    const admin = await clientAs('admin');
    // A product in another currency: the CNY list cannot price it; it shows its own price.
    const stamp = Date.now().toString(36);
    await admin.products.create.mutate({
      code: `SV-200-US-${stamp}`,
      name: `SV-200 export ${stamp}`,
      listPrice: 990_00,
      currency: 'USD',
      taxRate: 0,
    });
    const { editor } = await mountEditor({ opportunityId: opportunity.id });
    const box = part<HTMLInputElement>(editor, 'product-search')!;
    box.focus();
    box.value = 'SV-200';
    box.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    const option = (code: string) =>
      parts(editor, 'product-option').find((o) =>
        o.querySelector('[part~="product-option-code"]')!.textContent!.trim().startsWith(code),
      );
    await waitUntil(() => option(`SV-200-US-${stamp}`), 'both options', WAIT);
    const price = (code: string) =>
      option(code)!.querySelector('[part~="product-option-price"]')!.textContent!.trim();
    const customerPrice = await priceOf(standard.id, opportunity.partnerId, 'SV-200', 1000);
    assert.include(price('SV-200'), money(customerPrice));
    assert.include(price(`SV-200-US-${stamp}`), '990.00');
  });

  it('shows each field’s problem as it is typed, blocks the save, and ties the message to the field', async () => {
    const { opportunity } = await quoteDeal('problems');
    const { editor } = await mountEditor({ opportunityId: opportunity.id });
    click(editor, 'add-line-button');
    await editor.updateComplete;
    const saves: Event[] = [];
    editor.addEventListener('lode-quote-save', (e) => saves.push(e));

    await type(editor, 'lines.0.quantity', 'abc');
    assert.equal(problem(editor, 'lines.0.quantity'), 'Enter a number, e.g. 2 or 1.5.');
    const quantity = input(editor, 'lines.0.quantity');
    assert.equal(quantity.getAttribute('aria-invalid'), 'true');
    assert.equal(quantity.getAttribute('aria-describedby'), 'problem-lines-0-quantity');
    await type(editor, 'lines.0.quantity', '0');
    assert.equal(problem(editor, 'lines.0.quantity'), 'Must be more than zero.');
    await type(editor, 'lines.0.quantity', '1.2345');
    assert.equal(problem(editor, 'lines.0.quantity'), 'At most 3 decimal places.');
    await type(editor, 'lines.0.quantity', '2');
    assert.isNull(problem(editor, 'lines.0.quantity'));

    await type(editor, 'lines.0.unitPrice', '12.345');
    assert.equal(problem(editor, 'lines.0.unitPrice'), 'CNY has at most 2 decimal places.');
    assert.equal(input(editor, 'lines.0.unitPrice').value, '12.345', 'the typed text stays');
    await type(editor, 'lines.0.unitPrice', '1234.5');
    assert.isNull(problem(editor, 'lines.0.unitPrice'));
    assert.equal(input(editor, 'lines.0.unitPrice').value, '1,234.50', 'tidied on change');

    await type(editor, 'lines.0.discount', '120');
    assert.equal(problem(editor, 'lines.0.discount'), 'Must be at most 100%.');
    await choose(editor, '[part~="line-discount-kind"]', 'amount');
    await type(editor, 'lines.0.discount', '5000');
    assert.equal(problem(editor, 'lines.0.discount'), 'Must not exceed the amount it discounts.');
    assert.equal(part(editor, 'totals')!.dataset.valid, 'false');
    assert.equal(editor.totals, null, 'no totals while a figure is invalid');
    await type(editor, 'lines.0.taxRate', '-1');
    assert.equal(problem(editor, 'lines.0.taxRate'), 'Must not be negative.');
    await type(editor, 'title', '  ');
    assert.equal(problem(editor, 'title'), 'Enter a value.');
    await type(editor, 'validUntil', '2000-01-01');
    assert.equal(problem(editor, 'validUntil'), 'Must not be before the quote date.');
    await assert.isAccessible(editor);

    // Not touched yet: the empty description shows its problem once a save is tried.
    assert.isNull(problem(editor, 'lines.0.description'));
    click(editor, 'save-button');
    await editor.updateComplete;
    assert.equal(problem(editor, 'lines.0.description'), 'Enter a value.');
    assert.equal(message(editor), 'Correct the marked fields first.');
    assert.equal(saves.length, 0, 'nothing was sent');
    assert.isNull(editor.quote);
    await waitUntil(
      () => editor.shadowRoot!.activeElement?.getAttribute('aria-invalid') === 'true',
      'focus on the first marked field',
      WAIT,
    );

    await type(editor, 'lines.0.description', 'Commissioning on site');
    await type(editor, 'lines.0.discount', '34.5');
    await type(editor, 'lines.0.taxRate', '6');
    await type(editor, 'title', 'Commissioning');
    await type(editor, 'validUntil', '');
    assert.equal(parts(editor, 'field-error').length, 0);
    // The customer's list includes tax: 2 × 1,234.50 − 34.50 = 2,434.50 with 6% tax in it,
    // 2,296.70 net (half-up) and 137.80 tax.
    const totals = editor.totals;
    assert.deepEqual(totals && { net: totals.net, tax: totals.tax }, { net: 229670, tax: 13780 });
    await saved(editor);
    assert.equal(saves.length, 1);
  });

  it('shows the server’s refusal on the field it names', async () => {
    const { opportunity } = await quoteDeal('server-problem');
    const admin = await clientAs('admin');
    const code = `WTR-${Date.now().toString(36).toUpperCase()}`;
    const product = await admin.products.create.mutate({
      code,
      name: '测试停售产品',
      unit: '个',
      listPrice: 10_000,
      taxRate: 1300,
    });
    const { editor } = await mountEditor({ opportunityId: opportunity.id });
    await addProduct(editor, 'SV-200');
    await addProduct(editor, code);
    await admin.products.update.mutate({
      id: product.id,
      version: product.version,
      patch: { active: false },
    });
    click(editor, 'save-button');
    await waitUntil(() => problem(editor, 'lines.1.productId'), 'the refusal on line 2', WAIT);
    assert.equal(problem(editor, 'lines.1.productId'), 'This product is no longer sold.');
    assert.equal(message(editor), 'The server refused the marked fields.');
    const description = input(editor, 'lines.1.description');
    assert.equal(description.getAttribute('aria-invalid'), 'true');
    assert.include(description.getAttribute('aria-describedby')!, 'problem-lines-1-productId');
    assert.isNull(editor.quote);
    await assert.isAccessible(editor);
    // Taking the line out clears it, and the rest saves.
    parts(editor, 'remove-line')[1]!.click();
    await editor.updateComplete;
    assert.isNull(problem(editor, 'lines.1.productId'));
    await saved(editor);
    assert.equal(editor.quote!.current.lines.length, 1);
  });

  it('lode-quote-save can be canceled: nothing is sent and the edits stay', async () => {
    const { opportunity } = await quoteDeal('cancel-save');
    const { editor } = await mountEditor({ opportunityId: opportunity.id });
    await addProduct(editor, 'SV-400');
    let veto = true;
    const events: LodeQuoteSaveEvent[] = [];
    editor.addEventListener('lode-quote-save', (e) => {
      events.push(e);
      assert.isTrue(e.cancelable && e.bubbles && e.composed);
      if (veto) e.preventDefault();
    });
    click(editor, 'save-button');
    await editor.updateComplete;
    assert.equal(events.length, 1);
    const save = events[0]!.save;
    assert.equal(save.kind, 'create');
    if (save.kind === 'create') {
      assert.equal(save.input.opportunityId, opportunity.id);
      assert.equal(save.input.lines!.length, 1);
    }
    assert.equal(message(editor), 'Canceled: nothing was sent.');
    assert.isTrue(editor.dirty);
    assert.isNull(editor.quote);
    const admin = await clientAs('admin');
    const none = await admin.quotes.list.query({ opportunityId: opportunity.id });
    assert.equal(none.total, 0);

    veto = false;
    await saved(editor);
    assert.equal(events.length, 2);
    // An update is an update event with the quote and its version.
    await type(editor, 'lines.0.quantity', '3');
    await idle(editor);
    veto = true;
    click(editor, 'save-button');
    await editor.updateComplete;
    const update = events[2]!.save;
    assert.equal(update.kind, 'update');
    if (update.kind === 'update') {
      assert.equal(update.input.id, editor.quoteId);
      assert.equal(update.input.patch.lines![0]!.quantity, 3000);
    }
    const stored = await admin.quotes.get.query({ id: editor.quoteId! });
    assert.equal(stored.current.lines[0]!.quantity, 1000, 'the canceled update was not sent');
  });

  it('sits in a page’s form: the quote id is its value, and it reports validity', async () => {
    const { opportunity } = await quoteDeal('form');
    const f = await serverFixture();
    const form = await fixture<HTMLFormElement>(
      html`<form>
        <fieldset>
          <lode-provider endpoint=${f.url} token=${f.tokens.manager} locale="en">
            <lode-quote-editor
              name="quote"
              required
              opportunity-id=${opportunity.id}
            ></lode-quote-editor>
          </lode-provider>
        </fieldset>
      </form>`,
    );
    const editor = form.querySelector<LodeQuoteEditor>('lode-quote-editor')!;
    await loaded(editor);
    assert.strictEqual(editor.form, form);
    assert.isFalse(form.checkValidity());
    assert.isTrue(editor.validity.valueMissing);
    assert.equal(editor.validationMessage, 'Save the quote first.');
    assert.isNull(new FormData(form).get('quote'));

    await addProduct(editor, 'SV-750');
    assert.isTrue(editor.validity.customError);
    assert.equal(editor.validationMessage, 'The quote has unsaved changes.');
    await saved(editor);
    assert.isTrue(form.checkValidity());
    assert.equal(new FormData(form).get('quote'), String(editor.quoteId));

    await type(editor, 'lines.0.quantity', 'x');
    assert.isFalse(editor.checkValidity());
    assert.equal(editor.validationMessage, 'Some fields of the quote need correcting.');
    // A form reset puts the saved version back.
    form.reset();
    await editor.updateComplete;
    assert.isFalse(editor.dirty);
    assert.equal(input(editor, 'lines.0.quantity').value, '1');
    assert.isTrue(form.checkValidity());

    // A disabled fieldset makes it read-only.
    form.querySelector('fieldset')!.disabled = true;
    await editor.updateComplete;
    assert.isNull(part(editor, 'save-button'));
    assert.isTrue(input(editor, 'lines.0.quantity').readOnly);
    assert.include(
      part(editor, 'read-only')!.textContent,
      'You can read this quote but not change it.',
    );
    await assert.isAccessible(editor);
    form.querySelector('fieldset')!.disabled = false;
    await editor.updateComplete;
    assert.ok(part(editor, 'product-search'));
  });

  it('switches language with the provider: text, money and numbers', async () => {
    const { opportunity } = await quoteDeal('locale');
    const { provider, editor } = await mountEditor({ opportunityId: opportunity.id });
    await addProduct(editor, 'SV-200');
    await type(editor, 'lines.0.quantity', '1.5');
    await idle(editor);
    const gross = () => part(editor, 'total-gross')!;
    assert.include(gross().textContent, 'Total');
    assert.include(gross().textContent, 'CN¥');
    (provider as LodeProvider).locale = 'zh-CN';
    await waitUntil(() => gross().textContent!.includes('价税合计'), 'zh-CN totals', WAIT);
    assert.notInclude(gross().textContent, 'CN¥');
    assert.include(gross().textContent, '¥');
    assert.include(part(editor, 'save-button')!.textContent, '保存');
    assert.equal(input(editor, 'lines.0.quantity').value, '1.5');
    await type(editor, 'lines.0.unitPrice', '1.001');
    assert.equal(problem(editor, 'lines.0.unitPrice'), 'CNY 最多 2 位小数。');
    await assert.isAccessible(editor);
    await type(editor, 'lines.0.unitPrice', '1');
    (provider as LodeProvider).locale = 'en';
    await waitUntil(() => gross().textContent!.includes('Total'), 'back in English', WAIT);
  });

  it('finance reads a quote without changing it; missing and unknown quotes say so', async () => {
    const { opportunity } = await quoteDeal('finance');
    const manager = await clientAs('manager');
    const created = await manager.quotes.create.mutate({
      opportunityId: opportunity.id,
      lines: [{ description: '调试服务', quantity: 2000, unitPrice: 50_000, taxRate: 600 }],
    });
    const { editor } = await mountEditor({ quoteId: created.id }, { who: 'finance' });
    assert.include(part(editor, 'title')!.textContent, created.number);
    assert.isNull(part(editor, 'save-button'));
    assert.isNull(part(editor, 'product-search'));
    assert.isTrue(input(editor, 'lines.0.quantity').readOnly);
    assert.include(
      part(editor, 'read-only')!.textContent,
      'You can read this quote but not change it.',
    );
    assert.equal(shownTotals(editor).gross, created.current.totals.gross);
    await assert.isAccessible(editor);

    const missing = await mountEditor({ quoteId: 2_000_000_000 }, { waitForFields: false });
    await waitUntil(() => part(missing.editor, 'error'), 'error state', WAIT);
    assert.include(
      part(missing.editor, 'error')!.textContent,
      'This record no longer exists or is not visible to you.',
    );
    assert.ok(part(missing.editor, 'retry-button'));
    await assert.isAccessible(missing.editor);

    const f = await serverFixture();
    const empty = await fixture<LodeProvider>(
      html`<lode-provider endpoint=${f.url} token=${f.tokens.manager} locale="en"
        ><lode-quote-editor></lode-quote-editor
      ></lode-provider>`,
    );
    const bare = empty.querySelector<LodeQuoteEditor>('lode-quote-editor')!;
    await waitUntil(() => part(bare, 'empty'), 'empty state', WAIT);
    assert.include(part(bare, 'empty')!.textContent, 'Set quote-id to open a quote');
    await assert.isAccessible(bare);
  });

  it('is accessible while loading', async () => {
    const { opportunity } = await quoteDeal('loading');
    const f = await serverFixture();
    const provider = await fixture<LodeProvider>(
      html`<lode-provider endpoint=${f.url} token=${f.tokens.manager} locale="en"
        ><lode-quote-editor opportunity-id=${opportunity.id}></lode-quote-editor
      ></lode-provider>`,
    );
    const editor = provider.querySelector<LodeQuoteEditor>('lode-quote-editor')!;
    await editor.updateComplete;
    assert.ok(part(editor, 'skeleton') ?? part(editor, 'header-fields'));
    await assert.isAccessible(editor);
    await loaded(editor);
  });

  it('issues no Lit development warnings', () => {
    assert.isTrue(litDevModeSeen());
    assert.deepEqual(litWarnings(), []);
  });
});
