// Change notices, the read side: which domain a table's change belongs to, who may hear of it,
// and the ids that decide it (owner, team, and the reach some domains have through others).
// The rules mirror auth/scope.ts, which decides the same question for queries; a notice is only
// a hint to refetch, and the refetch goes through scope.ts itself.
import { PERMISSIONS, scopeOf, type Permission, type Role } from '../../core/permissions.ts';
import type { ChangeNotice } from '../../core/schemas/changes.ts';
import type { Db } from '../db/knex.ts';
import { toInt, toIntOrNull } from '../db/rows.ts';
import type { Subtree } from '../auth/scope.ts';
import { ChangeSet, type RawChange } from './changes-set.ts';

/** Ids beyond the record's own owner and team that put it in someone's scope. */
interface ExtraReach {
  owners: number[];
  teams: number[];
  /** Users who see the record whatever their scope (an opportunity's collaborators). */
  users: number[];
}
type ReachQuery = (db: Db, ids: number[]) => Promise<Map<number, ExtraReach>>;

interface EntitySpec {
  entity: string;
  /** The domain's read permission: the caller's scope for it decides per notice. */
  permission: Permission;
  /** The owner column, when it is not `owner_id`. */
  ownerColumn?: string;
  reach?: ReachQuery;
}

/** A part of a record: its change is an update of the record it belongs to. */
interface Parent {
  table: string;
  column: string;
}

type Ids = (number | null)[];

function add(
  map: Map<number, ExtraReach>,
  id: number,
  r: { owners?: Ids; teams?: Ids; users?: Ids },
): void {
  let e = map.get(id);
  if (!e) map.set(id, (e = { owners: [], teams: [], users: [] }));
  for (const k of ['owners', 'teams', 'users'] as const) {
    for (const v of r[k] ?? []) if (v !== null) e[k].push(v);
  }
}

/** Contacts are also seen through a partner they are linked to (scope.ts `contacts`). */
const contactReach: ReachQuery = async (db, ids) => {
  const rows = await db('partner_contacts as pc')
    .join('partners as p', 'p.id', 'pc.partner_id')
    .whereIn('pc.contact_id', ids)
    .whereNull('pc.deleted_at')
    .select('pc.contact_id as id', 'p.owner_id', 'p.team_id');
  const out = new Map<number, ExtraReach>();
  for (const r of rows)
    add(out, toInt(r.id), { owners: [toIntOrNull(r.owner_id)], teams: [toIntOrNull(r.team_id)] });
  return out;
};

/**
 * Activities are also seen through their partner, lead and opportunity, an opportunity's
 * collaborators included (scope.ts `activities`).
 */
const activityReach: ReachQuery = async (db, ids) => {
  const out = new Map<number, ExtraReach>();
  for (const [table, column] of [
    ['partners', 'partner_id'],
    ['leads', 'lead_id'],
    ['opportunities', 'opportunity_id'],
  ] as const) {
    const rows = await db('activities as a')
      .join(`${table} as x`, 'x.id', `a.${column}`)
      .whereIn('a.id', ids)
      .select('a.id', 'x.owner_id', 'x.team_id');
    for (const r of rows)
      add(out, toInt(r.id), {
        owners: [toIntOrNull(r.owner_id)],
        teams: [toIntOrNull(r.team_id)],
      });
  }
  const collaborators = await db('activities as a')
    .join('opportunity_collaborators as c', 'c.opportunity_id', 'a.opportunity_id')
    .whereIn('a.id', ids)
    .whereNull('c.deleted_at')
    .select('a.id', 'c.user_id');
  for (const r of collaborators) add(out, toInt(r.id), { users: [toInt(r.user_id)] });
  return out;
};

/** Collaborators see an opportunity whatever their scope (scope.ts `opportunities`). */
const opportunityReach: ReachQuery = async (db, ids) => {
  const rows = await db('opportunity_collaborators')
    .whereIn('opportunity_id', ids)
    .whereNull('deleted_at')
    .select('opportunity_id as id', 'user_id');
  const out = new Map<number, ExtraReach>();
  for (const r of rows) add(out, toInt(r.id), { users: [toInt(r.user_id)] });
  return out;
};

