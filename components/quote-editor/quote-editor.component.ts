import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { Task, TaskStatus, initialState } from '@lit/task';
import { msg, str } from '@lit/localize';
import type { DocumentTotals } from '../../core/money/index.ts';
import type { QuoteDetail } from '../../core/schemas/quotes.ts';
import { scopeOf, type Permission } from '../../core/permissions.ts';
import { fieldIssuesOf } from '../../core/client.ts';
import {
  clientContext,
  currentUserContext,
  type LodestoneClient,
  type Me,
} from '../context/contexts.ts';
import { LodeOrderCreatedEvent } from '../events/lode-order-created.ts';
import { LodeQuoteAcceptEvent } from '../events/lode-quote-accept.ts';
import { LodeQuoteCreateOrderEvent } from '../events/lode-quote-create-order.ts';
import { LodeQuoteRejectEvent } from '../events/lode-quote-reject.ts';
import { LodeQuoteReviseEvent } from '../events/lode-quote-revise.ts';
import { LodeQuoteSaveEvent, type QuoteSave } from '../events/lode-quote-save.ts';
import { LodeQuoteSendEvent } from '../events/lode-quote-send.ts';
import { Announcer } from '../shared/announcer.ts';
import { errorCode, errorMessage } from '../shared/errors.ts';
import { FormAssociated } from '../shared/form-associated.ts';
import { today } from '../shared/format.ts';
import { LocaleController } from '../shared/locale-controller.ts';
import {
  controlStyles,
  renderEmpty,
  renderError,
  renderSkeleton,
  stateStyles,
} from '../shared/states.ts';
import { tokenStyles } from '../themes/tokens.styles.ts';
import { renderActions } from './actions-view.ts';
import { renderComparison } from './comparison-view.ts';
import { draftOf, emptyDraft, pricingInput, type Draft } from './draft.ts';
import { DraftEditor } from './draft-editor.ts';
import { fieldState } from './field-parts.ts';
import { renderHeaderFields } from './header-fields.ts';
import { renderLines } from './lines-table.ts';
import { statusLabel, versionLabel } from './messages.ts';
import { ProductPicker } from './product-picker.ts';
import { editorStyles } from './quote-editor.styles.ts';
import { loadOpportunity, loadQuote, type Comparison, type EditorData } from './quote-data.ts';
import { renderTotals } from './totals-view.ts';
import { renderVersionBar } from './version-bar.ts';
import { localizedName } from '../../core/localized-name.ts';

type Action = 'save' | 'send' | 'revise' | 'accept' | 'reject' | 'order' | 'compare';

const newKey = () => `quote-editor-${crypto.randomUUID()}`;

