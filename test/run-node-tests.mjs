#!/usr/bin/env node
// Node 20's test runner expands no globs and finds no .ts files by itself: list them here.
// Node tests are every *.test.ts outside components/ (browser tests run under web-test-runner).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOTS = ['core', 'server', 'test', 'examples', 'bench', 'addin'];
const args = process.argv.slice(2);

function walk(dir, out) {
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules') walk(p, out);
    else if (entry.isFile() && entry.name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const files = args.length ? args : ROOTS.flatMap((r) => walk(r, [])).sort();
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=tap', '--test-concurrency=2', ...files],
  {
    stdio: 'inherit',
    env: { ...process.env, LODESTONE_LOG: process.env.LODESTONE_LOG ?? 'silent' },
  },
);
process.exit(result.status ?? 1);
