// /addin/…: the add-in's built files, every URL manifest.xml names answered from dist/addin
// (built here by addin/build.mjs, as `npm run build` does), with the task pane hosting the
// functions (shared runtime) and the PNG icons real PNGs.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import express from 'express';
import { addinAssets } from './addin.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
let url = '';
let server: http.Server;

before(async () => {
  const built = spawnSync(process.execPath, [path.join(ROOT, 'addin/build.mjs')], {
    encoding: 'utf8',
  });
  assert.equal(built.status, 0, built.stderr);
  const app = express();
  app.use(addinAssets(path.join(ROOT, 'dist/addin')));
  app.use((_req, res) => res.status(404).end());
  server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => new Promise((resolve) => server.close(resolve)));

test('every /addin/ URL of manifest.xml is served', async () => {
  const manifest = fs.readFileSync(path.join(ROOT, 'manifest.xml'), 'utf8');
  const paths = [
    ...new Set(
      [...manifest.matchAll(/https:\/\/localhost:3000(\/addin\/[^"]+)"/g)].map((m) => m[1]!),
    ),
  ];
  assert.ok(paths.length >= 10);
  for (const p of paths) {
    const res = await fetch(`${url}${p}`);
    assert.equal(res.status, 200, p);
    if (p.endsWith('.png')) {
      const bytes = new Uint8Array(await res.arrayBuffer());
      assert.deepEqual([...bytes.slice(1, 4)], [0x50, 0x4e, 0x47], `${p} is a PNG`);
    } else await res.arrayBuffer();
  }
});

test('the task pane page loads the pane and the functions; functions.json is JSON', async () => {
  const page = await (await fetch(`${url}/addin/taskpane.html`)).text();
  assert.match(page, /src="\.\/taskpane\.js"/);
  assert.match(page, /src="\.\/functions\.js"/);
  assert.match(page, /office\.js/);
  const res = await fetch(`${url}/addin/taskpane.js`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('cache-control') ?? '', /max-age=300/);
  const meta = (await (await fetch(`${url}/addin/functions.json`)).json()) as {
    functions: { id: string }[];
  };
  assert.deepEqual(
    meta.functions.map((f) => f.id),
    ['PIPELINE', 'FORECAST', 'RECEIVABLE', 'TARGET', 'REPORT'],
  );
  assert.equal((await fetch(`${url}/addin/nothing.js`)).status, 404);
});
