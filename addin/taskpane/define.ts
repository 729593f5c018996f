// Registers <lode-excel-pane>; idempotent (a page that loads the script twice gets a warning).
import { LodeExcelPane } from './lode-excel-pane.ts';

if (customElements.get('lode-excel-pane')) console.warn('lode-excel-pane is already defined');
else customElements.define('lode-excel-pane', LodeExcelPane);

declare global {
  interface HTMLElementTagNameMap {
    'lode-excel-pane': LodeExcelPane;
  }
}
