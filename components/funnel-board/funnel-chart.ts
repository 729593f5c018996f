// The funnel as a chart: one bar per stage, as wide as its share of the largest stage's count,
// labelled with the count and the weighted amount. Plain HTML and CSS, read as a list.
import { html } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import { msg, str } from '@lit/localize';
import type { LodeLocale } from '../context/contexts.ts';
import { formatAmounts, formatCount } from '../shared/format.ts';
import { countOf, type BoardData } from './board-data.ts';
import { stageLabel } from './labels.ts';

export function renderFunnelChart(data: BoardData, locale: LodeLocale) {
  const counts = data.columns.map((c) => countOf(c.totals));
  const widest = Math.max(1, ...counts);
  return html`<ol
    part="chart"
    class="chart"
    aria-label=${msg('Funnel chart', { id: 'chart.label' })}
  >
    ${data.columns.map((c, i) => {
      const count = counts[i]!;
      const weighted = [...c.totals].map(([currency, t]) => ({ currency, amount: t.weighted }));
      const share = Math.max(2, Math.round((count / widest) * 100));
      // styleMap writes through the CSSOM, which a strict CSP allows (style attributes it does not).
      return html`<li part="chart-row" class="chart-row">
        <span part="chart-label" class="chart-label">${stageLabel(c.stage, locale)}</span>
        <span class="chart-track" aria-hidden="true">
          <span part="chart-bar" class="chart-bar" style=${styleMap({ width: `${share}%` })}></span>
        </span>
        <span part="chart-figures" class="chart-figures">
          ${msg(str`${formatCount(count, locale)} opportunities`, { id: 'chart.count' })} ·
          ${msg(str`weighted ${weighted.length ? formatAmounts(weighted, locale) : '—'}`, {
            id: 'chart.weighted',
          })}
        </span>
      </li>`;
    })}
  </ol>`;
}
