import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { Task, TaskStatus, initialState } from '@lit/task';
import { msg, str } from '@lit/localize';
import { scopeOf } from '../../core/permissions.ts';
import type { ContactRole } from '../../core/schemas/contacts.ts';
import type { Address } from '../../core/schemas/partners.ts';
import type { OpportunityListItem } from '../../core/schemas/opportunities.ts';
import type { ReceivableCurrency } from '../../core/schemas/receivables.ts';
import {
  clientContext,
  currentUserContext,
  type LodeLocale,
  type LodestoneClient,
  type Me,
} from '../context/contexts.ts';
import { LodeActivityLogEvent, type ActivityLogDraft } from '../events/lode-activity-log.ts';
import { LodeOpportunityOpenEvent } from '../events/lode-opportunity-open.ts';
import { stageLabel } from '../funnel-board/labels.ts';
import { Announcer } from '../shared/announcer.ts';
import { LiveChanges } from '../shared/live-changes.ts';
import { errorMessage } from '../shared/errors.ts';
import { formatCount, formatDay, formatMoney } from '../shared/format.ts';
import { LocaleController } from '../shared/locale-controller.ts';
import {
  controlStyles,
  renderEmpty,
  renderError,
  renderSkeleton,
  stateStyles,
} from '../shared/states.ts';
import { tokenStyles } from '../themes/tokens.styles.ts';
import {
  CARD_ENTITIES,
  concernsCard,
  loadCard,
  loadMoreTimeline,
  withLoggedActivity,
  withSavedActivity,
  withoutActivity,
  type CardData,
  type PartnerContact,
  type TimelineItem,
} from './card-data.ts';
import { customerCardStyles } from './customer-card.styles.ts';
import { followupInstant, formatInstant, formatInstantDay } from './instants.ts';
import {
  QUICK_TYPES,
  activityTypeLabel,
  addressTypeLabel,
  logButtonLabel,
  roleLabel,
  type QuickType,
} from './labels.ts';

const SUBJECT_MAX = 200;

/** A fresh idempotency key: a retried log is recorded once. */
function newKey(): string {
  return `card-${crypto.randomUUID()}`;
}

/**
 * @tagname lode-customer-card
 * @summary One customer on one card: name, group and owner; the follow-up fields the server keeps
 * (last contact, next follow-up, latest progress); receivables (owed, overdue, the next
 * installment due); open opportunities with their stages; contacts with their roles;
 * addresses; and the activity timeline with a quick form to log a call, a visit or a note. A
 * logged activity shows at once and is taken back with a message if the server refuses it.
 * Changes made elsewhere (other pages, other users) reach it as live change notices and reload
 * it. Needs a client through context (`lode-provider`).
 *
 * @event lode-activity-log - Before a logged activity is sent, with it already on the timeline
 * (`LodeActivityLogEvent`, `.activity` = the `activities.log` input). Cancelable:
 * `preventDefault()` takes it off again and sends nothing.
 * @event lode-opportunity-open - An open opportunity's name was clicked
 * (`LodeOpportunityOpenEvent`, `.opportunity`).
 *
 * @csspart base - The card's box.
 * @csspart header - Name, code and the facts under them.
 * @csspart name - The customer's name.
 * @csspart code - The customer's code.
 * @csspart facts - Group, owner, industry and region.
 * @csspart group - The customer group.
 * @csspart owner - The owner's name.
 * @csspart section - Each section (follow-up, receivables, opportunities, contacts, addresses, timeline).
 * @csspart section-title - Each section's heading.
 * @csspart last-contact - When the customer was last contacted.
 * @csspart next-followup - The next follow-up (with `overdue` once it has passed).
 * @csspart latest-progress - The latest progress line.
 * @csspart receivables - The receivables figures (one `receivable` row per currency).
 * @csspart receivable-open - Everything owed in one currency.
 * @csspart receivable-overdue - What is past due (with `overdue` when above zero).
 * @csspart receivable-next - The next installment to collect.
 * @csspart receivable-on-account - Received and not yet applied.
 * @csspart opportunities - The list of open opportunities; each is an `opportunity`.
 * @csspart opportunity-name - The opportunity's name (a button that fires `lode-opportunity-open`).
 * @csspart opportunity-stage - Its stage.
 * @csspart opportunity-amount - Its expected amount.
 * @csspart opportunity-close-date - Its expected closing date.
 * @csspart contacts - The list of contacts; each is a `contact`.
 * @csspart contact-name - A contact's name.
 * @csspart contact-role - A contact's role at the customer.
 * @csspart contact-primary - The primary contact's marker.
 * @csspart addresses - The list of addresses; each is an `address`.
 * @csspart log-form - The quick log form (`log-type`, `log-subject`, `log-body`, `log-contact`, `log-followup`, `log-submit`, `field-error`).
 * @csspart timeline - The list of activities; each is an `activity` (`activity-pending` while it is being saved).
 * @csspart activity-type - An activity's kind.
 * @csspart activity-subject - An activity's subject.
 * @csspart activity-body - An activity's text.
 * @csspart activity-time - When it happened.
 * @csspart more-button - Loads older activities.
 * @csspart message - Why a log was taken back.
 * @csspart skeleton - Placeholder while loading.
 * @csspart empty - Text of an empty section.
 * @csspart error - A failed load, with a `retry-button`.
 * @csspart live-region - The (visually hidden) announcements.
 *
 * @cssproperty --lode-color-surface-raised - The card's background.
 * @cssproperty --lode-color-border - Borders between sections.
 * @cssproperty --lode-color-danger - Overdue figures and error messages.
 * @cssproperty --lode-color-accent-soft - A pending activity's background.
 * @cssproperty --lode-radius - Corner radius.
 */
