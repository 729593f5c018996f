#!/usr/bin/env node
// `npm run build`: the components as a portal uses them.
//   dist/components.js            every element in one minified ES module (what /components.js serves)
//   dist/elements/<tag>.js        one module per element, sharing chunks (for pages that want one)
//   dist/themes/light.css, dark.css  the tokens as plain CSS (also written to components/themes/)
//   dist/custom-elements.json     the Custom Elements Manifest, from the classes' JSDoc
// `--if-missing` builds only when dist/components.js does not exist yet (npm start uses it).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const ROOT = path.resolve(import.meta.dirname, '..');
const DIST = path.join(ROOT, 'dist');
const BUNDLE = path.join(DIST, 'components.js');

if (process.argv.includes('--if-missing') && fs.existsSync(BUNDLE)) process.exit(0);

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  // esbuild is a development dependency: an install without it serves the API and no bundle.
  console.warn('components: esbuild is not installed; /components.js will not be served.');
  process.exit(0);
}

const common = {
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  sourcemap: true,
  // Lit and friends carry BSD-3 notices: kept beside the bundle, not inside it.
  legalComments: 'linked',
  tsconfig: path.join(ROOT, 'tsconfig.json'),
  logLevel: 'warning',
};

/** Loads components/themes/tokens.ts (TypeScript) through esbuild, in memory. */
async function loadTokens() {
  const out = await esbuild.build({
    entryPoints: [path.join(ROOT, 'components/themes/tokens.ts')],
    bundle: true,
    format: 'esm',
    write: false,
    logLevel: 'warning',
  });
  const code = Buffer.from(out.outputFiles[0].contents).toString('base64');
  return import(`data:text/javascript;base64,${code}`);
}

fs.rmSync(DIST, { recursive: true, force: true });
fs.mkdirSync(path.join(DIST, 'themes'), { recursive: true });

const tokens = await loadTokens();
for (const theme of ['light', 'dark']) {
  const css = tokens.themeCss(theme);
  fs.writeFileSync(path.join(ROOT, 'components/themes', `${theme}.css`), css);
  fs.writeFileSync(path.join(DIST, 'themes', `${theme}.css`), css);
}

await esbuild.build({
  ...common,
  entryPoints: [path.join(ROOT, 'components/index.ts')],
  outfile: BUNDLE,
});

await esbuild.build({
  ...common,
  entryPoints: {
    'lode-provider': path.join(ROOT, 'components/provider/provider.ts'),
    'lode-funnel-board': path.join(ROOT, 'components/funnel-board/funnel-board.ts'),
    'lode-opportunity-card': path.join(ROOT, 'components/opportunity-card/opportunity-card.ts'),
    'lode-customer-card': path.join(ROOT, 'components/customer-card/customer-card.ts'),
    'lode-payment-plan': path.join(ROOT, 'components/payment-plan/payment-plan.ts'),
    'lode-quote-editor': path.join(ROOT, 'components/quote-editor/quote-editor.ts'),
  },
  outdir: path.join(DIST, 'elements'),
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
});

const cem = spawnSync(
  process.execPath,
  [
    path.join(ROOT, 'node_modules/@custom-elements-manifest/analyzer/cem.js'),
    'analyze',
    '--litelement',
    '--globs',
    'components/**/*.component.ts',
    '--outdir',
    'dist',
    '--quiet',
  ],
  { cwd: ROOT, stdio: 'inherit' },
);
if (cem.status !== 0) process.exit(cem.status ?? 1);

const size = fs.statSync(BUNDLE).size;
const gzipped = gzipSync(fs.readFileSync(BUNDLE)).length;
console.log(
  `components: dist/components.js ${(size / 1024).toFixed(1)} KB, ${(gzipped / 1024).toFixed(1)} KB gzipped`,
);
