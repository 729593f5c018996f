// Price lists (Lingdang's 价格表) as read, and which price a document line gets: the chosen
// list, or the partner's customer-group list valid on the document date, or the product's own
// list price. Quotes and orders call resolvePrices inside their write transaction; the quote
// editor calls it through priceLists.resolve to fill lines before saving.
import type { Knex } from 'knex';
import type { z } from 'zod';
import { applyRate } from '../../core/money/index.ts';
import { scopeOf } from '../../core/permissions.ts';
import type {
  PriceList,
  PriceListDetail,
  priceListListInput,
  PriceMode,
  priceResolveInput,
  ResolvedLine,
  ResolvedPrices,
  ResolveResult,
  UnpricedReason,
} from '../../core/schemas/price-lists.ts';
import { visibility } from '../auth/scope.ts';
import type { Db } from '../db/knex.ts';
import { countOf, stampsOf, toBool, toInt, toIntOrNull } from '../db/rows.ts';
import { invalidField, notFound } from '../trpc/errors.ts';
import { str, type Row } from './opportunity-parts.ts';
import { loadVisiblePartner } from './partners.ts';
import { mayReadCost } from './products.ts';
import type { ScopedCtx } from './scoped-ctx.ts';
import type { Trx } from './tx.ts';

function mapPriceList(r: Row, itemCount: number): PriceList {
  return {
    name: String(r.name),
    nameEn: str(r.name_en),
    currency: String(r.currency),
    priceMode: r.price_mode as PriceMode,
    customerGroup: str(r.customer_group),
    validFrom: str(r.valid_from),
    validTo: str(r.valid_to),
    active: toBool(r.active),
    itemCount,
    ...stampsOf(r),
  };
}

/** Live items of live products: archived products are neither shown nor priced. */
function liveItems(db: Db | Trx) {
  return db('price_list_items as i')
    .join('products as p', 'p.id', 'i.product_id')
    .whereNull('i.deleted_at')
    .whereNull('p.deleted_at');
}

export async function loadPriceList(db: Db | Trx, id: number): Promise<Row> {
  const row = (await db('price_lists').where({ id }).whereNull('deleted_at').first()) as Row;
  if (!row) throw notFound('Price list');
  return row;
}

export async function listPriceLists(ctx: ScopedCtx, input: z.infer<typeof priceListListInput>) {
  const q = ctx.db('price_lists').whereNull('deleted_at').orderBy(['name', 'id']);
  if (!input.includeInactive) q.where({ active: true });
  if (input.customerGroup !== undefined) q.where({ customer_group: input.customerGroup });
  const rows = (await q) as Row[];
  const counts = (await liveItems(ctx.db)
    .whereIn(
      'i.price_list_id',
      rows.map((r) => toInt(r.id)),
    )
    .groupBy('i.price_list_id')
    .select('i.price_list_id')
    .count({ n: '*' })) as { price_list_id: unknown; n: unknown }[];
  const countById = new Map(counts.map((c) => [toInt(c.price_list_id), countOf(c)]));
  return { items: rows.map((r) => mapPriceList(r, countById.get(toInt(r.id)) ?? 0)) };
}

export async function loadPriceListDetail(db: Db | Trx, id: number): Promise<PriceListDetail> {
  const row = await loadPriceList(db, id);
  const items = (await liveItems(db)
    .where('i.price_list_id', id)
    .orderBy(['p.code', 'i.min_quantity'])
    .orderByRaw("COALESCE(i.valid_from, '')")
    .orderBy('i.id')
    .select('i.*', 'p.code', 'p.name', 'p.name_en', 'p.unit')) as Row[];
  return {
    ...mapPriceList(row, items.length),
    items: items.map((r) => ({
      priceListId: id,
      productId: toInt(r.product_id),
      productCode: String(r.code),
      productName: String(r.name),
      productNameEn: str(r.name_en),
      unit: String(r.unit),
      unitPrice: toInt(r.unit_price),
      minQuantity: toInt(r.min_quantity),
      validFrom: str(r.valid_from),
      validTo: str(r.valid_to),
      ...stampsOf(r),
    })),
  };
}

/**
 * priceLists.resolve, for the quote editor: the same answer a saved document would get, for a
 * partner the caller may read (another rep's customer answers NOT_FOUND, as partners.get does).
 * With `partial`, per product: a product without a price is reported in `results`, not refused.
 * The lines' unit costs only for callers who may read costs (products.readCost).
 */
