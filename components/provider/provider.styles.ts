import { css, unsafeCSS } from 'lit';
import { DARK, LIGHT, declarations } from '../themes/tokens.ts';

const light = unsafeCSS(declarations(LIGHT));
const dark = unsafeCSS(declarations(DARK));

// The theme's tokens on the provider itself: everything inside inherits them, and a page can
// still override any single token on `lode-provider` or deeper.
export const providerStyles = css`
  :host {
    display: block;
  }
  :host([theme='light']),
  :host([theme='auto']) {
    color-scheme: light;
    ${light}
  }
  :host([theme='dark']) {
    color-scheme: dark;
    ${dark}
  }
  @media (prefers-color-scheme: dark) {
    :host([theme='auto']) {
      color-scheme: dark;
      ${dark}
    }
  }
  :host([theme]) {
    background: var(--lode-color-surface);
    color: var(--lode-color-text);
  }
`;
