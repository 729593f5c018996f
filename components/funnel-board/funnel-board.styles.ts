import { css } from 'lit';

export const boardStyles = css`
  :host {
    display: block;
    position: relative;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    gap: var(--_space) calc(var(--_space) * 2);
    margin-bottom: calc(var(--_space) * 1.5);
  }
  .filter {
    display: grid;
    gap: 2px;
    color: var(--_color-text-muted);
    font-size: var(--_font-size-small);
  }
  .filter .input {
    font-size: var(--_font-size);
    color: var(--_color-text);
  }
  .view-toggle {
    display: flex;
    gap: 4px;
    margin-left: auto;
  }
  .message {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: var(--_space);
    margin-bottom: var(--_space);
    padding: var(--_space) calc(var(--_space) * 1.5);
    border: 1px solid var(--_color-danger);
    border-radius: var(--_radius);
    background: var(--_color-danger-soft);
  }
  .message.info {
    border-color: var(--_color-accent);
    background: var(--_color-accent-soft);
  }
  .board {
    display: flex;
    gap: var(--_space);
    overflow-x: auto;
    padding-bottom: var(--_space);
  }
  .board.loading {
    overflow: hidden;
  }
  .board:focus-visible {
    outline: 2px solid var(--_color-focus);
    outline-offset: 2px;
  }
  .column {
    flex: 0 0 var(--_column-width);
    display: flex;
    flex-direction: column;
    min-width: 0;
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius);
    background: var(--_color-surface-sunken);
  }
  .column.over {
    border-color: var(--_color-accent);
    background: var(--_color-accent-soft);
  }
  .column-header {
    display: grid;
    grid-template-columns: 1fr auto;
    gap: 2px var(--_space);
    padding: var(--_space) calc(var(--_space) * 1.25);
    border-bottom: 1px solid var(--_color-border);
  }
  .column-title {
    margin: 0;
    font-size: var(--_font-size);
    font-weight: 600;
  }
  .column-count {
    font-weight: 600;
    font-variant-numeric: tabular-nums;
  }
  .column-figures {
    grid-column: 1 / -1;
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 0 var(--_space);
    margin: 0;
    color: var(--_color-text-muted);
    font-size: var(--_font-size-small);
  }
  .column-figures dd {
    margin: 0;
    text-align: right;
    font-variant-numeric: tabular-nums;
    color: var(--_color-text);
  }
  .cards {
    height: var(--_column-height);
  }
  .cards-empty {
    min-height: 6rem;
  }
  .cards lode-opportunity-card {
    box-sizing: border-box;
    width: 100%;
    padding: 4px 6px;
  }
  .zones {
    display: grid;
    grid-template-columns: repeat(3, 1fr);
    gap: var(--_space);
    margin-top: var(--_space);
  }
  .zone {
    padding: calc(var(--_space) * 1.5);
    border: 2px dashed var(--_color-border);
    border-radius: var(--_radius);
    text-align: center;
    font-weight: 600;
    color: var(--_color-text-muted);
  }
  .zone.won {
    border-color: var(--_color-success);
    color: var(--_color-success);
  }
  .zone.lost {
    border-color: var(--_color-danger);
    color: var(--_color-danger);
  }
  .zone.over {
    background: var(--_color-accent-soft);
    border-style: solid;
  }
  .chart {
    display: grid;
    gap: var(--_space);
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .chart-row {
    display: grid;
    grid-template-columns: minmax(6rem, 10rem) 1fr minmax(12rem, auto);
    align-items: center;
    gap: var(--_space);
  }
  .chart-track {
    display: flex;
    justify-content: center;
  }
  .chart-bar {
    display: block;
    height: 1.75rem;
    border-radius: var(--_radius);
    background: var(--_color-accent);
  }
  .chart-figures {
    font-variant-numeric: tabular-nums;
  }
  .dialog {
    max-width: min(32rem, 90vw);
    padding: calc(var(--_space) * 2);
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius);
    background: var(--_color-surface);
    color: var(--_color-text);
    box-shadow: var(--_shadow-raised);
  }
  .dialog::backdrop {
    background: rgba(1, 4, 9, 0.45);
  }
  .dialog h2 {
    margin: 0 0 var(--_space);
    font-size: 1.15em;
  }
  .dialog-intro {
    margin: 0 0 calc(var(--_space) * 1.5);
    color: var(--_color-text-muted);
  }
  .form-grid {
    display: grid;
    gap: 4px;
  }
  .form-grid label {
    margin-top: var(--_space);
    font-weight: 600;
  }
  .field-error {
    color: var(--_color-danger);
    font-size: var(--_font-size-small);
  }
  .dialog-actions {
    display: flex;
    justify-content: flex-end;
    gap: var(--_space);
    margin-top: calc(var(--_space) * 2);
  }
`;
