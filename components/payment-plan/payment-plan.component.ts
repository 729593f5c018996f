import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { styleMap } from 'lit/directives/style-map.js';
import { consume } from '@lit/context';
import { Task, TaskStatus, initialState } from '@lit/task';
import { msg, str } from '@lit/localize';
import { fieldIssuesOf } from '../../core/client.ts';
import { scopeOf } from '../../core/permissions.ts';
import type { PaymentTerms } from '../../core/schemas/payment-terms.ts';
import {
  clientContext,
  currentUserContext,
  type LodeLocale,
  type LodestoneClient,
  type Me,
} from '../context/contexts.ts';
import { LodePlanGenerateEvent } from '../events/lode-plan-generate.ts';
import { LodePlanSaveEvent } from '../events/lode-plan-save.ts';
import { LodeReceiptRecordEvent } from '../events/lode-receipt-record.ts';
import { RECEIPT_METHODS, type ReceiptMethod } from '../../core/schemas/receipts.ts';
import { allocationsForPlan, localToday } from './receipt-entry.ts';
import { renderVoidButton, renderVoidForm, type VoidDraft } from './receipt-void.ts';
import { Announcer } from '../shared/announcer.ts';
import { errorCode, errorMessage } from '../shared/errors.ts';
import { FormAssociated } from '../shared/form-associated.ts';
import { formatDay, formatMoney } from '../shared/format.ts';
import { LiveChanges, type ChangeNotice } from '../shared/live-changes.ts';
import { LocaleController } from '../shared/locale-controller.ts';
import {
  controlStyles,
  renderEmpty,
  renderError,
  renderSkeleton,
  stateStyles,
} from '../shared/states.ts';
import { tokenStyles } from '../themes/tokens.styles.ts';
import { problemText, statusLabel } from './labels.ts';
import { loadPlan, previewOf, type OrderDetail, type PlanView } from './plan-data.ts';
import {
  amountText,
  checkDraft,
  draftOf,
  parseAmountText,
  planAfter,
  remainingOf,
  splitRemainder,
  updateEntries,
  withAmountText,
  withDueDate,
  withNewRow,
  withTidyAmount,
  withoutRow,
  type DraftProblem,
  type DraftRow,
  type Installment,
  type PlanDraft,
} from './plan-draft.ts';
import { paymentPlanStyles } from './payment-plan.styles.ts';
import { localizedName } from '../../core/localized-name.ts';

type PaymentPlan = Extract<PlanView, { kind: 'plan' }>['plan'];

/** A fresh idempotency key: a retried generate makes one plan. */
function newKey(): string {
  return `plan-${crypto.randomUUID()}`;
}

/** `installments.2.amount` (the server's field issues) → row 2's amount. */
function problemsFromIssues(err: unknown): DraftProblem[] {
  return fieldIssuesOf(err).map((issue) => {
    const m = /^installments\.(\d+)\.(\w+)$/.exec(issue.field);
    if (!m) return { row: null, field: 'plan', rule: issue.rule, message: issue.message };
    return {
      row: Number(m[1]),
      field: m[2] === 'dueDate' ? 'dueDate' : 'amount',
      rule: issue.rule,
      message: issue.message,
    };
  });
}

