// The design tokens have one source, components/themes/tokens.ts: the committed light.css and
// dark.css must be what the build generates from it, and every token an element uses must be
// defined there (an undefined custom property silently falls back to nothing).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { DARK, LIGHT, themeCss } from '../../components/themes/tokens.ts';

const ROOT = path.resolve(import.meta.dirname, '../../components');

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return files(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

test('themes/light.css and dark.css are generated from tokens.ts (npm run build)', () => {
  for (const theme of ['light', 'dark'] as const) {
    const file = fs.readFileSync(path.join(ROOT, 'themes', `${theme}.css`), 'utf8');
    assert.equal(file, themeCss(theme), `${theme}.css is stale: run npm run build`);
  }
});

test('every token an element uses is defined, in both themes', () => {
  const used = new Set<string>();
  for (const file of files(ROOT)) {
    for (const m of fs.readFileSync(file, 'utf8').matchAll(/var\(--(_|lode-)([a-z-]+)/g))
      used.add(m[2]!);
  }
  assert.ok(used.size > 10);
  const undefinedTokens = [...used].filter((t) => !(t in LIGHT) || !(t in DARK));
  assert.deepEqual(undefinedTokens, []);
});
