// Products: the catalogue quotes and orders are priced from. Admins keep it (products.manage);
// everyone who sells or bills reads it. Codes are unique among live products. The cost is
// confidential: only callers holding products.readCost get it (withCostFor).
import { TRPCError } from '@trpc/server';
import type { z } from 'zod';
import { scopeOf, tokenAllows } from '../../core/permissions.ts';
import type {
  Product,
  ProductDetail,
  productArchiveInput,
  productCreateInput,
  productListInput,
  productUpdateInput,
} from '../../core/schemas/products.ts';
import { stampsOf, toBool, toInt, toIntOrNull } from '../db/rows.ts';
import type { Identity } from '../auth/tokens.ts';
import { actorOf } from '../trpc/context.ts';
import { notFound } from '../trpc/errors.ts';
import { audit, diff, type Actor } from './audit.ts';
import { once } from './idempotency.ts';
import { assertCurrency, insertAudited, str, type Row } from './opportunity-parts.ts';
import { paginate } from './pagination.ts';
import type { ScopedCtx } from './scoped-ctx.ts';
import { searchText, whereSearch } from './search.ts';
import { writeTx, type Trx } from './tx.ts';
import { assertVersion, softDelete, updateVersioned } from './versioned.ts';
import type { Db } from '../db/knex.ts';

export function mapProduct(r: Row): Product {
  return {
    code: String(r.code),
    name: String(r.name),
    nameEn: str(r.name_en),
    category: str(r.category),
    unit: String(r.unit),
    listPrice: toInt(r.list_price),
    cost: toIntOrNull(r.cost),
    currency: String(r.currency),
    taxRate: toInt(r.tax_rate),
    active: toBool(r.active),
    stockOnHand: toIntOrNull(r.stock_on_hand),
    description: str(r.description),
    ...stampsOf(r),
  };
}

/** Whether the caller may read product costs: the role's grant and the token's scopes. */
export function mayReadCost(identity: Identity): boolean {
  return (
    scopeOf(identity.user.role, 'products.readCost') !== 'none' &&
    tokenAllows(identity.token.scopes, 'products.readCost')
  );
}

/** The product as the caller may see it: its cost null unless they may read costs. */
export function withCostFor<T extends { cost: number | null }>(identity: Identity, p: T): T {
  return mayReadCost(identity) ? p : { ...p, cost: null };
}

const COLUMNS = {
  code: 'code',
  name: 'name',
  nameEn: 'name_en',
  category: 'category',
  unit: 'unit',
  listPrice: 'list_price',
  cost: 'cost',
  currency: 'currency',
  taxRate: 'tax_rate',
  active: 'active',
  stockOnHand: 'stock_on_hand',
  description: 'description',
} as const satisfies Record<string, string>;

function toColumns(fields: Record<string, unknown>): Row {
  const out: Row = {};
  for (const [k, col] of Object.entries(COLUMNS)) if (fields[k] !== undefined) out[col] = fields[k];
  return out;
}

const productSearchText = (r: Row) => searchText([str(r.code), str(r.name), str(r.name_en)]);

async function assertCodeFree(trx: Trx, code: string, exceptId?: number) {
  const q = trx('products').where({ code }).whereNull('deleted_at').first('id');
  if (exceptId) q.whereNot({ id: exceptId });
  if (await q)
    throw new TRPCError({
      code: 'CONFLICT',
      message: `code: "${code}" is already used by another product`,
    });
}

export async function loadProduct(db: Db | Trx, id: number): Promise<Row> {
  const row = await db('products').where({ id }).whereNull('deleted_at').first();
  if (!row) throw notFound('Product');
  return row as Row;
}

export async function listProducts(ctx: ScopedCtx, input: z.infer<typeof productListInput>) {
  const q = ctx.db('products as p').select('p.*').whereNull('p.deleted_at');
  if (!input.includeInactive) q.where('p.active', true);
  if (input.search) q.where(whereSearch('p.search_text', input.search));
  if (input.category) q.where('p.category', input.category);
  const sortColumn = { code: 'p.code', name: 'p.name', updatedAt: 'p.updated_at' }[input.sort];
  return paginate(q, sortColumn, 'p.id', input, (r) => withCostFor(ctx.identity, mapProduct(r)), {
    notNull: true,
  });
}