const ENTITIES: Record<string, EntitySpec> = {
  users: { entity: 'users', permission: 'users.read' },
  teams: { entity: 'teams', permission: 'teams.read' },
  partners: { entity: 'partners', permission: 'partners.read' },
  contacts: { entity: 'contacts', permission: 'contacts.read', reach: contactReach },
  activities: { entity: 'activities', permission: 'activities.read', reach: activityReach },
  leads: { entity: 'leads', permission: 'leads.read' },
  pipelines: { entity: 'pipelines', permission: 'pipelines.read' },
  close_reasons: { entity: 'closeReasons', permission: 'pipelines.read' },
  opportunities: {
    entity: 'opportunities',
    permission: 'opportunities.read',
    reach: opportunityReach,
  },
  products: { entity: 'products', permission: 'products.read' },
  price_lists: { entity: 'priceLists', permission: 'products.read' },
  payment_terms: { entity: 'paymentTerms', permission: 'products.read' },
  quotes: { entity: 'quotes', permission: 'quotes.read' },
  orders: { entity: 'orders', permission: 'orders.read' },
  payment_plans: { entity: 'paymentPlans', permission: 'paymentPlans.read' },
  installments: { entity: 'installments', permission: 'paymentPlans.read' },
  receipts: { entity: 'receipts', permission: 'receipts.read' },
  targets: { entity: 'targets', permission: 'targets.read', ownerColumn: 'user_id' },
};

const PARTS: Record<string, Parent[]> = {
  partner_addresses: [{ table: 'partners', column: 'partner_id' }],
  // A link changes both sides: the partner's contact list and the contact's partners.
  partner_contacts: [
    { table: 'partners', column: 'partner_id' },
    { table: 'contacts', column: 'contact_id' },
  ],
  pipeline_stages: [{ table: 'pipelines', column: 'pipeline_id' }],
  stage_tasks: [{ table: 'pipeline_stages', column: 'stage_id' }],
  opportunity_stage_history: [{ table: 'opportunities', column: 'opportunity_id' }],
  opportunity_tasks: [{ table: 'opportunities', column: 'opportunity_id' }],
  opportunity_collaborators: [{ table: 'opportunities', column: 'opportunity_id' }],
  opportunity_contacts: [{ table: 'opportunities', column: 'opportunity_id' }],
  opportunity_competitors: [{ table: 'opportunities', column: 'opportunity_id' }],
  opportunity_lines: [{ table: 'opportunities', column: 'opportunity_id' }],
  price_list_items: [{ table: 'price_lists', column: 'price_list_id' }],
  quote_versions: [{ table: 'quotes', column: 'quote_id' }],
  quote_lines: [{ table: 'quote_versions', column: 'quote_version_id' }],
  order_lines: [{ table: 'orders', column: 'order_id' }],
  order_events: [{ table: 'orders', column: 'order_id' }],
  receipt_allocations: [{ table: 'receipts', column: 'receipt_id' }],
};

const camel = (table: string) => table.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * The spec of a table. A table not listed whose domain name has a read permission of its own
 * (a future `campaigns` table and `campaigns.read`) gets notices without an entry here; any
 * other table's changes are heard by nobody.
 */
function specOf(table: string): EntitySpec | null {
  const listed = ENTITIES[table];
  if (listed) return listed;
  const entity = camel(table);
  const permission = `${entity}.read`;
  return permission in PERMISSIONS ? { entity, permission: permission as Permission } : null;
}

const OWNER_TEAM = ['owner_id', 'team_id'] as const;

/** The columns whose values noteChange keeps from a change (see RawChange.refs). */
export function refColumns(table: string): readonly string[] {
  const parents = PARTS[table];
  if (parents) return parents.map((p) => p.column);
  const owner = ENTITIES[table]?.ownerColumn;
  return owner ? [owner, 'team_id'] : OWNER_TEAM;
}

/** The entity names clients may ask for. */
export function knownEntity(entity: string): boolean {
  return (
    Object.values(ENTITIES).some((s) => s.entity === entity) || `${entity}.read` in PERMISSIONS
  );
}

/** A notice with what deciding its audience needs. */
export interface Enriched {
  notice: ChangeNotice;
  seq: number;
  permission: Permission;
  /** Null for records without an owner: visible to whoever holds the permission. */
  reach: ExtraReach | null;
}

/** Who is listening: enough to decide each notice without a query. */
export interface Viewer {
  userId: number;
  role: Role;
  subtree: Subtree;
}

export function visibleTo(viewer: Viewer, e: Enriched): boolean {
  const scope = scopeOf(viewer.role, e.permission);
  if (scope === 'none') return false;
  if (scope === 'all' || e.reach === null) return true;
  const { owners, teams, users } = e.reach;
  if (users.includes(viewer.userId)) return true;
  if (scope === 'own') return owners.includes(viewer.userId);
  return (
    owners.some((o) => viewer.subtree.userIds.includes(o)) ||
    teams.some((t) => viewer.subtree.teamIds.includes(t))
  );
}

const CHUNK = 500;
function chunks<T>(xs: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += CHUNK) out.push(xs.slice(i, i + CHUNK));
  return out;
}

