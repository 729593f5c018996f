// Helpers for the quote editor's browser tests: a deal of the test's own (a fresh rep, a customer
// in the standard price group, an opportunity), mounting the editor in a provider, and typing
// into its shadow root the way a person does (input while typing, change when leaving).
import { fixture, waitUntil } from '@open-wc/testing';
import { html } from 'lit';
import { clientAs, freshRep, serverFixture, type DemoUser } from './fixture.ts';
import type { LodeProvider } from '../provider/provider.component.ts';
import type { LodeQuoteEditor } from '../quote-editor/quote-editor.component.ts';

export const WAIT = { timeout: 10000 };

/** A rep of the demo manager's team, and a customer of theirs in the standard (tax-included) price group with an opportunity. */
export async function quoteDeal(label: string, customerGroup = '普通') {
  const rep = await freshRep(label);
  const admin = await clientAs('admin');
  const partner = await admin.partners.create.mutate({
    name: `报价测试客户 ${label} ${Date.now().toString(36)}`,
    customerGroup,
    ownerId: rep.id,
  });
  const opportunity = await admin.opportunities.create.mutate({
    partnerId: partner.id,
    ownerId: rep.id,
    name: `Quote deal ${label}`,
  });
  return { rep, partner, opportunity };
}

export async function mountEditor(
  attrs: { quoteId?: number; opportunityId?: number },
  options: { who?: DemoUser; locale?: string; waitForFields?: boolean } = {},
) {
  const f = await serverFixture();
  const provider = await fixture<LodeProvider>(
    html`<lode-provider
      endpoint=${f.url}
      token=${f.tokens[options.who ?? 'manager']}
      locale=${options.locale ?? 'en'}
      ><lode-quote-editor
        quote-id=${attrs.quoteId ?? ''}
        opportunity-id=${attrs.opportunityId ?? ''}
      ></lode-quote-editor
    ></lode-provider>`,
  );
  const editor = provider.querySelector<LodeQuoteEditor>('lode-quote-editor')!;
  if (options.waitForFields !== false) await loaded(editor);
  return { provider, editor };
}

/** The editor shows its fields and is not waiting for the server. */
export async function loaded(editor: LodeQuoteEditor) {
  await waitUntil(() => part(editor, 'header-fields'), 'editor rendered', WAIT);
  await idle(editor);
}

export async function idle(editor: LodeQuoteEditor) {
  await waitUntil(
    () => editor.shadowRoot!.querySelector('.base')?.getAttribute('aria-busy') === 'false',
    'editor idle',
    WAIT,
  );
  await editor.updateComplete;
}

export function part<T extends HTMLElement = HTMLElement>(
  editor: LodeQuoteEditor,
  name: string,
): T | null {
  return editor.shadowRoot!.querySelector<T>(`[part~="${name}"]`);
}

export function parts<T extends HTMLElement = HTMLElement>(editor: LodeQuoteEditor, name: string) {
  return [...editor.shadowRoot!.querySelectorAll<T>(`[part~="${name}"]`)];
}

/** The input of a field by its path: `title`, `discount`, `lines.0.quantity`. */
export function input(editor: LodeQuoteEditor, path: string): HTMLInputElement {
  const el = editor.shadowRoot!.querySelector<HTMLInputElement>(`[data-field="${path}"]`);
  if (!el) throw new Error(`no field ${path}`);
  return el;
}

/** Types `text` into a field as a person does: input events, then change on leaving it. */
export async function type(editor: LodeQuoteEditor, path: string, text: string) {
  const el = input(editor, path);
  el.focus();
  el.value = text;
  el.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  el.dispatchEvent(new Event('change', { bubbles: true }));
  await editor.updateComplete;
}

/** Chooses an option of a select inside the editor by its value. */
export async function choose(editor: LodeQuoteEditor, selector: string, value: string) {
  const select = editor.shadowRoot!.querySelector<HTMLSelectElement>(selector);
  if (!select) throw new Error(`no select ${selector}`);
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
  await editor.updateComplete;
}

/** The problem shown for a field, or null. */
export function problem(editor: LodeQuoteEditor, path: string): string | null {
  const el = editor.shadowRoot!.querySelector(`.field-error[data-field="${path}"]`);
  return el ? el.textContent!.trim() : null;
}

export function click(editor: LodeQuoteEditor, partName: string) {
  const el = part(editor, partName);
  if (!el) throw new Error(`no ${partName}`);
  el.click();
}

export function message(editor: LodeQuoteEditor): string {
  return part(editor, 'message')?.querySelector('span')?.textContent?.trim() ?? '';
}

/** Searches the picker and adds the first product it offers. */
export async function addProduct(editor: LodeQuoteEditor, search: string) {
  const before = editor.shadowRoot!.querySelectorAll('tr[part~="line"]').length;
  const box = part<HTMLInputElement>(editor, 'product-search')!;
  box.focus();
  box.value = search;
  box.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  await waitUntil(() => part(editor, 'product-option'), `the picker offers ${search}`, WAIT);
  box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
  await waitUntil(
    () => editor.shadowRoot!.querySelectorAll('tr[part~="line"]').length === before + 1,
    `a line for ${search}`,
    WAIT,
  );
  await idle(editor);
}

/** The totals shown: figure → minor units (data-value), as rendered. */
export function shownTotals(editor: LodeQuoteEditor): Record<string, number> {
  return Object.fromEntries(
    parts(editor, 'total').map((t) => [t.dataset.total!, Number(t.dataset.value)]),
  );
}

export async function saved(editor: LodeQuoteEditor) {
  click(editor, 'save-button');
  await waitUntil(() => !editor.dirty && editor.quote, 'saved', WAIT);
  await idle(editor);
}
