import { assert, fixture, waitUntil } from '@open-wc/testing';
import { html } from 'lit';
import '../test-support/lit-warnings.ts';
import { litDevModeSeen, litWarnings } from '../test-support/lit-warnings.ts';
import { clientAs, freshRep, serverFixture, type DemoUser } from '../test-support/fixture.ts';
import { approvedOrder, customerOf, orderWithPlan, receive } from '../test-support/receivables.ts';
import type { LodePlanGenerateEvent } from '../events/lode-plan-generate.ts';
import type { LodePlanSaveEvent } from '../events/lode-plan-save.ts';
import '../provider/provider.ts';
import { mountInProvider, type MountOptions } from '../test-support/mount.ts';
import './payment-plan.ts';
import type { LodePaymentPlan } from './payment-plan.component.ts';

const WAIT = { timeout: 10000 };

const money = (minor: number, locale = 'en') =>
  new Intl.NumberFormat(locale, { style: 'currency', currency: 'CNY' }).format(minor / 100);

/** A day `n` days from today (UTC, as the server counts due dates). */
const dayFromToday = (n: number) =>
  new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

/** "12,345.67" → 1234567, independently of core/money. */
const minorOf = (text: string) => Math.round(Number(text.replace(/,/g, '')) * 100);

async function mountPlan(who: DemoUser, orderId: number, options: MountOptions = {}) {
  const { provider, element } = await mountInProvider<LodePaymentPlan>(
    who,
    'lode-payment-plan',
    html`<lode-payment-plan order-id=${orderId}></lode-payment-plan>`,
    options,
  );
  return { provider, plan: element };
}

const root = (el: LodePaymentPlan) => el.shadowRoot!;
const part = (el: LodePaymentPlan, name: string) =>
  root(el).querySelector<HTMLElement>(`[part~="${name}"]`);
const parts = (el: LodePaymentPlan, name: string) => [
  ...root(el).querySelectorAll<HTMLElement>(`[part~="${name}"]`),
];
const text = (el: LodePaymentPlan, name: string) => part(el, name)?.textContent?.trim() ?? '';

async function loaded(el: LodePaymentPlan) {
  await waitUntil(() => part(el, 'summary') ?? part(el, 'generate'), 'plan rendered', WAIT);
  await waitUntil(() => root(el).querySelector('[aria-busy="false"]'), 'idle', WAIT);
}

function rows(el: LodePaymentPlan) {
  return [...root(el).querySelectorAll<HTMLTableRowElement>('tbody tr')];
}

function cell(row: HTMLElement, name: string) {
  return row.querySelector(`[part~="${name}"]`)?.textContent?.trim() ?? '';
}

function amountInputs(el: LodePaymentPlan) {
  return parts(el, 'amount-input') as HTMLInputElement[];
}

function type(input: HTMLInputElement, value: string) {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  input.dispatchEvent(new FocusEvent('blur'));
}

function setDate(input: HTMLInputElement, value: string) {
  input.value = value;
  input.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
}

async function click(el: LodePaymentPlan, name: string) {
  part(el, name)!.click();
  await el.updateComplete;
}

/** Σ of the editor's amounts: the locked rows' text and the inputs' values. */
function editorSum(el: LodePaymentPlan) {
  return rows(el).reduce((s, r) => {
    const input = r.querySelector<HTMLInputElement>('[part~="amount-input"]');
    return s + minorOf(input ? input.value : cell(r, 'amount').replace(/[^\d.,]/g, ''));
  }, 0);
}

async function serverPlan(orderId: number) {
  return (await clientAs('admin')).paymentPlans.get.query({ orderId });
}

/**
 * An order of ¥10,000.00 from 60 days ago: installment 1 (¥3,000.00, due 30 days ago) paid,
 * 2 (¥3,000.00, due 10 days ago) partly paid ¥1,000.00 so overdue, 3 and 4 open in the future.
 */
