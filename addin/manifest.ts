// npm run addin:manifest -- --url https://crm.example.com [--out dist/manifest.xml] [--id <guid>]
//
// The manifest in git points at the development server (https://localhost:3000). This writes a
// copy for a deployment: every URL moved to the deployment's address, and an add-in id of its
// own (derived from the address, so the same deployment keeps the same id and never clashes
// with the development add-in when both are sideloaded).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

export const DEV_ORIGIN = 'https://localhost:3000';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The deployment's base URL without a trailing slash; Office loads add-ins over HTTPS only. */
export function deploymentBase(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`--url: "${url}" is not a URL`);
  }
  if (parsed.protocol !== 'https:')
    throw new Error('--url: Office add-ins load over https:// only');
  if (parsed.search || parsed.hash) throw new Error('--url: give the address without ? or #');
  return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
}

/** A stable id per deployment address, shaped as an RFC 4122 name-based UUID. */
export function deploymentId(base: string): string {
  const h = createHash('sha256').update(`lodestone-addin:${base}`).digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function manifestFor(xml: string, url: string, id?: string): string {
  const base = deploymentBase(url);
  if (id !== undefined && !GUID.test(id)) throw new Error('--id: must be a GUID');
  const moved = xml.split(`${DEV_ORIGIN}/`).join(`${base}/`);
  return moved.replace(/<Id>[^<]*<\/Id>/, `<Id>${id ?? deploymentId(base)}</Id>`);
}

function main() {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      out: { type: 'string', default: 'dist/manifest.xml' },
      id: { type: 'string' },
    },
  });
  if (!values.url) throw new Error('--url is required, e.g. --url https://crm.example.com');
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const xml = fs.readFileSync(path.join(root, 'manifest.xml'), 'utf8');
  const out = path.resolve(values.out!);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, manifestFor(xml, values.url, values.id));
  console.log(`${out}: the add-in at ${deploymentBase(values.url)}/addin/`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  try {
    main();
  } catch (err) {
    console.error((err as Error).message);
    process.exitCode = 1;
  }
}
