// The version bar: every version with its status (open any of them), revise from the open one,
// and pick two versions to compare.
import { html, nothing } from 'lit';
import { msg } from '@lit/localize';
import type { QuoteDetail } from '../../core/schemas/quotes.ts';
import { statusLabel, versionLabel } from './messages.ts';

export interface VersionBarView {
  quote: QuoteDetail;
  /** Unsaved edits: other versions cannot be opened until they are saved or discarded. */
  dirty: boolean;
  canRevise: boolean;
  busy: boolean;
  compareA: number;
  compareB: number;
  on: {
    open(versionNo: number): void;
    revise(): void;
    compareWith(which: 'a' | 'b', versionNo: number): void;
    compare(): void;
  };
}

function versionOptions(quote: QuoteDetail, selected: number) {
  return quote.versions.map(
    (v) =>
      html`<option value=${v.versionNo} ?selected=${v.versionNo === selected}>
        ${versionLabel(v.versionNo)}
      </option>`,
  );
}

export function renderVersionBar(v: VersionBarView) {
  const open = v.quote.current.versionNo;
  const number = (e: Event) => Number((e.target as HTMLSelectElement).value);
  return html`<nav
    part="version-bar"
    class="version-bar"
    aria-label=${msg('Versions', { id: 'quote.versions' })}
  >
    <ol part="versions" class="versions">
      ${v.quote.versions.map(
        (s) =>
          html`<li>
            <button
              type="button"
              class="button version ${s.status}"
              part="version-button${s.versionNo === open ? ' version-button-open' : ''}"
              data-version=${s.versionNo}
              aria-current=${s.versionNo === open ? 'page' : nothing}
              ?disabled=${v.busy || (v.dirty && s.versionNo !== open)}
              @click=${() => v.on.open(s.versionNo)}
            >
              ${versionLabel(s.versionNo)}
              <span part="status-badge" class="badge ${s.status}">${statusLabel(s.status)}</span>
            </button>
          </li>`,
      )}
    </ol>
    ${
      v.canRevise
        ? html`<button
            type="button"
            class="button"
            part="revise-button"
            ?disabled=${v.busy || v.dirty}
            @click=${v.on.revise}
          >
            ${msg('Revise as a new version', { id: 'quote.revise' })}
          </button>`
        : nothing
    }
    ${
      v.quote.versions.length > 1
        ? html`<div part="compare-controls" class="compare-controls">
            <label
              >${msg('Compare', { id: 'quote.compare.label' })}
              <select
                class="input"
                part="compare-a"
                @change=${(e: Event) => v.on.compareWith('a', number(e))}
              >
                ${versionOptions(v.quote, v.compareA)}
              </select></label
            >
            <label
              >${msg('with', { id: 'quote.compare.with' })}
              <select
                class="input"
                part="compare-b"
                @change=${(e: Event) => v.on.compareWith('b', number(e))}
              >
                ${versionOptions(v.quote, v.compareB)}
              </select></label
            >
            <button
              type="button"
              class="button"
              part="compare-button"
              ?disabled=${v.busy || v.compareA === v.compareB}
              @click=${v.on.compare}
            >
              ${msg('Show differences', { id: 'quote.compare.show' })}
            </button>
          </div>`
        : nothing
    }
  </nav>`;
}
