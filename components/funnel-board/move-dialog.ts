// The two questions a move can need answered before it is sent: the fields the target stage
// requires (exactly those, nothing more), or the reason for closing as won, lost or invalid.
// Rendered into a native <dialog> (focus trap and Escape for free); read back from its form.
import { html, nothing } from 'lit';
import { msg, str } from '@lit/localize';
import type { Outcome, RequirableField } from '../../core/funnel/stage-engine.ts';
import type { CloseReason, PipelineStage } from '../../core/schemas/pipelines.ts';
import type { OpportunityListItem } from '../../core/schemas/opportunities.ts';
import { ParseError, parseMoney, toDecimalString } from '../../core/money/format.ts';
import { exponentOf } from '../../core/money/money.ts';
import type { LodeLocale } from '../context/contexts.ts';
import type { MoveFields } from '../events/lode-opportunity-move.ts';
import { fieldLabel, stageLabel } from './labels.ts';

export type FieldValues = MoveFields;

export interface FieldsDialog {
  kind: 'fields';
  item: OpportunityListItem;
  stage: PipelineStage;
  fields: RequirableField[];
  /** The partner's contacts, for a required primary contact; null while they load. */
  contacts: { id: number; name: string }[] | null;
  errors: Partial<Record<string, string>>;
}

export interface CloseDialog {
  kind: 'close';
  item: OpportunityListItem;
  outcome: Outcome;
  reasons: CloseReason[];
  errors: Partial<Record<string, string>>;
}

export type MoveDialog = FieldsDialog | CloseDialog;

export interface CloseAnswer {
  reasonId: number;
  note: string | null;
  wonAmount?: number;
}

export interface DialogHandlers {
  submit: (event: SubmitEvent) => void;
  cancel: () => void;
}

function closeTitle(outcome: Outcome, name: string): string {
  switch (outcome) {
    case 'won':
      return msg(str`Close ${name} as won`, { id: 'dialog.closeWon' });
    case 'lost':
      return msg(str`Close ${name} as lost`, { id: 'dialog.closeLost' });
    case 'invalid':
      return msg(str`Mark ${name} as invalid`, { id: 'dialog.closeInvalid' });
  }
}

function errorOf(d: MoveDialog, field: string) {
  const text = d.errors[field];
  return text
    ? html`<span part="field-error" class="field-error" id="error-${field}">${text}</span>`
    : nothing;
}

function renderField(d: FieldsDialog, field: RequirableField, locale: LodeLocale) {
  const id = `field-${field}`;
  const invalid = d.errors[field] ? 'true' : 'false';
  const described = d.errors[field] ? `error-${field}` : nothing;
  const label = html`<label for=${id}>${fieldLabel(field, locale)}</label>`;
  switch (field) {
    case 'expectedRevenue':
      return html`${label}
        <input
          class="input"
          id=${id}
          name=${field}
          inputmode="decimal"
          autocomplete="off"
          required
          aria-invalid=${invalid}
          aria-describedby=${described}
          .value=${
            d.item.expectedRevenue === null
              ? ''
              : toDecimalString(d.item.expectedRevenue, exponentOf(d.item.currency))
          }
        />${errorOf(d, field)}`;
    case 'expectedCloseDate':
      return html`${label}
        <input
          class="input"
          id=${id}
          name=${field}
          type="date"
          required
          aria-invalid=${invalid}
          aria-describedby=${described}
          .value=${d.item.expectedCloseDate ?? ''}
        />${errorOf(d, field)}`;
    case 'primaryContactId':
      return html`${label}
        <select
          class="input"
          id=${id}
          name=${field}
          required
          aria-invalid=${invalid}
          aria-describedby=${described}
          ?disabled=${d.contacts === null}
        >
          <option value="">
            ${
              d.contacts === null
                ? msg('Loading contacts…', { id: 'dialog.loadingContacts' })
                : msg('Choose a contact', { id: 'dialog.chooseContact' })
            }
          </option>
          ${(d.contacts ?? []).map(
            (c) =>
              html`<option value=${c.id} ?selected=${c.id === d.item.primaryContactId}>
                ${c.name}
              </option>`,
          )}
        </select>
        ${errorOf(d, field)}`;
    case 'description':
      return html`${label}
        <textarea
          class="input"
          id=${id}
          name=${field}
          rows="3"
          required
          aria-invalid=${invalid}
          aria-describedby=${described}
          .value=${d.item.description ?? ''}
        ></textarea>
        ${errorOf(d, field)}`;
    case 'channel':
    case 'campaign':
      return html`${label}
        <input
          class="input"
          id=${id}
          name=${field}
          required
          aria-invalid=${invalid}
          aria-describedby=${described}
          .value=${d.item[field] ?? ''}
        />${errorOf(d, field)}`;
  }
}

function renderFields(d: FieldsDialog, locale: LodeLocale) {
  const stage = stageLabel(d.stage, locale);
  return html`<h2 id="dialog-title" part="dialog-title">
      ${msg(str`Move to ${stage}`, { id: 'dialog.fieldsTitle' })}
    </h2>
    <p class="dialog-intro">
      ${msg(str`${stage} needs these fields for ${d.item.name}.`, { id: 'dialog.fieldsIntro' })}
    </p>
    <div class="form-grid">${d.fields.map((f) => renderField(d, f, locale))}</div>`;
}

