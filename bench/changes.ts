// npx tsx bench/changes.ts [--db sqlite|postgres] [--listeners N] [--duration S] [--warmup S]
//                          [--connections N] [--rounds N]
//
// What live updates cost a write-heavy path: activities.log over HTTP (a call on a customer:
// the activity, the partner's last-contact update, their audit rows; two change notices), with
// nobody listening and with N change streams open (the demo's managers, reps and finance, each
// filtered by scope; their clients run in a worker thread), in the same run. Run it with
// --listeners 0 on a tree without live updates to measure the write hook itself. Exits
// non-zero if a request failed.
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { seedDemo } from '../server/db/seeds/index.ts';
import { DEMO_USERS } from '../server/db/seeds/demo-company.ts';
import { startServer } from '../server/http/server.ts';
import { createTokenFromCli } from '../server/cli/commands/token.ts';
import { createBenchDatabase, settle } from './database.ts';
import { measure, median, medianOf, table, type Figures, type Target } from './load.ts';
import type { BenchDbKind } from './database.ts';

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'sqlite' },
    listeners: { type: 'string', default: '20' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '1' },
  },
});
const kind = args.db as BenchDbKind;
const listeners = Number(args.listeners);
const rounds = Number(args.rounds);
const load = {
  connections: Number(args.connections),
  duration: Number(args.duration),
  warmup: Number(args.warmup),
};

/** Opens `n` change streams (the demo's people but the admin, by turns) in a worker thread. */
async function openStreams(
  url: string,
  n: number,
  token: (email: string, scopes: ('read' | 'write')[]) => Promise<string>,
): Promise<Worker> {
  const people = DEMO_USERS.filter((u) => u.key !== 'admin');
  const tokens: string[] = [];
  for (let i = 0; i < n; i++) tokens.push(await token(people[i % people.length]!.email, ['read']));
  // A worker's entry module bypasses the TypeScript loader: register tsx inside it first.
  const entry = new URL('./changes-listeners.ts', import.meta.url).href;
  const boot = `import('tsx/esm/api').then((t) => t.register()).then(() => import('${entry}'))`;
  const worker = new Worker(boot, { eval: true, workerData: { url, tokens } });
  await once(worker, 'message');
  return worker;
}

/** Closes the streams; answers how many notices they heard. */
async function closeStreams(worker: Worker): Promise<number> {
  worker.postMessage('stop');
  const [{ heard }] = (await once(worker, 'message')) as [{ heard: number }];
  await worker.terminate();
  return heard;
}

async function main() {
  const bench = await createBenchDatabase(kind);
  const { db } = bench;
  try {
    await seedDemo(db, { scale: 1 });
    const rep = DEMO_USERS.find((u) => u.key === 'repShanghai1')!;
    const token = async (email: string, scopes: ('read' | 'write')[]) =>
      (await createTokenFromCli(db, { email, name: 'bench', scopes, days: 1 })).token;
    const repToken = await token(rep.email, ['read', 'write']);
    const repId = (await db('users').where({ email: rep.email }).first('id'))!.id;
    const partner = await db('partners')
      .where({ owner_id: repId })
      .whereNull('deleted_at')
      .first('id');
    if (!partner) throw new Error('the demo rep owns no partner');

    const server = await startServer(db, bench.config);
    const base = `http://127.0.0.1:${server.port}`;
    const write: Target = {
      label: 'activities.log',
      url: `${base}/trpc/activities.log`,
      headers: { authorization: `Bearer ${repToken}` },
      body: JSON.stringify({ type: 'call', subject: 'Bench call', partnerId: Number(partner.id) }),
    };
    let heard = 0;
    try {
      const lines: { label: string; listen: number }[] = [
        { label: 'activities.log, nobody listening', listen: 0 },
      ];
      if (listeners > 0) {
        lines.push({
          label: `activities.log, ${listeners} change streams open`,
          listen: listeners,
        });
      }
      const results = new Map<string, Figures[]>(lines.map((l) => [l.label, []]));
      // The server's event loop's busy time per write: what the server itself spends, apart
      // from the streams' clients (a worker) and the load generator (autocannon's worker).
      const serverMs = new Map<string, number[]>(lines.map((l) => [l.label, []]));
      for (let r = 0; r < rounds; r++) {
        for (const line of r % 2 ? [...lines].reverse() : lines) {
          const worker = line.listen ? await openStreams(base, line.listen, token) : null;
          if (load.warmup > 0) await measure(write, { ...load, duration: load.warmup, warmup: 0 });
          const before = performance.eventLoopUtilization();
          const figures = await measure(write, { ...load, warmup: 0 });
          const busy = performance.eventLoopUtilization(before).active;
          results.get(line.label)!.push({ ...figures, label: line.label });
          serverMs.get(line.label)!.push(busy / (figures.reqPerSec * load.duration));
          if (worker) heard += await closeStreams(worker);
          await settle(db);
        }
      }
      const first = results.get(lines[0]!.label)!;
      const rows = lines.map((l) => medianOf(results.get(l.label)!));
      const ratios = lines.map((l) =>
        median(results.get(l.label)!.map((f, r) => f.reqPerSec / first[r]!.reqPerSec)),
      );
      console.log(
        `\n${kind}; ${load.connections} connections, ${load.warmup} s warm-up, ${load.duration} s ` +
          `per line, ${rounds} round(s); notices delivered to streams: ${heard}\n`,
      );
      console.log(table(rows, ratios).replace('ratio to plain', 'ratio to nobody listening'));
      for (const l of lines) {
        const ms = median(serverMs.get(l.label)!);
        console.log(`${l.label}: server event loop busy ${ms.toFixed(2)} ms per write`);
      }
      if (rows.some((f) => f.failed > 0)) process.exitCode = 1;
    } finally {
      await server.close();
    }
  } finally {
    await bench.drop();
  }
}

await main();
