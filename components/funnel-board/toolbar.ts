// The board's toolbar: pipeline, owner, team and closing-period filters, and the board / chart
// switch. It shows the board's properties and reports changes to them; the board reloads.
import { html, nothing } from 'lit';
import { msg } from '@lit/localize';
import type { LodeLocale } from '../context/contexts.ts';
import { PERIODS, type BoardMeta } from './board-data.ts';
import { stageLabel } from './labels.ts';

export interface ToolbarValues {
  pipeline: number | undefined;
  ownerId: number | undefined;
  teamId: number | undefined;
  period: string;
  view: 'board' | 'chart';
}

export interface ToolbarState extends Omit<ToolbarValues, 'pipeline'> {
  meta: BoardMeta | undefined;
  /** The pipeline on show. */
  pipelineId: number | undefined;
}

export function renderToolbar(
  state: ToolbarState,
  locale: LodeLocale,
  on: (change: Partial<ToolbarValues>) => void,
) {
  const meta = state.meta;
  const pipelines = meta?.pipelines ?? [];
  const periodLabels: Record<(typeof PERIODS)[number], string> = {
    'this-month': msg('This month', { id: 'period.thisMonth' }),
    'next-month': msg('Next month', { id: 'period.nextMonth' }),
    'this-quarter': msg('This quarter', { id: 'period.thisQuarter' }),
    'next-quarter': msg('Next quarter', { id: 'period.nextQuarter' }),
    'this-year': msg('This year', { id: 'period.thisYear' }),
  };
  const number = (e: Event) => Number((e.target as HTMLSelectElement).value) || undefined;
  return html`<div part="toolbar" class="toolbar">
    ${
      pipelines.length > 1
        ? html`<label class="filter"
            >${msg('Pipeline', { id: 'filter.pipeline' })}
            <select
              class="input"
              part="filter filter-pipeline"
              @change=${(e: Event) => on({ pipeline: number(e) })}
            >
              ${pipelines.map(
                (p) =>
                  html`<option value=${p.id} ?selected=${p.id === state.pipelineId}>
                    ${stageLabel(p, locale)}
                  </option>`,
              )}
            </select></label
          >`
        : nothing
    }
    <label class="filter"
      >${msg('Owner', { id: 'filter.owner' })}
      <select
        class="input"
        part="filter filter-owner"
        @change=${(e: Event) => on({ ownerId: number(e) })}
      >
        <option value="">${msg('Everyone', { id: 'filter.everyone' })}</option>
        ${(meta?.users ?? []).map(
          (u) => html`<option value=${u.id} ?selected=${u.id === state.ownerId}>${u.name}</option>`,
        )}
      </select></label
    >
    <label class="filter"
      >${msg('Team', { id: 'filter.team' })}
      <select
        class="input"
        part="filter filter-team"
        @change=${(e: Event) => on({ teamId: number(e) })}
      >
        <option value="">${msg('All teams', { id: 'filter.allTeams' })}</option>
        ${(meta?.teams ?? []).map(
          (t) =>
            html`<option value=${t.id} ?selected=${t.id === state.teamId}>
              ${stageLabel(t, locale)}
            </option>`,
        )}
      </select></label
    >
    <label class="filter"
      >${msg('Closing', { id: 'filter.period' })}
      <select
        class="input"
        part="filter filter-period"
        @change=${(e: Event) => on({ period: (e.target as HTMLSelectElement).value })}
      >
        <option value="">${msg('Any time', { id: 'period.any' })}</option>
        ${PERIODS.map(
          (p) =>
            html`<option value=${p} ?selected=${p === state.period}>${periodLabels[p]}</option>`,
        )}
      </select></label
    >
    <div
      part="view-toggle"
      class="view-toggle"
      role="group"
      aria-label=${msg('View', { id: 'view.label' })}
    >
      <button
        part="view-button"
        class="button"
        type="button"
        aria-pressed=${state.view === 'board' ? 'true' : 'false'}
        @click=${() => on({ view: 'board' })}
      >
        ${msg('Board', { id: 'view.board' })}
      </button>
      <button
        part="view-button"
        class="button"
        type="button"
        aria-pressed=${state.view === 'chart' ? 'true' : 'false'}
        @click=${() => on({ view: 'chart' })}
      >
        ${msg('Funnel chart', { id: 'view.chart' })}
      </button>
    </div>
  </div>`;
}