function renderClose(d: CloseDialog, locale: LodeLocale) {
  const reasons = d.reasons.filter((r) => r.outcome === d.outcome && r.active);
  const invalid = d.errors.reasonId ? 'true' : 'false';
  return html`<h2 id="dialog-title" part="dialog-title">${closeTitle(d.outcome, d.item.name)}</h2>
    <div class="form-grid">
      <label for="field-reason">${msg('Reason', { id: 'dialog.reason' })}</label>
      <select
        class="input"
        id="field-reason"
        name="reasonId"
        required
        aria-invalid=${invalid}
        aria-describedby=${d.errors.reasonId ? 'error-reasonId' : nothing}
      >
        <option value="">${msg('Choose a reason', { id: 'dialog.chooseReason' })}</option>
        ${reasons.map((r) => html`<option value=${r.id}>${stageLabel(r, locale)}</option>`)}
      </select>
      ${errorOf(d, 'reasonId')}
      ${
        d.outcome === 'won'
          ? html`<label for="field-wonAmount"
                >${msg('Won amount', { id: 'dialog.wonAmount' })}</label
              >
              <input
                class="input"
                id="field-wonAmount"
                name="wonAmount"
                inputmode="decimal"
                autocomplete="off"
                aria-invalid=${d.errors.wonAmount ? 'true' : 'false'}
                aria-describedby=${d.errors.wonAmount ? 'error-wonAmount' : nothing}
                .value=${
                  d.item.expectedRevenue === null
                    ? ''
                    : toDecimalString(d.item.expectedRevenue, exponentOf(d.item.currency))
                }
              />${errorOf(d, 'wonAmount')}`
          : nothing
      }
      <label for="field-note">${msg('Note', { id: 'dialog.note' })}</label>
      <textarea class="input" id="field-note" name="note" rows="2"></textarea>
    </div>`;
}

export function renderMoveDialog(d: MoveDialog, locale: LodeLocale, on: DialogHandlers) {
  return html`<dialog
    part="dialog"
    class="dialog"
    aria-labelledby="dialog-title"
    @cancel=${(e: Event) => {
      e.preventDefault();
      on.cancel();
    }}
  >
    <form part="dialog-form" novalidate @submit=${on.submit}>
      ${d.kind === 'fields' ? renderFields(d, locale) : renderClose(d, locale)}
      <div class="dialog-actions">
        <button part="dialog-cancel" class="button" type="button" @click=${on.cancel}>
          ${msg('Cancel', { id: 'dialog.cancel' })}
        </button>
        <button part="dialog-confirm" class="button primary" type="submit">
          ${
            d.kind === 'fields'
              ? msg('Move', { id: 'dialog.move' })
              : msg('Close opportunity', { id: 'dialog.close' })
          }
        </button>
      </div>
    </form>
  </dialog>`;
}

const required = () => msg('Fill this in.', { id: 'dialog.required' });

function amountError(err: unknown): string {
  return err instanceof ParseError && err.rule === 'precision'
    ? msg('Too many decimal places for this currency.', { id: 'dialog.amountPrecision' })
    : msg('Enter an amount, e.g. 12,000.00.', { id: 'dialog.amountFormat' });
}

/** The form's values for the required fields, or the errors to show next to them. */
export function readFields(
  d: FieldsDialog,
  form: HTMLFormElement,
  locale: LodeLocale,
): { values: FieldValues } | { errors: Record<string, string> } {
  const data = new FormData(form);
  const values: FieldValues = {};
  const errors: Record<string, string> = {};
  for (const field of d.fields) {
    const text = String(data.get(field) ?? '').trim();
    if (!text) {
      errors[field] = required();
      continue;
    }
    if (field === 'expectedRevenue') {
      try {
        const minor = parseMoney(text, d.item.currency, locale);
        if (minor < 0) errors[field] = amountError(null);
        else values.expectedRevenue = minor;
      } catch (err) {
        errors[field] = amountError(err);
      }
    } else if (field === 'primaryContactId') values.primaryContactId = Number(text);
    else values[field] = text;
  }
  return Object.keys(errors).length ? { errors } : { values };
}

export function readClose(
  d: CloseDialog,
  form: HTMLFormElement,
  locale: LodeLocale,
): { values: CloseAnswer } | { errors: Record<string, string> } {
  const data = new FormData(form);
  const errors: Record<string, string> = {};
  const reasonId = Number(data.get('reasonId') ?? '');
  if (!reasonId) errors.reasonId = msg('Choose a reason.', { id: 'dialog.reasonRequired' });
  const note = String(data.get('note') ?? '').trim() || null;
  let wonAmount: number | undefined;
  const amountText = String(data.get('wonAmount') ?? '').trim();
  if (d.outcome === 'won' && amountText) {
    try {
      wonAmount = parseMoney(amountText, d.item.currency, locale);
      if (wonAmount < 0) errors.wonAmount = amountError(null);
    } catch (err) {
      errors.wonAmount = amountError(err);
    }
  }
  if (Object.keys(errors).length) return { errors };
  return { values: { reasonId, note, ...(wonAmount === undefined ? {} : { wonAmount }) } };
}
