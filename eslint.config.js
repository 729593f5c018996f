// Lint rules for the whole project: typescript-eslint's recommended set, plus the few rules
// that guard our conventions (no floating promises, no unused code, type-only imports).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import litA11y from 'eslint-plugin-lit-a11y';

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', '.tmp/**', 'dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          // node:test's test()/describe() return promises the runner itself awaits.
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  // The web components (STYLE.md 16): Lit template rules, custom-element rules, and
  // accessibility rules for what the templates render.
  {
    files: ['components/**/*.ts'],
    plugins: {
      ...lit.configs['flat/recommended'].plugins,
      ...wc.configs['flat/recommended'].plugins,
      ...litA11y.configs.recommended.plugins,
    },
    rules: {
      ...lit.configs['flat/recommended'].rules,
      ...wc.configs['flat/recommended'].rules,
      ...litA11y.configs.recommended.rules,
    },
  },
  {
    // Node-side tooling of the components (build, test runner plugins, Chromium check).
    files: ['components/**/*.mjs', 'web-test-runner.config.mjs'],
    languageOptions: {
      globals: {
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        fetch: 'readonly',
        URLSearchParams: 'readonly',
        Buffer: 'readonly',
      },
    },
  },
  {
    // Scripts that run in a browser page: the demo page's, the board benchmark's.
    files: ['demo/**/*.js', 'bench/board-page.js'],
    languageOptions: {
      globals: {
        window: 'readonly',
        document: 'readonly',
        location: 'readonly',
        sessionStorage: 'readonly',
        performance: 'readonly',
        requestAnimationFrame: 'readonly',
        DataTransfer: 'readonly',
        DragEvent: 'readonly',
      },
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly' },
    },
  },
);
