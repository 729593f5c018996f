import { css } from 'lit';

export const paymentPlanStyles = css`
  :host {
    display: block;
  }
  .plan {
    display: grid;
    gap: calc(var(--_space) * 1.5);
  }
  .summary {
    display: grid;
    gap: var(--_space);
  }
  .title {
    margin: 0;
    font-size: 1.2em;
  }
  .muted {
    color: var(--_color-text-muted);
    font-size: var(--_font-size-small);
  }
  .figures {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space) calc(var(--_space) * 3);
    margin: 0;
  }
  .figures dt {
    color: var(--_color-text-muted);
    font-size: var(--_font-size-small);
  }
  .figures dd {
    margin: 0;
    font-size: 1.1em;
    font-weight: 600;
    font-variant-numeric: tabular-nums;
  }
  .progress {
    height: 0.6rem;
    overflow: hidden;
    border-radius: var(--_radius);
    background: var(--_color-surface-sunken);
  }
  .progress-bar {
    display: block;
    height: 100%;
    background: var(--_color-success);
  }
  .installments {
    width: 100%;
    border-collapse: collapse;
  }
  .installments th,
  .installments td {
    padding: 6px var(--_space);
    border-bottom: 1px solid var(--_color-border);
    text-align: start;
    vertical-align: top;
  }
  .installments th {
    color: var(--_color-text-muted);
    font-size: var(--_font-size-small);
    font-weight: 600;
  }
  .installments .num {
    text-align: end;
    font-variant-numeric: tabular-nums;
  }
  .status-row-overdue {
    background: var(--_color-danger-soft);
  }
  .status-row-overdue [part~='due-date'] {
    color: var(--_color-danger);
    font-weight: 600;
  }
  tr.locked {
    background: var(--_color-surface-sunken);
  }
  .badge {
    display: inline-block;
    margin-inline-end: 4px;
    padding: 0 6px;
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius);
    background: var(--_color-surface);
    font-size: var(--_font-size-small);
    white-space: nowrap;
  }
  .badge.status-paid {
    border-color: var(--_color-success);
    background: var(--_color-success-soft);
  }
  .badge.status-partly_paid {
    border-color: var(--_color-warning);
    background: var(--_color-warning-soft);
  }
  .badge.status-overdue {
    border-color: var(--_color-danger);
    color: var(--_color-danger);
    font-weight: 600;
  }
  .receipts {
    margin: 0;
    padding: 0;
    list-style: none;
    font-size: var(--_font-size-small);
  }
  .actions,
  .editor-tools {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space);
  }
  .actions {
    justify-content: flex-end;
  }
  .editor {
    display: grid;
    gap: var(--_space);
  }
  .editor p {
    margin: 0;
  }
  .amount-input {
    width: 9rem;
    text-align: end;
    font-variant-numeric: tabular-nums;
  }
  .field-error {
    display: block;
    color: var(--_color-danger);
    font-size: var(--_font-size-small);
  }
  .remaining {
    margin: 0 0 0 auto;
    font-weight: 600;
    font-variant-numeric: tabular-nums;
  }
  .remaining.off {
    color: var(--_color-danger);
  }
  .generate {
    display: grid;
    gap: var(--_space);
    justify-items: start;
  }
  .field {
    display: grid;
    gap: 2px;
    color: var(--_color-text-muted);
    font-size: var(--_font-size-small);
  }
  .field .input {
    font-size: var(--_font-size);
    color: var(--_color-text);
  }
  .preview {
    margin: 0;
    padding-inline-start: 1.5em;
    font-variant-numeric: tabular-nums;
  }
  .message {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: var(--_space);
    padding: var(--_space) calc(var(--_space) * 1.5);
    border: 1px solid var(--_color-danger);
    border-radius: var(--_radius);
    background: var(--_color-danger-soft);
  }
  .message.info {
    border-color: var(--_color-accent);
    background: var(--_color-accent-soft);
  }
`;
