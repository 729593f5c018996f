// The three states every data-showing element has besides its content: loading (a skeleton in
// the content's shape), empty (a sentence saying what would be here) and error (what failed,
// with a retry button). Small template functions plus their styles, shared by every element.
import { css, html, type TemplateResult } from 'lit';
import { msg } from '@lit/localize';
import { errorMessage } from './errors.ts';

/** Grey blocks where content will be; hidden from assistive technology, which gets aria-busy. */
export function renderSkeleton(lines = 3): TemplateResult {
  return html`<div part="skeleton" class="skeleton" aria-hidden="true">
    ${Array.from({ length: lines }, () => html`<div class="skeleton-line"></div>`)}
  </div>`;
}

export function renderEmpty(text: string): TemplateResult {
  return html`<p part="empty" class="empty">${text}</p>`;
}

export function renderError(err: unknown, retry: () => void): TemplateResult {
  return html`<div part="error" class="error" role="alert">
    <span>${errorMessage(err)}</span>
    <button part="retry-button" class="button" type="button" @click=${retry}>
      ${msg('Try again', { id: 'state.retry' })}
    </button>
  </div>`;
}

export const stateStyles = css`
  .skeleton {
    display: grid;
    gap: var(--_space);
    padding: var(--_space);
  }
  .skeleton-line {
    height: 3.5rem;
    border-radius: var(--_radius);
    background: var(--_color-surface-sunken);
    animation: lode-pulse 1.4s ease-in-out infinite;
  }
  @keyframes lode-pulse {
    50% {
      opacity: 0.55;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .skeleton-line {
      animation: none;
    }
  }
  .empty {
    margin: 0;
    padding: calc(var(--_space) * 2) var(--_space);
    color: var(--_color-text-muted);
    text-align: center;
  }
  .error {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space);
    padding: var(--_space) calc(var(--_space) * 1.5);
    border: 1px solid var(--_color-danger);
    border-radius: var(--_radius);
    background: var(--_color-danger-soft);
    color: var(--_color-text);
  }
`;

/** Buttons, inputs and the visually hidden helper, alike in every element. */
export const controlStyles = css`
  .button {
    font: inherit;
    padding: 0.3em 0.9em;
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius);
    background: var(--_color-surface);
    color: var(--_color-text);
    cursor: pointer;
  }
  .button.primary {
    background: var(--_color-accent);
    border-color: var(--_color-accent);
    color: var(--_color-accent-contrast);
  }
  .button[aria-pressed='true'] {
    background: var(--_color-accent-soft);
    border-color: var(--_color-accent);
  }
  .button:focus-visible,
  .input:focus-visible {
    outline: 2px solid var(--_color-focus);
    outline-offset: 2px;
  }
  .input {
    font: inherit;
    padding: 0.3em 0.5em;
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius);
    background: var(--_color-surface);
    color: var(--_color-text);
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
`;
