import { css } from 'lit';

export const editorStyles = css`
  :host {
    display: block;
  }
  :host([hidden]) {
    display: none;
  }
  .base {
    display: grid;
    gap: calc(var(--_space) * 1.5);
    padding: calc(var(--_space) * 1.5);
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius);
    background: var(--_color-surface);
  }
  .header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space);
  }
  .title {
    margin: 0;
    font-size: 1.15em;
  }
  .badge {
    display: inline-block;
    padding: 0 0.5em;
    border-radius: 999px;
    border: 1px solid var(--_color-border);
    background: var(--_color-surface-raised);
    color: var(--_color-text);
    font-size: var(--_font-size-small);
    font-weight: normal;
  }
  .badge.sent {
    border-color: var(--_color-accent);
    background: var(--_color-accent-soft);
  }
  .badge.accepted {
    border-color: var(--_color-success);
    background: var(--_color-success-soft);
  }
  .badge.rejected,
  .badge.expired {
    border-color: var(--_color-danger);
    background: var(--_color-danger-soft);
  }
  .order {
    margin-left: auto;
    color: var(--_color-text-muted);
  }
  .version-bar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space);
    padding-bottom: var(--_space);
    border-bottom: 1px solid var(--_color-border);
  }
  .versions {
    display: flex;
    flex-wrap: wrap;
    gap: 4px;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .version[aria-current='page'] {
    border-color: var(--_color-accent);
    box-shadow: inset 0 -2px 0 var(--_color-accent);
  }
  .compare-controls {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space);
    margin-left: auto;
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
  .hint {
    color: var(--_color-text-muted);
    font-size: var(--_font-size-small);
  }
  .read-only {
    margin: 0;
  }
  .header-fields {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr));
    gap: var(--_space) calc(var(--_space) * 2);
  }
  .field {
    display: grid;
    align-content: start;
    gap: 2px;
  }
  .field > label,
  .field > span:first-child {
    color: var(--_color-text-muted);
    font-size: var(--_font-size-small);
  }
  .field.title,
  .field.terms {
    grid-column: 1 / -1;
  }
  .pair {
    display: flex;
    gap: 4px;
  }
  .pair .number {
    flex: 1;
    min-width: 0;
  }
  .field-error {
    color: var(--_color-danger);
    font-size: var(--_font-size-small);
  }
  .input[aria-invalid='true'] {
    border-color: var(--_color-danger);
  }
  .input[readonly] {
    background: var(--_color-surface-raised);
  }
  .add {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    gap: var(--_space);
  }
  .picker {
    position: relative;
    display: grid;
    gap: 2px;
    flex: 1 1 20rem;
  }
  .picker > label {
    color: var(--_color-text-muted);
    font-size: var(--_font-size-small);
  }
  .options {
    position: absolute;
    top: 100%;
    left: 0;
    right: 0;
    z-index: 2;
    margin: 2px 0 0;
    padding: 4px 0;
    list-style: none;
    max-height: 18rem;
    overflow-y: auto;
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius);
    background: var(--_color-surface);
    box-shadow: var(--_shadow-raised);
  }
  .options[hidden] {
    display: none;
  }
  .option {
    display: grid;
    grid-template-columns: 6rem 1fr auto;
    gap: var(--_space);
    padding: 4px var(--_space);
    cursor: pointer;
  }
  .option[aria-selected='true'] {
    background: var(--_color-accent-soft);
  }
  .option-code {
    color: var(--_color-text-muted);
    font-family: ui-monospace, monospace;
  }
  .option-price {
    font-variant-numeric: tabular-nums;
  }
  .table-scroll {
    overflow-x: auto;
  }
  table {
    width: 100%;
    border-collapse: collapse;
  }
  th,
  td {
    padding: 4px;
    text-align: left;
    vertical-align: top;
    border-bottom: 1px solid var(--_color-border);
  }
  thead th {
    color: var(--_color-text-muted);
    font-size: var(--_font-size-small);
    font-weight: normal;
  }
  .lines .input {
    width: 100%;
    box-sizing: border-box;
  }
  .lines .item {
    min-width: 14rem;
  }
  .lines .quantity,
  .lines .money {
    min-width: 7rem;
  }
  .lines .rate {
    min-width: 4.5rem;
  }
  .lines .discount {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 2px;
    min-width: 9rem;
  }
  .lines .discount .field-error {
    grid-column: 1 / -1;
  }
  .input.number,
  .amount,
  .comparison-lines td,
  .comparison-totals td {
    text-align: right;
    font-variant-numeric: tabular-nums;
  }
  .unit {
    color: var(--_color-text-muted);
    font-size: var(--_font-size-small);
  }
  .button.icon {
    padding: 0.1em 0.6em;
  }
  .totals {
    display: grid;
    justify-content: end;
    gap: 2px;
    margin: 0;
  }
  .totals .total {
    display: grid;
    grid-template-columns: 10rem 9rem;
    gap: var(--_space);
  }
  .totals dt {
    color: var(--_color-text-muted);
  }
  .totals dd {
    margin: 0;
    text-align: right;
    font-variant-numeric: tabular-nums;
  }
  .totals .gross dt,
  .totals .gross dd {
    color: var(--_color-text);
    font-weight: 600;
  }
  .totals.pending {
    justify-content: end;
    color: var(--_color-text-muted);
  }
  .actions,
  .decision {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space);
  }
  .decision {
    padding-top: var(--_space);
    border-top: 1px solid var(--_color-border);
  }
  .decision .input {
    flex: 1 1 16rem;
  }
  .decision label {
    flex-basis: 100%;
    color: var(--_color-text-muted);
    font-size: var(--_font-size-small);
  }
  .comparison {
    display: grid;
    gap: var(--_space);
    padding: var(--_space);
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius);
    background: var(--_color-surface-raised);
  }
  .comparison-head {
    display: flex;
    align-items: center;
    justify-content: space-between;
  }
  .comparison-head h3 {
    margin: 0;
    font-size: 1em;
  }
  ins {
    text-decoration: none;
    background: var(--_color-success-soft);
    color: var(--_color-text);
  }
  del {
    background: var(--_color-danger-soft);
    color: var(--_color-text);
  }
  tr.added {
    box-shadow: inset 3px 0 0 var(--_color-success);
  }
  tr.removed {
    box-shadow: inset 3px 0 0 var(--_color-danger);
  }
  tr.changed > th,
  td.changed {
    background: var(--_color-warning-soft);
  }
  .comparison-header {
    display: grid;
    gap: 2px;
    margin: 0;
  }
  .comparison-header div {
    display: flex;
    gap: var(--_space);
  }
  .comparison-header dt {
    min-width: 8rem;
    color: var(--_color-text-muted);
  }
  .comparison-header dd {
    margin: 0;
    display: flex;
    gap: var(--_space);
  }
`;
