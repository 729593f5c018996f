// npx tsx bench/funnel.ts [--db sqlite|postgres] [--count N] [--duration S] [--warmup S]
//                         [--connections N] [--rounds N]
//
// reports.funnel and reports.forecast over HTTP (as the East manager, personal token) against
// the same aggregate written by hand as one SQL statement behind a plain express endpoint on the
// same knex instance, in the same run. Data: the demo company (scale 1) plus N generated
// opportunities with stage histories. Prints Markdown tables with the ratio; exits non-zero if a
// request failed or the two sides disagree on a single figure.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { seedDemo } from '../server/db/seeds/index.ts';
import { DEMO_USERS } from '../server/db/seeds/demo-company.ts';
import { startServer } from '../server/http/server.ts';
import { authenticate } from '../server/auth/tokens.ts';
import { loadSubtree, type Subtree } from '../server/auth/scope.ts';
import { createTokenFromCli } from '../server/cli/commands/token.ts';
import type { Db } from '../server/db/knex.ts';
import { monthOf, roundDiv } from '../server/db/dialect.ts';
import { toInt } from '../server/db/rows.ts';
import {
  generateOpportunities,
  insertPipeline,
  insertReasons,
} from '../server/routers/reports/generate.ts';
import { createBenchDatabase, settle } from './database.ts';
import { measure, median, medianOf, table, type Figures, type Target } from './load.ts';
import { benchOptions } from './options.ts';

const { kind, size: count, rounds, load } = benchOptions('count', '40000');

const CURRENCY = 'CNY';
const FROM = '2026-01';
const TO = '2026-12';

/** The manager's scope, written out as anyone would by hand: owners, teams, collaborations. */
function scopeSql(s: Subtree, managerId: number): { sql: string; bindings: number[] } {
  const marks = (xs: number[]) => xs.map(() => '?').join(', ');
  return {
    sql:
      `(o.owner_id in (${marks(s.userIds)}) or o.team_id in (${marks(s.teamIds)}) or exists ` +
      `(select 1 from opportunity_collaborators c where c.opportunity_id = o.id ` +
      `and c.user_id = ? and c.deleted_at is null))`,
    bindings: [...s.userIds, ...s.teamIds, managerId],
  };
}

/** The two hand-written statements, on the same knex instance as the server. */
async function startPlain(db: Db, managerId: number, pipelineId: number) {
  const scope = scopeSql(await loadSubtree(db, managerId), managerId);
  const funnelSql =
    `select o.stage_id, o.status, count(*) as n, sum(coalesce(o.expected_revenue, 0)) as amount, ` +
    `${roundDiv(db, 'sum(coalesce(o.expected_revenue, 0) * o.probability)', 100)} as weighted, ` +
    `sum(coalesce(o.won_amount, 0)) as won_amount from opportunities o ` +
    `where o.deleted_at is null and o.pipeline_id = ? and o.currency = ? and ${scope.sql} ` +
    `group by o.stage_id, o.status`;
  const forecastSql =
    `select x.owner_id as group_id, x.month, sum(x.total) as total, ` +
    `${roundDiv(db, 'sum(x.wsum)', 100)} as weighted, sum(x.won) as won from (` +
    `select o.owner_id, ${monthOf('o.expected_close_date')} as month, ` +
    `coalesce(o.expected_revenue, 0) as total, coalesce(o.expected_revenue, 0) * o.probability as wsum, 0 as won ` +
    `from opportunities o where o.deleted_at is null and o.currency = ? and ${scope.sql} ` +
    `and o.status = 'open' and o.expected_close_date between ? and ? ` +
    `union all select o.owner_id, ${monthOf('o.closed_at')}, 0, 0, coalesce(o.won_amount, 0) ` +
    `from opportunities o where o.deleted_at is null and o.currency = ? and ${scope.sql} ` +
    `and o.status = 'won' and o.closed_at >= ? and o.closed_at < ?) x group by x.owner_id, x.month`;
  const rowsOf = (r: unknown) =>
    ((r as { rows?: unknown[] }).rows ?? r) as Record<string, unknown>[];
  const app = express();
  app.get('/funnel', async (_req, res) => {
    res.json(rowsOf(await db.raw(funnelSql, [pipelineId, CURRENCY, ...scope.bindings])));
  });
  app.get('/forecast', async (_req, res) => {
    const bindings = [
      ...[CURRENCY, ...scope.bindings, `${FROM}-01`, `${TO}-31`],
      ...[CURRENCY, ...scope.bindings, `${FROM}-01T00:00:00.000Z`, `${next(TO)}-01T00:00:00.000Z`],
    ];
    res.json(rowsOf(await db.raw(forecastSql, bindings)));
  });
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeIdleConnections();
      }),
  };
}