export async function resolveForEditor(
  ctx: ScopedCtx,
  input: z.infer<typeof priceResolveInput>,
): Promise<ResolvedPrices> {
  const scope = scopeOf(ctx.identity.user.role, 'partners.read');
  if (scope === 'none') throw notFound('Partner');
  const vis = await visibility({ ...ctx, access: { permission: 'partners.read', scope } });
  await loadVisiblePartner(ctx.db, vis, input.partnerId);
  const resolved = input.partial
    ? await resolvePricesPartial(ctx.db, input)
    : await resolvePrices(ctx.db, input);
  if (mayReadCost(ctx.identity)) return resolved;
  const hide = (l: ResolvedLine): ResolvedLine => ({ ...l, unitCost: null });
  return {
    ...resolved,
    lines: resolved.lines.map(hide),
    results: resolved.results.map((r) =>
      r.status === 'priced' ? { ...r, line: hide(r.line) } : r,
    ),
  };
}

/** The currency of documents priced without a list and without lines. */
const DEFAULT_CURRENCY = 'CNY';

export interface ResolveRequest {
  /** A list chosen on the document; null lets the partner's customer group decide. */
  priceListId: number | null;
  partnerId: number;
  /** The document date, YYYY-MM-DD: list and tier validity are checked against it. */
  date: string;
  /** Quantity in thousandths: it picks the volume tier. */
  lines: { productId: number; quantity: number }[];
}

/** Rows valid on `date`: from and to are inclusive, null is open-ended. */
function validOn(alias: string, date: string) {
  return (q: Knex.QueryBuilder) =>
    q
      .where((w) => w.whereNull(`${alias}.valid_from`).orWhere(`${alias}.valid_from`, '<=', date))
      .where((w) => w.whereNull(`${alias}.valid_to`).orWhere(`${alias}.valid_to`, '>=', date));
}

const span = (r: Row) => `${str(r.valid_from) ?? '…'} to ${str(r.valid_to) ?? '…'}`;

async function chosenList(db: Db | Trx, id: number, date: string): Promise<Row> {
  const list = (await db('price_lists').where({ id }).whereNull('deleted_at').first()) as Row;
  if (!list) throw invalidField('priceListId', 'exists', 'is not an existing price list');
  if (!toBool(list.active)) throw invalidField('priceListId', 'active', 'is not an active list');
  const from = str(list.valid_from);
  const to = str(list.valid_to);
  if ((from && from > date) || (to && to < date))
    throw invalidField('priceListId', 'valid_on', `is valid ${span(list)}, not on ${date}`);
  return list;
}

/**
 * The partner's customer-group list valid on `date` (partners without a group: the list without
 * one). When several are valid, the one starting latest wins, so a dated campaign list takes
 * over from an open-ended one without editing it; then the newest.
 */
async function groupList(db: Db | Trx, group: string | null, date: string) {
  const q = db('price_lists as l')
    .whereNull('l.deleted_at')
    .where('l.active', true)
    .where(validOn('l', date));
  if (group === null) q.whereNull('l.customer_group');
  else q.where('l.customer_group', group);
  return (await q
    .orderByRaw("COALESCE(l.valid_from, '') desc")
    .orderBy('l.id', 'desc')
    .first('l.*')) as Row | undefined;
}

/** Per product, the tiers valid on `date`, best first: highest minimum, latest start, newest. */
async function tiersOf(db: Db | Trx, listId: number, productIds: number[], date: string) {
  const rows = (await db('price_list_items as i')
    .where('i.price_list_id', listId)
    .whereIn('i.product_id', productIds)
    .whereNull('i.deleted_at')
    .where(validOn('i', date))
    .orderBy('i.min_quantity', 'desc')
    .orderByRaw("COALESCE(i.valid_from, '') desc")
    .orderBy('i.id', 'desc')
    .select('i.*')) as Row[];
  const byProduct = new Map<number, Row[]>();
  for (const r of rows) {
    const pid = toInt(r.product_id);
    byProduct.set(pid, [...(byProduct.get(pid) ?? []), r]);
  }
  return byProduct;
}

type Unpriced = Extract<ResolveResult, { status: 'unpriced' }>;

function unpriced(
  index: number,
  productId: number,
  reason: UnpricedReason,
  rule: Unpriced['rule'],
  message: string,
): Unpriced {
  return { index, productId, status: 'unpriced', reason, rule, message };
}

/** Per line, the live, active product, or why it cannot be priced. */
async function productsOf(db: Db | Trx, lines: ResolveRequest['lines']) {
  const ids = [...new Set(lines.map((l) => l.productId))];
  const rows = ids.length
    ? ((await db('products').whereIn('id', ids).whereNull('deleted_at')) as Row[])
    : [];
  const byId = new Map(rows.map((r) => [toInt(r.id), r]));
  return lines.map((l, i): Row | Unpriced => {
    const p = byId.get(l.productId);
    if (!p) return unpriced(i, l.productId, 'unknown', 'exists', 'is not an existing product');
    if (!toBool(p.active))
      return unpriced(i, l.productId, 'inactive', 'active', `${String(p.code)} is not active`);
    return p;
  });
}

