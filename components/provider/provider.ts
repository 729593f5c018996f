// Registers <lode-provider>. Importing this module defines the tag (once per page).
import { define } from '../shared/define.ts';
import { LodeProvider } from './provider.component.ts';

export { LodeProvider };

define('lode-provider', LodeProvider);

declare global {
  interface HTMLElementTagNameMap {
    'lode-provider': LodeProvider;
  }
}