/**
 * @tagname lode-payment-plan
 * @summary An order's payment plan (回款计划): its installments with due date, amount, what was
 * received (and by which receipts), status (overdue highlighted) and a progress bar of received
 * versus total. Without a plan, it generates one from the payment terms (with a preview). Unpaid
 * installments can be moved, changed, added, removed or re-split while the plan keeps summing
 * to the order total exactly: the remaining amount is shown and must be zero to save; paid and
 * partly paid installments are locked. The rules are core/receivables', the same the server
 * runs. Changes made elsewhere (a receipt applied, another user's edit) reach it as live change
 * notices and reload it; an edit in progress is kept and its save then meets the newer version,
 * which is reloaded with a message. Needs a client through context (`lode-provider`).
 *
 * Form-associated: inside a page's `<form>` it submits the plan's id under its `name` (nothing
 * while the order has no plan), is invalid while an edit is open (`customError`: installments
 * that do not add up, or edits not saved yet), `form.reset()` drops the edit, and `disabled`
 * (or a disabled `<fieldset>`) makes it read-only.
 *
 * @event lode-plan-save - Before an edited plan is sent, with the new schedule already shown
 * (`LodePlanSaveEvent`, `.plan` as loaded, `.installments` as sent). Cancelable:
 * `preventDefault()` shows the plan as it was again and keeps the edit open.
 * @event lode-receipt-record - Before a receipt is recorded from the plan (finance;
 * `LodeReceiptRecordEvent`, `.request` = `{ partnerId, planId, date, amount, currency, method,
 * reference, allocations }`). Cancelable: `preventDefault()` sends nothing.
 * @event lode-plan-generate - Before a plan is generated (`LodePlanGenerateEvent`, `.request` =
 * `{ orderId, termsId }`). Cancelable: `preventDefault()` sends nothing.
 *
 * @csspart base - The element's box.
 * @csspart summary - Order, customer, figures and progress.
 * @csspart title - The heading.
 * @csspart figures - Total, received and outstanding (`total`, `paid`, `outstanding`).
 * @csspart progress - The progress bar's track; `progress-bar` is its fill.
 * @csspart installments - The table of installments.
 * @csspart installment - A row (also `installment-overdue`, `installment-locked`, `installment-new`).
 * @csspart due-date - An installment's due date.
 * @csspart amount - An installment's amount.
 * @csspart received - What was received against it.
 * @csspart remaining-due - What is still owed on it.
 * @csspart status-badge - Its status (also `status-open`, `status-partly_paid`, `status-paid`, `status-overdue`).
 * @csspart locked-badge - The marker of a paid or partly paid (locked) installment.
 * @csspart receipts - The receipts applied to it, each a `receipt`.
 * @csspart edit-button - Starts editing.
 * @csspart receipt-button - Opens the receipt form (finance users).
 * @csspart receipt-form - Records a receipt: `receipt-amount`, `receipt-date`, `receipt-method`,
 * `receipt-reference`, `receipt-save`, `receipt-cancel`.
 * @csspart receipt-void - Beside a receipt: opens the void form (users who may void receipts).
 * @csspart void-form - Voids a receipt: `void-reason`, `void-confirm`, `void-cancel`.
 * @csspart editor - The edit form; its fields are `due-input` and `amount-input` (with `field-error`).
 * @csspart remove-button - Removes an unpaid installment.
 * @csspart add-button - Adds an installment.
 * @csspart split-button - Splits the remainder over the blank (or all unpaid) installments.
 * @csspart remaining - What is left to assign (with `remaining-off` while it is not zero).
 * @csspart plan-error - A problem with the plan as a whole.
 * @csspart save-button - Saves the edit.
 * @csspart cancel-button - Leaves the edit.
 * @csspart generate - The form that generates a plan (`terms-select`, `preview`, `generate-button`).
 * @csspart message - Why a save was refused or reloaded.
 * @csspart skeleton - Placeholder while loading.
 * @csspart empty - Said when there is nothing to show.
 * @csspart error - A failed load, with a `retry-button`.
 * @csspart live-region - The (visually hidden) announcements.
 *
 * @cssproperty --lode-color-danger - Overdue rows and problems.
 * @cssproperty --lode-color-danger-soft - Background of an overdue row.
 * @cssproperty --lode-color-success - The progress bar and paid badges.
 * @cssproperty --lode-color-warning-soft - Partly paid badges.
 * @cssproperty --lode-color-surface-sunken - The progress bar's track and locked rows.
 * @cssproperty --lode-radius - Corner radius.
 */
export class LodePaymentPlan extends FormAssociated(LitElement) {
  static override styles = [tokenStyles, stateStyles, controlStyles, paymentPlanStyles];

  /** The order whose plan is shown. */
  @property({ type: Number, attribute: 'order-id' }) orderId?: number;

  @consume({ context: clientContext, subscribe: true })
  @state()
  private client?: LodestoneClient;

  @consume({ context: currentUserContext, subscribe: true })
  @state()
  private user?: Me | null;

  @state() private view?: PlanView;
  @state() private draft: PlanDraft | null = null;
  @state() private problems: DraftProblem[] = [];
  @state() private saving = false;
  @state() private termsId: number | null = null;
  @state() private message: { text: string; kind: 'error' | 'info' } | null = null;
  /** The receipt being typed (finance), or null when the form is closed. */
  @state() private receipt: {
    amountText: string;
    date: string;
    method: ReceiptMethod;
    reference: string;
    invalid: boolean;
  } | null = null;
  /** The receipt being voided (finance), or null. */
  @state() private voiding: VoidDraft | null = null;

  private readonly locale = new LocaleController(this);
  private readonly announcer = new Announcer(this);

  // A plan's changes reach it as notices on the plan, its installments (receipts applied,
  // edits) and the order (approved: a plan can now be made).
  private readonly live = new LiveChanges(this, {
    client: () => this.client,
    entities: ['paymentPlans', 'installments', 'orders'],
    onChanges: (notices) => this.onChanges(notices),
  });

  private readonly planTask = new Task(this, {
    args: () => [this.client, this.orderId] as const,
    task: ([client, orderId], { signal }) =>
      client && orderId ? loadPlan(client, orderId, signal) : initialState,
    onComplete: (view) => {
      this.view = view;
      if (view.kind === 'none')
        this.termsId = (view.terms.find((t) => t.isDefault) ?? view.terms[0])?.id ?? null;
    },
  });

  /** Loads the plan again. Edits in progress are kept: a save then meets the newer version. */
  refresh(): Promise<void> {
    return this.planTask.run();
  }

