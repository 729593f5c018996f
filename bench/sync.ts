// npm run bench:sync -- [--db sqlite|postgres] [--pull N] [--rows N] [--chunk N] [--rounds N]
//
// The Excel link, server side, over HTTP with a personal token (the admin's: scope all):
// - pull: every page of sync.pull over N generated opportunities (default 100,000), at the
//   largest page (5,000) and the add-in's default (1,000): seconds, rows/s, bytes per row.
// - push: N changed opportunity rows (default 10,000) through sync.push in chunks of --chunk
//   (default 1,000, as the add-in sends them), per-row commits and `atomic: true`, against the
//   same updates written by hand in one raw transaction on the same knex instance, in the same
//   run: per row the versioned UPDATE and its audit row. Each line changes its own rows.
// Prints rows per second and the ratio to the raw line; exits non-zero if a push row is not ok
// or a line's rows do not end up as written.
import http from 'node:http';
import { parseArgs } from 'node:util';
import type { SyncPullPage, SyncPushAnswer } from '../core/schemas/sync.ts';
import { seedDemo } from '../server/db/seeds/index.ts';
import { DEMO_USERS } from '../server/db/seeds/demo-company.ts';
import { startServer } from '../server/http/server.ts';
import { createTokenFromCli } from '../server/cli/commands/token.ts';
import type { Db } from '../server/db/knex.ts';
import { toInt } from '../server/db/rows.ts';
import { audit } from '../server/services/audit.ts';
import {
  generateOpportunities,
  insertPipeline,
  insertReasons,
} from '../server/routers/reports/generate.ts';
import { createBenchDatabase, type BenchDbKind } from './database.ts';
import { median } from './load.ts';

