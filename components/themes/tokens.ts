// The design tokens, one source for everything: light.css and dark.css are generated from these
// maps by the build (a test keeps the committed files identical), the provider's `theme`
// attribute applies them, and every element reads them through the short local aliases in
// tokens.styles.ts, with the light values as fallbacks so an element looks right on a page
// that loads no stylesheet at all.

/** Token name (without the `--lode-` prefix) → light value. */
export const LIGHT = {
  'color-surface': '#ffffff',
  'color-surface-raised': '#f6f8fa',
  'color-surface-sunken': '#eef1f4',
  'color-text': '#1f2328',
  'color-text-muted': '#59636e',
  'color-border': '#d0d7de',
  'color-accent': '#0969da',
  'color-accent-contrast': '#ffffff',
  'color-accent-soft': '#ddf4ff',
  'color-danger': '#cf222e',
  'color-danger-soft': '#ffebe9',
  'color-warning': '#9a6700',
  'color-warning-soft': '#fff8c5',
  'color-success': '#1a7f37',
  'color-success-soft': '#dafbe1',
  'color-focus': '#0969da',
  'font-family':
    "system-ui, -apple-system, 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif",
  'font-size': '14px',
  'font-size-small': '12px',
  radius: '6px',
  space: '8px',
  shadow: '0 1px 2px rgba(31, 35, 40, 0.12)',
  'shadow-raised': '0 6px 18px rgba(31, 35, 40, 0.18)',
  'column-width': '17rem',
  'column-height': '32rem',
} as const;

export type TokenName = keyof typeof LIGHT;

/** Every light token has a dark value; sizes and fonts stay as they are. */
export const DARK: Record<TokenName, string> = {
  ...LIGHT,
  'color-surface': '#0d1117',
  'color-surface-raised': '#161b22',
  'color-surface-sunken': '#010409',
  'color-text': '#e6edf3',
  'color-text-muted': '#9198a1',
  'color-border': '#3d444d',
  'color-accent': '#4493f8',
  'color-accent-contrast': '#0d1117',
  'color-accent-soft': '#132339',
  'color-danger': '#f85149',
  'color-danger-soft': '#2d1214',
  'color-warning': '#d29922',
  'color-warning-soft': '#272115',
  'color-success': '#3fb950',
  'color-success-soft': '#12261e',
  'color-focus': '#4493f8',
  shadow: '0 1px 2px rgba(1, 4, 9, 0.8)',
  'shadow-raised': '0 8px 24px rgba(1, 4, 9, 0.85)',
};

/** `--lode-name: value;` declarations for a token map. */
export function declarations(tokens: Record<TokenName, string>): string {
  return Object.entries(tokens)
    .map(([name, value]) => `  --lode-${name}: ${value};`)
    .join('\n');
}

/** The text of themes/light.css or themes/dark.css. */
export function themeCss(theme: 'light' | 'dark'): string {
  const tokens = theme === 'light' ? LIGHT : DARK;
  return (
    `/* Lodestone ${theme} theme: generated from components/themes/tokens.ts by the build. */\n` +
    `:root {\n  color-scheme: ${theme};\n${declarations(tokens)}\n}\n`
  );
}
