import { css } from 'lit';

export const cardStyles = css`
  :host {
    display: block;
    box-sizing: border-box;
    cursor: grab;
    border-radius: var(--_radius);
  }
  :host(:focus-visible) {
    outline: 2px solid var(--_color-focus);
    outline-offset: 2px;
  }
  .card {
    display: grid;
    gap: 2px;
    padding: var(--_space) calc(var(--_space) * 1.25);
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius);
    background: var(--_color-surface-raised);
    box-shadow: var(--_shadow);
  }
  :host([stale]) .card {
    border-left: 4px solid var(--_color-warning);
  }
  :host([grabbed]) .card {
    border-color: var(--_color-accent);
    box-shadow: var(--_shadow-raised);
    transform: rotate(-1deg);
  }
  .name {
    font-weight: 600;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .partner,
  .meta {
    color: var(--_color-text-muted);
    font-size: var(--_font-size-small);
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .figures,
  .meta {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: 0 var(--_space);
  }
  .amount {
    font-variant-numeric: tabular-nums;
  }
  .close-date.overdue {
    color: var(--_color-danger);
  }
  .stale-badge {
    padding: 0 0.5em;
    border-radius: 999px;
    background: var(--_color-warning-soft);
    color: var(--_color-warning);
    font-weight: 600;
  }
`;
