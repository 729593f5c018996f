// A web-test-runner plugin: the REAL Lodestone server for the browser tests. Before the first
// test it starts `lodestone serve` (the same command as `npm start`) on a free loopback port
// with a temporary SQLite database seeded with the demo company, lets the test page's origin
// through CORS, signs in the demo users, and serves the tests what they need to reach it:
//   GET /__lodestone/fixture.json  → { url, tokens: { manager, rep, admin, finance }, userIds }
//   GET /__lodestone/embed.html?token=…[&copies=2]  → a page under a strict CSP that loads the
//        built bundle from the server (test of dist/components.js as a portal would use it)
//   GET /__lodestone/embed-probe.js → the script that page reports back with
// After the last test it stops the server and deletes the database.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

export const DEMO_USERS = {
  manager: 'wang.lei@demo.lodestone.example',
  rep: 'zhang.wei@demo.lodestone.example',
  admin: 'admin@demo.lodestone.example',
  finance: 'zhao.qiang@demo.lodestone.example',
};

/** The server's URL from its start-up banner; rejects if it exits or takes too long. */
function waitForUrl(child, output) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`lodestone serve did not start:\n${output.text}`)),
      60_000,
    );
    const onData = (chunk) => {
      output.text += chunk;
      const match = /running at (http:\/\/\S+?:(\d+))/.exec(output.text);
      if (match) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${match[2]}`);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk) => (output.text += chunk));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`lodestone serve exited with ${code}:\n${output.text}`));
    });
  });
}

async function mutate(url, procedure, input) {
  const res = await fetch(`${url}/trpc/${procedure}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  const body = await res.json();
  if (!res.ok) throw new Error(`${procedure}: ${JSON.stringify(body.error)}`);
  return body.result.data;
}

function embedPage(fixture, query) {
  const token = query.get('token') ?? '';
  const copies = Number(query.get('copies') ?? '1');
  const scripts = Array.from(
    { length: copies },
    (_, i) =>
      `<script type="module" src="${fixture.url}/components.js${i ? `?copy=${i + 1}` : ''}"></script>`,
  ).join('\n    ');
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Embedded board</title>
    <script type="module" src="/__lodestone/embed-probe.js"></script>
    ${scripts}
  </head>
  <body>
    <main>
      <lode-provider endpoint="${fixture.url}" token="${token}" locale="en">
        <lode-funnel-board></lode-funnel-board>
      </lode-provider>
    </main>
  </body>
</html>`;
}

/** Runs in the embed page before the bundle: records warnings, errors and CSP violations. */
const EMBED_PROBE = `
const report = { warnings: [], errors: [], violations: [], evalBlocked: false };
// Proof that the policy is in force: eval must be refused (its violation report is ignored).
try { new Function(''); } catch { report.evalBlocked = true; }
const warn = console.warn.bind(console);
console.warn = (...args) => { report.warnings.push(args.map(String).join(' ')); warn(...args); };
addEventListener('error', (e) => report.errors.push(String(e.message)));
addEventListener('unhandledrejection', (e) => report.errors.push(String(e.reason)));
document.addEventListener('securitypolicyviolation', (e) => {
  if (e.blockedURI !== 'eval') report.violations.push(e.violatedDirective + ' ' + e.blockedURI);
});
async function cardsShown() {
  for (let i = 0; i < 200; i++) {
    const board = document.querySelector('lode-funnel-board');
    const cards = board?.shadowRoot?.querySelectorAll('lode-opportunity-card').length ?? 0;
    if (cards > 0) return cards;
    await new Promise((r) => setTimeout(r, 50));
  }
  return 0;
}
cardsShown().then((cards) => parent.postMessage({ type: 'lode-embed', cards, ...report }, '*'));
`;

export function lodestoneServerPlugin() {
  let child;
  let dir;
  let fixture;
  const stop = () => child?.exitCode === null && child.kill('SIGTERM');
  return {
    name: 'lodestone-server',
    async serverStart({ config }) {
      fs.mkdirSync(path.join(ROOT, '.tmp'), { recursive: true });
      dir = fs.mkdtempSync(path.join(ROOT, '.tmp', 'wtr-server-'));
      const origins = [`http://localhost:${config.port}`, `http://127.0.0.1:${config.port}`];
      const env = { ...process.env };
      delete env.DATABASE_URL;
      child = spawn(process.execPath, [path.join(ROOT, 'bin/lodestone.mjs'), 'serve'], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...env,
          PORT: '0',
          HOST: '127.0.0.1',
          LODESTONE_DB_FILE: path.join(dir, 'lodestone.db'),
          LODESTONE_SEED: 'demo',
          LODESTONE_LOG: 'silent',
          LODESTONE_JOBS: 'off',
          LODESTONE_RATE_LIMIT: '0',
          LODESTONE_CORS_ORIGINS: origins.join(','),
        },
      });
      process.once('exit', stop);
      const url = await waitForUrl(child, { text: '' });
      const tokens = {};
      const userIds = {};
      for (const [key, email] of Object.entries(DEMO_USERS)) {
        const session = await mutate(url, 'auth.login', { email, password: 'lodestone-demo' });
        tokens[key] = session.token;
        userIds[key] = session.user.id;
      }
      fixture = { url, tokens, userIds, origin: origins[0] };
    },
    async serverStop() {
      if (child && child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    },
    serve(context) {
      if (context.path === '/__lodestone/fixture.json')
        return { body: JSON.stringify(fixture), type: 'json' };
      if (context.path === '/__lodestone/embed-probe.js') return { body: EMBED_PROBE, type: 'js' };
      if (context.path === '/__lodestone/embed.html')
        return {
          body: embedPage(fixture, new URLSearchParams(context.querystring)),
          type: 'html',
          headers: {
            // What a strict intranet sets: no inline script or style, no eval; the CRM's origin
            // for the script and the API. Constructable stylesheets (Lit's) need no style-src.
            'content-security-policy': `default-src 'none'; script-src 'self' ${fixture.url}; connect-src ${fixture.url}; style-src 'none'; img-src 'self'`,
          },
        };
      return undefined;
    },
  };
}
