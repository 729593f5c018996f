// /components.js and /components/… serve the built bundle with CORS and caching headers; the
// app wires componentAssets to dist/ (the browser tests load the real bundle from it).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import express from 'express';
import { componentAssets } from './components.ts';

let url = '';
let server: http.Server;
let dir = '';

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lodestone-dist-'));
  fs.mkdirSync(path.join(dir, 'elements/chunks'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'components.js'), 'export const bundle = 1;\n');
  fs.writeFileSync(path.join(dir, 'elements/lode-provider.js'), 'export {};\n');
  fs.writeFileSync(path.join(dir, 'elements/chunks/chunk-ABC123.js'), 'export {};\n');
  const app = express();
  app.use(componentAssets(dir));
  app.use((_req, res) => res.status(404).end());
  server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  await new Promise((resolve) => server.close(resolve));
  fs.rmSync(dir, { recursive: true, force: true });
});

test('/components.js: JavaScript any page may load, revalidated after five minutes', async () => {
  const res = await fetch(`${url}/components.js`, {
    headers: { origin: 'https://intranet.example.com' },
  });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /javascript/);
  assert.equal(res.headers.get('access-control-allow-origin'), '*');
  assert.equal(res.headers.get('cache-control'), 'public, max-age=300, must-revalidate');
  assert.ok(res.headers.get('etag'));
  assert.equal(await res.text(), 'export const bundle = 1;\n');
  // Plain http, not fetch: fetch adds Cache-Control: no-cache to conditional requests.
  const again = await new Promise<number | undefined>((resolve, reject) =>
    http
      .get(
        `${url}/components.js`,
        { headers: { 'if-none-match': res.headers.get('etag')! } },
        (r) => {
          r.resume();
          resolve(r.statusCode);
        },
      )
      .on('error', reject),
  );
  assert.equal(again, 304);
});

test('per-element modules revalidate; hashed chunks are immutable', async () => {
  const element = await fetch(`${url}/components/elements/lode-provider.js`);
  assert.equal(element.status, 200);
  assert.equal(element.headers.get('cache-control'), 'public, max-age=300, must-revalidate');
  const chunk = await fetch(`${url}/components/elements/chunks/chunk-ABC123.js`);
  assert.equal(chunk.status, 200);
  assert.equal(chunk.headers.get('cache-control'), 'public, max-age=31536000, immutable');
});

test('anything else falls through', async () => {
  assert.equal((await fetch(`${url}/components/nothing.js`)).status, 404);
  assert.equal((await fetch(`${url}/components`)).status, 404);
});
