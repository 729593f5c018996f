#!/usr/bin/env node
// `npm run build` (after components/build.mjs, which empties dist/): the Excel add-in's files,
// served by the server under /addin/ as manifest.xml names them.
//   dist/addin/taskpane.html, taskpane.js   the task pane; its page is also the shared runtime
//                                           that runs the ribbon commands and the functions
//   dist/addin/functions.js, functions.json the LODESTONE.* custom functions and their metadata
//   dist/addin/help.html                    the "learn more" page
//   dist/addin/assets/<name>-<size>.png     ribbon and add-in icons (solid squares, made here)
// `--if-missing` builds only when dist/addin/taskpane.js does not exist yet (npm start uses it).
import fs from 'node:fs';
import path from 'node:path';
import { Buffer } from 'node:buffer';
import { deflateSync } from 'node:zlib';

const ROOT = path.resolve(import.meta.dirname, '..');
const OUT = path.join(ROOT, 'dist', 'addin');

if (process.argv.includes('--if-missing') && fs.existsSync(path.join(OUT, 'taskpane.js')))
  process.exit(0);

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  console.warn('addin: esbuild is not installed; /addin/ will not be served.');
  process.exit(0);
}

fs.rmSync(OUT, { recursive: true, force: true });
fs.mkdirSync(path.join(OUT, 'assets'), { recursive: true });

await esbuild.build({
  entryPoints: {
    taskpane: path.join(ROOT, 'addin/taskpane/main.ts'),
    functions: path.join(ROOT, 'addin/functions/functions.ts'),
  },
  outdir: OUT,
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  sourcemap: true,
  legalComments: 'linked',
  tsconfig: path.join(ROOT, 'tsconfig.json'),
  logLevel: 'warning',
});
for (const file of ['taskpane/taskpane.html', 'taskpane/help.html', 'functions/functions.json'])
  fs.copyFileSync(path.join(ROOT, 'addin', file), path.join(OUT, path.basename(file)));

/** A PNG of one colour: enough for Office's icon slots until a designer draws them. */
function solidPng(size, [r, g, b]) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array(size).fill([r, g, b]).flat())]);
  const pixels = deflateSync(Buffer.concat(Array(size).fill(row)));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', pixels),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const ICONS = {
  icon: [
    [16, 32, 64, 80],
    [0x1f, 0x4e, 0x79],
  ],
  pull: [
    [16, 32, 80],
    [0x21, 0x73, 0x46],
  ],
  push: [
    [16, 32, 80],
    [0xc5, 0x5a, 0x11],
  ],
  reports: [
    [16, 32, 80],
    [0x5b, 0x3f, 0x9e],
  ],
  'sign-in': [
    [16, 32, 80],
    [0x44, 0x54, 0x6a],
  ],
};
for (const [name, [sizes, colour]] of Object.entries(ICONS))
  for (const size of sizes)
    fs.writeFileSync(path.join(OUT, 'assets', `${name}-${size}.png`), solidPng(size, colour));
console.log(`addin: built ${path.relative(ROOT, OUT)}`);
