import { assert, waitUntil } from '@open-wc/testing';
import { html } from 'lit';
import '../test-support/lit-warnings.ts';
import { litDevModeSeen, litWarnings } from '../test-support/lit-warnings.ts';
import { clientAs, freshRep, serverFixture, type DemoUser } from '../test-support/fixture.ts';
import { customerOf, orderWithPlan } from '../test-support/receivables.ts';
import type { LodeActivityLogEvent } from '../events/lode-activity-log.ts';
import type { LodeOpportunityOpenEvent } from '../events/lode-opportunity-open.ts';
import '../provider/provider.ts';
import { mountInProvider, type MountOptions } from '../test-support/mount.ts';
import './customer-card.ts';
import type { LodeCustomerCard } from './customer-card.component.ts';

const WAIT = { timeout: 10000 };

const money = (minor: number, locale = 'en') =>
  new Intl.NumberFormat(locale, { style: 'currency', currency: 'CNY' }).format(minor / 100);

/** A day `n` days from today, as `YYYY-MM-DD` (UTC, as the server counts due dates). */
const dayFromToday = (n: number) =>
  new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

async function mountCard(who: DemoUser, partnerId: number, options: MountOptions = {}) {
  const { provider, element } = await mountInProvider<LodeCustomerCard>(
    who,
    'lode-customer-card',
    html`<lode-customer-card partner-id=${partnerId}></lode-customer-card>`,
    options,
  );
  return { provider, card: element };
}

const root = (card: LodeCustomerCard) => card.shadowRoot!;
const part = (card: LodeCustomerCard, name: string) =>
  root(card).querySelector<HTMLElement>(`[part~="${name}"]`);
const text = (card: LodeCustomerCard, name: string) => part(card, name)?.textContent?.trim() ?? '';
const texts = (card: LodeCustomerCard, name: string) =>
  [...root(card).querySelectorAll(`[part~="${name}"]`)].map((e) => e.textContent!.trim());

async function loaded(card: LodeCustomerCard) {
  await waitUntil(() => part(card, 'header'), 'card rendered', WAIT);
  await waitUntil(() => root(card).querySelector('[aria-busy="false"]'), 'idle', WAIT);
}

function form(card: LodeCustomerCard) {
  return part(card, 'log-form') as HTMLFormElement;
}

/** Fills the quick form and submits it. */
function logVia(
  card: LodeCustomerCard,
  values: { type?: string; subject: string; body?: string; contact?: number; followup?: string },
) {
  const f = form(card);
  if (values.type) {
    const radio = f.querySelector<HTMLInputElement>(`input[value="${values.type}"]`)!;
    radio.click();
  }
  (f.elements.namedItem('subject') as HTMLInputElement).value = values.subject;
  (f.elements.namedItem('body') as HTMLTextAreaElement).value = values.body ?? '';
  (f.elements.namedItem('contact') as HTMLSelectElement).value = values.contact
    ? String(values.contact)
    : '';
  (f.elements.namedItem('followup') as HTMLInputElement).value = values.followup ?? '';
  part(card, 'log-submit')!.click();
}

function recordLogs(card: LodeCustomerCard) {
  const logs: LodeActivityLogEvent[] = [];
  card.addEventListener('lode-activity-log', (e) => logs.push(e));
  return logs;
}

function timelineSubjects(card: LodeCustomerCard) {
  return texts(card, 'activity-subject');
}

async function serverActivities(partnerId: number) {
  return (await clientAs('admin')).activities.list.query({ partnerId, limit: 100 });
}

/** A customer with two addresses, two contacts, an open opportunity, a plan and a logged call. */
async function richCustomer() {
  const rep = await freshRep('card');
  const partner = await customerOf(rep.id, {
    customerGroup: 'VIP',
    industry: 'Manufacturing',
    addresses: [
      { type: 'invoice', isDefault: true, line1: '浦东新区世纪大道 100 号', city: '上海' },
      { type: 'delivery', isDefault: false, line1: '嘉定区安亭镇 8 号', city: '上海' },
    ],
  });
  const admin = await clientAs('admin');
  const buyer = await admin.contacts.create.mutate({
    name: '李娜',
    ownerId: rep.id,
    partners: [
      { partnerId: partner.id, role: 'decision_maker', isPrimary: true, title: 'Purchasing' },
    ],
  });
  const payer = await admin.contacts.create.mutate({
    name: '陈财务',
    ownerId: rep.id,
    partners: [{ partnerId: partner.id, role: 'finance' }],
  });
  const deal = await admin.opportunities.create.mutate({
    partnerId: partner.id,
    ownerId: rep.id,
    name: 'Card deal',
    expectedRevenue: 2_500_000,
    currency: 'CNY',
    expectedCloseDate: '2031-03-01',
  });
  // One installment overdue, one in the future.
  const { plan } = await orderWithPlan({
    partnerId: partner.id,
    ownerId: rep.id,
    orderDate: dayFromToday(-60),
    installments: [
      { dueDate: dayFromToday(-30), amount: 300_000 },
      { dueDate: dayFromToday(90), amount: 700_000 },
    ],
  });
  await admin.activities.log.mutate({
    type: 'call',
    subject: 'First call',
    body: 'Asked for a quote',
    partnerId: partner.id,
    contactId: buyer.id,
    followupAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
  });
  return { rep, partner, buyer, payer, deal, plan };
}

