import type { z } from 'zod';
import { scopeOf } from '../../core/permissions.ts';
import type { AuditEntity, AuditEntry, auditListInput } from '../../core/schemas/audit.ts';
import type { Db } from '../db/knex.ts';
import { toInt, toIntOrNull } from '../db/rows.ts';
import { visibility, type Visibility } from '../auth/scope.ts';
import { forbidden, notFound } from '../trpc/errors.ts';
import { paginate } from './pagination.ts';
import { loadVisiblePartner } from './partners.ts';
import { mayReadCost } from './products.ts';
import type { ScopedCtx } from './scoped-ctx.ts';

type Row = Record<string, unknown>;
type CatalogueEntity = 'products' | 'price_lists' | 'price_list_items' | 'payment_terms';
type SalesEntity = Exclude<AuditEntity, 'users' | 'teams' | CatalogueEntity>;

const LABELS: Record<AuditEntity, string> = {
  partners: 'Partner',
  partner_addresses: 'Address',
  partner_contacts: 'Contact link',
  contacts: 'Contact',
  activities: 'Activity',
  users: 'User',
  teams: 'Team',
  products: 'Product',
  price_lists: 'Price list',
  price_list_items: 'Price',
  payment_terms: 'Payment terms',
};

/**
 * Addresses and contact links are seen through their partner. The row itself may be removed:
 * who removed it is exactly the history a reader of that partner wants.
 */
function viaPartner(table: string) {
  return (db: Db, vis: Visibility, id: number) =>
    db(`${table} as x`)
      .join('partners as p', 'p.id', 'x.partner_id')
      .where('x.id', id)
      .whereNull('p.deleted_at')
      .where(vis.partners('p'))
      .first('x.id');
}

/** The record if the caller's scope reaches it (live and visible), else nothing. */
const REACH: Record<SalesEntity, (db: Db, vis: Visibility, id: number) => Promise<unknown>> = {
  partners: (db, vis, id) => loadVisiblePartner(db, vis, id),
  partner_addresses: viaPartner('partner_addresses'),
  partner_contacts: viaPartner('partner_contacts'),
  contacts: (db, vis, id) =>
    db('contacts as c')
      .where('c.id', id)
      .whereNull('c.deleted_at')
      .where(vis.contacts(db, 'c'))
      .first('c.id'),
  activities: (db, vis, id) =>
    db('activities as a')
      .where('a.id', id)
      .whereNull('a.deleted_at')
      .where(vis.activities(db, 'a'))
      .first('a.id'),
};

const live = (table: string) => (db: Db, id: number) =>
  db(table).where({ id }).whereNull('deleted_at').first('id');

/**
 * The catalogue has no owners: whoever reads it (products.read) reaches every live record. A
 * price (one tier of a product on a list) is seen through its list, removed or not, as an
 * address is through its partner.
 */
const CATALOGUE: Record<CatalogueEntity, (db: Db, id: number) => Promise<unknown>> = {
  products: live('products'),
  price_lists: live('price_lists'),
  price_list_items: (db, id) =>
    db('price_list_items as x')
      .join('price_lists as l', 'l.id', 'x.price_list_id')
      .where('x.id', id)
      .whereNull('l.deleted_at')
      .first('x.id'),
  payment_terms: live('payment_terms'),
};

const isCatalogue = (entity: AuditEntity): entity is CatalogueEntity => entity in CATALOGUE;

/**
 * Readers with scope 'all' (admins) see every record's history, archived ones included; others
 * only that of records they can see now, and never of users or teams. The catalogue's history
 * also needs products.read.
 */
async function assertReachable(ctx: ScopedCtx, entity: AuditEntity, id: number) {
  if (isCatalogue(entity) && scopeOf(ctx.identity.user.role, 'products.read') === 'none')
    throw forbidden('The history of the catalogue needs products: read');
  if (ctx.access.scope === 'all') {
    if (!(await ctx.db(entity).where({ id }).first('id'))) throw notFound(LABELS[entity]);
    return;
  }
  if (entity === 'users' || entity === 'teams')
    throw forbidden('The history of users and teams is for admins only');
  if (isCatalogue(entity)) {
    if (!(await CATALOGUE[entity](ctx.db, id))) throw notFound(LABELS[entity]);
    return;
  }
  if (!(await REACH[entity](ctx.db, await visibility(ctx), id))) throw notFound(LABELS[entity]);
}

function mapEntry(r: Row): AuditEntry {
  const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return {
    id: toInt(r.id),
    at: String(r.at),
    userId: toIntOrNull(r.user_id),
    userName: str(r.user_name),
    requestId: str(r.request_id),
    action: String(r.action),
    field: str(r.field),
    oldValue: str(r.old_value),
    newValue: str(r.new_value),
  };
}

/**
 * One record's history, newest first, with the name of who made each change. A product's cost
 * rows are left out for callers who may not read costs (products.readCost), as the cost itself is.
 */
export async function listAudit(ctx: ScopedCtx, input: z.infer<typeof auditListInput>) {
  await assertReachable(ctx, input.entity, input.entityId);
  const q = ctx
    .db('audit_log as al')
    .leftJoin('users as u', 'u.id', 'al.user_id')
    .select('al.*', 'u.name as user_name')
    .where('al.entity', input.entity)
    .where('al.entity_id', input.entityId);
  if (input.entity === 'products' && !mayReadCost(ctx.identity))
    q.where((w) => w.whereNull('al.field').orWhereNot('al.field', 'cost'));
  return paginate(
    q,
    'al.at',
    'al.id',
    { cursor: input.cursor, limit: input.limit, direction: 'desc' },
    mapEntry,
  );
}