/** Which of a table's columns exist; asked once per table and kept. */
export type ColumnCache = Map<string, Promise<Set<string>>>;

function columnsOf(db: Db, cache: ColumnCache, table: string): Promise<Set<string>> {
  let hit = cache.get(table);
  if (!hit) {
    hit = db(table)
      .columnInfo()
      .then((info) => new Set(Object.keys(info)));
    cache.set(table, hit);
  }
  return hit;
}

async function selectByIds(
  db: Db,
  table: string,
  columns: string[],
  ids: number[],
): Promise<Map<number, Record<string, unknown>>> {
  const rows = new Map<number, Record<string, unknown>>();
  for (const part of chunks([...new Set(ids)])) {
    const found: Record<string, unknown>[] = await db(table)
      .whereIn('id', part)
      .select('id', ...columns);
    for (const r of found) rows.set(toInt(r.id), r);
  }
  return rows;
}

/**
 * Parts become updates of their parents, level by level (a quote line → version → quote), and
 * each record is told once per batch.
 */
async function toRecords(db: Db, changes: RawChange[]): Promise<RawChange[]> {
  let todo = changes;
  const done = new ChangeSet();
  for (let depth = 0; depth < 4 && todo.length; depth++) {
    const next: RawChange[] = [];
    const byTable = new Map<string, RawChange[]>();
    for (const c of todo) {
      if (!PARTS[c.table]) done.add(c);
      else byTable.set(c.table, [...(byTable.get(c.table) ?? []), c]);
    }
    for (const [table, parts] of byTable) {
      const parents = PARTS[table]!;
      const unknown = parts.filter((c) => parents.some((p) => c.refs?.[p.column] === undefined));
      const rows = unknown.length
        ? await selectByIds(
            db,
            table,
            parents.map((p) => p.column),
            unknown.map((c) => c.id),
          )
        : new Map();
      for (const c of parts) {
        for (const p of parents) {
          const parentId = c.refs?.[p.column] ?? toIntOrNull(rows.get(c.id)?.[p.column]);
          if (parentId === null || parentId === undefined) continue;
          next.push({ table: p.table, id: parentId, action: 'updated', at: c.at, seq: c.seq });
        }
      }
    }
    todo = next;
  }
  return done.list();
}

/**
 * Turns raw changes into notices with their audience, in a few queries per batch (one per
 * table touched, plus one per domain with extra reach), whatever the number of listeners.
 * `wanted` skips the domains no listener asked for.
 */
export async function enrich(
  db: Db,
  cache: ColumnCache,
  raw: RawChange[],
  wanted: (entity: string) => boolean,
): Promise<Enriched[]> {
  const changes = (await toRecords(db, raw)).filter((c) => {
    const spec = specOf(c.table);
    return spec !== null && wanted(spec.entity);
  });
  const info = new Map<string, { rows: Map<number, Record<string, unknown>>; owned: boolean }>();
  const extra = new Map<string, Map<number, ExtraReach>>();
  for (const table of new Set(changes.map((c) => c.table))) {
    const spec = specOf(table)!;
    const have = await columnsOf(db, cache, table);
    const ownerColumn = spec.ownerColumn ?? 'owner_id';
    const wantedColumns = ['version', ownerColumn, 'team_id'].filter((c) => have.has(c));
    const ids = changes.filter((c) => c.table === table).map((c) => c.id);
    const rows = await selectByIds(db, table, wantedColumns, ids);
    info.set(table, { rows, owned: have.has(ownerColumn) || have.has('team_id') });
    if (spec.reach) extra.set(table, await spec.reach(db, [...new Set(ids)]));
  }
  return changes.map((c) => {
    const spec = specOf(c.table)!;
    const { rows, owned } = info.get(c.table)!;
    const row = rows.get(c.id);
    const ownerColumn = spec.ownerColumn ?? 'owner_id';
    const version = toIntOrNull(row?.version);
    const notice: ChangeNotice = {
      entity: spec.entity,
      id: c.id,
      action: c.action,
      at: c.at,
      ...(version !== null ? { version } : {}),
    };
    let reach: ExtraReach | null = null;
    if (owned) {
      const more = extra.get(c.table)?.get(c.id);
      const ids = (...vs: unknown[]) =>
        vs.map((v) => toIntOrNull(v)).filter((v): v is number => v !== null);
      reach = {
        owners: [...ids(row?.[ownerColumn], c.refs?.[ownerColumn]), ...(more?.owners ?? [])],
        teams: [...ids(row?.team_id, c.refs?.team_id), ...(more?.teams ?? [])],
        users: more?.users ?? [],
      };
    }
    return { notice, seq: c.seq, permission: spec.permission, reach };
  });
}
