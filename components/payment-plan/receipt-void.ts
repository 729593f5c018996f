// Voiding a receipt (作废) from the plan, for finance: the receipt's row offers "Void"; a short
// form asks why and says what follows (everything the receipt paid, on any plan, is owed again).
// The server keeps the receipt, marked voided, and recomputes the installments it paid.
import { html, nothing } from 'lit';
import { msg, str } from '@lit/localize';
import { MAX_VOID_REASON } from '../../core/schemas/receipts.ts';

export interface VoidDraft {
  receiptId: number;
  receiptNumber: string;
  reason: string;
  /** Confirmed without a reason. */
  invalid: boolean;
}

export interface VoidFormHandlers {
  reason(text: string): void;
  confirm(): void;
  cancel(): void;
}

export function renderVoidButton(open: () => void) {
  return html`<button part="receipt-void" class="link" type="button" @click=${open}>
    ${msg('Void', { id: 'plan.void.open' })}
  </button>`;
}

export function renderVoidForm(draft: VoidDraft, saving: boolean, on: VoidFormHandlers) {
  const number = draft.receiptNumber;
  return html`<form
    part="void-form"
    class="receipt-form"
    aria-label=${msg(str`Void receipt ${number}`, { id: 'plan.void.title' })}
    @submit=${(e: SubmitEvent) => {
      e.preventDefault();
      on.confirm();
    }}
  >
    <p>
      ${msg(
        str`Void receipt ${number}? Everything it paid, on this plan or another, is owed again; the receipt stays, marked voided.`,
        { id: 'plan.void.explain' },
      )}
    </p>
    <label
      >${msg('Reason', { id: 'plan.void.reason' })}
      <input
        part="void-reason"
        maxlength=${MAX_VOID_REASON}
        aria-required="true"
        .value=${draft.reason}
        aria-invalid=${draft.invalid ? 'true' : 'false'}
        aria-describedby="void-problem"
        @input=${(e: Event) => on.reason((e.target as HTMLInputElement).value)}
    /></label>
    <span id="void-problem" class="field-error" part="field-error"
      >${draft.invalid ? msg('Say why the receipt is voided.', { id: 'plan.void.invalid' }) : nothing}</span
    >
    <div class="actions">
      <button part="void-confirm" class="button primary" type="submit" ?disabled=${saving}>
        ${msg('Void receipt', { id: 'plan.void.confirm' })}
      </button>
      <button part="void-cancel" class="button" type="button" @click=${on.cancel}>
        ${msg('Cancel', { id: 'plan.void.cancel' })}
      </button>
    </div>
  </form>`;
}
