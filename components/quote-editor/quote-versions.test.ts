// A quote's life in the editor against the real server: send, revise into a new draft, compare
// two versions with the differences highlighted, open any version, accept or reject, and make
// the order; every intent event fires, and each one can be canceled.
import { assert, waitUntil } from '@open-wc/testing';
import '../test-support/lit-warnings.ts';
import { litWarnings } from '../test-support/lit-warnings.ts';
import { clientAs } from '../test-support/fixture.ts';
import {
  WAIT,
  addProduct,
  click,
  idle,
  input,
  message,
  mountEditor,
  part,
  parts,
  problem,
  quoteDeal,
  saved,
  type,
} from '../test-support/quote.ts';
import type { LodeOrderCreatedEvent } from '../events/lode-order-created.ts';
import '../provider/provider.ts';
import './quote-editor.ts';
import type { LodeQuoteEditor } from './quote-editor.component.ts';

/** A draft quote of two lines (a product and a service) made through the API. */
async function draftQuote(label: string) {
  const { opportunity } = await quoteDeal(label);
  const manager = await clientAs('manager');
  const product = (await manager.products.list.query({ search: 'SV-400' })).items[0]!;
  return manager.quotes.create.mutate({
    opportunityId: opportunity.id,
    validUntil: '2099-12-31',
    lines: [
      { productId: product.id, quantity: 2000 },
      { description: '现场调试', quantity: 1000, unitPrice: 80_000, taxRate: 600 },
    ],
  });
}

/** Records one event type; `veto` decides whether it is canceled. */
function record<K extends keyof GlobalEventHandlersEventMap>(editor: LodeQuoteEditor, name: K) {
  const seen: GlobalEventHandlersEventMap[K][] = [];
  const state = { veto: true, seen };
  editor.addEventListener(name, (e) => {
    seen.push(e);
    if (state.veto) e.preventDefault();
  });
  return state;
}

async function settle(editor: LodeQuoteEditor) {
  await editor.updateComplete;
  await idle(editor);
}

const statusOf = (editor: LodeQuoteEditor) => part(editor, 'status-badge')!.dataset.status;