function whole(name: string, value: string | undefined, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be a whole number ≥ ${min}`);
  return n;
}

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'sqlite' },
    pull: { type: 'string', default: '100000' },
    rows: { type: 'string', default: '10000' },
    chunk: { type: 'string', default: '1000' },
    rounds: { type: 'string', default: '1' },
  },
});
if (args.db !== 'sqlite' && args.db !== 'postgres') throw new Error('--db: sqlite or postgres');
const kind: BenchDbKind = args.db;
const total = whole('pull', args.pull, 1);
const rows = whole('rows', args.rows, 1);
const chunk = whole('chunk', args.chunk, 1);
const rounds = whole('rounds', args.rounds, 1);
if (total < 3 * rows * rounds)
  throw new Error('--pull must be at least 3 × --rows × --rounds: each line changes its own rows');

type Line = 'raw' | 'per-row' | 'atomic';
const LINES: Line[] = ['raw', 'per-row', 'atomic'];
const LABELS: Record<Line, string> = {
  raw: 'raw SQL, one transaction (UPDATE + audit row)',
  'per-row': 'tRPC sync.push (per-row commits)',
  atomic: 'tRPC sync.push (atomic: true)',
};

interface Reply {
  status: number;
  text: string;
  bytes: number;
}

function request(url: string, token: string, body?: unknown): Promise<Reply> {
  const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        // A connection per call: a kept-alive socket may be closed by the server (5 s idle)
        // while the raw line runs, and reusing it would fail with ECONNRESET.
        agent: false,
        method: data ? 'POST' : 'GET',
        headers: {
          authorization: `Bearer ${token}`,
          ...(data ? { 'content-type': 'application/json', 'content-length': data.length } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const all = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, text: all.toString(), bytes: all.length });
        });
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

function data<T>(what: string, reply: Reply): T {
  if (reply.status !== 200)
    throw new Error(`${what}: HTTP ${reply.status} ${reply.text.slice(0, 300)}`);
  return (JSON.parse(reply.text) as { result: { data: T } }).result.data;
}

const query = (base: string, proc: string, input: unknown) =>
  `${base}/trpc/${proc}?input=${encodeURIComponent(JSON.stringify(input))}`;

/** Every page of the dataset: seconds, rows, bytes on the wire; and each row's version. */
async function pullAll(base: string, token: string, limit: number) {
  const versions = new Map<number, number>();
  let cursor: string | null = null;
  let bytes = 0;
  let pages = 0;
  const started = process.hrtime.bigint();
  do {
    const reply = await request(
      query(base, 'sync.pull', { entity: 'opportunities', limit, cursor }),
      token,
    );
    const page: SyncPullPage = data('sync.pull', reply);
    bytes += reply.bytes;
    pages++;
    for (const r of page.rows) versions.set(r.id, r.version);
    cursor = page.nextCursor;
  } while (cursor);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { seconds, bytes, pages, versions };
}

const text = (line: Line, round: number, id: number) => `bench ${line} ${round} #${id}`;

/** The same writes sync.push makes for a description edit, by hand, in one transaction. */
async function raw(db: Db, ids: number[], versions: Map<number, number>, round: number) {
  const actor = { userId: null, requestId: 'bench:raw' };
  await db.transaction(async (trx) => {
    for (const id of ids) {
      const at = new Date().toISOString();
      const version = versions.get(id)!;
      const value = text('raw', round, id);
      const n = await trx('opportunities')
        .where({ id, version })
        .update({ description: value, version: version + 1, updated_at: at, updated_by: null });
      if (n !== 1) throw new Error(`raw: row ${id} was not at version ${version}`);
      await audit(trx, actor, 'opportunities', id, 'update', {
        description: { old: null, new: value },
      });
    }
  });
}

async function push(
  base: string,
  token: string,
  line: 'per-row' | 'atomic',
  ids: number[],
  versions: Map<number, number>,
  round: number,
) {
  const { schemaHash } = data<{ schemaHash: string }>(
    'sync.describe',
    await request(query(base, 'sync.describe', { entity: 'opportunities' }), token),
  );
  for (let i = 0; i < ids.length; i += chunk) {
    const changes = ids.slice(i, i + chunk).map((id) => ({
      key: `o:${id}`,
      op: 'update',
      baseVersion: versions.get(id)!,
      fields: { description: { base: null, value: text(line, round, id) } },
    }));
    const answer: SyncPushAnswer = data(
      'sync.push',
      await request(`${base}/trpc/sync.push`, token, {
        entity: 'opportunities',
        batchId: `bench-${line}-${round}-${i}`,
        schemaHash,
        atomic: line === 'atomic',
        changes,
      }),
    );
    const bad = answer.results.find((r) => r.status !== 'ok');
    if (bad) throw new Error(`${line}: ${bad.key} answered ${bad.status}: ${bad.message}`);
  }
}

/** Rows of a line that are not as it wrote them (value, and one version more). */
async function wrong(
  db: Db,
  line: Line,
  round: number,
  ids: number[],
  versions: Map<number, number>,
) {
  let bad = 0;
  for (let i = 0; i < ids.length; i += 500) {
    const got = await db('opportunities')
      .whereIn('id', ids.slice(i, i + 500))
      .select('id', 'version', 'description');
    for (const r of got) {
      const id = toInt(r.id);
      if (r.description !== text(line, round, id) || toInt(r.version) !== versions.get(id)! + 1)
        bad++;
    }
  }
  return bad;
}

async function seed(db: Db) {
  await seedDemo(db, { scale: 1 });
  const members = await db('team_members as m')
    .join('users as u', 'u.id', 'm.user_id')
    .whereIn('u.role', ['rep', 'manager'])
    .select('m.user_id', 'm.team_id');
  const owners = members.map((m) => ({ userId: toInt(m.user_id), teamId: toInt(m.team_id) }));
  const pipelines = [
    await insertPipeline(db, 'Bench direct', [10, 25, 50, 75, 90]),
    await insertPipeline(db, 'Bench tender', [20, 40, 60, 80]),
  ];
  const partner = await db('partners').first('id');
  await generateOpportunities(db, {
    count: total,
    seed: 7,
    pipelines,
    owners,
    teamIds: (await db('teams').select('id')).map((t) => toInt(t.id)),
    partnerId: toInt(partner!.id),
    reasons: await insertReasons(db),
    currencies: ['CNY', 'USD'],
    startDay: '2026-01-01',
  });
  await db.raw('analyze');
}

async function main() {
  const bench = await createBenchDatabase(kind);
  const { db } = bench;
  try {
    const started = Date.now();
    await seed(db);
    const all = toInt((await db('opportunities').count({ n: '*' }).first())!.n);
    console.log(`# ${kind}: ${all} opportunities in ${Date.now() - started} ms`);
    const admin = DEMO_USERS.find((u) => u.key === 'admin')!;
    const { token } = await createTokenFromCli(db, {
      email: admin.email,
      name: 'bench',
      scopes: ['read', 'write'],
      days: 1,
    });
    const server = await startServer(db, bench.config);
    const base = `http://127.0.0.1:${server.port}`;
    try {
      console.log(`\n${kind}: sync.pull of every opportunity, ${rounds} round(s)\n`);
      console.log('| page size | pages | seconds | rows/s | bytes per row |');
      console.log('| ---: | ---: | ---: | ---: | ---: |');
      let versions = new Map<number, number>();
      for (const limit of [5000, 1000]) {
        const runs = [];
        for (let r = 0; r < rounds; r++) runs.push(await pullAll(base, token, limit));
        const last = runs.at(-1)!;
        if (last.versions.size !== all) throw new Error(`pulled ${last.versions.size} of ${all}`);
        versions = last.versions;
        const seconds = median(runs.map((x) => x.seconds));
        console.log(
          `| ${limit} | ${last.pages} | ${seconds.toFixed(2)} | ${Math.round(all / seconds)} | ${(last.bytes / all).toFixed(0)} |`,
        );
      }

      const ids = [...versions.keys()].sort((a, b) => a - b);
      const seconds: Record<Line, number[]> = { raw: [], 'per-row': [], atomic: [] };
      let failures = 0;
      for (let r = 0; r < rounds; r++) {
        const order = r % 2 ? [...LINES].reverse() : LINES;
        for (const [n, line] of order.entries()) {
          const mine = ids.slice((r * 3 + n) * rows, (r * 3 + n + 1) * rows);
          const t0 = process.hrtime.bigint();
          if (line === 'raw') await raw(db, mine, versions, r);
          else await push(base, token, line, mine, versions, r);
          seconds[line].push(Number(process.hrtime.bigint() - t0) / 1e9);
          const bad = await wrong(db, line, r, mine, versions);
          if (bad) {
            failures += bad;
            console.error(`${line}: ${bad} row(s) not as written`);
          }
        }
      }
      console.log(
        `\n${kind}: ${rows} changed rows per line, sync.push in chunks of ${chunk}, ` +
          `${rounds} round(s)${rounds > 1 ? ' (medians)' : ''}\n`,
      );
      console.log('| line | seconds | rows/s | ratio to raw |');
      console.log('| --- | ---: | ---: | ---: |');
      for (const line of LINES) {
        const rate = seconds[line].map((s) => rows / s);
        const ratio = median(seconds[line].map((s, r) => seconds.raw[r]! / s));
        console.log(
          `| ${LABELS[line]} | ${median(seconds[line]).toFixed(2)} | ${Math.round(median(rate))} | ${ratio.toFixed(3)} |`,
        );
      }
      if (failures) process.exitCode = 1;
    } finally {
      await server.close();
    }
  } finally {
    await bench.drop();
  }
}

await main();
