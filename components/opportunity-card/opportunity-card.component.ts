import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import type { OpportunityListItem } from '../../core/schemas/opportunities.ts';
import { LodeOpportunityOpenEvent } from '../events/lode-opportunity-open.ts';
import { LocaleController } from '../shared/locale-controller.ts';
import { daysSince, formatDay, formatMoney, today } from '../shared/format.ts';
import { tokenStyles } from '../themes/tokens.styles.ts';
import { cardStyles } from './opportunity-card.styles.ts';

/**
 * @tagname lode-opportunity-card
 * @summary One opportunity as a card: its name, partner, expected amount, expected closing
 * date, owner and days in the current stage, with a marker once it has sat there too long.
 * lode-funnel-board renders one per opportunity; it works on its own too.
 *
 * @event lode-opportunity-open - The card was clicked or Enter was pressed on it
 * (`LodeOpportunityOpenEvent`, `.opportunity`).
 *
 * @csspart base - The card's box.
 * @csspart name - The opportunity's name.
 * @csspart partner - The customer's name.
 * @csspart amount - The expected amount.
 * @csspart close-date - The expected closing date (with `overdue` when it has passed).
 * @csspart owner - The owner's name.
 * @csspart age - Days in the current stage.
 * @csspart stale-badge - The marker of a card that has not moved for `stale-after-days`.
 *
 * @cssproperty --lode-color-surface-raised - The card's background.
 * @cssproperty --lode-color-border - The card's border.
 * @cssproperty --lode-color-warning - The stale marker and its border.
 * @cssproperty --lode-radius - Corner radius.
 * @cssproperty --lode-shadow - The card's shadow (raised while dragged).
 */
export class LodeOpportunityCard extends LitElement {
  static override styles = [tokenStyles, cardStyles];

  /** The opportunity, as `opportunities.list` returns it. */
  @property({ attribute: false }) opportunity?: OpportunityListItem;

  /** Days in one stage after which the card is marked stale; 0 never marks it. */
  @property({ type: Number, attribute: 'stale-after-days' }) staleAfterDays = 30;

  /** Set while the card is being moved (dragged, or picked up with the keyboard). */
  @property({ type: Boolean, reflect: true }) grabbed = false;

  /** Reflects whether the card is stale, for styling from outside (`lode-opportunity-card[stale]`). */
  @property({ type: Boolean, reflect: true }) stale = false;

  /** The clock "days in stage" is counted against; now by default. */
  @property({ attribute: false }) now?: Date;

  private readonly locale = new LocaleController(this);

  override connectedCallback(): void {
    super.connectedCallback();
    // Inside the board the list gives it its role and focus order; alone it is still reachable.
    if (!this.hasAttribute('role')) this.setAttribute('role', 'article');
    if (!this.hasAttribute('tabindex')) this.tabIndex = 0;
    this.addEventListener('click', this.onClick);
    this.addEventListener('keydown', this.onKeyDown);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener('click', this.onClick);
    this.removeEventListener('keydown', this.onKeyDown);
  }

  /** Whole days since the opportunity entered its current stage. */
  get daysInStage(): number {
    return this.opportunity
      ? daysSince(this.opportunity.stageEnteredAt, this.now ?? new Date())
      : 0;
  }

  protected override willUpdate(_changed: PropertyValues<this>): void {
    this.stale = this.staleAfterDays > 0 && this.daysInStage >= this.staleAfterDays;
  }

  private readonly onClick = () => {
    if (this.opportunity) this.dispatchEvent(new LodeOpportunityOpenEvent(this.opportunity));
  };

  private readonly onKeyDown = (event: KeyboardEvent) => {
    // While grabbed, Enter drops the card: the board handles that, not the card.
    if (event.key !== 'Enter' || this.grabbed || event.target !== this) return;
    event.preventDefault();
    this.onClick();
  };

  protected override render() {
    const o = this.opportunity;
    if (!o) return nothing;
    const locale = this.locale.value;
    const days = this.daysInStage;
    const overdue = o.expectedCloseDate !== null && o.expectedCloseDate < today(this.now);
    return html`<div part="base" class="card">
      <div part="name" class="name">${o.name}</div>
      <div part="partner" class="partner">${o.partnerName}</div>
      <div class="figures">
        <span part="amount" class="amount"
          >${
            o.expectedRevenue === null
              ? msg('No amount', { id: 'card.noAmount' })
              : formatMoney(o.expectedRevenue, o.currency, locale)
          }</span
        >
        <span
          part=${overdue ? 'close-date overdue' : 'close-date'}
          class="close-date ${overdue ? 'overdue' : ''}"
          >${
            o.expectedCloseDate === null
              ? msg('No closing date', { id: 'card.noCloseDate' })
              : formatDay(o.expectedCloseDate, locale)
          }</span
        >
      </div>
      <div class="meta">
        <span part="owner" class="owner">${o.ownerName}</span>
        <span part="age" class="age"
          >${msg(str`${days} days in stage`, { id: 'card.daysInStage' })}</span
        >
        ${
          this.stale
            ? html`<span part="stale-badge" class="stale-badge"
                >${msg('Stale', { id: 'card.stale' })}</span
              >`
            : nothing
        }
      </div>
    </div>`;
  }
}
