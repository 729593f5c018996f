// Registers <lode-quote-editor>. Importing this module defines the tag (once per page).
import { define } from '../shared/define.ts';
import { LodeQuoteEditor } from './quote-editor.component.ts';

export { LodeQuoteEditor };

define('lode-quote-editor', LodeQuoteEditor);

declare global {
  interface HTMLElementTagNameMap {
    'lode-quote-editor': LodeQuoteEditor;
  }
}