function next(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

async function getJson(target: Target): Promise<unknown> {
  const res = await fetch(target.url, { headers: target.headers });
  const body: unknown = await res.json();
  if (!res.ok) throw new Error(`${target.label}: HTTP ${res.status} ${JSON.stringify(body)}`);
  return body;
}

type Cells = Map<string, number[]>;
const cellsOf = (rows: Record<string, unknown>[], key: string[], figures: string[]): Cells =>
  new Map(
    rows.map((r) => [key.map((k) => String(r[k])).join(':'), figures.map((f) => toInt(r[f] ?? 0))]),
  );

/** Fails loudly unless the report and the hand-written statement agree on every figure. */
async function verify(trpc: Target, plain: Target, which: 'funnel' | 'forecast') {
  const report = ((await getJson(trpc)) as { result: { data: Record<string, unknown> } }).result
    .data;
  const raw = (await getJson(plain)) as Record<string, unknown>[];
  let mine: Cells;
  let theirs: Cells;
  if (which === 'funnel') {
    const stages = report.stages as {
      stageId: number;
      count: number;
      amount: number;
      weighted: number;
    }[];
    mine = new Map(
      stages.filter((s) => s.count).map((s) => [`${s.stageId}`, [s.count, s.amount, s.weighted]]),
    );
    theirs = cellsOf(
      raw.filter((r) => r.status === 'open'),
      ['stage_id'],
      ['n', 'amount', 'weighted'],
    );
  } else {
    const rows = report.rows as {
      groupId: number;
      month: string;
      total: number;
      weighted: number;
      won: number;
    }[];
    mine = new Map(
      rows
        .filter((r) => r.total || r.won)
        .map((r) => [`${r.groupId}:${r.month}`, [r.total, r.weighted, r.won]]),
    );
    theirs = cellsOf(raw, ['group_id', 'month'], ['total', 'weighted', 'won']);
    for (const [k, v] of theirs) if (!v[0] && !v[2]) theirs.delete(k);
  }
  const a = JSON.stringify([...mine].sort());
  const b = JSON.stringify([...theirs].sort());
  if (a !== b) throw new Error(`${trpc.label} and ${plain.label} disagree:\n${a}\n${b}`);
  return mine.size;
}

async function main() {
  const bench = await createBenchDatabase(kind);
  const { db } = bench;
  try {
    let started = Date.now();
    await seedDemo(db, { scale: 1 });
    const members = await db('team_members as m')
      .join('users as u', 'u.id', 'm.user_id')
      .whereIn('u.role', ['rep', 'manager'])
      .select('m.user_id', 'm.team_id');
    const managed = await db('teams').whereNotNull('manager_id').select('manager_id', 'id');
    const owners = [
      ...members.map((m) => ({ userId: toInt(m.user_id), teamId: toInt(m.team_id) })),
      ...managed.map((t) => ({ userId: toInt(t.manager_id), teamId: toInt(t.id) })),
    ];
    const pipelines = [
      await insertPipeline(db, 'Bench direct', [10, 25, 50, 75, 90]),
      await insertPipeline(db, 'Bench tender', [20, 40, 60, 80]),
    ];
    const partner = await db('partners').first('id');
    const generated = await generateOpportunities(db, {
      count,
      seed: 42,
      pipelines,
      owners,
      teamIds: (await db('teams').select('id')).map((t) => toInt(t.id)),
      partnerId: toInt(partner!.id),
      reasons: await insertReasons(db),
      currencies: [CURRENCY, 'USD'],
      startDay: '2026-01-01',
      collaboratorIds: owners.map((o) => o.userId),
    });
    // Fresh statistics, as a live database would have: both sides get the same planner.
    await db.raw('analyze');
    const history = generated.reduce((n, g) => n + g.history.length, 0);
    console.log(
      `# ${kind}: ${count} opportunities, ${history} history rows in ${Date.now() - started} ms`,
    );

    const manager = DEMO_USERS.find((u) => u.key === 'mgrEast')!;
    const { token } = await createTokenFromCli(db, {
      email: manager.email,
      name: 'bench',
      scopes: ['read'],
      days: 1,
    });
    const identity = await authenticate(db, token, null);
    if (typeof identity !== 'object') throw new Error(`bench token refused: ${identity}`);
    const headers = { authorization: `Bearer ${token}` };

    const server = await startServer(db, bench.config);
    const plain = await startPlain(db, identity.user.id, pipelines[0]!.id);
    const base = `http://127.0.0.1:${server.port}/trpc`;
    const url = (proc: string, input: unknown) =>
      `${base}/reports.${proc}?input=${encodeURIComponent(JSON.stringify(input))}`;
    try {
      const groups: { title: string; targets: Target[] }[] = [
        {
          title: `reports.funnel (pipeline of ${pipelines[0]!.stages.length} stages, ${CURRENCY})`,
          targets: [
            { label: 'plain express, hand-written SQL', url: `${plain.url}/funnel` },
            {
              label: 'tRPC reports.funnel',
              url: url('funnel', { pipelineId: pipelines[0]!.id, currency: CURRENCY }),
              headers,
            },
          ],
        },
        {
          title: `reports.forecast (per owner, ${FROM} to ${TO}, ${CURRENCY})`,
          targets: [
            { label: 'plain express, hand-written SQL', url: `${plain.url}/forecast` },
            {
              label: 'tRPC reports.forecast',
              url: url('forecast', { currency: CURRENCY, from: FROM, to: TO, groupBy: 'owner' }),
              headers,
            },
          ],
        },
      ];
      for (const [g, which] of [
        [groups[0]!, 'funnel'],
        [groups[1]!, 'forecast'],
      ] as const) {
        const cells = await verify(g.targets[1]!, g.targets[0]!, which);
        console.log(`# ${which}: ${cells} non-empty cells, identical on both sides`);
      }
      const all = groups.flatMap((g) => g.targets);
      const results = new Map<Target, Figures[]>(all.map((t) => [t, []]));
      started = Date.now();
      for (let r = 0; r < rounds; r++) {
        // Alternate the order, so drift on a shared machine does not always favour one side.
        for (const t of r % 2 ? [...all].reverse() : all) {
          results.get(t)!.push(await measure(t, load));
          await settle(db);
        }
      }
      console.log(
        `\n${kind}, ${count} opportunities; ${load.connections} connections, ${load.warmup} s warm-up, ` +
          `${load.duration} s per line, ${rounds} round(s)${rounds > 1 ? ' (medians)' : ''}\n`,
      );
      let failed = 0;
      for (const { title, targets } of groups) {
        const first = results.get(targets[0]!)!;
        const rows = targets.map((t) => medianOf(results.get(t)!));
        const ratios = targets.map((t) =>
          median(results.get(t)!.map((f, r) => f.reqPerSec / first[r]!.reqPerSec)),
        );
        console.log(`${title}\n\n${table(rows, ratios)}\n`);
        failed += rows.reduce((n, f) => n + f.failed, 0);
      }
      if (failed > 0) {
        console.error(`${failed} request(s) failed`);
        process.exitCode = 1;
      }
    } finally {
      await plain.close();
      await server.close();
    }
  } finally {
    await bench.drop();
  }
}

await main();