describe('lode-customer-card', () => {
  it('shows the customer, follow-up, receivables, opportunities, contacts, addresses and timeline', async () => {
    const { rep, partner, deal, plan } = await richCustomer();
    const { card } = await mountCard('manager', partner.id);
    await loaded(card);
    assert.equal(text(card, 'name'), partner.name);
    assert.equal(text(card, 'code'), partner.code);
    assert.equal(text(card, 'group'), 'VIP');
    assert.equal(text(card, 'owner'), rep.name);
    // What the server keeps from the logged call.
    assert.notEqual(text(card, 'last-contact'), 'Not yet');
    assert.equal(text(card, 'latest-progress'), 'First call: Asked for a quote');
    assert.notInclude(text(card, 'next-followup'), 'None planned');
    // Receivables: everything owed, the overdue installment, and it as the next to collect.
    assert.equal(text(card, 'receivable-open'), money(1_000_000));
    assert.include(text(card, 'receivable-overdue'), money(300_000));
    assert.include(text(card, 'receivable-overdue'), '(1 installments)');
    assert.include(text(card, 'receivable-next'), money(300_000));
    assert.include(part(card, 'receivable-overdue')!.getAttribute('part')!, 'overdue');
    assert.equal(plan.installments.length, 2);
    // Open opportunities with their stage.
    assert.deepEqual(texts(card, 'opportunity-name'), [deal.name]);
    assert.equal(text(card, 'opportunity-stage'), 'Prospecting');
    assert.equal(text(card, 'opportunity-amount'), money(2_500_000));
    // Contacts with their roles, the primary first.
    assert.deepEqual(texts(card, 'contact-name'), ['李娜', '陈财务']);
    assert.deepEqual(texts(card, 'contact-role'), ['Decision maker', 'Finance']);
    assert.equal(texts(card, 'contact-primary').length, 1);
    // Addresses.
    const addresses = texts(card, 'address');
    assert.equal(addresses.length, 2);
    assert.include(addresses.join(' '), '世纪大道 100 号');
    assert.include(addresses.join(' '), 'Invoice address');
    // Timeline.
    assert.deepEqual(timelineSubjects(card), ['First call']);
    assert.equal(text(card, 'activity-type'), 'Call');
    assert.equal(text(card, 'activity-body'), 'Asked for a quote');
    await assert.isAccessible(card);
  });

  it('logs a visit from the quick form: shown at once, then saved, the follow-up fields updated', async () => {
    const { partner, buyer } = await richCustomer();
    const { card } = await mountCard('manager', partner.id);
    await loaded(card);
    const logs = recordLogs(card);
    const followup = dayFromToday(3);
    logVia(card, {
      type: 'visit',
      subject: 'Site visit',
      body: 'Met the plant manager',
      contact: buyer.id,
      followup,
    });
    // At once: on top of the timeline, pending, with the card's follow-up fields updated.
    await waitUntil(() => timelineSubjects(card)[0] === 'Site visit', 'shown at once', WAIT);
    assert.equal(logs.length, 1);
    const event = logs[0]!;
    assert.isTrue(event.cancelable && event.bubbles && event.composed);
    assert.equal(event.activity.type, 'visit');
    assert.equal(event.activity.subject, 'Site visit');
    assert.equal(event.activity.body, 'Met the plant manager');
    assert.equal(event.activity.partnerId, partner.id);
    assert.equal(event.activity.contactId, buyer.id);
    assert.ok(event.activity.followupAt);
    assert.equal(text(card, 'latest-progress'), 'Site visit: Met the plant manager');
    assert.equal((form(card).elements.namedItem('subject') as HTMLInputElement).value, '');
    // Saved: the server has it, the pending marker goes, the server's figures are shown.
    await waitUntil(
      async () =>
        (await serverActivities(partner.id)).items.some((a) => a.subject === 'Site visit'),
      'saved on the server',
      WAIT,
    );
    await waitUntil(() => !part(card, 'activity-pending'), 'no longer pending', WAIT);
    const saved = (await serverActivities(partner.id)).items.find(
      (a) => a.subject === 'Site visit',
    )!;
    assert.equal(saved.type, 'visit');
    assert.equal(saved.contactId, buyer.id);
    assert.equal(
      root(card).querySelector('[part~="activity"]')!.getAttribute('data-id'),
      String(saved.id),
    );
    const server = await (await clientAs('admin')).partners.get.query({ id: partner.id });
    assert.equal(text(card, 'latest-progress'), server.latestProgress);
    // The follow-up set is the earliest, so it is the next one.
    const expected = new Intl.DateTimeFormat('en', { dateStyle: 'medium' }).format(
      new Date(server.nextFollowupAt!),
    );
    assert.include(text(card, 'next-followup'), expected);
    assert.equal(
      new Date(server.nextFollowupAt!).toDateString(),
      new Date(`${followup}T09:00`).toDateString(),
    );
    await assert.isAccessible(card);
  });

  it('a canceled lode-activity-log takes the activity back, sends nothing, keeps the text', async () => {
    const { partner } = await richCustomer();
    const { card } = await mountCard('manager', partner.id);
    await loaded(card);
    const progress = text(card, 'latest-progress');
    card.addEventListener('lode-activity-log', (e) => e.preventDefault());
    logVia(card, { type: 'note', subject: 'Vetoed note', body: 'never sent' });
    await waitUntil(
      () => (form(card).elements.namedItem('subject') as HTMLInputElement).value === 'Vetoed note',
      'text put back',
      WAIT,
    );
    assert.deepEqual(timelineSubjects(card), ['First call']);
    assert.equal(text(card, 'latest-progress'), progress);
    assert.equal(
      (form(card).elements.namedItem('body') as HTMLTextAreaElement).value,
      'never sent',
    );
    assert.equal(form(card).querySelector<HTMLInputElement>('input[value="note"]')!.checked, true);
    await waitUntil(
      () => root(card).querySelector('[role="status"]')!.textContent!.trim() === 'Note not logged.',
      'announced',
      WAIT,
    );
    const server = await serverActivities(partner.id);
    assert.deepEqual(
      server.items.map((a) => a.subject),
      ['First call'],
    );
  });

  it('a refused log is taken back with a message (the customer was archived meanwhile)', async () => {
    const { partner } = await richCustomer();
    const { card } = await mountCard('manager', partner.id);
    await loaded(card);
    const progress = text(card, 'latest-progress');
    // A real write from elsewhere after the card loaded.
    const admin = await clientAs('admin');
    const current = await admin.partners.get.query({ id: partner.id });
    await admin.partners.archive.mutate({ id: partner.id, version: current.version });
    const logs = recordLogs(card);
    logVia(card, { type: 'call', subject: 'Call after archive' });
    await waitUntil(() => logs.length === 1, 'event fired', WAIT);
    await waitUntil(() => part(card, 'message'), 'message', WAIT);
    assert.include(text(card, 'message'), 'Call was not logged');
    assert.include(text(card, 'message'), 'no longer exists');
    assert.deepEqual(timelineSubjects(card), ['First call']);
    assert.equal(text(card, 'latest-progress'), progress);
    assert.equal(
      (form(card).elements.namedItem('subject') as HTMLInputElement).value,
      'Call after archive',
    );
    await assert.isAccessible(card);
  });

  it('asks for a subject before logging, and sends nothing without one', async () => {
    const rep = await freshRep('card-empty');
    const partner = await customerOf(rep.id);
    const { card } = await mountCard('manager', partner.id);
    await loaded(card);
    const logs = recordLogs(card);
    logVia(card, { subject: '   ' });
    await waitUntil(() => part(card, 'field-error'), 'field error', WAIT);
    assert.equal(text(card, 'field-error'), 'Write what it was about.');
    const subject = form(card).elements.namedItem('subject') as HTMLInputElement;
    assert.equal(subject.getAttribute('aria-invalid'), 'true');
    await waitUntil(() => root(card).activeElement === subject, 'focused', WAIT);
    assert.equal(logs.length, 0);
    await assert.isAccessible(card);
  });

  it('is accessible while loading, when the customer has nothing yet, and when the load fails (retry works)', async () => {
    const rep = await freshRep('card-states');
    const partner = await customerOf(rep.id);
    const f = await serverFixture();
    const { card } = await mountCard('manager', partner.id);
    await waitUntil(() => part(card, 'skeleton'), 'skeleton', WAIT);
    assert.ok(root(card).querySelector('[aria-busy="true"]'));
    await assert.isAccessible(card);
    await loaded(card);
    const empties = texts(card, 'empty');
    assert.includeMembers(empties, [
      'Nothing is owed.',
      'No open opportunities.',
      'No contacts yet.',
      'No addresses yet.',
      'No activities yet.',
    ]);
    assert.equal(text(card, 'last-contact'), 'Not yet');
    assert.include(text(card, 'next-followup'), 'None planned');
    await assert.isAccessible(card);

    const { provider, card: failing } = await mountCard('manager', partner.id, {
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
    await waitUntil(() => part(failing, 'header'), 'loaded with the new token', WAIT);
  });

  it('shows older activities on demand, and fires lode-opportunity-open', async () => {
    const rep = await freshRep('card-more');
    const partner = await customerOf(rep.id);
    const admin = await clientAs('admin');
    const deal = await admin.opportunities.create.mutate({
      partnerId: partner.id,
      ownerId: rep.id,
      name: 'Open me',
    });
    const start = Date.now() - 30 * 86_400_000;
    for (let i = 0; i < 23; i++)
      await admin.activities.log.mutate({
        type: 'note',
        subject: `Note ${i}`,
        partnerId: partner.id,
        occurredAt: new Date(start + i * 60_000).toISOString(),
      });
    const { card } = await mountCard('manager', partner.id);
    await loaded(card);
    assert.equal(timelineSubjects(card).length, 20);
    assert.equal(timelineSubjects(card)[0], 'Note 22');
    part(card, 'more-button')!.click();
    await waitUntil(() => timelineSubjects(card).length === 23, 'all 23', WAIT);
    assert.equal(timelineSubjects(card)[22], 'Note 0');
    assert.isTrue(part(card, 'more-button') === null, 'everything loaded');

    const opened: LodeOpportunityOpenEvent[] = [];
    card.addEventListener('lode-opportunity-open', (e) => opened.push(e));
    part(card, 'opportunity-name')!.click();
    assert.equal(opened.length, 1);
    assert.equal(opened[0]!.opportunity.id, deal.id);
    assert.isTrue(opened[0]!.bubbles && opened[0]!.composed);
  });

  it('switches language with the provider, money and dates included', async () => {
    const { partner } = await richCustomer();
    const { provider, card } = await mountCard('manager', partner.id);
    await loaded(card);
    assert.equal(text(card, 'contact-role'), 'Decision maker');
    provider.locale = 'zh-CN';
    await waitUntil(() => text(card, 'contact-role') === '决策人', 'Chinese', WAIT);
    const titles = texts(card, 'section-title');
    assert.includeMembers(titles, ['跟进', '应收款', '联系人', '地址', '跟进记录']);
    assert.equal(text(card, 'receivable-open'), money(1_000_000, 'zh-CN'));
    assert.equal(text(card, 'log-submit'), '记录电话');
    await assert.isAccessible(card);
    provider.locale = 'en';
    await waitUntil(() => text(card, 'contact-role') === 'Decision maker', 'English again', WAIT);
  });

  it('hides the quick form from a read-only widget token', async () => {
    const { partner } = await richCustomer();
    const manager = await clientAs('manager');
    const { token } = await manager.auth.tokens.create.mutate({
      kind: 'widget',
      name: 'read-only card',
      allowedOrigins: [location.origin],
      scopes: ['read'],
    });
    const { card } = await mountCard('manager', partner.id, { token });
    await loaded(card);
    await waitUntil(() => !part(card, 'log-form'), 'no form', WAIT);
    assert.deepEqual(timelineSubjects(card), ['First call']);
    await assert.isAccessible(card);
  });

  it('shows what others log on the customer without being asked (live updates)', async () => {
    const { partner } = await richCustomer();
    const { card } = await mountCard('manager', partner.id);
    await loaded(card);
    const admin = await clientAs('admin');
    await admin.activities.log.mutate({
      type: 'visit',
      subject: 'Logged elsewhere',
      partnerId: partner.id,
    });
    await waitUntil(
      () => timelineSubjects(card)[0] === 'Logged elsewhere',
      'the new activity, live',
      WAIT,
    );
    assert.equal(text(card, 'latest-progress'), 'Logged elsewhere');
  });

  it('issues no Lit development warnings', () => {
    assert.isTrue(litDevModeSeen());
    assert.deepEqual(litWarnings(), []);
  });
});
