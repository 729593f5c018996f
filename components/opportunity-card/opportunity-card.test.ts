import { assert, fixture, oneEvent } from '@open-wc/testing';
import { html } from 'lit';
import '../test-support/lit-warnings.ts';
import { litWarnings } from '../test-support/lit-warnings.ts';
import { clientAs, createDeal, freshRep } from '../test-support/fixture.ts';
import type { OpportunityListItem } from '../../core/schemas/opportunities.ts';
import './opportunity-card.ts';
import type { LodeOpportunityCard } from './opportunity-card.component.ts';
import type { LodeOpportunityOpenEvent } from '../events/lode-opportunity-open.ts';

const DAY = 86_400_000;

/** A real opportunity, as opportunities.list returns it (names included). */
async function realItem(): Promise<OpportunityListItem> {
  const rep = await freshRep('card');
  const deal = await createDeal(rep.id, {
    name: '卡片测试 数控机床',
    expectedRevenue: 1_234_500,
    currency: 'CNY',
    expectedCloseDate: '2031-03-15',
  });
  const admin = await clientAs('admin');
  const page = await admin.opportunities.list.query({ ownerId: rep.id });
  const item = page.items.find((o) => o.id === deal.id)!;
  assert.equal(item.ownerName, rep.name);
  return item;
}

describe('lode-opportunity-card', () => {
  let item: OpportunityListItem;
  before(async () => {
    item = await realItem();
  });

  it('shows name, partner, amount, closing date, owner and days in stage', async () => {
    const now = new Date(Date.parse(item.stageEnteredAt) + 3 * DAY + 1000);
    const el = await fixture<LodeOpportunityCard>(
      html`<lode-opportunity-card
        lang="en"
        .opportunity=${item}
        .now=${now}
      ></lode-opportunity-card>`,
    );
    const text = (part: string) =>
      el.shadowRoot!.querySelector(`[part~="${part}"]`)?.textContent?.trim() ?? '';
    assert.equal(text('name'), '卡片测试 数控机床');
    assert.equal(text('partner'), item.partnerName);
    assert.notEqual(item.partnerName, '');
    assert.equal(
      text('amount'),
      new Intl.NumberFormat('en', { style: 'currency', currency: 'CNY' }).format(12345),
    );
    assert.include(text('close-date'), '2031');
    assert.equal(text('owner'), item.ownerName);
    assert.match(text('age'), /3/);
    assert.isFalse(el.stale);
    assert.isNull(el.shadowRoot!.querySelector('[part~="stale-badge"]'));
    await assert.isAccessible(el);
  });

  it('marks a card that sat in its stage for stale-after-days', async () => {
    const now = new Date(Date.parse(item.stageEnteredAt) + 40 * DAY);
    const el = await fixture<LodeOpportunityCard>(
      html`<lode-opportunity-card
        stale-after-days="30"
        .opportunity=${item}
        .now=${now}
      ></lode-opportunity-card>`,
    );
    assert.isTrue(el.stale);
    assert.isTrue(el.hasAttribute('stale'));
    assert.ok(el.shadowRoot!.querySelector('[part~="stale-badge"]'));
    await assert.isAccessible(el);
    el.staleAfterDays = 0;
    await el.updateComplete;
    assert.isFalse(el.stale, '0 never marks');
  });

  it('fires lode-opportunity-open on click and on Enter', async () => {
    const el = await fixture<LodeOpportunityCard>(
      html`<lode-opportunity-card .opportunity=${item}></lode-opportunity-card>`,
    );
    setTimeout(() => el.click());
    const clicked = (await oneEvent(
      el,
      'lode-opportunity-open',
    )) as unknown as LodeOpportunityOpenEvent;
    assert.equal(clicked.opportunity.id, item.id);
    assert.isTrue(clicked.composed && clicked.bubbles);
    setTimeout(() =>
      el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true })),
    );
    const entered = (await oneEvent(
      el,
      'lode-opportunity-open',
    )) as unknown as LodeOpportunityOpenEvent;
    assert.equal(entered.opportunity.id, item.id);
  });

  it('issues no Lit development warnings', () => {
    assert.deepEqual(litWarnings(), []);
  });
});
