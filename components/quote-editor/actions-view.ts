// The editor's buttons (save, discard, send, create order) and the customer's answer to a sent
// version (acceptance with their reference, or rejection with the reason).
import { html, nothing } from 'lit';
import { msg } from '@lit/localize';
import type { QuoteDetail } from '../../core/schemas/quotes.ts';
import { fieldState } from './field-parts.ts';

export interface ActionsView {
  quote: QuoteDetail | null;
  editable: boolean;
  unsaved: boolean;
  /** A write or a price request is in flight. */
  busy: boolean;
  saveBlocked: boolean;
  canOrder: boolean;
  /** Whether the customer's answer can be recorded on the open version. */
  canDecide: boolean;
  decisionNote: string;
  decisionMissing: boolean;
  on: {
    save(): void;
    discard(): void;
    send(): void;
    createOrder(): void;
    note(text: string): void;
    accept(): void;
    reject(): void;
  };
}

function renderDecision(v: ActionsView, quote: QuoteDetail) {
  const problems = new Map(v.decisionMissing ? [['decision', { rule: 'required' }]] : []);
  const problem = fieldState(problems, 'decision', 'text', '');
  return html`<div part="decision" class="decision">
    <label for="decision-note"
      >${msg('Customer’s reference, or the reason for a rejection', {
        id: 'quote.decision.note',
      })}</label
    >
    <input
      id="decision-note"
      class="input"
      part="decision-note"
      autocomplete="off"
      aria-invalid=${problem.invalid}
      aria-describedby=${problem.describedBy}
      .value=${v.decisionNote}
      @input=${(e: Event) => v.on.note((e.target as HTMLInputElement).value)}
    />${problem.message}
    ${
      quote.current.status === 'sent'
        ? html`<button
            type="button"
            class="button primary"
            part="accept-button"
            ?disabled=${v.busy}
            @click=${v.on.accept}
          >
            ${msg('Record acceptance', { id: 'quote.accept' })}
          </button>`
        : nothing
    }
    <button
      type="button"
      class="button"
      part="reject-button"
      ?disabled=${v.busy}
      @click=${v.on.reject}
    >
      ${msg('Record rejection', { id: 'quote.reject' })}
    </button>
  </div>`;
}

export function renderActions(v: ActionsView) {
  const quote = v.quote;
  const isDraft = quote?.current.status === 'draft';
  return html`<div part="actions" class="actions">
      ${
        v.editable
          ? html`<button
              type="button"
              class="button primary"
              part="save-button"
              ?disabled=${v.busy || v.saveBlocked}
              @click=${v.on.save}
            >
              ${msg('Save', { id: 'quote.save' })}
            </button>`
          : nothing
      }
      ${
        v.editable && v.unsaved && quote
          ? html`<button
              type="button"
              class="button"
              part="discard-button"
              ?disabled=${v.busy}
              @click=${v.on.discard}
            >
              ${msg('Discard changes', { id: 'quote.discard' })}
            </button>`
          : nothing
      }
      ${
        v.editable && isDraft
          ? html`<button
              type="button"
              class="button"
              part="send-button"
              ?disabled=${v.busy || v.unsaved || quote.current.lines.length === 0}
              @click=${v.on.send}
            >
              ${msg('Send to customer', { id: 'quote.send' })}
            </button>`
          : nothing
      }
      ${
        v.editable && isDraft && v.unsaved
          ? html`<span part="save-hint" class="hint"
              >${msg('Save before sending.', { id: 'quote.saveBeforeSending' })}</span
            >`
          : nothing
      }
      ${
        v.canOrder
          ? html`<button
              type="button"
              class="button primary"
              part="create-order-button"
              ?disabled=${v.busy}
              @click=${v.on.createOrder}
            >
              ${msg('Create order', { id: 'quote.createOrder' })}
            </button>`
          : nothing
      }
    </div>
    ${quote && v.canDecide ? renderDecision(v, quote) : nothing}`;
}
