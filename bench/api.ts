// npm run bench -- [--db sqlite|postgres] [--scale N] [--duration S] [--warmup S]
//                  [--connections N] [--rounds N]
//
// partners.list over HTTP (as the East manager, 50 rows, filtered) against a plain express
// endpoint running the same SQL on the same database, measured in the same run. Prints a
// Markdown table with the ratio; exits non-zero if any request failed or the endpoints disagree.
import { seedDemo } from '../server/db/seeds/index.ts';
import { DEMO_USERS } from '../server/db/seeds/demo-company.ts';
import { startServer } from '../server/http/server.ts';
import { authenticate } from '../server/auth/tokens.ts';
import { createTokenFromCli } from '../server/cli/commands/token.ts';
import type { Db } from '../server/db/knex.ts';
import { createBenchDatabase, settle } from './database.ts';
import { PAGE_SIZE, startBaseline, type BaselineFilter } from './baseline.ts';
import { measure, median, medianOf, table, type Figures, type Target } from './load.ts';
import { benchOptions } from './options.ts';

const { kind, size: scale, rounds, load } = benchOptions('scale', '20');

/** Each variant is a filter with its own plain line; the first also breaks the gap down. */
const VARIANTS: { title: string; filter: BaselineFilter; breakdown: boolean }[] = [
  { title: 'Customers (kind filter)', filter: { kind: 'customer' }, breakdown: true },
  {
    title: 'VIP customers (kind + customer group)',
    filter: { kind: 'customer', customerGroup: 'VIP' },
    breakdown: false,
  },
];

interface Statement {
  sql: string;
  bindings: unknown[];
}

/** The statements the database receives while `fn` runs (nothing else runs meanwhile). */
async function capture<T>(db: Db, fn: () => Promise<T>): Promise<[T, Statement[]]> {
  const seen: Statement[] = [];
  const listener = (q: Statement) => seen.push({ sql: q.sql, bindings: q.bindings ?? [] });
  db.on('query', listener);
  try {
    return [await fn(), seen];
  } finally {
    db.off('query', listener);
  }
}

async function getJson(target: Target): Promise<Record<string, unknown>> {
  const res = await fetch(target.url, { headers: target.headers });
  const body = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`${target.label}: HTTP ${res.status} ${JSON.stringify(body)}`);
  return body;
}

interface ListBody {
  items: { id: number | string }[];
  total: number;
  nextCursor?: string | null;
}

const idsOf = (body: ListBody) => body.items.map((r) => Number(r.id)).join(',');

/**
 * Fails loudly unless every plain line returns the page and total the tRPC endpoint returns, and
 * the plain endpoint's statements are among those the tRPC endpoint sent, binding for binding.
 */
async function verify(db: Db, trpc: Target, plain: Target, others: Target[]) {
  const [trpcBody, trpcSql] = await capture(db, () => getJson(trpc));
  const [plainBody, plainSql] = await capture(db, () => getJson(plain));
  const page = (trpcBody.result as { data: ListBody }).data;
  if (page.items.length !== PAGE_SIZE) {
    throw new Error(`${trpc.label}: ${page.items.length} rows, not ${PAGE_SIZE}: raise --scale`);
  }
  for (const t of [plain, ...others]) {
    const body = (t === plain ? plainBody : await getJson(t)) as unknown as ListBody;
    if (idsOf(body) !== idsOf(page) || body.total !== page.total) {
      throw new Error(`${t.label} and ${trpc.label} disagree: not the same page or total`);
    }
  }
  const key = (s: Statement) => JSON.stringify([s.sql, s.bindings]);
  const sent = new Set(trpcSql.map(key));
  if (plainSql.some((s) => !sent.has(key(s)))) {
    throw new Error(
      `the plain endpoint no longer runs the service's SQL; update bench/baseline.ts.\n` +
        `plain:\n${plainSql.map(key).join('\n')}\ntRPC:\n${trpcSql.map(key).join('\n')}`,
    );
  }
  return { total: page.total, nextCursor: page.nextCursor ?? null };
}

function listUrl(base: string, input: Record<string, unknown>): string {
  return `${base}/trpc/partners.list?input=${encodeURIComponent(JSON.stringify(input))}`;
}

async function main() {
  const bench = await createBenchDatabase(kind);
  const { db } = bench;
  try {
    const started = Date.now();
    await seedDemo(db, { scale });
    const partners = (await db('partners').count({ n: '*' }).first())?.n;
    console.log(
      `# ${kind}, scale ${scale}: ${partners} partners seeded in ${Date.now() - started} ms`,
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
    const baseline = await startBaseline(db, identity.user.id);
    const trpcBase = `http://127.0.0.1:${server.port}`;
    try {
      const groups: { title: string; targets: Target[] }[] = [];
      for (const { title, filter, breakdown } of VARIANTS) {
        const input = { ...filter, limit: PAGE_SIZE, sort: 'name' };
        const query = new URLSearchParams({ ...filter });
        const plain = { label: 'plain express, same SQL', url: `${baseline.url}/plain?${query}` };
        const steps: Target[] = breakdown
          ? [
              {
                label: 'plain + token lookup + subtree query',
                url: `${baseline.url}/plain-auth?${query}`,
                headers,
              },
              {
                label: 'plain + token lookup + subtree query + mapPartner',
                url: `${baseline.url}/plain-auth-map?${query}`,
                headers,
              },
            ]
          : [];
        const trpc = { label: 'tRPC partners.list', url: listUrl(trpcBase, input), headers };
        const { total, nextCursor } = await verify(db, trpc, plain, steps);
        console.log(`# ${title}: ${total} visible to ${manager.email}; same 50 ids and SQL`);
        const targets: Target[] = [plain, ...steps, trpc];
        if (breakdown && nextCursor) {
          targets.push({
            label: 'tRPC partners.list, page 2 (cursor)',
            url: listUrl(trpcBase, { ...input, cursor: nextCursor }),
            headers,
          });
        }
        groups.push({ title, targets });
      }

      const all = groups.flatMap((g) => g.targets);
      const results = new Map<Target, Figures[]>(all.map((t) => [t, []]));
      for (let r = 0; r < rounds; r++) {
        // Alternate the order, so drift on a shared machine does not always favour one side.
        for (const t of r % 2 ? [...all].reverse() : all) {
          results.get(t)!.push(await measure(t, load));
          await settle(db);
        }
      }

      console.log(
        `\n${kind}, scale ${scale}; ${load.connections} connections, ${load.warmup} s warm-up, ` +
          `${load.duration} s per line, ${rounds} round(s)${rounds > 1 ? ' (medians)' : ''}\n`,
      );
      let failed = 0;
      for (const { title, targets } of groups) {
        const plain = results.get(targets[0]!)!;
        const rows = targets.map((t) => medianOf(results.get(t)!));
        // Per round, then the median: load from elsewhere drifts between rounds, less within one.
        const ratios = targets.map((t) =>
          median(results.get(t)!.map((f, r) => f.reqPerSec / plain[r]!.reqPerSec)),
        );
        console.log(`${title}\n\n${table(rows, ratios)}\n`);
        failed += rows.reduce((n, f) => n + f.failed, 0);
      }
      if (failed > 0) {
        console.error(`${failed} request(s) failed`);
        process.exitCode = 1;
      }
    } finally {
      await baseline.close();
      await server.close();
    }
  } finally {
    await bench.drop();
  }
}

await main();