export class LodeCustomerCard extends LitElement {
  static override styles = [tokenStyles, stateStyles, controlStyles, customerCardStyles];

  /** The customer (partner) id. */
  @property({ type: Number, attribute: 'partner-id' }) partnerId?: number;

  @consume({ context: clientContext, subscribe: true })
  @state()
  private client?: LodestoneClient;

  @consume({ context: currentUserContext, subscribe: true })
  @state()
  private user?: Me | null;

  @state() private data?: CardData;
  @state() private message: { text: string; kind: 'error' | 'info' } | null = null;
  @state() private logType: QuickType = 'call';
  @state() private subjectError: string | null = null;
  @state() private loadingMore = false;

  private readonly locale = new LocaleController(this);
  private readonly announcer = new Announcer(this);
  /** Temporary ids of activities being saved count down from -1. */
  private pendingSeq = 0;

  // Changes made elsewhere (another page, another user) reload the card.
  private readonly live = new LiveChanges(this, {
    client: () => this.client,
    entities: CARD_ENTITIES,
    onChanges: (notices) => {
      const data = this.data;
      if (data && notices.some((n) => concernsCard(n, data))) void this.refresh();
    },
  });

  private readonly cardTask = new Task(this, {
    args: () => [this.client, this.partnerId] as const,
    task: ([client, partnerId], { signal }) =>
      client && partnerId ? loadCard(client, partnerId, signal) : initialState,
    onComplete: (data) => {
      this.data = data;
    },
  });

  /** Loads everything again (after changes made elsewhere). */
  refresh(): Promise<void> {
    return this.cardTask.run();
  }

  private canLog(): boolean {
    const user = this.user;
    // Not known (yet): offer it and let the server decide.
    if (!user) return user === undefined;
    return scopeOf(user.role, 'activities.log') !== 'none' && user.token.scopes.includes('write');
  }

  // ---- the quick log ----

