// npm run bench:board [-- --rounds N] [--count N] [--frames N]
//
// lode-funnel-board in headless Chromium against the real server: a board of N open
// opportunities (5,000 by default) against the same board with 50, in the same run, same page,
// same server. For each: the time from attaching the element to its cards painted, and the frame
// times while a card is dragged across every column. Then the gzipped size of dist/components.js.
// Prints medians over the rounds; asserts nothing about time.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { puppeteerCore as puppeteer } from '@web/test-runner-chrome';
import { seedDemo } from '../server/db/seeds/index.ts';
import { startServer } from '../server/http/server.ts';
import { createUserFromCli } from '../server/cli/commands/user.ts';
import { createTokenFromCli } from '../server/cli/commands/token.ts';
import { toInt } from '../server/db/rows.ts';
import { mulberry32 } from '../server/db/seeds/prng.ts';
import type { Db } from '../server/db/knex.ts';
import { CHROMIUM } from '../components/test-support/ensure-chromium.mjs';
import { createBenchDatabase } from './database.ts';
import { median } from './load.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    count: { type: 'string', default: '5000' },
    frames: { type: 'string', default: '120' },
  },
});
const ROUNDS = Number(args.rounds);
const COUNT = Number(args.count);
const FRAMES = Number(args.frames);
const SMALL = 50;
const MANAGER = 'wang.lei@demo.lodestone.example';

/** A rep in 上海组 (under the demo manager) with `count` open opportunities spread over the stages. */
async function repWithDeals(db: Db, label: string, count: number): Promise<number> {
  const user = await createUserFromCli(db, {
    email: `bench.${label}@bench.lodestone.example`,
    name: `Bench ${label}`,
    role: 'rep',
    password: 'bench-only-password',
  });
  const team = await db('teams').where({ name_en: 'Shanghai' }).first('id');
  await db('team_members').insert({
    team_id: team.id,
    user_id: user.id,
    created_at: new Date().toISOString(),
  });
  const pipeline = await db('pipelines').where({ is_default: true }).first('id');
  const stages = await db('pipeline_stages')
    .where({ pipeline_id: pipeline.id })
    .whereNull('deleted_at')
    .orderBy('sequence')
    .select('id', 'probability');
  const partner = await db('partners').where({ kind: 'customer' }).orderBy('id').first('id');
  const rng = mulberry32(count);
  const now = Date.now();
  const rows = Array.from({ length: count }, (_, i) => {
    const stage = stages[i % stages.length]!;
    const entered = new Date(now - rng.int(0, 90) * 86_400_000).toISOString();
    return {
      version: 1,
      created_at: entered,
      updated_at: entered,
      name: `${label} deal ${i + 1}`,
      partner_id: partner.id,
      pipeline_id: pipeline.id,
      stage_id: stage.id,
      status: 'open',
      expected_revenue: rng.int(1, 900_000) * 100,
      currency: 'CNY',
      expected_close_date: new Date(now + rng.int(0, 200) * 86_400_000).toISOString().slice(0, 10),
      probability: toInt(stage.probability),
      owner_id: user.id,
      team_id: team.id,
      stage_entered_at: entered,
    };
  });
  for (let i = 0; i < rows.length; i += 400)
    await db('opportunities').insert(rows.slice(i, i + 400));
  return user.id;
}

interface Measured {
  paintedMs: number;
  frameMs: number[];
  cards: number;
}

type PageWindow = {
  measureBoard(token: string, ownerId: number, frames: number): Promise<Measured>;
};

const fmt = (ms: number) => ms.toFixed(1);

async function main() {
  const build = spawnSync(
    process.execPath,
    [path.join(ROOT, 'components/build.mjs'), '--if-missing'],
    {
      stdio: 'inherit',
    },
  );
  if (build.status !== 0) throw new Error('the components build failed');
  const bundle = path.join(ROOT, 'dist/components.js');

  const bench = await createBenchDatabase('sqlite');
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  let browser: Awaited<ReturnType<typeof puppeteer.launch>> | undefined;
  try {
    await seedDemo(bench.db);
    const big = await repWithDeals(bench.db, 'big', COUNT);
    const small = await repWithDeals(bench.db, 'small', SMALL);
    const { token } = await createTokenFromCli(bench.db, {
      email: MANAGER,
      name: 'bench:board',
      scopes: ['read', 'write'],
      days: 1,
    });
    server = await startServer(bench.db, bench.config);
    const url = `http://127.0.0.1:${server.port}`;
    const xdg = path.join(ROOT, '.tmp', 'chromium');
    browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
      env: { ...process.env, XDG_CONFIG_HOME: `${xdg}/config`, XDG_CACHE_HOME: `${xdg}/cache` },
    });
    const page = await browser.newPage();
    await page.setViewport({ width: 1600, height: 1000 });
    page.on('pageerror', (err) => console.error('page error:', err));
    // Same origin as the API: the board's calls need no CORS.
    await page.goto(`${url}/healthz`);
    await page.setContent('<!doctype html><html lang="en"><body></body></html>');
    await page.addScriptTag({ url: `${url}/components.js`, type: 'module' });
    await page.evaluate(() => customElements.whenDefined('lode-funnel-board'));
    // The measuring code is plain browser JavaScript (tsx would rename functions sent inline).
    await page.addScriptTag({ path: path.join(ROOT, 'bench/board-page.js') });
    const measure = (owner: number, frames: number) =>
      page.evaluate(
        (t, o, f) => (window as unknown as PageWindow).measureBoard(t, o, f),
        token,
        owner,
        frames,
      );
    // One unmeasured board first: the bundle, the server's statements and the JIT warm up.
    await measure(small, 10);

    const results = new Map<number, { painted: number[]; frames: number[]; cards: number }>([
      [COUNT, { painted: [], frames: [], cards: 0 }],
      [SMALL, { painted: [], frames: [], cards: 0 }],
    ]);
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate the order, so neither size always runs on a warmer page.
      const order = round % 2 ? [COUNT, SMALL] : [SMALL, COUNT];
      for (const size of order) {
        const owner = size === COUNT ? big : small;
        const m = await measure(owner, FRAMES);
        const r = results.get(size)!;
        r.painted.push(m.paintedMs);
        r.frames.push(median(m.frameMs));
        r.cards = m.cards;
      }
    }
    console.log(`\n## lode-funnel-board, ${ROUNDS} rounds (medians)\n`);
    console.log(
      '| open opportunities | cards rendered | attach → cards painted (ms) | frame while dragging (ms) |',
    );
    console.log(
      '| -----------------: | -------------: | --------------------------: | ------------------------: |',
    );
    for (const [size, r] of results)
      console.log(
        `| ${size.toLocaleString('en')} | ${r.cards} | ${fmt(median(r.painted))} | ${fmt(median(r.frames))} |`,
      );
    const big5k = results.get(COUNT)!;
    const small50 = results.get(SMALL)!;
    console.log(
      `\n${COUNT.toLocaleString('en')} vs ${SMALL}: painted ×${(median(big5k.painted) / median(small50.painted)).toFixed(2)}, ` +
        `frame ×${(median(big5k.frames) / median(small50.frames)).toFixed(2)}`,
    );
    const raw = fs.readFileSync(bundle);
    console.log(
      `dist/components.js: ${(raw.length / 1024).toFixed(1)} KB, ${(gzipSync(raw).length / 1024).toFixed(1)} KB gzipped`,
    );
  } finally {
    await browser?.close();
    await server?.close();
    await bench.drop();
  }
}

await main();