  private onChanges(notices: ChangeNotice[]): void {
    const view = this.view;
    if (!view || this.saving) return;
    const concerns = (n: ChangeNotice) => {
      if (n.action === 'resync') return true;
      if (view.kind === 'none')
        return (n.entity === 'orders' && n.id === view.order.id) || n.entity === 'paymentPlans';
      if (n.entity === 'paymentPlans') return n.id === view.plan.id;
      if (n.entity === 'orders') return n.id === view.plan.orderId;
      return view.plan.installments.some((i) => i.id === n.id);
    };
    if (!notices.some(concerns)) return;
    if (this.draft) {
      this.message = {
        text: msg('This plan was changed elsewhere. Saving will reload it.', {
          id: 'plan.changedElsewhere',
        }),
        kind: 'info',
      };
      return;
    }
    void this.refresh();
  }

  private canEdit(): boolean {
    // `disabled` is known at once; `formDisabled` also covers a disabled <fieldset> around it.
    if (this.disabled || this.formDisabled) return false;
    const user = this.user;
    // Not known (yet): offer it and let the server decide.
    if (!user) return user === undefined;
    return (
      scopeOf(user.role, 'paymentPlans.write') !== 'none' && user.token.scopes.includes('write')
    );
  }

  // ---- generating ----

  private async generate(order: OrderDetail): Promise<void> {
    const client = this.client;
    if (!client || this.saving) return;
    const request = { orderId: order.id, termsId: this.termsId };
    const intent = new LodePlanGenerateEvent(request);
    if (!this.dispatchEvent(intent)) {
      this.announcer.announce(msg('No plan was generated.', { id: 'plan.generateCanceled' }));
      return;
    }
    this.saving = true;
    this.message = null;
    try {
      const plan = await client.paymentPlans.generate.mutate({
        orderId: order.id,
        ...(request.termsId === null ? {} : { termsId: request.termsId }),
        idempotencyKey: newKey(),
      });
      this.view = { kind: 'plan', plan };
      this.announcer.announce(msg('Payment plan generated.', { id: 'plan.generated' }));
    } catch (err) {
      this.showError(errorMessage(err));
      // Someone made the plan meanwhile: show theirs.
      if (errorCode(err) === 'CONFLICT') void this.refresh();
    } finally {
      this.saving = false;
    }
  }

  // ---- recording a receipt (finance) ----

  private canRecord(): boolean {
    if (this.disabled || this.formDisabled) return false;
    const user = this.user;
    if (!user) return false;
    return scopeOf(user.role, 'receipts.record') !== 'none' && user.token.scopes.includes('write');
  }