async function planWithPayments(label: string) {
  const rep = await freshRep(label);
  const partner = await customerOf(rep.id);
  const { order, plan } = await orderWithPlan({
    partnerId: partner.id,
    ownerId: rep.id,
    orderDate: dayFromToday(-60),
    installments: [
      { dueDate: dayFromToday(-30), amount: 300_000, label: '首付款' },
      { dueDate: dayFromToday(-10), amount: 300_000 },
      { dueDate: dayFromToday(30), amount: 200_000 },
      { dueDate: dayFromToday(90), amount: 200_000 },
    ],
  });
  const first = await receive(partner.id, plan.installments[0]!.id, 300_000);
  await receive(partner.id, plan.installments[1]!.id, 100_000);
  return { rep, partner, order, plan, first };
}

/** A small deterministic generator, so a failing run can be repeated. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('lode-payment-plan', () => {
  it('shows the installments with amounts, receipts, statuses, locks and progress', async () => {
    const { order, first } = await planWithPayments('plan-render');
    const { plan: el } = await mountPlan('manager', order.id);
    await loaded(el);
    assert.include(text(el, 'title'), order.number);
    assert.equal(text(el, 'total'), money(1_000_000));
    assert.equal(text(el, 'paid'), money(400_000));
    assert.equal(text(el, 'outstanding'), money(600_000));
    const bar = part(el, 'progress')!;
    assert.equal(bar.getAttribute('aria-valuenow'), '40');
    assert.equal(part(el, 'progress-bar')!.style.width, '40%');
    const [paid, partly, open] = rows(el);
    assert.equal(rows(el).length, 4);
    assert.equal(cell(paid!, 'status-badge'), 'Paid');
    assert.ok(paid!.querySelector('[part~="locked-badge"]'), 'paid is locked');
    assert.include(cell(paid!, 'receipts'), first.number);
    assert.include(cell(paid!, 'receipts'), money(300_000));
    assert.match(cell(partly!, 'status-badge'), /^Overdue \d+ d$/);
    assert.include(partly!.getAttribute('part')!, 'installment-overdue');
    assert.ok(partly!.querySelector('[part~="locked-badge"]'), 'partly paid is locked');
    assert.equal(cell(partly!, 'received'), money(100_000));
    assert.equal(cell(partly!, 'remaining-due'), money(200_000));
    assert.equal(cell(open!, 'status-badge'), 'Open');
    assert.isTrue(open!.querySelector('[part~="locked-badge"]') === null, 'open is not locked');
    await assert.isAccessible(el);
  });

  it('edits unpaid installments: locked ones stay, the remainder shows, split makes it exact, save sends it', async () => {
    const { order } = await planWithPayments('plan-edit');
    const { plan: el } = await mountPlan('manager', order.id);
    await loaded(el);
    const saves: LodePlanSaveEvent[] = [];
    el.addEventListener('lode-plan-save', (e) => saves.push(e));
    await click(el, 'edit-button');
    // Locked rows have no fields; the two open ones do.
    assert.equal(amountInputs(el).length, 2);
    assert.equal(parts(el, 'due-input').length, 2);
    assert.equal(rows(el).filter((r) => r.getAttribute('part')!.includes('locked')).length, 2);
    await assert.isAccessible(el);
    // ¥2,000.00 → ¥1,500.00 leaves ¥500.00 unassigned; saving is not possible.
    type(amountInputs(el)[0]!, '1500');
    await el.updateComplete;
    assert.equal(text(el, 'remaining'), `Remaining to assign: ${money(50_000)}`);
    assert.include(part(el, 'remaining')!.getAttribute('part')!, 'remaining-off');
    assert.isTrue((part(el, 'save-button') as HTMLButtonElement).disabled);
    assert.equal(amountInputs(el)[0]!.value, '1,500.00', 'the text is tidied from the model');
    // An added installment takes what is left.
    await click(el, 'add-button');
    assert.equal(amountInputs(el).length, 3);
    assert.equal(amountInputs(el)[2]!.value, '500.00');
    assert.equal(text(el, 'remaining'), `Remaining to assign: ${money(0)}`);
    // Blank two and split: they share what the others leave, exactly.
    type(amountInputs(el)[1]!, '');
    type(amountInputs(el)[2]!, '');
    await click(el, 'split-button');
    assert.deepEqual(
      amountInputs(el).map((i) => i.value),
      ['1,500.00', '1,250.00', '1,250.00'],
    );
    assert.isFalse((part(el, 'save-button') as HTMLButtonElement).disabled);
    const newDue = dayFromToday(120);
    setDate(parts(el, 'due-input')[2] as HTMLInputElement, newDue);
    await click(el, 'save-button');
    // At once: the new schedule, before the server answered.
    assert.equal(saves.length, 1);
    const event = saves[0]!;
    assert.isTrue(event.cancelable && event.bubbles && event.composed);
    assert.equal(
      event.installments.reduce((s, i) => s + (i.amount ?? 0), 0),
      1_000_000,
    );
    assert.equal(event.installments.length, 5);
    assert.equal(rows(el).length, 5);
    assert.isTrue(part(el, 'editor') === null, 'the editor closed at once');
    await waitUntil(
      async () => (await serverPlan(order.id)).installments.length === 5,
      'saved',
      WAIT,
    );
    const saved = await serverPlan(order.id);
    assert.deepEqual(
      saved.installments.map((i) => i.amount),
      [300_000, 300_000, 150_000, 125_000, 125_000],
    );
    assert.equal(saved.installments[4]!.dueDate, newDue);
    await waitUntil(() => text(el, 'live-region') === 'Payment plan saved.', 'announced', WAIT);
    await assert.isAccessible(el);
  });

  it('random edits and re-splits keep the sum exact, and the saved plan is the total', async () => {
    const { order, plan: original } = await planWithPayments('plan-random');
    const { plan: el } = await mountPlan('manager', order.id);
    await loaded(el);
    await click(el, 'edit-button');
    const next = random(20260522);
    const pick = <T>(xs: T[]) => xs[Math.floor(next() * xs.length)]!;
    for (let round = 0; round < 25; round++) {
      const inputs = amountInputs(el);
      const op = next();
      if (op < 0.25) await click(el, 'add-button');
      else if (op < 0.4 && inputs.length > 1) {
        const removes = parts(el, 'remove-button');
        pick(removes).click();
        await el.updateComplete;
      } else if (op < 0.75) {
        type(pick(inputs), (Math.floor(next() * 400_000) / 100).toFixed(2));
      } else {
        type(pick(inputs), '');
      }
      await el.updateComplete;
      await click(el, 'split-button');
      if (part(el, 'plan-error')) {
        // The fixed amounts leave too little: blanking every unpaid one always splits.
        for (const input of amountInputs(el)) type(input, '');
        await click(el, 'split-button');
      }
      assert.isTrue(part(el, 'plan-error') === null, `round ${round}: split refused`);
      assert.equal(editorSum(el), 1_000_000, `round ${round}: the sum is the total`);
      assert.equal(text(el, 'remaining'), `Remaining to assign: ${money(0)}`);
      // Locked installments never change.
      const locked = rows(el).filter((r) => r.getAttribute('part')!.includes('locked'));
      assert.deepEqual(
        locked.map((r) => cell(r, 'amount')),
        [money(300_000), money(300_000)],
      );
    }
    await click(el, 'save-button');
    await waitUntil(
      () => !part(el, 'editor') && text(el, 'live-region') === 'Payment plan saved.',
      'saved',
      WAIT,
    );
    const saved = await serverPlan(order.id);
    assert.equal(
      saved.installments.reduce((s, i) => s + i.amount, 0),
      1_000_000,
    );
    assert.deepEqual(
      saved.installments.slice(0, 2).map((i) => [i.id, i.amount, i.paidAmount]),
      original.installments
        .slice(0, 2)
        .map((i, n) => [i.id, i.amount, n === 0 ? 300_000 : 100_000]),
    );
  });

  it('keeps amounts as typed apart from their value: per-field precision and format problems', async () => {
    const { order } = await planWithPayments('plan-money');
    const { plan: el } = await mountPlan('manager', order.id);
    await loaded(el);
    await click(el, 'edit-button');
    const [a, b] = amountInputs(el);
    type(a!, '1,234.567');
    await el.updateComplete;
    assert.equal(a!.value, '1,234.567', 'the text stays as typed');
    assert.equal(a!.getAttribute('aria-invalid'), 'true');
    const error = root(el).getElementById(a!.getAttribute('aria-describedby')!)!;
    assert.equal(error.textContent!.trim(), 'CNY has fewer decimal places than that.');
    type(b!, 'twelve');
    await el.updateComplete;
    assert.equal(
      root(el).getElementById(b!.getAttribute('aria-describedby')!)!.textContent!.trim(),
      'Enter an amount, e.g. 12,000.00.',
    );
    type(b!, '0');
    await el.updateComplete;
    assert.equal(
      root(el).getElementById(b!.getAttribute('aria-describedby')!)!.textContent!.trim(),
      'Enter an amount above zero.',
    );
    assert.isTrue((part(el, 'save-button') as HTMLButtonElement).disabled);
    await assert.isAccessible(el);
    // Fixed: the problems go, the tidy text comes back.
    type(a!, '2000');
    type(b!, '2000');
    await el.updateComplete;
    assert.equal(a!.getAttribute('aria-invalid'), 'false');
    assert.equal(a!.value, '2,000.00');
    assert.isFalse((part(el, 'save-button') as HTMLButtonElement).disabled);
    // A due date before the order date is refused by the rules, on its field.
    setDate(parts(el, 'due-input')[0] as HTMLInputElement, dayFromToday(-90));
    await click(el, 'save-button');
    const due = parts(el, 'due-input')[0] as HTMLInputElement;
    assert.equal(due.getAttribute('aria-invalid'), 'true');
    assert.include(
      root(el).getElementById(due.getAttribute('aria-describedby')!)!.textContent!,
      'Not before the order date',
    );
    assert.ok(part(el, 'editor'), 'still editing');
    await assert.isAccessible(el);
  });

  it('a canceled lode-plan-save shows the plan as it was, keeps the edit open and sends nothing', async () => {
    const { order, plan } = await planWithPayments('plan-cancel');
    const { plan: el } = await mountPlan('manager', order.id);
    await loaded(el);
    el.addEventListener('lode-plan-save', (e) => e.preventDefault());
    await click(el, 'edit-button');
    type(amountInputs(el)[0]!, '1000');
    type(amountInputs(el)[1]!, '3000');
    await el.updateComplete;
    await click(el, 'save-button');
    await waitUntil(() => part(el, 'editor'), 'editing again', WAIT);
    assert.deepEqual(
      amountInputs(el).map((i) => i.value),
      ['1,000.00', '3,000.00'],
    );
    await waitUntil(() => text(el, 'live-region') === 'The plan was not saved.', 'announced', WAIT);
    const server = await serverPlan(order.id);
    assert.deepEqual(
      server.installments.map((i) => i.amount),
      plan.installments.map((i) => i.amount),
    );
    await click(el, 'cancel-button');
    assert.deepEqual(
      rows(el).map((r) => cell(r, 'amount')),
      plan.installments.map((i) => money(i.amount)),
    );
  });

  it('a real conflicting write made meanwhile: the save is refused, the plan reloaded with a message', async () => {
    const { order } = await planWithPayments('plan-conflict');
    const { plan: el } = await mountPlan('manager', order.id);
    await loaded(el);
    await click(el, 'edit-button');
    type(amountInputs(el)[0]!, '1000');
    type(amountInputs(el)[1]!, '3000');
    await el.updateComplete;
    // Finance moves the last installment's due date from its own session.
    const finance = await clientAs('finance');
    const current = await finance.paymentPlans.get.query({ orderId: order.id });
    const moved = dayFromToday(200);
    await finance.paymentPlans.update.mutate({
      id: current.id,
      version: current.version,
      installments: current.installments.map((i, n) => ({
        id: i.id,
        dueDate: n === 3 ? moved : i.dueDate,
        amount: i.amount,
      })),
    });
    await click(el, 'save-button');
    await waitUntil(
      () => text(el, 'message').includes('Someone else changed this plan'),
      'conflict message',
      WAIT,
    );
    await waitUntil(
      () =>
        rows(el).length === 4 && cell(rows(el)[3]!, 'due-date').length > 0 && !part(el, 'editor'),
      'reloaded',
      WAIT,
    );
    const fmt = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' });
    await waitUntil(
      () => cell(rows(el)[3]!, 'due-date') === fmt.format(new Date(`${moved}T00:00:00Z`)),
      "finance's date shown",
      WAIT,
    );
    assert.deepEqual(
      rows(el).map((r) => cell(r, 'amount')),
      [money(300_000), money(300_000), money(200_000), money(200_000)],
    );
    await assert.isAccessible(el);
  });

  it('refreshes by itself when a receipt is applied elsewhere (live updates)', async () => {
    const { order, partner, plan } = await planWithPayments('plan-live');
    const { plan: el } = await mountPlan('manager', order.id);
    await loaded(el);
    assert.equal(cell(rows(el)[2]!, 'status-badge'), 'Open');
    await receive(partner.id, plan.installments[2]!.id, 200_000);
    await waitUntil(() => cell(rows(el)[2]!, 'status-badge') === 'Paid', 'paid, live', WAIT);
    assert.equal(text(el, 'paid'), money(600_000));
  });

  it('generates a plan from payment terms when the order has none (cancelable)', async () => {
    const rep = await freshRep('plan-generate');
    const partner = await customerOf(rep.id);
    const order = await approvedOrder({
      partnerId: partner.id,
      ownerId: rep.id,
      gross: 1_000_000,
      orderDate: '2026-01-31',
    });
    const { plan: el } = await mountPlan('manager', order.id);
    await loaded(el);
    assert.ok(part(el, 'generate'));
    // The default terms (30/40/30) are chosen, previewed as the server will make them.
    const preview = [...part(el, 'preview')!.querySelectorAll('li')].map((li) =>
      li.textContent!.replace(/\s+/g, ' ').trim(),
    );
    assert.equal(preview.length, 3);
    assert.include(preview[0]!, money(300_000));
    assert.include(preview[1]!, money(400_000));
    assert.include(preview[2]!, 'May 1, 2026');
    await assert.isAccessible(el);
    const requests: LodePlanGenerateEvent[] = [];
    const veto = (e: LodePlanGenerateEvent) => {
      requests.push(e);
      e.preventDefault();
    };
    el.addEventListener('lode-plan-generate', veto);
    await click(el, 'generate-button');
    assert.equal(requests.length, 1);
    assert.equal(requests[0]!.request.orderId, order.id);
    assert.isTrue(requests[0]!.cancelable);
    const admin = await clientAs('admin');
    const none = await admin.paymentPlans.get.query({ orderId: order.id }).catch(() => null);
    assert.isNull(none, 'nothing generated');
    el.removeEventListener('lode-plan-generate', veto);
    // Another template: three equal months.
    const select = part(el, 'terms-select') as HTMLSelectElement;
    const monthly = [...select.options].find((o) => o.text.includes('3 equal monthly'))!;
    select.value = monthly.value;
    select.dispatchEvent(new Event('change'));
    await el.updateComplete;
    await click(el, 'generate-button');
    await waitUntil(() => part(el, 'summary'), 'plan shown', WAIT);
    const made = await serverPlan(order.id);
    assert.deepEqual(
      made.installments.map((i) => [i.dueDate, i.amount]),
      [
        ['2026-02-28', 333_334],
        ['2026-03-31', 333_333],
        ['2026-04-30', 333_333],
      ],
    );
    assert.equal(rows(el).length, 3);
    await assert.isAccessible(el);
  });

  it('is accessible while loading, for an unapproved order, read-only, and when the load fails (retry works)', async () => {
    const { order } = await planWithPayments('plan-states');
    const f = await serverFixture();
    const { plan: el } = await mountPlan('manager', order.id);
    await waitUntil(() => part(el, 'skeleton'), 'skeleton', WAIT);
    assert.ok(root(el).querySelector('[aria-busy="true"]'));
    await assert.isAccessible(el);
    await loaded(el);

    // A draft order: no plan, and none can be made yet.
    const admin = await clientAs('admin');
    const draft = await admin.orders.create.mutate({
      partnerId: order.partnerId,
      ownerId: order.ownerId,
      title: 'Draft order',
      lines: [{ description: 'x', quantity: 1000, unitPrice: 1000, taxRate: 0 }],
    });
    const { plan: unapproved } = await mountPlan('manager', draft.id);
    await waitUntil(() => part(unapproved, 'empty'), 'empty state', WAIT);
    assert.include(text(unapproved, 'empty'), 'not approved yet');
    await assert.isAccessible(unapproved);

    // A read-only widget token: no editing.
    const manager = await clientAs('manager');
    const { token } = await manager.auth.tokens.create.mutate({
      kind: 'widget',
      name: 'read-only plan',
      allowedOrigins: [location.origin],
      scopes: ['read'],
    });
    const { plan: readOnly } = await mountPlan('manager', order.id, { token });
    await loaded(readOnly);
    await waitUntil(() => !part(readOnly, 'edit-button'), 'no edit button', WAIT);
    assert.equal(rows(readOnly).length, 4);
    await assert.isAccessible(readOnly);

    const { provider, plan: failing } = await mountPlan('manager', order.id, {
      token: 'lds_refused',
    });
    await waitUntil(() => part(failing, 'error'), 'error state', WAIT);
    assert.include(text(failing, 'error'), 'token is not valid');
    await assert.isAccessible(failing);
    // Retry asks again (loading, then the same refusal) …
    part(failing, 'retry-button')!.click();
    await failing.updateComplete;
    assert.ok(part(failing, 'skeleton'), 'loading again');
    await waitUntil(() => part(failing, 'error'), 'refused again', WAIT);
    // … and a working token (a new client) loads it.
    provider.token = f.tokens.manager;
    await waitUntil(() => part(failing, 'summary'), 'loaded with the new token', WAIT);
  });

  it('sits in a page form: submits the plan id, invalid while an edit is open, reset drops it, disabled is read-only', async () => {
    const { order, plan } = await planWithPayments('plan-form');
    const f = await serverFixture();
    const form = await fixture<HTMLFormElement>(
      html`<form>
        <lode-provider endpoint=${f.url} token=${f.tokens.manager} locale="en">
          <lode-payment-plan name="plan" order-id=${order.id}></lode-payment-plan>
        </lode-provider>
      </form>`,
    );
    const el = form.querySelector<LodePaymentPlan>('lode-payment-plan')!;
    await loaded(el);
    await waitUntil(() => part(el, 'edit-button'), 'editable', WAIT);
    assert.strictEqual(el.form, form);
    assert.equal(new FormData(form).get('plan'), String(plan.id));
    assert.isTrue(form.checkValidity());
    await click(el, 'edit-button');
    type(amountInputs(el)[0]!, '1000');
    await el.updateComplete;
    assert.isFalse(form.checkValidity());
    assert.equal(el.validationMessage, 'The installments do not add up to the order total yet.');
    await click(el, 'split-button');
    assert.isFalse(el.checkValidity());
    assert.equal(el.validationMessage, 'The payment plan has unsaved changes.');
    form.reset();
    await el.updateComplete;
    assert.isTrue(part(el, 'editor') === null, 'reset drops the edit');
    assert.isTrue(form.checkValidity());
    el.disabled = true;
    await el.updateComplete;
    assert.isTrue(part(el, 'edit-button') === null, 'disabled: read-only');
    el.disabled = false;
    await waitUntil(() => part(el, 'edit-button'), 'editable again', WAIT);
    await assert.isAccessible(el);
  });

  it('finance records a receipt from the plan: applied oldest-first, the plan reloads (cancelable)', async () => {
    const { order } = await planWithPayments('receipt');
    const { plan: el } = await mountPlan('finance', order.id);
    await loaded(el);
    await click(el, 'receipt-button');
    const amount = part(el, 'receipt-amount') as HTMLInputElement;
    // The form starts with what the plan still owes: ¥10,000 − ¥4,000 received.
    assert.equal(minorOf(amount.value), 600_000);
    // Too many decimals is a problem on the field, and nothing is sent.
    amount.value = '12.345';
    amount.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    await click(el, 'receipt-save');
    assert.equal(amount.getAttribute('aria-invalid'), 'true');
    // A page that vetoes the intent: nothing is recorded.
    const intents: Event[] = [];
    const veto = (e: Event) => {
      intents.push(e);
      e.preventDefault();
    };
    el.addEventListener('lode-receipt-record', veto);
    amount.value = '2,500.00';
    amount.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    (part(el, 'receipt-reference') as HTMLInputElement).value = 'BANK-42';
    part(el, 'receipt-reference')!.dispatchEvent(
      new Event('input', { bubbles: true, composed: true }),
    );
    await click(el, 'receipt-save');
    assert.equal(intents.length, 1);
    assert.equal((await serverPlan(order.id)).paid, 400_000, 'the veto sent nothing');
    el.removeEventListener('lode-receipt-record', veto);
    await click(el, 'receipt-save');
    // ¥2,500: ¥2,000 finishes the overdue installment 2, ¥500 goes to installment 3.
    await waitUntil(async () => (await serverPlan(order.id)).paid === 650_000, 'recorded', WAIT);
    const after = await serverPlan(order.id);
    assert.deepEqual(
      after.installments.map((i) => i.paidAmount),
      [300_000, 300_000, 50_000, 0],
    );
    await waitUntil(() => !part(el, 'receipt-form'), 'form closed', WAIT);
    await waitUntil(() => cell(rows(el)[2]!, 'received').includes(money(50_000)), 'reloaded', WAIT);
    await assert.isAccessible(el);
  });

  it("offers no receipt form to a manager: recording receipts is finance's", async () => {
    const { order } = await planWithPayments('receipt-manager');
    const { plan: el } = await mountPlan('manager', order.id);
    await loaded(el);
    assert.ok(part(el, 'edit-button'), 'the manager may edit the plan');
    assert.equal(part(el, 'receipt-button'), null);
    assert.equal(part(el, 'receipt-void'), null, 'nor voiding them');
  });

  it('finance voids a receipt from the plan: a reason is required; what it paid is owed again', async () => {
    const { order } = await planWithPayments('void');
    const { plan: el } = await mountPlan('finance', order.id);
    await loaded(el);
    // The first installment was paid in full by a receipt of its own.
    rows(el)[0]!.querySelector<HTMLElement>('[part~="receipt-void"]')!.click();
    await el.updateComplete;
    await click(el, 'void-confirm');
    const reason = part(el, 'void-reason') as HTMLInputElement;
    assert.equal(reason.getAttribute('aria-invalid'), 'true', 'no reason, nothing sent');
    assert.equal((await serverPlan(order.id)).paid, 400_000);
    reason.value = '银行退票';
    reason.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    await click(el, 'void-confirm');
    await waitUntil(async () => (await serverPlan(order.id)).paid === 100_000, 'voided', WAIT);
    assert.deepEqual(
      (await serverPlan(order.id)).installments.map((i) => i.paidAmount),
      [0, 100_000, 0, 0],
    );
    await waitUntil(() => !part(el, 'void-form'), 'form closed', WAIT);
    await waitUntil(
      () => !rows(el)[0]!.querySelector('[part~="receipt"]'),
      'the voided receipt left the row',
      WAIT,
    );
    await assert.isAccessible(el);
  });

  it('switches language with the provider, statuses and money included', async () => {
    const { order } = await planWithPayments('plan-zh');
    const { provider, plan: el } = await mountPlan('manager', order.id);
    await loaded(el);
    provider.locale = 'zh-CN';
    await waitUntil(() => cell(rows(el)[0]!, 'status-badge') === '已收', 'Chinese', WAIT);
    assert.equal(text(el, 'total'), money(1_000_000, 'zh-CN'));
    assert.include(text(el, 'title'), '回款计划');
    await click(el, 'edit-button');
    assert.include(text(el, 'remaining'), '待分配');
    await assert.isAccessible(el);
  });

  it('issues no Lit development warnings', () => {
    assert.isTrue(litDevModeSeen());
    assert.deepEqual(litWarnings(), []);
  });
});
