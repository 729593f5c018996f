// Short local aliases for the tokens, set on every element's :host: `--_color-text` is the
// page's `--lode-color-text` when the page (or lode-provider's theme) defines it, else the light
// default. Elements use only the aliases, so a token nobody defined can never leave a hole.
import { css, unsafeCSS } from 'lit';
import { LIGHT } from './tokens.ts';

const aliases = Object.entries(LIGHT)
  .map(([name, value]) => `--_${name}: var(--lode-${name}, ${value});`)
  .join('\n');

export const tokenStyles = css`
  :host {
    ${unsafeCSS(aliases)}
    font-family: var(--_font-family);
    font-size: var(--_font-size);
    color: var(--_color-text);
  }
`;
