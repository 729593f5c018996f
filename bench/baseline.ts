// The baseline: a plain express app running the SQL that partners.list runs for one manager,
// written out by hand as anyone would without the framework. Three routes add the server's
// work back one piece at a time, so the table shows where the time goes:
//   /plain           the two statements; the manager's team subtree resolved once, at start-up;
//                    no token lookup; rows answered as the driver returns them
//   /plain-auth      + the token lookup and the subtree query, per request, as the server must
//   /plain-auth-map  + the API row shape (mapPartner), i.e. everything but tRPC and middleware
// Same knex instance as the server: SQLite has one connection, and a second pool on the file
// would turn waits into SQLITE_BUSY.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Request } from 'express';
import type { Db } from '../server/db/knex.ts';
import { countOf } from '../server/db/rows.ts';
import { authenticate } from '../server/auth/tokens.ts';
import { loadSubtree, type Subtree } from '../server/auth/scope.ts';
import { mapPartner } from '../server/services/partners.ts';

/** The filters the bench uses; the page is always the first 50 by name. */
export interface BaselineFilter {
  kind: 'customer' | 'supplier';
  customerGroup?: string;
}

export const PAGE_SIZE = 50;
// partners.name is NOT NULL, so the service sorts it bare (index (name, id) serves the page).
const SORT = 'p.name';

/** The count and the page (one row more than shown, to know whether another page follows). */
async function firstPage(db: Db, subtree: Subtree, filter: BaselineFilter) {
  const base = db('partners as p')
    .whereNull('p.deleted_at')
    .where((scope) =>
      scope.where((w) =>
        w.whereIn('p.owner_id', subtree.userIds).orWhereIn('p.team_id', subtree.teamIds),
      ),
    )
    .where((w) => w.where('p.kind', filter.kind).orWhere('p.kind', 'both'));
  if (filter.customerGroup) base.where('p.customer_group', filter.customerGroup);
  const total = await base.clone().count({ n: '*' }).first();
  const rows = await base
    .select('p.*', db.raw(`${SORT} as _sort`))
    .orderByRaw(`${SORT} asc`)
    .orderBy('p.id', 'asc')
    .limit(PAGE_SIZE + 1);
  return { rows: rows.slice(0, PAGE_SIZE), total: countOf(total as { n?: unknown } | undefined) };
}

function filterOf(query: Request['query']): BaselineFilter {
  const kind = query.kind === 'supplier' ? 'supplier' : 'customer';
  const group = typeof query.customerGroup === 'string' ? query.customerGroup : undefined;
  return group ? { kind, customerGroup: group } : { kind };
}

/** The caller's subtree as the server finds it per request: token lookup, then the tree. */
async function subtreeOfCaller(db: Db, req: Request): Promise<Subtree | null> {
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
  const identity = await authenticate(db, bearer, null);
  return typeof identity === 'object' ? loadSubtree(db, identity.user.id) : null;
}

export interface Baseline {
  url: string;
  close(): Promise<void>;
}

export async function startBaseline(db: Db, managerId: number): Promise<Baseline> {
  const managerSubtree = await loadSubtree(db, managerId);
  const app = express();
  app.get('/plain', async (req, res) => {
    const { rows, total } = await firstPage(db, managerSubtree, filterOf(req.query));
    res.json({ items: rows, total });
  });
  for (const [path, map] of [
    ['/plain-auth', false],
    ['/plain-auth-map', true],
  ] as const) {
    app.get(path, async (req, res) => {
      const subtree = await subtreeOfCaller(db, req);
      if (!subtree) {
        res.status(401).json({ message: 'bad token' });
        return;
      }
      const { rows, total } = await firstPage(db, subtree, filterOf(req.query));
      res.json({ items: map ? rows.map(mapPartner) : rows, total });
    });
  }
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeIdleConnections();
      }),
  };
}