/**
 * @tagname lode-quote-editor
 * @summary A quote (报价单) with its versions: product picker (searching products, priced by the
 * customer's price list with its volume tiers), lines with quantity, unit price, line discount
 * (percent or amount) and tax rate, a quote discount, and totals computed by core/money's
 * `computeTotals`, the function the server stores them with, so what is shown is what is saved.
 * Every field shows its own problem as it is typed, and the server's refusals on the same
 * fields. The version bar opens any version, revises one into a new draft, and compares two with
 * the differences highlighted. A draft is saved and sent; a sent version is accepted or
 * rejected; an accepted one becomes a sales order. Needs a client through context
 * (`lode-provider`).
 *
 * Form-associated: inside a page's `<form>` it submits the **quote id** under its `name` (nothing
 * while the quote is not saved yet), and it is invalid while a field has a problem or edits are
 * unsaved (`required` also makes a missing quote invalid); a form reset discards unsaved edits,
 * and `disabled` (or a disabled fieldset) makes it read-only.
 *
 * Numbers are typed in the user's locale ("1,280.50"); each input keeps its text apart from the
 * exact value (minor units, thousandths, basis points) that core/money parses from it, and a
 * value with more decimals than the currency has is refused, never rounded.
 *
 * @event lode-quote-save - Before a draft is created or updated (`LodeQuoteSaveEvent`: `.quote`,
 * `.save` with the exact input). Cancelable: nothing is sent, the edits stay.
 * @event lode-quote-send - Before a draft version is sent (`LodeQuoteSendEvent`). Cancelable.
 * @event lode-quote-revise - Before a new draft is copied from the open version (`LodeQuoteReviseEvent`). Cancelable.
 * @event lode-quote-accept - Before the customer's acceptance is recorded (`LodeQuoteAcceptEvent`). Cancelable.
 * @event lode-quote-reject - Before the customer's rejection is recorded (`LodeQuoteRejectEvent`). Cancelable.
 * @event lode-quote-create-order - Before an order is made from the accepted version (`LodeQuoteCreateOrderEvent`). Cancelable.
 * @event lode-order-created - The order was made (`LodeOrderCreatedEvent`, `.order`).
 * @event change - The quote was saved (the form value, the quote id, may be new).
 *
 * @csspart base - Everything inside the element.
 * @csspart header - Number, title, status and order.
 * @csspart title - The quote's number and title (a new quote: its opportunity).
 * @csspart status-badge - The quote's status, and each version's inside its button.
 * @csspart order - The order made from the quote.
 * @csspart version-bar - The versions, revise and compare controls.
 * @csspart versions - The list of versions.
 * @csspart version-button - A version (open it).
 * @csspart version-button-open - The open version.
 * @csspart revise-button - Revise as a new version.
 * @csspart compare-controls - The two versions to compare, and the button.
 * @csspart compare-a - The older version to compare.
 * @csspart compare-b - The newer version to compare.
 * @csspart compare-button - Show differences.
 * @csspart comparison - Two versions compared.
 * @csspart comparison-title - Which versions.
 * @csspart comparison-close - Closes the comparison.
 * @csspart comparison-lines - The lines compared.
 * @csspart comparison-row - A line compared.
 * @csspart comparison-added - A line only in the newer version.
 * @csspart comparison-removed - A line only in the older version.
 * @csspart comparison-changed - A changed line, figure or total.
 * @csspart comparison-same - A line that did not change.
 * @csspart comparison-totals - The totals compared.
 * @csspart comparison-total - A total compared.
 * @csspart comparison-header - The header fields that differ.
 * @csspart message - What happened last, or why it was refused.
 * @csspart dismiss-button - Hides the message.
 * @csspart read-only - Why the open version cannot be edited.
 * @csspart header-fields - Title, contact, dates, price list, quote discount, terms.
 * @csspart field-input - Each header input (also `field-title`, `field-contact`, `field-quoteDate`, `field-validUntil`, `field-price-list`, `field-discount-kind`, `field-discount`, `field-terms`).
 * @csspart price-mode - The currency and whether prices include tax.
 * @csspart field-error - A field's problem.
 * @csspart product-picker - The product search.
 * @csspart product-search - Its input (a combobox).
 * @csspart product-options - The products offered.
 * @csspart product-option - A product with the customer's price.
 * @csspart product-option-code - A product's code.
 * @csspart product-option-name - A product's name.
 * @csspart product-option-price - The customer's unit price of a product.
 * @csspart product-none - Said when nothing matches.
 * @csspart add-line-button - Adds a line without product.
 * @csspart lines - The lines table.
 * @csspart column-header - A column's title.
 * @csspart line - A line.
 * @csspart line-number - A line's number.
 * @csspart line-input - Each line input (also `line-description`, `line-quantity`, `line-unitPrice`, `line-discount`, `line-taxRate`).
 * @csspart line-discount-kind - Percent or amount, for a line discount.
 * @csspart line-unit - The unit of a product line.
 * @csspart line-amount - A line's amount after its discount.
 * @csspart remove-line - Removes a line.
 * @csspart totals - The totals.
 * @csspart total - Each total (also `total-subtotal`, `total-lineDiscount`, `total-headerDiscount`, `total-net`, `total-tax`, `total-gross`, `total-discount`).
 * @csspart actions - The buttons.
 * @csspart save-button - Save.
 * @csspart discard-button - Discard changes.
 * @csspart save-hint - Asks to save before sending.
 * @csspart send-button - Send to the customer.
 * @csspart create-order-button - Create the order.
 * @csspart decision - The customer's answer to a sent version.
 * @csspart decision-note - The customer's reference, or the reason for a rejection.
 * @csspart accept-button - Record acceptance.
 * @csspart reject-button - Record rejection.
 * @csspart skeleton - Placeholder while loading.
 * @csspart empty - No lines, or nothing to show.
 * @csspart error - A failed load.
 * @csspart retry-button - Loads again after a failure.
 * @csspart live-region - The (visually hidden) announcements.
 *
 * @cssproperty --lode-color-accent - Primary buttons, the open version, focus.
 * @cssproperty --lode-color-success-soft - Added lines and new values in a comparison.
 * @cssproperty --lode-color-danger-soft - Removed lines and old values in a comparison.
 * @cssproperty --lode-color-warning-soft - Changed figures in a comparison.
 * @cssproperty --lode-color-danger - Field problems and error messages.
 */