export async function getProduct(ctx: ScopedCtx, id: number): Promise<ProductDetail> {
  const row = await loadProduct(ctx.db, id);
  const prices = await ctx
    .db('price_list_items as i')
    .join('price_lists as l', 'l.id', 'i.price_list_id')
    .where('i.product_id', id)
    .whereNull('i.deleted_at')
    .whereNull('l.deleted_at')
    .orderBy(['l.name', 'l.id', 'i.min_quantity', 'i.valid_from', 'i.id'])
    .select(
      'l.id as price_list_id',
      'l.name as price_list_name',
      'l.currency',
      'l.price_mode',
      'l.customer_group',
      'i.unit_price',
      'i.min_quantity',
      'i.valid_from',
      'i.valid_to',
    );
  return {
    ...withCostFor(ctx.identity, mapProduct(row)),
    prices: prices.map((p) => ({
      priceListId: toInt(p.price_list_id),
      priceListName: String(p.price_list_name),
      currency: String(p.currency),
      priceMode: p.price_mode as 'exclusive' | 'inclusive',
      customerGroup: str(p.customer_group),
      unitPrice: toInt(p.unit_price),
      minQuantity: toInt(p.min_quantity),
      validFrom: str(p.valid_from),
      validTo: str(p.valid_to),
    })),
  };
}

type ProductFields = Omit<z.infer<typeof productCreateInput>, 'idempotencyKey'>;

/** Inserts a product in the caller's transaction (products.create and the demo seed). */
export async function insertProduct(
  trx: Trx,
  actor: Actor,
  fields: ProductFields,
): Promise<Product> {
  await assertCurrency(trx, 'currency', fields.currency);
  await assertCodeFree(trx, fields.code);
  const values = toColumns(fields);
  const id = await insertAudited(trx, actor, 'products', values);
  await trx('products')
    .where({ id })
    .update({ search_text: productSearchText(values) });
  return mapProduct(await loadProduct(trx, id));
}

export async function createProduct(ctx: ScopedCtx, input: z.infer<typeof productCreateInput>) {
  const { idempotencyKey, ...fields } = input;
  const created = await writeTx(ctx.db, (trx) =>
    once(trx, ctx.identity.user.id, idempotencyKey, 'products.create', fields, () =>
      insertProduct(trx, actorOf(ctx), fields),
    ),
  );
  return withCostFor(ctx.identity, created);
}

export async function updateProduct(ctx: ScopedCtx, input: z.infer<typeof productUpdateInput>) {
  const actor = actorOf(ctx);
  const updated = await writeTx(ctx.db, async (trx) => {
    const before = await loadProduct(trx, input.id);
    assertVersion(before, input.version, 'Product');
    const values = toColumns(input.patch);
    const changes = diff(before, values);
    if (Object.keys(changes).length === 0) return mapProduct(before);
    if (input.patch.currency) await assertCurrency(trx, 'patch.currency', input.patch.currency);
    if (input.patch.code) await assertCodeFree(trx, input.patch.code, input.id);
    values.search_text = productSearchText({ ...before, ...values });
    await updateVersioned(trx, 'products', input.id, input.version, values, actor, 'Product');
    await audit(trx, actor, 'products', input.id, 'update', changes);
    return mapProduct(await loadProduct(trx, input.id));
  });
  return withCostFor(ctx.identity, updated);
}

/**
 * Archiving hides a product from the catalogue and from pricing; documents that already name it
 * keep their lines (they copy description, price and tax when written).
 */
export async function archiveProduct(ctx: ScopedCtx, input: z.infer<typeof productArchiveInput>) {
  const actor = actorOf(ctx);
  return writeTx(ctx.db, async (trx) => {
    const before = await loadProduct(trx, input.id);
    assertVersion(before, input.version, 'Product');
    const at = await softDelete(trx, actor, 'products', input.id, input.version, 'Product');
    return { id: input.id, version: input.version + 1, archivedAt: at };
  });
}
