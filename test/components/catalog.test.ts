// The zh-CN catalog (components/localization/zh-CN.ts) is written by hand: this keeps it
// complete. Every msg() in the components has an explicit id, every id has a translation with
// the same placeholders, one id means one English text, and the catalog has nothing unused.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { templates } from '../../components/localization/zh-CN.ts';

const ROOT = path.resolve(import.meta.dirname, '../../components');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'test-support' ? [] : sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

interface Use {
  file: string;
  /** The English text with each expression as {}. */
  text: string;
  placeholders: number;
}

function uses(): { byId: Map<string, Use[]>; withoutId: string[] } {
  const byId = new Map<string, Use[]>();
  const withoutId: string[] = [];
  const call = /\bmsg\(\s*(str)?(`[^`]*`|'(?:[^'\\]|\\.)*')\s*,\s*\{\s*id:\s*'([^']+)'/g;
  for (const file of sources(ROOT)) {
    // Comments may mention msg() without calling it.
    const code = fs
      .readFileSync(file, 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/^\s*\/\/.*$/gm, '');
    const all = code.match(/\bmsg\(/g)?.length ?? 0;
    let found = 0;
    for (const m of code.matchAll(call)) {
      found++;
      const literal = m[2]!.slice(1, -1);
      const text = literal.replace(/\$\{[^}]*(\}[^}]*)*?\}/g, '{}');
      const placeholders = (literal.match(/\$\{/g) ?? []).length;
      const list = byId.get(m[3]!) ?? [];
      list.push({ file: path.relative(ROOT, file), text, placeholders });
      byId.set(m[3]!, list);
    }
    if (found !== all)
      withoutId.push(`${path.relative(ROOT, file)}: ${all - found} msg() without an id`);
  }
  return { byId, withoutId };
}

test('every msg() has an explicit id', () => {
  assert.deepEqual(uses().withoutId, []);
});

test('one id, one English text', () => {
  for (const [id, list] of uses().byId) {
    assert.equal(
      new Set(list.map((u) => u.text)).size,
      1,
      `${id}: ${list.map((u) => `${u.file} "${u.text}"`).join(', ')}`,
    );
  }
});

test('every id has a zh-CN translation with the same placeholders, and nothing is unused', () => {
  const { byId } = uses();
  const missing = [...byId.keys()].filter((id) => !(id in templates));
  const unused = Object.keys(templates).filter((id) => !byId.has(id));
  assert.deepEqual(missing, [], 'ids without a translation');
  assert.deepEqual(unused, [], 'translations no msg() uses');
  for (const [id, list] of byId) {
    const zh = templates[id]!;
    const indices = typeof zh === 'string' ? [] : [...((zh as { values: unknown[] }).values ?? [])];
    const expected = Array.from({ length: list[0]!.placeholders }, (_, i) => i);
    assert.deepEqual([...indices].sort(), expected, `${id}: placeholders`);
  }
});