const isUnpriced = (x: Row | Unpriced): x is Unpriced =>
  x.status === 'unpriced' && 'reason' in x && 'rule' in x;

function line(p: Row, unitPrice: number, currency: string, itemId: number | null): ResolvedLine {
  return {
    productId: toInt(p.id),
    productCode: String(p.code),
    unitPrice,
    taxRate: toInt(p.tax_rate),
    description: String(p.name),
    unit: String(p.unit),
    unitCost: p.currency === currency ? toIntOrNull(p.cost) : null,
    priceListItemId: itemId,
  };
}

/** A product the list does not price: its list price, in the list's currency and price mode. */
function listPriceIn(p: Row, list: Row, i: number): ResolvedLine | Unpriced {
  const price = toInt(p.list_price);
  if (p.currency !== list.currency)
    return unpriced(
      i,
      toInt(p.id),
      'no_price',
      'priced',
      `${String(p.code)} has no price in ${String(list.name)}, and its list price is in ${String(p.currency)}, not ${String(list.currency)}`,
    );
  const unitPrice =
    list.price_mode === 'inclusive' ? price + applyRate(price, toInt(p.tax_rate)) : price;
  return line(p, unitPrice, String(list.currency), null);
}

/**
 * The list, and per requested product its price or why it has none. Nothing is refused here
 * but the partner and a chosen list: resolvePrices and the editor decide what a gap means.
 */
async function resolveEach(
  db: Db | Trx,
  req: ResolveRequest,
): Promise<Omit<ResolvedPrices, 'lines'>> {
  const partner = await db('partners')
    .where({ id: req.partnerId })
    .whereNull('deleted_at')
    .first('customer_group');
  if (!partner) throw invalidField('partnerId', 'exists', 'is not an existing partner');
  const list =
    req.priceListId === null
      ? await groupList(db, str(partner.customer_group), req.date)
      : await chosenList(db, req.priceListId, req.date);
  const products = await productsOf(db, req.lines);
  const result = (i: number, got: ResolvedLine | Unpriced): ResolveResult =>
    'status' in got ? got : { index: i, productId: got.productId, status: 'priced', line: got };

  if (!list) {
    // The first product that can be priced sets the currency; no list prices tax-exclusive.
    const first = products.find((p): p is Row => !isUnpriced(p));
    const currency = first ? String(first.currency) : DEFAULT_CURRENCY;
    return {
      priceListId: null,
      currency,
      priceMode: 'exclusive',
      results: products.map((p, i) => {
        if (isUnpriced(p)) return p;
        if (p.currency !== currency)
          return unpriced(
            i,
            toInt(p.id),
            'currency',
            'currency',
            `${String(p.code)} is priced in ${String(p.currency)}, the first line in ${currency}`,
          );
        return result(i, line(p, toInt(p.list_price), currency, null));
      }),
    };
  }

  const currency = String(list.currency);
  const live = products.filter((p): p is Row => !isUnpriced(p));
  const tiers = live.length
    ? await tiersOf(
        db,
        toInt(list.id),
        live.map((p) => toInt(p.id)),
        req.date,
      )
    : new Map<number, Row[]>();
  return {
    priceListId: toInt(list.id),
    currency,
    priceMode: list.price_mode as PriceMode,
    results: products.map((p, i) => {
      if (isUnpriced(p)) return p;
      const quantity = req.lines[i]!.quantity;
      const tier = tiers.get(toInt(p.id))?.find((t) => toInt(t.min_quantity) <= quantity);
      return result(
        i,
        tier ? line(p, toInt(tier.unit_price), currency, toInt(tier.id)) : listPriceIn(p, list, i),
      );
    }),
  };
}

const pricedLines = (results: ResolveResult[]) =>
  results.flatMap((r) => (r.status === 'priced' ? [r.line] : []));

/**
 * The prices of a document's lines, all or nothing: a product that cannot be priced refuses the
 * call on `lines.N.productId` (unknown and inactive products first, then missing prices).
 */
export async function resolvePrices(db: Db | Trx, req: ResolveRequest): Promise<ResolvedPrices> {
  const each = await resolveEach(db, req);
  const gaps = each.results.filter((r): r is Unpriced => r.status === 'unpriced');
  const gap =
    gaps.find((g) => g.reason === 'unknown' || g.reason === 'inactive') ?? gaps[0] ?? null;
  if (gap) throw invalidField(`lines.${gap.index}.productId`, gap.rule, gap.message);
  return { ...each, lines: pricedLines(each.results) };
}

/** resolvePrices that answers per product: a product without a price refuses nothing. */
export async function resolvePricesPartial(
  db: Db | Trx,
  req: ResolveRequest,
): Promise<ResolvedPrices> {
  const each = await resolveEach(db, req);
  return { ...each, lines: pricedLines(each.results) };
}