  private readonly onLogSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    void this.log(event.currentTarget as HTMLFormElement);
  };

  private readDraft(form: HTMLFormElement, partnerId: number): ActivityLogDraft | null {
    const field = (name: string) => String(new FormData(form).get(name) ?? '').trim();
    const subject = field('subject');
    if (!subject) {
      this.subjectError = msg('Write what it was about.', { id: 'customer.log.subjectRequired' });
    } else if (Array.from(subject).length > SUBJECT_MAX) {
      this.subjectError = msg(str`At most ${SUBJECT_MAX} characters.`, {
        id: 'customer.log.subjectTooLong',
      });
    } else {
      this.subjectError = null;
    }
    if (this.subjectError) {
      void this.updateComplete.then(() =>
        this.renderRoot.querySelector<HTMLElement>('[name="subject"]')?.focus(),
      );
      return null;
    }
    const body = field('body');
    const contactId = Number(field('contact')) || undefined;
    const followup = field('followup');
    return {
      type: this.logType,
      subject,
      partnerId,
      ...(body ? { body } : {}),
      ...(contactId ? { contactId } : {}),
      ...(followup ? { followupAt: followupInstant(followup) } : {}),
      idempotencyKey: newKey(),
    };
  }

  /** Puts a draft that was not logged back into the form, so nothing typed is lost. */
  private restoreDraft(form: HTMLFormElement, draft: ActivityLogDraft): void {
    this.logType = draft.type as QuickType;
    const set = (name: string, value: string) => {
      const el = form.elements.namedItem(name) as HTMLInputElement | null;
      if (el) el.value = value;
    };
    set('subject', draft.subject);
    set('body', draft.body ?? '');
    set('contact', draft.contactId ? String(draft.contactId) : '');
  }

  /**
   * Shows the activity at once, lets the page veto (`lode-activity-log`), then calls the server;
   * a refusal takes it back with a message and puts the text back in the form.
   */
  private async log(form: HTMLFormElement): Promise<void> {
    const client = this.client;
    const data = this.data;
    if (!client || !data) return;
    const draft = this.readDraft(form, data.partner.id);
    if (!draft) return;
    const before = data.partner;
    const tempId = -++this.pendingSeq;
    const kind = activityTypeLabel(draft.type);
    this.message = null;
    this.data = withLoggedActivity(data, draft, tempId, this.user?.id ?? 0, new Date());
    form.reset();
    await this.updateComplete;
    const intent = new LodeActivityLogEvent(draft);
    if (!this.dispatchEvent(intent)) {
      if (this.data) this.data = withoutActivity(this.data, tempId, before);
      this.restoreDraft(form, draft);
      this.announcer.announce(msg(str`${kind} not logged.`, { id: 'customer.log.canceled' }));
      return;
    }
    this.announcer.announce(msg(str`${kind} logged.`, { id: 'customer.log.done' }));
    try {
      const saved = await client.activities.log.mutate(draft);
      // The server keeps last contact, latest progress and next follow-up: take its figures.
      const partner = await client.partners.get.query({ id: before.id }).catch(() => null);
      if (this.data) this.data = withSavedActivity(this.data, tempId, saved, partner);
    } catch (err) {
      if (this.data) this.data = withoutActivity(this.data, tempId, before);
      this.restoreDraft(form, draft);
      const text = msg(str`${kind} was not logged: ${errorMessage(err)}`, {
        id: 'customer.log.failed',
      });
      this.message = { text, kind: 'error' };
      this.announcer.announce(text);
    }
  }

  private async showMore(): Promise<void> {
    if (!this.client || !this.data || this.loadingMore) return;
    this.loadingMore = true;
    try {
      this.data = await loadMoreTimeline(this.client, this.data);
    } catch (err) {
      this.message = { text: errorMessage(err), kind: 'error' };
    } finally {
      this.loadingMore = false;
    }
  }

  private openOpportunity(opportunity: OpportunityListItem): void {
    const open = new LodeOpportunityOpenEvent(opportunity);
    this.dispatchEvent(open);
  }

  // ---- rendering ----

  private renderHeader(data: CardData) {
    const p = data.partner;
    const none = '—';
    return html`<header part="header" class="header">
      <h2 part="name" class="name">${p.name}</h2>
      <span part="code" class="code">${p.code}</span>
      <dl part="facts" class="facts">
        <div>
          <dt>${msg('Group', { id: 'customer.group' })}</dt>
          <dd part="group">${p.customerGroup ?? none}</dd>
        </div>
        <div>
          <dt>${msg('Owner', { id: 'customer.owner' })}</dt>
          <dd part="owner">${data.ownerName ?? none}</dd>
        </div>
        ${
          p.industry
            ? html`<div>
                <dt>${msg('Industry', { id: 'customer.industry' })}</dt>
                <dd>${p.industry}</dd>
              </div>`
            : nothing
        }
        ${
          p.region
            ? html`<div>
                <dt>${msg('Region', { id: 'customer.region' })}</dt>
                <dd>${p.region}</dd>
              </div>`
            : nothing
        }
      </dl>
    </header>`;
  }

  private section(id: string, title: string, body: unknown, extraClass = '') {
    return html`<section part="section" class="section ${extraClass}" aria-labelledby=${id}>
      <h3 part="section-title" class="section-title" id=${id}>${title}</h3>
      ${body}
    </section>`;
  }

  private renderFollowUp(data: CardData, locale: LodeLocale) {
    const p = data.partner;
    const overdue = p.nextFollowupAt !== null && Date.parse(p.nextFollowupAt) < Date.now();
    const never = msg('Not yet', { id: 'customer.notYet' });
    return this.section(
      'followup-title',
      msg('Follow-up', { id: 'customer.followup' }),
      html`<dl class="figures">
        <dt>${msg('Last contact', { id: 'customer.lastContact' })}</dt>
        <dd part="last-contact">
          ${p.lastContactAt ? formatInstant(p.lastContactAt, locale) : never}
        </dd>
        <dt>${msg('Next follow-up', { id: 'customer.nextFollowup' })}</dt>
        <dd
          part=${overdue ? 'next-followup overdue' : 'next-followup'}
          class=${overdue ? 'overdue' : ''}
        >
          ${
            p.nextFollowupAt
              ? formatInstantDay(p.nextFollowupAt, locale)
              : msg('None planned', { id: 'customer.nonePlanned' })
          }
          ${overdue ? html`<span class="badge danger">${msg('Due', { id: 'customer.due' })}</span>` : nothing}
        </dd>
        <dt>${msg('Latest progress', { id: 'customer.latestProgress' })}</dt>
        <dd part="latest-progress">${p.latestProgress ?? never}</dd>
      </dl>`,
    );
  }

  private renderReceivable(r: ReceivableCurrency, locale: LodeLocale) {
    const money = (minor: number) => formatMoney(minor, r.currency, locale);
    return html`<dl part="receivable" class="figures receivable">
      <dt>${msg('Owed', { id: 'customer.owed' })}</dt>
      <dd part="receivable-open">${money(r.open)}</dd>
      <dt>${msg('Overdue', { id: 'customer.overdue' })}</dt>
      <dd
        part=${r.overdue > 0 ? 'receivable-overdue overdue' : 'receivable-overdue'}
        class=${r.overdue > 0 ? 'overdue' : ''}
      >
        ${money(r.overdue)}
        ${
          r.overdueCount > 0
            ? html`<span class="muted"
                >${msg(str`(${formatCount(r.overdueCount, locale)} installments)`, {
                  id: 'customer.overdueCount',
                })}</span
              >`
            : nothing
        }
      </dd>
      <dt>${msg('Next due', { id: 'customer.nextDue' })}</dt>
      <dd part="receivable-next">
        ${
          r.next
            ? msg(str`${money(r.next.outstanding)} on ${formatDay(r.next.dueDate, locale)}`, {
                id: 'customer.nextDueValue',
              })
            : msg('Nothing due', { id: 'customer.nothingDue' })
        }
      </dd>
      ${
        r.onAccount > 0
          ? html`<dt>${msg('On account', { id: 'customer.onAccount' })}</dt>
              <dd part="receivable-on-account">${money(r.onAccount)}</dd>`
          : nothing
      }
    </dl>`;
  }

  private renderReceivables(data: CardData, locale: LodeLocale) {
    const rows = data.receivables.currencies;
    return this.section(
      'receivables-title',
      msg('Receivables', { id: 'customer.receivables' }),
      rows.length
        ? html`<div part="receivables" class="receivables">
            ${rows.map((r) => this.renderReceivable(r, locale))}
          </div>`
        : renderEmpty(msg('Nothing is owed.', { id: 'customer.nothingOwed' })),
    );
  }

  private renderOpportunity(o: OpportunityListItem, data: CardData, locale: LodeLocale) {
    const stage = data.stages.get(o.stageId);
    return html`<li part="opportunity" class="row">
      <button
        part="opportunity-name"
        class="link"
        type="button"
        @click=${() => this.openOpportunity(o)}
      >
        ${o.name}
      </button>
      <span part="opportunity-stage" class="badge">${stage ? stageLabel(stage, locale) : ''}</span>
      <span part="opportunity-amount" class="amount">
        ${o.expectedRevenue === null ? '—' : formatMoney(o.expectedRevenue, o.currency, locale)}
      </span>
      <span part="opportunity-close-date" class="muted">
        ${o.expectedCloseDate ? formatDay(o.expectedCloseDate, locale) : ''}
      </span>
    </li>`;
  }

  private renderOpportunities(data: CardData, locale: LodeLocale) {
    const shown = data.opportunities.length;
    const title =
      data.opportunityCount > 0
        ? msg(str`Open opportunities (${formatCount(data.opportunityCount, locale)})`, {
            id: 'customer.opportunitiesCount',
          })
        : msg('Open opportunities', { id: 'customer.opportunities' });
    return this.section(
      'opportunities-title',
      title,
      shown
        ? html`<ul part="opportunities" class="list">
            ${data.opportunities.map((o) => this.renderOpportunity(o, data, locale))}
          </ul>`
        : renderEmpty(msg('No open opportunities.', { id: 'customer.noOpportunities' })),
    );
  }

  private renderContact(c: PartnerContact) {
    const title = c.title ?? c.jobTitle;
    return html`<li part="contact" class="row">
      <span part="contact-name" class="strong">${c.name}</span>
      <span part="contact-role" class="badge">${roleLabel(c.role as ContactRole)}</span>
      ${
        c.isPrimary
          ? html`<span part="contact-primary" class="badge accent"
              >${msg('Primary', { id: 'customer.primary' })}</span
            >`
          : nothing
      }
      ${title ? html`<span class="muted">${title}</span>` : nothing}
      ${c.phones[0] ? html`<span class="muted">${c.phones[0]}</span>` : nothing}
      ${c.email ? html`<span class="muted">${c.email}</span>` : nothing}
    </li>`;
  }

  private renderContacts(data: CardData) {
    const contacts = data.partner.contacts;
    return this.section(
      'contacts-title',
      msg('Contacts', { id: 'customer.contacts' }),
      contacts.length
        ? html`<ul part="contacts" class="list">
            ${contacts.map((c) => this.renderContact(c))}
          </ul>`
        : renderEmpty(msg('No contacts yet.', { id: 'customer.noContacts' })),
    );
  }

  private renderAddress(a: Address) {
    const place = [a.line2, a.city, a.province, a.postcode].filter(Boolean).join(', ');
    return html`<li part="address" class="address">
      <span class="strong">${a.label ?? addressTypeLabel(a.type)}</span>
      ${
        a.isDefault
          ? html`<span class="badge">${msg('Default', { id: 'customer.default' })}</span>`
          : nothing
      }
      <span>${a.line1}</span>
      ${place ? html`<span class="muted">${place}${a.country === 'CN' ? '' : ` · ${a.country}`}</span>` : nothing}
    </li>`;
  }

  private renderAddresses(data: CardData) {
    const addresses = data.partner.addresses;
    return this.section(
      'addresses-title',
      msg('Addresses', { id: 'customer.addresses' }),
      addresses.length
        ? html`<ul part="addresses" class="list">
            ${addresses.map((a) => this.renderAddress(a))}
          </ul>`
        : renderEmpty(msg('No addresses yet.', { id: 'customer.noAddresses' })),
    );
  }

  private renderLogForm(data: CardData) {
    if (!this.canLog()) return nothing;
    const contacts = data.partner.contacts;
    return html`<form part="log-form" class="log-form" novalidate @submit=${this.onLogSubmit}>
      <fieldset part="log-type" class="log-type">
        <legend class="visually-hidden">${msg('Kind', { id: 'customer.log.kind' })}</legend>
        ${QUICK_TYPES.map(
          (t) =>
            html`<label class="choice">
              <input
                type="radio"
                name="type"
                value=${t}
                .checked=${this.logType === t}
                @change=${() => (this.logType = t)}
              />
              ${activityTypeLabel(t)}
            </label>`,
        )}
      </fieldset>
      <label class="field wide">
        ${msg('Subject', { id: 'customer.log.subject' })}
        <input
          part="log-subject"
          class="input"
          name="subject"
          autocomplete="off"
          aria-invalid=${this.subjectError ? 'true' : 'false'}
          aria-describedby=${this.subjectError ? 'subject-error' : nothing}
          @input=${() => this.subjectError && (this.subjectError = null)}
        />
        ${
          this.subjectError
            ? html`<span part="field-error" class="field-error" id="subject-error"
                >${this.subjectError}</span
              >`
            : nothing
        }
      </label>
      <label class="field wide">
        ${msg('Details', { id: 'customer.log.body' })}
        <textarea part="log-body" class="input" name="body" rows="2"></textarea>
      </label>
      <label class="field">
        ${msg('With', { id: 'customer.log.contact' })}
        <select part="log-contact" class="input" name="contact">
          <option value="">${msg('No one in particular', { id: 'customer.log.noContact' })}</option>
          ${contacts.map((c) => html`<option value=${c.contactId}>${c.name}</option>`)}
        </select>
      </label>
      <label class="field">
        ${msg('Follow up on', { id: 'customer.log.followup' })}
        <input part="log-followup" class="input" type="date" name="followup" />
      </label>
      <div class="log-actions">
        <button part="log-submit" class="button primary" type="submit">
          ${logButtonLabel(this.logType)}
        </button>
      </div>
    </form>`;
  }

  private renderActivity(a: TimelineItem, data: CardData, locale: LodeLocale) {
    const contact = a.contactId
      ? data.partner.contacts.find((c) => c.contactId === a.contactId)
      : undefined;
    return html`<li
      part=${a.pending ? 'activity activity-pending' : 'activity'}
      class="activity ${a.pending ? 'pending' : ''}"
      data-id=${a.id}
    >
      <span part="activity-type" class="badge type-${a.type}">${activityTypeLabel(a.type)}</span>
      <span part="activity-subject" class="strong">${a.subject}</span>
      <time part="activity-time" class="muted" datetime=${a.occurredAt}>
        ${formatInstant(a.occurredAt, locale)}
      </time>
      ${
        a.pending
          ? html`<span class="muted">${msg('Saving…', { id: 'customer.saving' })}</span>`
          : nothing
      }
      ${contact ? html`<span class="muted">${contact.name}</span>` : nothing}
      ${
        a.type === 'task' && !a.done && a.dueAt
          ? html`<span class="badge"
              >${msg(str`Due ${formatInstantDay(a.dueAt, locale)}`, { id: 'customer.taskDue' })}</span
            >`
          : nothing
      }
      ${a.body ? html`<p part="activity-body" class="activity-body">${a.body}</p>` : nothing}
    </li>`;
  }

  private renderTimeline(data: CardData, locale: LodeLocale) {
    return this.section(
      'timeline-title',
      msg('Activities', { id: 'customer.timeline' }),
      html`${this.renderLogForm(data)}
      ${
        data.timeline.length
          ? html`<ol part="timeline" class="timeline">
              ${data.timeline.map((a) => this.renderActivity(a, data, locale))}
            </ol>`
          : renderEmpty(msg('No activities yet.', { id: 'customer.noActivities' }))
      }
      ${
        data.timelineCursor
          ? html`<button
              part="more-button"
              class="button"
              type="button"
              ?disabled=${this.loadingMore}
              @click=${() => void this.showMore()}
            >
              ${msg('Show older activities', { id: 'customer.more' })}
            </button>`
          : nothing
      }`,
      'timeline-section',
    );
  }

  private renderBody(locale: LodeLocale): TemplateResult {
    if (!this.client)
      return renderEmpty(
        msg('Waiting for a connection: put the card inside a lode-provider that has a token.', {
          id: 'customer.noClient',
        }),
      );
    if (!this.partnerId)
      return renderEmpty(msg('No customer chosen.', { id: 'customer.noPartner' }));
    if (this.cardTask.status === TaskStatus.ERROR)
      return renderError(this.cardTask.error, () => void this.refresh());
    const data = this.data;
    if (!data || data.partner.id !== this.partnerId) return renderSkeleton(4);
    return html`${this.renderHeader(data)}
      <div class="sections">
        ${this.renderFollowUp(data, locale)} ${this.renderReceivables(data, locale)}
        ${this.renderOpportunities(data, locale)} ${this.renderContacts(data)}
        ${this.renderAddresses(data)}
      </div>
      ${this.renderTimeline(data, locale)}`;
  }

  protected override render() {
    const locale = this.locale.value;
    const loading = this.cardTask.status === TaskStatus.PENDING;
    return html`<article
        part="base"
        class="card"
        aria-busy=${loading ? 'true' : 'false'}
        aria-label=${this.data?.partner.name ?? msg('Customer', { id: 'customer.label' })}
      >
        ${
          this.message
            ? html`<div part="message" class="message ${this.message.kind}" role="alert">
                <span>${this.message.text}</span>
                <button class="button" type="button" @click=${() => (this.message = null)}>
                  ${msg('Dismiss', { id: 'customer.dismiss' })}
                </button>
              </div>`
            : nothing
        }
        ${this.renderBody(locale)}
      </article>
      ${this.announcer.render()}`;
  }
}