export class LodeQuoteEditor extends FormAssociated(LitElement) {
  static override styles = [tokenStyles, stateStyles, controlStyles, editorStyles];

  /** The quote to open (its latest version). Set by the editor once a new quote is saved. */
  @property({ type: Number, attribute: 'quote-id', reflect: true }) quoteId?: number;

  /** Without `quote-id`: starts a new quote for this opportunity (created on the first save). */
  @property({ type: Number, attribute: 'opportunity-id' }) opportunityId?: number;

  /** Inside a form: invalid while no quote is saved. */
  @property({ type: Boolean, reflect: true }) required = false;

  @consume({ context: clientContext, subscribe: true })
  @state()
  private client?: LodestoneClient;

  @consume({ context: currentUserContext, subscribe: true })
  @state()
  private user?: Me | null;

  @state() private data?: EditorData | null;
  @state() private busy: Action | null = null;
  @state() private notice: { text: string; kind: 'error' | 'info' } | null = null;
  @state() private openVersionNo?: number;
  @state() private comparison: Comparison | null = null;
  @state() private compareA = 0;
  @state() private compareB = 0;
  @state() private decisionNote = '';
  @state() private decisionMissing = false;

  /** Data a write just returned: the load task takes it instead of fetching it again. */
  private ahead?: EditorData;
  private createKey = newKey();
  private orderKey = newKey();

  private readonly locale = new LocaleController(this);
  private readonly announcer = new Announcer(this);
  private readonly editor = new DraftEditor(this, {
    client: () => this.client,
    partnerId: () => this.data?.partnerId,
    locale: () => this.locale.value,
    editable: () => this.editable,
    announce: (text) => this.announcer.announce(text),
    say: (text, kind) => this.say(text, kind),
    focus: (selector) =>
      void this.updateComplete.then(() =>
        this.renderRoot.querySelector<HTMLElement>(selector)?.focus(),
      ),
  });
  private readonly picker = new ProductPicker(this, {
    client: () => this.client,
    locale: () => this.locale.value,
    pricing: () => {
      const draft = this.editor.draft;
      return this.data && draft
        ? { partnerId: this.data.partnerId, date: draft.quoteDate, priceListId: draft.priceListId }
        : null;
    },
    pick: (product) => this.editor.addProduct(product),
  });

  private readonly loadTask = new Task(this, {
    args: () => [this.client, this.quoteId, this.opportunityId, this.openVersionNo] as const,
    task: async ([client, quoteId, opportunityId, versionNo], { signal }) => {
      if (!client) return initialState;
      const ahead = this.ahead;
      this.ahead = undefined;
      const quote = ahead?.quote;
      if (quote && quote.id === quoteId && quote.current.versionNo === versionNo) return ahead!;
      if (quoteId) return loadQuote(client, quoteId, versionNo, signal);
      if (opportunityId) return loadOpportunity(client, opportunityId, today(), signal);
      return null;
    },
    onComplete: (data) => this.adopt(data),
  });

  // ---- public API ----

  /** The quote as last loaded or saved (the open version in `current`); null for a new one. */
  get quote(): QuoteDetail | null {
    return this.data?.quote ?? null;
  }

  /** The totals of what is on screen (computeTotals); null while a field is invalid. */
  get totals(): DocumentTotals | null {
    return this.editor.evaluation.totals;
  }

  /** True while there are edits not saved yet. */
  get dirty(): boolean {
    return this.editor.unsaved;
  }

  /** Loads the quote again from the server (unsaved edits are dropped). */
  refresh(): Promise<void> {
    this.ahead = undefined;
    return this.loadTask.run();
  }

  /** Puts the open version back as it was saved. */
  discard(): void {
    if (this.data !== undefined) this.adopt(this.data);
  }

  /** Opens another version (not while edits are unsaved). */
  openVersion(versionNo: number): void {
    if (this.dirty || versionNo === this.quote?.current.versionNo) return;
    this.comparison = null;
    this.openVersionNo = versionNo;
  }

