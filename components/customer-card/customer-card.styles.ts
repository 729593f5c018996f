import { css } from 'lit';

export const customerCardStyles = css`
  :host {
    display: block;
    container-type: inline-size;
  }
  .card {
    display: grid;
    gap: calc(var(--_space) * 1.5);
    padding: calc(var(--_space) * 1.5);
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius);
    background: var(--_color-surface-raised);
    box-shadow: var(--_shadow);
  }
  .header {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 4px calc(var(--_space) * 1.5);
  }
  .name {
    margin: 0;
    font-size: 1.35em;
  }
  .code {
    color: var(--_color-text-muted);
    font-variant-numeric: tabular-nums;
  }
  .facts {
    flex-basis: 100%;
    display: flex;
    flex-wrap: wrap;
    gap: 4px calc(var(--_space) * 2);
    margin: 0;
  }
  .facts div {
    display: flex;
    gap: 6px;
  }
  .facts dt {
    color: var(--_color-text-muted);
  }
  .facts dd {
    margin: 0;
  }
  .sections {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr));
    gap: calc(var(--_space) * 1.5);
  }
  .section {
    min-width: 0;
    padding-top: var(--_space);
    border-top: 1px solid var(--_color-border);
  }
  .section-title {
    margin: 0 0 var(--_space);
    font-size: var(--_font-size);
    font-weight: 600;
  }
  .figures {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 4px var(--_space);
    margin: 0;
  }
  .figures dt {
    color: var(--_color-text-muted);
  }
  .figures dd {
    margin: 0;
    font-variant-numeric: tabular-nums;
  }
  .receivables {
    display: grid;
    gap: var(--_space);
  }
  .overdue {
    color: var(--_color-danger);
    font-weight: 600;
  }
  .muted {
    color: var(--_color-text-muted);
    font-size: var(--_font-size-small);
    font-weight: normal;
  }
  .strong {
    font-weight: 600;
  }
  .badge {
    display: inline-block;
    padding: 0 6px;
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius);
    background: var(--_color-surface-sunken);
    color: var(--_color-text);
    font-size: var(--_font-size-small);
    font-weight: normal;
    white-space: nowrap;
  }
  .badge.accent {
    border-color: var(--_color-accent);
    background: var(--_color-accent-soft);
  }
  .badge.danger {
    border-color: var(--_color-danger);
    background: var(--_color-danger-soft);
  }
  .list,
  .timeline {
    display: grid;
    gap: 6px;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 4px var(--_space);
  }
  .amount {
    margin-left: auto;
    font-variant-numeric: tabular-nums;
  }
  .address {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 2px var(--_space);
  }
  .address > :not(.strong, .badge) {
    grid-column: 1 / -1;
  }
  .link {
    padding: 0;
    border: 0;
    background: none;
    color: var(--_color-accent);
    font: inherit;
    font-weight: 600;
    text-align: start;
    cursor: pointer;
  }
  .link:hover {
    text-decoration: underline;
  }
  .link:focus-visible {
    outline: 2px solid var(--_color-focus);
    outline-offset: 2px;
  }
  .log-form {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr));
    gap: var(--_space);
    margin-bottom: calc(var(--_space) * 1.5);
    padding: var(--_space);
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius);
    background: var(--_color-surface-sunken);
  }
  .log-type {
    grid-column: 1 / -1;
    display: flex;
    gap: calc(var(--_space) * 1.5);
    margin: 0;
    padding: 0;
    border: 0;
  }
  .choice {
    display: inline-flex;
    align-items: center;
    gap: 4px;
  }
  .field {
    display: grid;
    gap: 2px;
    color: var(--_color-text-muted);
    font-size: var(--_font-size-small);
  }
  .field .input {
    font-size: var(--_font-size);
  }
  .field.wide,
  .log-actions {
    grid-column: 1 / -1;
  }
  .log-actions {
    display: flex;
    justify-content: flex-end;
  }
  .field-error {
    color: var(--_color-danger);
  }
  .activity {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 4px var(--_space);
    padding: var(--_space);
    border-left: 3px solid var(--_color-border);
  }
  .activity.pending {
    border-left-color: var(--_color-accent);
    background: var(--_color-accent-soft);
  }
  .activity-body {
    flex-basis: 100%;
    margin: 0;
    white-space: pre-line;
  }
  .timeline + .button {
    margin-top: var(--_space);
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