describe('lode-quote-editor versions', () => {
  it('sends, revises, compares with the differences highlighted, opens any version, is accepted and ordered', async () => {
    const created = await draftQuote('life');
    const { editor } = await mountEditor({ quoteId: created.id });
    assert.equal(statusOf(editor), 'draft');
    await assert.isAccessible(editor);

    // Send: canceled first, then sent.
    const send = record(editor, 'lode-quote-send');
    click(editor, 'send-button');
    await settle(editor);
    assert.equal(send.seen.length, 1);
    assert.equal(send.seen[0]!.versionNo, 1);
    assert.isTrue(send.seen[0]!.cancelable);
    assert.equal(message(editor), 'Canceled: nothing was sent.');
    assert.equal(statusOf(editor), 'draft');
    send.veto = false;
    click(editor, 'send-button');
    await waitUntil(() => statusOf(editor) === 'sent', 'sent', WAIT);
    await settle(editor);
    assert.equal(message(editor), 'Version 1 was sent.');
    assert.isTrue(input(editor, 'lines.0.quantity').readOnly);
    assert.isNull(part(editor, 'product-search'));
    assert.include(part(editor, 'read-only')!.textContent, 'Version 1 (Sent) cannot be changed');
    await assert.isAccessible(editor);

    // Revise: canceled, then a new draft version 2.
    const revise = record(editor, 'lode-quote-revise');
    click(editor, 'revise-button');
    await settle(editor);
    assert.equal(revise.seen[0]!.fromVersionNo, 1);
    assert.equal(editor.quote!.versions.length, 1);
    revise.veto = false;
    click(editor, 'revise-button');
    await waitUntil(() => editor.quote?.current.versionNo === 2, 'version 2', WAIT);
    await settle(editor);
    assert.equal(editor.quote!.current.status, 'draft');
    assert.deepEqual(
      parts(editor, 'version-button').map((b) => b.dataset.version),
      ['1', '2'],
    );
    assert.equal(part(editor, 'version-button-open')!.dataset.version, '2');

    // Change version 2: more of the product, the service out, a sensor in.
    await type(editor, 'lines.0.quantity', '5');
    await idle(editor);
    // Unsaved edits keep the other versions closed.
    assert.isTrue(
      parts<HTMLButtonElement>(editor, 'version-button').find((b) => b.dataset.version === '1')!
        .disabled,
    );
    parts(editor, 'remove-line')[1]!.click();
    await editor.updateComplete;
    await addProduct(editor, 'PE-30');
    await saved(editor);

    // Compare 1 with 2.
    assert.equal(part<HTMLSelectElement>(editor, 'compare-a')!.value, '1');
    assert.equal(part<HTMLSelectElement>(editor, 'compare-b')!.value, '2');
    click(editor, 'compare-button');
    await waitUntil(() => part(editor, 'comparison'), 'comparison shown', WAIT);
    await settle(editor);
    const rows = parts(editor, 'comparison-row');
    const changes = rows.map((r) => r.dataset.change).sort();
    assert.deepEqual(changes, ['added', 'changed', 'removed']);
    const changed = rows.find((r) => r.dataset.change === 'changed')!;
    const quantityCell = changed.querySelector('[data-changed="quantity"]')!;
    assert.equal(quantityCell.querySelector('del')!.textContent!.trim(), '2');
    assert.equal(quantityCell.querySelector('ins')!.textContent!.trim(), '5');
    assert.isNull(changed.querySelector('[data-changed="unitPrice"]'), 'the price did not change');
    const removed = rows.find((r) => r.dataset.change === 'removed')!;
    assert.include(removed.querySelector('del')!.textContent, '现场调试');
    const added = rows.find((r) => r.dataset.change === 'added')!;
    assert.ok(added.querySelector('ins'));
    const comparison = await (
      await clientAs('admin')
    ).quotes.compare.query({
      id: created.id,
      a: 1,
      b: 2,
    });
    const grossRow = editor.shadowRoot!.querySelector<HTMLElement>(
      '[part~="comparison-total"][data-total="gross"]',
    )!;
    assert.equal(grossRow.dataset.change, 'changed');
    assert.include(
      grossRow.querySelector('ins')!.textContent,
      new Intl.NumberFormat('en', { minimumFractionDigits: 2 }).format(
        comparison.totals.gross.b! / 100,
      ),
    );
    await assert.isAccessible(editor);
    click(editor, 'comparison-close');
    await editor.updateComplete;
    assert.isNull(part(editor, 'comparison'));

    // Open version 1 again: as it was sent.
    parts(editor, 'version-button')
      .find((b) => b.dataset.version === '1')!
      .click();
    await waitUntil(() => editor.quote?.current.versionNo === 1, 'version 1 open', WAIT);
    await settle(editor);
    assert.equal(input(editor, 'lines.0.quantity').value, '2');
    assert.equal(input(editor, 'lines.1.description').value, '现场调试');
    parts(editor, 'version-button')
      .find((b) => b.dataset.version === '2')!
      .click();
    await waitUntil(() => editor.quote?.current.versionNo === 2, 'version 2 open', WAIT);
    await settle(editor);

    // Send version 2, and record the customer's acceptance: canceled, then accepted.
    send.veto = false;
    click(editor, 'send-button');
    await waitUntil(() => editor.quote?.current.status === 'sent', 'v2 sent', WAIT);
    await settle(editor);
    const accept = record(editor, 'lode-quote-accept');
    const note = part<HTMLInputElement>(editor, 'decision-note')!;
    note.value = 'PO-2026-118';
    note.dispatchEvent(new Event('input'));
    click(editor, 'accept-button');
    await settle(editor);
    assert.equal(accept.seen[0]!.note, 'PO-2026-118');
    assert.equal(accept.seen[0]!.versionNo, 2);
    assert.equal(editor.quote!.current.status, 'sent');
    accept.veto = false;
    click(editor, 'accept-button');
    await waitUntil(() => statusOf(editor) === 'accepted', 'accepted', WAIT);
    await settle(editor);
    assert.isNull(part(editor, 'revise-button'), 'no revision once accepted');
    assert.isNull(part(editor, 'decision'));
    await assert.isAccessible(editor);

    // The order: canceled, then made.
    const order = record(editor, 'lode-quote-create-order');
    const made: LodeOrderCreatedEvent[] = [];
    editor.addEventListener('lode-order-created', (e) => made.push(e));
    click(editor, 'create-order-button');
    await settle(editor);
    assert.equal(order.seen[0]!.versionNo, 2);
    assert.equal(made.length, 0);
    const admin = await clientAs('admin');
    assert.equal((await admin.orders.list.query({ quoteId: created.id })).total, 0);
    order.veto = false;
    click(editor, 'create-order-button');
    await waitUntil(() => made.length === 1, 'order created', WAIT);
    await settle(editor);
    const orderMade = made[0]!.order;
    assert.equal(orderMade.quoteId, created.id);
    assert.equal(orderMade.totals.gross, editor.quote!.current.totals.gross);
    assert.equal(message(editor), `Order ${orderMade.number} was created.`);
    assert.include(part(editor, 'order')!.textContent, orderMade.number);
    assert.isNull(part(editor, 'create-order-button'));
    await assert.isAccessible(editor);

    // Opened afresh, the editor finds the order.
    const again = await mountEditor({ quoteId: created.id });
    assert.include(part(again.editor, 'order')!.textContent, orderMade.number);
    assert.isNull(part(again.editor, 'create-order-button'));
  });

  it('records a rejection only with the customer’s reason, and the rejection can be canceled', async () => {
    const created = await draftQuote('reject');
    const manager = await clientAs('manager');
    await manager.quotes.send.mutate({ id: created.id, versionNo: 1, version: created.version });
    const { editor } = await mountEditor({ quoteId: created.id });
    assert.equal(statusOf(editor), 'sent');
    const reject = record(editor, 'lode-quote-reject');
    click(editor, 'reject-button');
    await editor.updateComplete;
    assert.equal(problem(editor, 'decision'), 'Enter a value.');
    assert.equal(reject.seen.length, 0);
    await assert.isAccessible(editor);
    const note = part<HTMLInputElement>(editor, 'decision-note')!;
    note.value = '预算冻结到明年';
    note.dispatchEvent(new Event('input'));
    await editor.updateComplete;
    assert.isNull(problem(editor, 'decision'));
    click(editor, 'reject-button');
    await settle(editor);
    assert.equal(reject.seen[0]!.reason, '预算冻结到明年');
    assert.equal(statusOf(editor), 'sent');
    reject.veto = false;
    click(editor, 'reject-button');
    await waitUntil(() => statusOf(editor) === 'rejected', 'rejected', WAIT);
    await settle(editor);
    assert.equal(message(editor), 'Version 1 was rejected.');
    // A rejected version can be revised into a new offer.
    assert.ok(part(editor, 'revise-button'));
    const stored = await manager.quotes.get.query({ id: created.id });
    assert.equal(stored.current.decisionNote, '预算冻结到明年');
  });

  it('a stale version is refused with CONFLICT and the quote is reloaded', async () => {
    const created = await draftQuote('conflict');
    const { editor } = await mountEditor({ quoteId: created.id });
    await type(editor, 'lines.1.quantity', '3');
    // Someone else changes the quote meanwhile.
    const admin = await clientAs('admin');
    await admin.quotes.update.mutate({
      id: created.id,
      versionNo: 1,
      version: created.version,
      patch: { terms: '款到发货' },
    });
    click(editor, 'save-button');
    await waitUntil(
      () => message(editor).startsWith('Someone else changed this record'),
      'conflict told',
      WAIT,
    );
    await waitUntil(() => input(editor, 'terms').value === '款到发货', 'reloaded', WAIT);
    assert.isFalse(editor.dirty);
    assert.equal(input(editor, 'lines.1.quantity').value, '1');
  });

  it('issues no Lit development warnings', () => {
    assert.deepEqual(litWarnings(), []);
  });
});