  formResetCallback(): void {
    this.discard();
  }

  formStateRestoreCallback(saved: string | File | FormData | null): void {
    if (typeof saved === 'string' && /^\d+$/.test(saved) && !this.quoteId)
      this.quoteId = Number(saved);
  }

  // ---- state ----

  private draftFor(data: EditorData | null): Draft | undefined {
    if (!data) return undefined;
    if (data.quote) return draftOf(data.quote.title, data.quote.current, this.locale.value);
    return emptyDraft(
      data.opportunityName,
      data.start?.quoteDate ?? today(),
      data.start?.prices ?? null,
    );
  }

  private adopt(data: EditorData | null): void {
    this.data = data;
    this.editor.reset(this.draftFor(data));
    this.decisionNote = '';
    this.decisionMissing = false;
    const quote = data?.quote;
    if (quote) {
      const open = quote.current;
      this.compareB = open.versionNo;
      this.compareA =
        open.basedOnVersionNo ??
        quote.versions.find((v) => v.versionNo < open.versionNo)?.versionNo ??
        quote.versions.find((v) => v.versionNo !== open.versionNo)?.versionNo ??
        open.versionNo;
    }
  }

  /** A write's answer: shown at once, and the attributes follow without a second fetch. */
  private showQuote(quote: QuoteDetail): void {
    const data: EditorData = {
      ...(this.data ?? {
        contacts: [],
        priceLists: [],
        order: null,
        opportunityName: quote.title,
      }),
      quote,
      opportunityId: quote.opportunityId,
      partnerId: quote.partnerId,
    };
    this.adopt(data);
    this.comparison = null;
    // Only when the load task will run for the new attributes; it then takes these data.
    const moved = this.quoteId !== quote.id || this.openVersionNo !== quote.current.versionNo;
    this.ahead = moved ? data : undefined;
    this.quoteId = quote.id;
    this.openVersionNo = quote.current.versionNo;
  }

  private allowed(permission: Permission): boolean {
    const user = this.user;
    // Not known (yet): offer it and let the server decide.
    if (!user) return user === undefined;
    return scopeOf(user.role, permission) !== 'none' && user.token.scopes.includes('write');
  }

  private get editable(): boolean {
    const quote = this.data?.quote;
    return (
      !!this.editor.draft &&
      !this.formDisabled &&
      this.allowed('quotes.write') &&
      (!quote || quote.current.status === 'draft')
    );
  }

  private say(text: string, kind: 'error' | 'info'): void {
    this.notice = text ? { text, kind } : null;
    if (text) this.announcer.announce(text);
  }

  // ---- writes ----

  /** Runs a write with the buttons disabled; a refusal is shown on its fields or in the message line. */
  private async run(action: Action, work: (client: LodestoneClient) => Promise<string>) {
    const client = this.client;
    if (!client || this.busy) return false;
    this.busy = action;
    this.notice = null;
    try {
      this.say(await work(client), 'info');
      return true;
    } catch (err) {
      this.refused(err);
      return false;
    } finally {
      this.busy = null;
    }
  }

  private refused(err: unknown): void {
    if (fieldIssuesOf(err).length) {
      const unplaced = this.editor.showServerProblems(err);
      this.say(
        unplaced.length
          ? unplaced.join(' ')
          : msg('The server refused the marked fields.', { id: 'quote.refusedFields' }),
        'error',
      );
      return;
    }
    this.say(errorMessage(err), 'error');
    if (errorCode(err) === 'CONFLICT') void this.refresh();
  }

  private canceled(): void {
    this.say(msg('Canceled: nothing was sent.', { id: 'quote.canceled' }), 'info');
  }