  private openReceipt(plan: PaymentPlan): void {
    this.receipt = {
      amountText: amountText(plan.outstanding, plan.currency, this.locale.value),
      date: localToday(),
      method: 'bank_transfer',
      reference: '',
      invalid: false,
    };
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLElement>('[part~="receipt-amount"]')?.focus(),
    );
  }

  /** Records the typed receipt, applied oldest-first to this plan; the plan then reloads. */
  private async recordReceipt(plan: PaymentPlan): Promise<void> {
    const client = this.client;
    const form = this.receipt;
    if (!client || !form || this.saving) return;
    const { amount } = parseAmountText(form.amountText, plan.currency, this.locale.value);
    if (amount === null) {
      this.receipt = { ...form, invalid: true };
      void this.focusProblem();
      return;
    }
    const request = {
      partnerId: plan.partnerId,
      planId: plan.id,
      date: form.date,
      amount,
      currency: plan.currency,
      method: form.method,
      reference: form.reference.trim() || null,
      allocations: allocationsForPlan(plan, amount).allocations,
    };
    if (!this.dispatchEvent(new LodeReceiptRecordEvent(request))) {
      this.announcer.announce(msg('No receipt was recorded.', { id: 'plan.receipt.canceled' }));
      return;
    }
    this.saving = true;
    this.message = null;
    try {
      const saved = await client.receipts.record.mutate({
        partnerId: request.partnerId,
        date: request.date,
        amount: request.amount,
        currency: request.currency,
        method: request.method,
        ...(request.reference ? { reference: request.reference } : {}),
        idempotencyKey: newKey(),
        allocations: request.allocations.length ? request.allocations : 'none',
      });
      this.receipt = null;
      this.announcer.announce(
        msg(str`Receipt ${saved.number} recorded.`, { id: 'plan.receipt.recorded' }),
      );
      await this.refresh();
    } catch (err) {
      this.showError(
        msg(str`The receipt was not recorded: ${errorMessage(err)}`, {
          id: 'plan.receipt.failed',
        }),
      );
    } finally {
      this.saving = false;
    }
  }

  // ---- voiding a receipt (finance) ----

  private canVoid(): boolean {
    const user = this.user;
    if (!user || this.disabled || this.formDisabled) return false;
    return scopeOf(user.role, 'receipts.void') !== 'none' && user.token.scopes.includes('write');
  }

  /** Voids the receipt at its current version; the plan then reloads with what is owed again. */
  private async voidReceipt(): Promise<void> {
    const client = this.client;
    const draft = this.voiding;
    if (!client || !draft || this.saving) return;
    const reason = draft.reason.trim();
    if (!reason) {
      this.voiding = { ...draft, invalid: true };
      return;
    }
    this.saving = true;
    this.message = null;
    try {
      const { version } = await client.receipts.get.query({ id: draft.receiptId });
      await client.receipts.void.mutate({ id: draft.receiptId, version, reason });
      this.voiding = null;
      this.announcer.announce(
        msg(str`Receipt ${draft.receiptNumber} voided.`, { id: 'plan.void.done' }),
      );
      await this.refresh();
    } catch (err) {
      this.showError(
        msg(str`The receipt was not voided: ${errorMessage(err)}`, { id: 'plan.void.failed' }),
      );
    } finally {
      this.saving = false;
    }
  }

  private renderVoiding() {
    const draft = this.voiding!;
    return renderVoidForm(draft, this.saving, {
      reason: (text) => {
        if (this.voiding) this.voiding = { ...this.voiding, reason: text, invalid: false };
      },
      confirm: () => void this.voidReceipt(),
      cancel: () => (this.voiding = null),
    });
  }

  private renderReceiptForm(plan: PaymentPlan) {
    const form = this.receipt!;
    // Several inputs can fire before the next render: each patch applies to the form as it is now.
    const set = (patch: Partial<NonNullable<typeof this.receipt>>) => {
      if (this.receipt) this.receipt = { ...this.receipt, ...patch };
    };
    return html`<form
      part="receipt-form"
      class="receipt-form"
      aria-label=${msg('Record a receipt', { id: 'plan.receipt.title' })}
      @submit=${(e: SubmitEvent) => {
        e.preventDefault();
        void this.recordReceipt(plan);
      }}
    >
      <label
        >${msg(str`Amount (${plan.currency})`, { id: 'plan.receipt.amount' })}
        <input
          part="receipt-amount"
          inputmode="decimal"
          .value=${form.amountText}
          aria-invalid=${form.invalid ? 'true' : 'false'}
          aria-describedby="receipt-problem"
          @input=${(e: Event) =>
            set({ amountText: (e.target as HTMLInputElement).value, invalid: false })}
      /></label>
      <label
        >${msg('Received on', { id: 'plan.receipt.date' })}
        <input
          part="receipt-date"
          type="date"
          required
          .value=${form.date}
          @input=${(e: Event) => set({ date: (e.target as HTMLInputElement).value })}
      /></label>
      <label
        >${msg('Method', { id: 'plan.receipt.method' })}
        <select
          part="receipt-method"
          @change=${(e: Event) =>
            set({ method: (e.target as HTMLSelectElement).value as ReceiptMethod })}
        >
          ${RECEIPT_METHODS.map(
            (m) =>
              html`<option value=${m} ?selected=${m === form.method}>${methodLabel(m)}</option>`,
          )}
        </select></label
      >
      <label
        >${msg('Bank reference', { id: 'plan.receipt.reference' })}
        <input
          part="receipt-reference"
          maxlength="100"
          .value=${form.reference}
          @input=${(e: Event) => set({ reference: (e.target as HTMLInputElement).value })}
      /></label>
      <span id="receipt-problem" class="field-error" part="field-error"
        >${
          form.invalid
            ? msg('Enter an amount above zero, with no more decimals than the currency has.', {
                id: 'plan.receipt.invalid',
              })
            : nothing
        }</span
      >
      <div class="actions">
        <button part="receipt-save" class="button primary" type="submit" ?disabled=${this.saving}>
          ${msg('Record receipt', { id: 'plan.receipt.save' })}
        </button>
        <button
          part="receipt-cancel"
          class="button"
          type="button"
          @click=${() => (this.receipt = null)}
        >
          ${msg('Cancel', { id: 'plan.receipt.cancel' })}
        </button>
      </div>
    </form>`;
  }

  // ---- editing ----

  private startEditing(plan: PaymentPlan): void {
    this.draft = draftOf(plan, this.locale.value);
    this.problems = [];
    this.message = null;
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLElement>('[part~="editor"] input')?.focus(),
    );
  }

  private stopEditing(): void {
    this.draft = null;
    this.problems = [];
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLElement>('[part~="edit-button"]')?.focus(),
    );
  }

  private change(draft: PlanDraft): void {
    this.draft = draft;
    // The problems found on the last try are about the plan as it was then.
    this.problems = [];
  }

  private split(plan: PaymentPlan): void {
    if (!this.draft) return;
    const split = splitRemainder(plan, this.draft, this.locale.value);
    if (split.ok) {
      this.change(split.draft);
      this.announcer.announce(
        msg('The remainder was split over the installments.', { id: 'plan.splitDone' }),
      );
    } else {
      this.problems = split.problems;
    }
  }

  private readonly onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    void this.save();
  };

  /**
   * Checks the edit with the rules, shows the new schedule at once, lets the page veto
   * (`lode-plan-save`), then saves; a conflict reloads the plan, any other refusal reopens the
   * edit with the problems on their fields.
   */
  private async save(): Promise<void> {
    const client = this.client;
    const draft = this.draft;
    const view = this.view;
    if (!client || !draft || view?.kind !== 'plan' || this.saving) return;
    const before = view.plan;
    const checked = checkDraft(before, draft);
    if (!checked.ok) {
      this.problems = checked.problems;
      void this.focusProblem();
      return;
    }
    const installments = updateEntries(draft);
    this.view = { kind: 'plan', plan: planAfter(before, checked.result) };
    this.draft = null;
    this.saving = true;
    this.message = null;
    await this.updateComplete;
    const intent = new LodePlanSaveEvent(before, installments);
    if (!this.dispatchEvent(intent)) {
      this.view = { kind: 'plan', plan: before };
      this.draft = draft;
      this.saving = false;
      this.announcer.announce(msg('The plan was not saved.', { id: 'plan.saveCanceled' }));
      return;
    }
    try {
      const saved = await client.paymentPlans.update.mutate({
        id: before.id,
        version: before.version,
        installments,
      });
      this.view = { kind: 'plan', plan: saved };
      this.announcer.announce(msg('Payment plan saved.', { id: 'plan.saved' }));
      void this.updateComplete.then(() =>
        this.renderRoot.querySelector<HTMLElement>('[part~="edit-button"]')?.focus(),
      );
    } catch (err) {
      if (errorCode(err) === 'CONFLICT') {
        // Someone else saved first: their plan is what stands now; the edit is dropped.
        this.showError(
          msg(
            'Someone else changed this plan in the meantime. It has been reloaded; your changes were not saved.',
            { id: 'plan.conflict' },
          ),
        );
        this.saving = false;
        await this.refresh();
        return;
      }
      this.view = { kind: 'plan', plan: before };
      this.draft = draft;
      this.problems = problemsFromIssues(err);
      this.showError(
        msg(str`The plan was not saved: ${errorMessage(err)}`, { id: 'plan.saveFailed' }),
      );
    } finally {
      this.saving = false;
    }
  }

  private showError(text: string): void {
    this.message = { text, kind: 'error' };
    this.announcer.announce(text);
  }

  private async focusProblem(): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }

  // ---- form association ----

  /** The page's form was reset: the edit is dropped, as a native control goes back to its default. */
  formResetCallback(): void {
    this.draft = null;
    this.problems = [];
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const plan = this.view?.kind === 'plan' ? this.view.plan : null;
    this.internals.setFormValue(plan && plan.id > 0 ? String(plan.id) : null);
    const anchor =
      this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]') ??
      this.renderRoot.querySelector<HTMLElement>('[part~="save-button"]') ??
      undefined;
    if (plan && this.draft && remainingOf(this.draft, plan.total) !== 0)
      this.internals.setValidity(
        { customError: true },
        msg('The installments do not add up to the order total yet.', {
          id: 'plan.validity.unbalanced',
        }),
        anchor,
      );
    else if (this.draft)
      this.internals.setValidity(
        { customError: true },
        msg('The payment plan has unsaved changes.', { id: 'plan.validity.unsaved' }),
        anchor,
      );
    else this.internals.setValidity({});
  }

  // ---- rendering ----

  private money(minor: number, currency: string): string {
    return formatMoney(minor, currency, this.locale.value);
  }

  private renderSummary(plan: PaymentPlan, locale: LodeLocale) {
    const percent = plan.total > 0 ? Math.floor((plan.paid * 100) / plan.total) : 0;
    const received = msg('Received', { id: 'plan.received' });
    return html`<header part="summary" class="summary">
      <h2 part="title" class="title">
        ${msg(str`Payment plan for order ${plan.orderNumber}`, { id: 'plan.title' })}
      </h2>
      <span class="muted">${plan.partnerName} · ${formatDay(plan.orderDate, locale)}</span>
      <dl part="figures" class="figures">
        <div>
          <dt>${msg('Total', { id: 'plan.total' })}</dt>
          <dd part="total">${this.money(plan.total, plan.currency)}</dd>
        </div>
        <div>
          <dt>${received}</dt>
          <dd part="paid">${this.money(plan.paid, plan.currency)}</dd>
        </div>
        <div>
          <dt>${msg('Outstanding', { id: 'plan.outstanding' })}</dt>
          <dd part="outstanding">${this.money(plan.outstanding, plan.currency)}</dd>
        </div>
      </dl>
      <div
        part="progress"
        class="progress"
        role="progressbar"
        aria-label=${received}
        aria-valuemin="0"
        aria-valuemax="100"
        aria-valuenow=${percent}
        aria-valuetext=${msg(
          str`${this.money(plan.paid, plan.currency)} of ${this.money(plan.total, plan.currency)}`,
          { id: 'plan.progress' },
        )}
      >
        <!-- styleMap writes through the CSSOM, which a strict CSP allows -->
        <span
          part="progress-bar"
          class="progress-bar"
          style=${styleMap({ width: `${percent}%` })}
        ></span>
      </div>
    </header>`;
  }

  private renderStatus(i: Installment) {
    return html`<span part="status-badge status-${i.status}" class="badge status-${i.status}"
        >${statusLabel(i.status, i.daysOverdue)}</span
      >
      ${
        i.locked
          ? html`<span part="locked-badge" class="badge" title=${lockedText()}
              >${msg('Locked', { id: 'plan.locked' })}</span
            >`
          : nothing
      }`;
  }

  private rowParts(i: Installment): string {
    return [
      'installment',
      i.status === 'overdue' ? 'installment-overdue' : '',
      i.locked ? 'installment-locked' : '',
      i.id < 0 ? 'installment-new' : '',
    ]
      .filter(Boolean)
      .join(' ');
  }

  private renderReceipts(i: Installment, currency: string, locale: LodeLocale) {
    if (!i.allocations.length) return nothing;
    return html`<ul part="receipts" class="receipts">
      ${i.allocations.map(
        (a) =>
          html`<li part="receipt">
            ${a.receiptNumber} · ${formatDay(a.receiptDate, locale)} ·
            ${this.money(a.amount, currency)}
            ${
              this.canVoid()
                ? renderVoidButton(() => {
                    this.voiding = {
                      receiptId: a.receiptId,
                      receiptNumber: a.receiptNumber,
                      reason: '',
                      invalid: false,
                    };
                  })
                : nothing
            }
          </li>`,
      )}
    </ul>`;
  }

  private renderTable(plan: PaymentPlan, locale: LodeLocale) {
    const editable = this.canEdit() && !this.saving;
    return html`<table part="installments" class="installments">
        <caption class="visually-hidden">
          ${msg('Installments', { id: 'plan.installments' })}
        </caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">${msg('Due', { id: 'plan.due' })}</th>
            <th scope="col" class="num">${msg('Amount', { id: 'plan.amount' })}</th>
            <th scope="col" class="num">${msg('Received', { id: 'plan.received' })}</th>
            <th scope="col" class="num">${msg('Outstanding', { id: 'plan.outstanding' })}</th>
            <th scope="col">${msg('Status', { id: 'plan.status' })}</th>
            <th scope="col">${msg('Receipts', { id: 'plan.receipts' })}</th>
          </tr>
        </thead>
        <tbody>
          ${repeat(
            plan.installments,
            (i) => i.id,
            (i) =>
              html`<tr
                part=${this.rowParts(i)}
                class="status-row-${i.status} ${i.locked ? 'locked' : ''}"
                data-id=${i.id}
              >
                <td>${i.seq}${i.label ? html` <span class="muted">${i.label}</span>` : nothing}</td>
                <td part="due-date">${formatDay(i.dueDate, locale)}</td>
                <td part="amount" class="num">${this.money(i.amount, plan.currency)}</td>
                <td part="received" class="num">${this.money(i.paidAmount, plan.currency)}</td>
                <td part="remaining-due" class="num">
                  ${this.money(i.outstanding, plan.currency)}
                </td>
                <td>${this.renderStatus(i)}</td>
                <td>${this.renderReceipts(i, plan.currency, locale)}</td>
              </tr>`,
          )}
        </tbody>
      </table>
      <div class="actions">
        ${
          this.saving
            ? html`<span class="muted">${msg('Saving…', { id: 'plan.saving' })}</span>`
            : nothing
        }
        ${
          editable && plan.installments.some((i) => !i.locked)
            ? html`<button
                part="edit-button"
                class="button"
                type="button"
                @click=${() => this.startEditing(plan)}
              >
                ${msg('Edit installments', { id: 'plan.edit' })}
              </button>`
            : nothing
        }
        ${
          this.canRecord() && !this.saving && !this.receipt && plan.outstanding > 0
            ? html`<button
                part="receipt-button"
                class="button"
                type="button"
                @click=${() => this.openReceipt(plan)}
              >
                ${msg('Record a receipt', { id: 'plan.receipt.open' })}
              </button>`
            : nothing
        }
      </div>`;
  }

  private problemFor(n: number, field: 'amount' | 'dueDate', row: DraftRow): DraftProblem | null {
    if (field === 'amount' && row.amountProblem)
      return { row: n, field, rule: row.amountProblem, message: row.amountProblem };
    return this.problems.find((p) => p.row === n && p.field === field) ?? null;
  }

  private renderProblem(id: string, problem: DraftProblem | null, plan: PaymentPlan, left: string) {
    return problem
      ? html`<span part="field-error" class="field-error" id=${id}
          >${problemText(problem, plan.currency, formatDay(plan.orderDate, this.locale.value), left)}</span
        >`
      : nothing;
  }

  private renderEditorRow(plan: PaymentPlan, row: DraftRow, n: number, left: string) {
    const locale = this.locale.value;
    const stored = plan.installments.find((i) => i.id === row.id);
    const seq = n + 1;
    if (row.locked && stored) {
      return html`<tr part="installment installment-locked" class="locked" data-id=${row.id ?? ''}>
        <td>${seq}</td>
        <td part="due-date">${formatDay(row.dueDate, locale)}</td>
        <td part="amount" class="num">${this.money(stored.amount, plan.currency)}</td>
        <td part="received" class="num">${this.money(stored.paidAmount, plan.currency)}</td>
        <td>${this.renderStatus(stored)}</td>
        <td></td>
      </tr>`;
    }
    const dueProblem = this.problemFor(n, 'dueDate', row);
    const amountProblem = this.problemFor(n, 'amount', row);
    const dueError = `due-error-${row.key}`;
    const amountError = `amount-error-${row.key}`;
    return html`<tr
      part=${row.id === null ? 'installment installment-new' : 'installment'}
      data-id=${row.id ?? ''}
      data-key=${row.key}
    >
      <td>${seq}</td>
      <td>
        <input
          part="due-input"
          class="input"
          type="date"
          aria-label=${msg(str`Due date of installment ${seq}`, { id: 'plan.dueLabel' })}
          aria-invalid=${dueProblem ? 'true' : 'false'}
          aria-describedby=${dueProblem ? dueError : nothing}
          .value=${row.dueDate}
          @change=${(e: Event) =>
            this.change(withDueDate(this.draft!, row.key, (e.target as HTMLInputElement).value))}
        />
        ${this.renderProblem(dueError, dueProblem, plan, left)}
      </td>
      <td class="num">
        <input
          part="amount-input"
          class="input amount-input"
          inputmode="decimal"
          autocomplete="off"
          aria-label=${msg(str`Amount of installment ${seq} in ${plan.currency}`, {
            id: 'plan.amountLabel',
          })}
          aria-invalid=${amountProblem ? 'true' : 'false'}
          aria-describedby=${amountProblem ? amountError : nothing}
          .value=${row.amountText}
          @input=${(e: Event) =>
            this.change(
              withAmountText(
                this.draft!,
                row.key,
                (e.target as HTMLInputElement).value,
                plan.currency,
                locale,
              ),
            )}
          @blur=${() =>
            this.draft && (this.draft = withTidyAmount(this.draft, row.key, plan.currency, locale))}
        />
        ${this.renderProblem(amountError, amountProblem, plan, left)}
      </td>
      <td class="num">${this.money(row.paidAmount, plan.currency)}</td>
      <td></td>
      <td>
        <button
          part="remove-button"
          class="button"
          type="button"
          aria-label=${msg(str`Remove installment ${seq}`, { id: 'plan.removeLabel' })}
          ?disabled=${this.draft!.rows.length <= 1}
          @click=${() => this.change(withoutRow(this.draft!, row.key))}
        >
          ${msg('Remove', { id: 'plan.remove' })}
        </button>
      </td>
    </tr>`;
  }

  private renderEditor(plan: PaymentPlan, draft: PlanDraft) {
    const remaining = remainingOf(draft, plan.total);
    const left = this.money(remaining, plan.currency);
    const planProblem = this.problems.find((p) => p.row === null);
    const settled = remaining === 0 && !draft.rows.some((r) => r.amountProblem);
    return html`<form part="editor" class="editor" novalidate @submit=${this.onSubmit}>
      <table part="installments" class="installments">
        <caption class="visually-hidden">
          ${msg('Installments', { id: 'plan.installments' })}
        </caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">${msg('Due', { id: 'plan.due' })}</th>
            <th scope="col" class="num">${msg('Amount', { id: 'plan.amount' })}</th>
            <th scope="col" class="num">${msg('Received', { id: 'plan.received' })}</th>
            <th scope="col">${msg('Status', { id: 'plan.status' })}</th>
            <th scope="col">
              <span class="visually-hidden">${msg('Actions', { id: 'plan.actions' })}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          ${repeat(
            draft.rows,
            (r) => r.key,
            (r, n) => this.renderEditorRow(plan, r, n, left),
          )}
        </tbody>
      </table>
      <p class="muted">
        ${draft.rows.some((r) => r.locked) ? lockedText() : nothing}
        ${msg(
          'Split the remainder shares what is left over the installments left blank, or over all unpaid ones.',
          {
            id: 'plan.splitHelp',
          },
        )}
      </p>
      <div class="editor-tools">
        <button
          part="add-button"
          class="button"
          type="button"
          @click=${() => this.change(withNewRow(draft, plan, this.locale.value))}
        >
          ${msg('Add installment', { id: 'plan.add' })}
        </button>
        <button part="split-button" class="button" type="button" @click=${() => this.split(plan)}>
          ${msg('Split the remainder', { id: 'plan.split' })}
        </button>
        <p
          part=${settled ? 'remaining' : 'remaining remaining-off'}
          class="remaining ${settled ? '' : 'off'}"
          role="status"
        >
          ${msg(str`Remaining to assign: ${left}`, { id: 'plan.remaining' })}
        </p>
      </div>
      ${
        planProblem
          ? html`<p part="plan-error" class="field-error" role="alert">
              ${problemText(planProblem, plan.currency, formatDay(plan.orderDate, this.locale.value), left)}
            </p>`
          : nothing
      }
      <div class="actions">
        <button
          part="cancel-button"
          class="button"
          type="button"
          @click=${() => this.stopEditing()}
        >
          ${msg('Cancel', { id: 'plan.cancel' })}
        </button>
        <button part="save-button" class="button primary" type="submit" ?disabled=${!settled}>
          ${msg('Save plan', { id: 'plan.save' })}
        </button>
      </div>
    </form>`;
  }

  private termsLabel(t: PaymentTerms, locale: LodeLocale): string {
    return localizedName(t, locale);
  }

  private renderGenerate(order: OrderDetail, terms: PaymentTerms[], locale: LodeLocale) {
    const title = html`<h2 part="title" class="title">
      ${msg(str`Payment plan for order ${order.number}`, { id: 'plan.title' })}
    </h2>`;
    if (order.status !== 'approved')
      return html`${title}${renderEmpty(
        msg('The order is not approved yet; its payment plan is made once it is.', {
          id: 'plan.notApproved',
        }),
      )}`;
    if (!this.canEdit())
      return html`${title}${renderEmpty(
        msg('This order has no payment plan yet.', { id: 'plan.none' }),
      )}`;
    const chosen = terms.find((t) => t.id === this.termsId);
    const currency = order.totals.currency;
    const preview = chosen
      ? previewOf(order, chosen)
      : [{ seq: 1, dueDate: order.orderDate, amount: order.totals.gross, label: null }];
    return html`${title}
      <div part="generate" class="generate">
        <p>
          ${msg(
            str`This order has no payment plan yet. Its total is ${this.money(order.totals.gross, currency)}.`,
            {
              id: 'plan.noneYet',
            },
          )}
        </p>
        ${
          terms.length
            ? html`<label class="field">
                ${msg('Payment terms', { id: 'plan.terms' })}
                <select
                  part="terms-select"
                  class="input"
                  @change=${(e: Event) =>
                    (this.termsId = Number((e.target as HTMLSelectElement).value) || null)}
                >
                  ${terms.map(
                    (t) =>
                      html`<option value=${t.id} ?selected=${t.id === this.termsId}>
                        ${this.termsLabel(t, locale)}
                      </option>`,
                  )}
                </select>
              </label>`
            : nothing
        }
        ${
          preview
            ? html`<ol
                part="preview"
                class="preview"
                aria-label=${msg('Preview', { id: 'plan.preview' })}
              >
                ${preview.map(
                  (p) =>
                    html`<li>
                      ${formatDay(p.dueDate, locale)} · ${this.money(p.amount, currency)}
                      ${p.label ? html`<span class="muted">${p.label}</span>` : nothing}
                    </li>`,
                )}
              </ol>`
            : renderEmpty(msg('These terms cannot split this order.', { id: 'plan.cannotSplit' }))
        }
        <button
          part="generate-button"
          class="button primary"
          type="button"
          ?disabled=${this.saving || !preview}
          @click=${() => void this.generate(order)}
        >
          ${msg('Generate plan', { id: 'plan.generate' })}
        </button>
      </div>`;
  }

  private renderBody(locale: LodeLocale): TemplateResult {
    if (!this.client)
      return renderEmpty(
        msg('Waiting for a connection: put the plan inside a lode-provider that has a token.', {
          id: 'plan.noClient',
        }),
      );
    if (!this.orderId) return renderEmpty(msg('No order chosen.', { id: 'plan.noOrder' }));
    if (this.planTask.status === TaskStatus.ERROR)
      return renderError(this.planTask.error, () => void this.refresh());
    const view = this.view;
    const shownOrder = view?.kind === 'plan' ? view.plan.orderId : view?.order.id;
    if (!view || shownOrder !== this.orderId) return renderSkeleton(3);
    if (view.kind === 'none') return this.renderGenerate(view.order, view.terms, locale);
    return html`${this.renderSummary(view.plan, locale)}
    ${this.draft ? this.renderEditor(view.plan, this.draft) : this.renderTable(view.plan, locale)}
    ${this.receipt && !this.draft ? this.renderReceiptForm(view.plan) : nothing}
    ${this.voiding && !this.draft ? this.renderVoiding() : nothing}`;
  }

  protected override render() {
    const locale = this.locale.value;
    const loading = this.planTask.status === TaskStatus.PENDING;
    return html`<section
        part="base"
        class="plan"
        aria-busy=${loading ? 'true' : 'false'}
        aria-label=${msg('Payment plan', { id: 'plan.label' })}
      >
        ${
          this.message
            ? html`<div part="message" class="message ${this.message.kind}" role="alert">
                <span>${this.message.text}</span>
                <button class="button" type="button" @click=${() => (this.message = null)}>
                  ${msg('Dismiss', { id: 'plan.dismiss' })}
                </button>
              </div>`
            : nothing
        }
        ${this.renderBody(locale)}
      </section>
      ${this.announcer.render()}`;
  }
}

function lockedText(): string {
  return msg('Paid and partly paid installments are locked.', { id: 'plan.lockedHelp' });
}

function methodLabel(method: ReceiptMethod): string {
  switch (method) {
    case 'bank_transfer':
      return msg('Bank transfer', { id: 'plan.method.bank_transfer' });
    case 'cash':
      return msg('Cash', { id: 'plan.method.cash' });
    case 'cheque':
      return msg('Cheque', { id: 'plan.method.cheque' });
    case 'card':
      return msg('Card', { id: 'plan.method.card' });
    case 'other':
      return msg('Other', { id: 'plan.method.other' });
  }
}