  /** Saves the draft (creating the quote the first time). Resolves true when saved. */
  async save(): Promise<boolean> {
    const data = this.data;
    const draft = this.editor.draft;
    if (!data || !draft || !this.editable || this.busy) return false;
    if (!this.editor.submit()) {
      this.say(msg('Correct the marked fields first.', { id: 'quote.fixFirst' }), 'error');
      return false;
    }
    const quote = data.quote;
    const fields = pricingInput(draft);
    const save: QuoteSave = quote
      ? {
          kind: 'update',
          input: {
            id: quote.id,
            versionNo: quote.current.versionNo,
            version: quote.version,
            patch: fields,
          },
        }
      : {
          kind: 'create',
          input: { opportunityId: data.opportunityId, ...fields, idempotencyKey: this.createKey },
        };
    const intent = new LodeQuoteSaveEvent({ quote, save });
    if (!this.dispatchEvent(intent)) {
      this.canceled();
      return false;
    }
    return this.run('save', async (client) => {
      const saved =
        save.kind === 'update'
          ? await client.quotes.update.mutate(save.input)
          : await client.quotes.create.mutate(save.input);
      if (save.kind === 'create') this.createKey = newKey();
      this.showQuote(saved);
      this.dispatchEvent(new Event('change', { bubbles: true }));
      return msg(str`Saved ${saved.number}, version ${saved.current.versionNo}.`, {
        id: 'quote.saved',
      });
    });
  }

  /** Sends the open draft version (save edits first). */
  async send(): Promise<boolean> {
    const quote = this.quote;
    if (!quote || this.dirty || quote.current.status !== 'draft') return false;
    const versionNo = quote.current.versionNo;
    const intent = new LodeQuoteSendEvent({ quote, versionNo });
    if (!this.dispatchEvent(intent)) {
      this.canceled();
      return false;
    }
    return this.run('send', async (client) => {
      this.showQuote(
        await client.quotes.send.mutate({ id: quote.id, versionNo, version: quote.version }),
      );
      return msg(str`Version ${versionNo} was sent.`, { id: 'quote.sent' });
    });
  }

  /** Starts a new draft version copied from the open one. */
  async revise(): Promise<boolean> {
    const quote = this.quote;
    if (!quote || this.dirty) return false;
    const from = quote.current.versionNo;
    const intent = new LodeQuoteReviseEvent({ quote, fromVersionNo: from });
    if (!this.dispatchEvent(intent)) {
      this.canceled();
      return false;
    }
    return this.run('revise', async (client) => {
      const revised = await client.quotes.revise.mutate({ id: quote.id, fromVersionNo: from });
      this.showQuote(revised);
      return msg(str`Version ${revised.current.versionNo} is a new draft.`, {
        id: 'quote.revised',
      });
    });
  }

  /** Records the customer's acceptance of the open (sent) version. */
  async accept(note = this.decisionNote): Promise<boolean> {
    const quote = this.quote;
    if (!quote || quote.current.status !== 'sent') return false;
    const versionNo = quote.current.versionNo;
    const text = note.trim() || null;
    const intent = new LodeQuoteAcceptEvent({ quote, versionNo, note: text });
    if (!this.dispatchEvent(intent)) {
      this.canceled();
      return false;
    }
    return this.run('accept', async (client) => {
      this.showQuote(
        await client.quotes.accept.mutate({
          id: quote.id,
          versionNo,
          version: quote.version,
          note: text,
        }),
      );
      return msg(str`Version ${versionNo} was accepted.`, { id: 'quote.accepted' });
    });
  }

  /** Records the customer's rejection of the open version, with their reason. */
  async reject(reason = this.decisionNote): Promise<boolean> {
    const quote = this.quote;
    if (!quote || !['sent', 'expired'].includes(quote.current.status)) return false;
    const text = reason.trim();
    if (!text) {
      this.decisionMissing = true;
      void this.updateComplete.then(() =>
        this.renderRoot.querySelector<HTMLElement>('#decision-note')?.focus(),
      );
      return false;
    }
    const versionNo = quote.current.versionNo;
    const intent = new LodeQuoteRejectEvent({ quote, versionNo, reason: text });
    if (!this.dispatchEvent(intent)) {
      this.canceled();
      return false;
    }
    return this.run('reject', async (client) => {
      this.showQuote(
        await client.quotes.reject.mutate({
          id: quote.id,
          versionNo,
          version: quote.version,
          reason: text,
        }),
      );
      return msg(str`Version ${versionNo} was rejected.`, { id: 'quote.rejected' });
    });
  }

  /** Makes a sales order from the accepted version. */
  async createOrder(): Promise<boolean> {
    const quote = this.quote;
    const versionNo = quote?.acceptedVersionNo;
    if (!quote || !versionNo || this.data?.order) return false;
    const intent = new LodeQuoteCreateOrderEvent({ quote, versionNo });
    if (!this.dispatchEvent(intent)) {
      this.canceled();
      return false;
    }
    return this.run('order', async (client) => {
      const order = await client.orders.createFromQuote.mutate({
        quoteId: quote.id,
        versionNo,
        idempotencyKey: this.orderKey,
      });
      this.orderKey = newKey();
      if (this.data) this.data = { ...this.data, order };
      const created = new LodeOrderCreatedEvent({ order });
      this.dispatchEvent(created);
      return msg(str`Order ${order.number} was created.`, { id: 'quote.orderCreated' });
    });
  }

  /** Shows what changed between two versions of the quote. */
  async compare(a = this.compareA, b = this.compareB): Promise<boolean> {
    const quote = this.quote;
    if (!quote || a === b) return false;
    this.compareA = a;
    this.compareB = b;
    return this.run('compare', async (client) => {
      this.comparison = await client.quotes.compare.query({ id: quote.id, a, b });
      return '';
    });
  }

  // ---- form association ----

  private syncForm(): void {
    const id = this.quote?.id;
    this.internals.setFormValue(id ? String(id) : null);
    const anchor =
      this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]') ??
      this.renderRoot.querySelector<HTMLElement>('[part~="save-button"]') ??
      undefined;
    if (this.editor.evaluation.problems.size)
      this.internals.setValidity(
        { customError: true },
        msg('Some fields of the quote need correcting.', { id: 'quote.validity.problems' }),
        anchor,
      );
    else if (this.dirty)
      this.internals.setValidity(
        { customError: true },
        msg('The quote has unsaved changes.', { id: 'quote.validity.unsaved' }),
        anchor,
      );
    else if (this.required && !id)
      this.internals.setValidity(
        { valueMissing: true },
        msg('Save the quote first.', { id: 'quote.validity.missing' }),
        anchor,
      );
    else this.internals.setValidity({});
  }

  // ---- rendering ----

  protected override willUpdate(changed: PropertyValues<this>): void {
    // The page opened another quote (or opportunity): start afresh at its latest version.
    const ours = !!this.ahead?.quote && this.ahead.quote.id === this.quoteId;
    if ((changed.has('quoteId') || changed.has('opportunityId')) && !ours && this.data) {
      this.openVersionNo = undefined;
      this.data = undefined;
      this.editor.reset(undefined);
      this.comparison = null;
      this.notice = null;
    }
  }

  protected override updated(): void {
    this.syncForm();
  }

  private renderHeader(quote: QuoteDetail | null) {
    const order = this.data?.order;
    const title = quote
      ? `${quote.number} · ${quote.title}`
      : msg(str`New quote for ${this.data?.opportunityName ?? ''}`, { id: 'quote.new' });
    return html`<header part="header" class="header">
      <h2 part="title" class="title">${title}</h2>
      ${
        quote
          ? html`<span part="status-badge" class="badge ${quote.status}" data-status=${quote.status}
              >${statusLabel(quote.status)}</span
            >`
          : nothing
      }
      ${
        order
          ? html`<span part="order" class="order" data-order=${order.id}
              >${msg(str`Order ${order.number}`, { id: 'quote.order' })}</span
            >`
          : nothing
      }
    </header>`;
  }

  private renderNotice() {
    const n = this.notice;
    if (!n) return nothing;
    return html`<div
      part="message"
      class="message ${n.kind}"
      role=${n.kind === 'error' ? 'alert' : nothing}
    >
      <span>${n.text}</span>
      <button
        type="button"
        class="button"
        part="dismiss-button"
        @click=${() => (this.notice = null)}
      >
        ${msg('Dismiss', { id: 'quote.dismiss' })}
      </button>
    </div>`;
  }

  private readOnlyReason(quote: QuoteDetail | null): string | null {
    if (this.editable || !this.editor.draft) return null;
    if (!this.allowed('quotes.write') || this.formDisabled)
      return msg('You can read this quote but not change it.', { id: 'quote.readOnly' });
    if (quote)
      return msg(
        str`${versionLabel(quote.current.versionNo)} (${statusLabel(quote.current.status)}) cannot be changed; revise it to make a new version.`,
        { id: 'quote.frozen' },
      );
    return null;
  }

  private renderVersions(quote: QuoteDetail) {
    return renderVersionBar({
      quote,
      dirty: this.dirty,
      canRevise:
        this.allowed('quotes.write') &&
        !this.formDisabled &&
        quote.acceptedVersionNo === null &&
        !quote.versions.some((v) => v.status === 'draft'),
      busy: !!this.busy,
      compareA: this.compareA,
      compareB: this.compareB,
      on: {
        open: (n) => this.openVersion(n),
        revise: () => void this.revise(),
        compareWith: (which, n) => {
          if (which === 'a') this.compareA = n;
          else this.compareB = n;
        },
        compare: () => void this.compare(),
      },
    });
  }

  private renderComparison(data: EditorData, comparison: Comparison) {
    const locale = this.locale.value;
    const lookups = {
      priceList: (id: number) => {
        const list = data.priceLists.find((l) => l.id === id);
        return list ? localizedName(list, locale) : `#${id}`;
      },
      contact: (id: number) => data.contacts.find((c) => c.id === id)?.name ?? `#${id}`,
    };
    return renderComparison(comparison, locale, lookups, () => (this.comparison = null));
  }

  private renderActions(quote: QuoteDetail | null) {
    const status = quote?.current.status;
    return renderActions({
      quote,
      editable: this.editable,
      unsaved: this.dirty,
      busy: !!this.busy,
      saveBlocked: this.editor.repricing || (!!quote && !this.dirty),
      canOrder:
        quote?.acceptedVersionNo != null &&
        !this.data?.order &&
        this.allowed('orders.write') &&
        !this.formDisabled,
      canDecide:
        quote?.acceptedVersionNo === null &&
        (status === 'sent' || status === 'expired') &&
        this.allowed('quotes.decide') &&
        !this.formDisabled,
      decisionNote: this.decisionNote,
      decisionMissing: this.decisionMissing,
      on: {
        save: () => void this.save(),
        discard: () => this.discard(),
        send: () => void this.send(),
        createOrder: () => void this.createOrder(),
        note: (text) => {
          this.decisionNote = text;
          this.decisionMissing = false;
        },
        accept: () => void this.accept(),
        reject: () => void this.reject(),
      },
    });
  }

  private renderEditor(data: EditorData, draft: Draft) {
    const quote = data.quote;
    const locale = this.locale.value;
    const problems = this.editor.visibleProblems();
    const editable = this.editable;
    const reason = this.readOnlyReason(quote);
    const totals = this.editor.evaluation.totals;
    return html`${this.renderHeader(quote)} ${quote ? this.renderVersions(quote) : nothing}
    ${this.comparison ? this.renderComparison(data, this.comparison) : nothing}
    ${this.renderNotice()}
    ${reason ? html`<p part="read-only" class="hint read-only">${reason}</p>` : nothing}
    ${renderHeaderFields({
      draft,
      problems,
      editable,
      locale,
      contacts: data.contacts,
      priceLists: data.priceLists,
      on: this.editor.header,
    })}
    ${
      editable
        ? html`<div class="add">
            ${this.picker.render(!!this.busy)}
            <button
              type="button"
              class="button"
              part="add-line-button"
              ?disabled=${!!this.busy}
              @click=${() => this.editor.addFreeLine()}
            >
              ${msg('Add a line without product', { id: 'quote.addLine' })}
            </button>
          </div>`
        : nothing
    }
    ${fieldState(problems, 'lines', 'text', draft.currency).message}
    ${renderLines({ draft, totals, problems, editable, locale, on: this.editor.lines })}
    ${renderTotals(totals, draft.currency, locale)} ${this.renderActions(quote)}`;
  }

  private renderBody() {
    if (!this.client)
      return renderEmpty(
        msg('Not connected: put the quote editor inside lode-provider.', { id: 'quote.noClient' }),
      );
    const draft = this.editor.draft;
    if (this.data && draft) return this.renderEditor(this.data, draft);
    if (this.loadTask.status === TaskStatus.ERROR)
      return renderError(this.loadTask.error, () => void this.refresh());
    if (this.data === null)
      return renderEmpty(
        msg('Set quote-id to open a quote, or opportunity-id to start one.', {
          id: 'quote.nothing',
        }),
      );
    return renderSkeleton(4);
  }

  protected override render() {
    const loading = this.data === undefined && this.loadTask.status === TaskStatus.PENDING;
    const busy = loading || !!this.busy || this.editor.repricing;
    return html`<div part="base" class="base" aria-busy=${busy ? 'true' : 'false'}>
        ${this.renderBody()}
      </div>
      ${this.announcer.render()}`;
  }
}
