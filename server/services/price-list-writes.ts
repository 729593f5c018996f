// Price list writes for admins (products.manage): the header, and its prices per product in
// volume tiers with validity dates. The list's version guards the whole list, items included,
// so two admins editing the same list in Excel cannot interleave; every row change is audited.
import type { z } from 'zod';
import type {
  priceListArchiveInput,
  priceListCreateInput,
  priceListItemInput,
  priceListItemsSetInput,
  priceListUpdateInput,
} from '../../core/schemas/price-lists.ts';
import { countOf, toInt } from '../db/rows.ts';
import { actorOf } from '../trpc/context.ts';
import { invalidField } from '../trpc/errors.ts';
import { audit, diff, type Actor } from './audit.ts';
import { once } from './idempotency.ts';
import {
  assertCurrency,
  changeAudited,
  insertAudited,
  str,
  type Row,
} from './opportunity-parts.ts';
import { loadPriceList, loadPriceListDetail } from './price-lists.ts';
import type { ScopedCtx } from './scoped-ctx.ts';
import { writeTx, type Trx } from './tx.ts';
import { assertVersion, softDelete, updateVersioned } from './versioned.ts';

type ItemInput = z.infer<typeof priceListItemInput>;

function assertSpan(prefix: string, from: string | null, to: string | null) {
  if (from && to && from > to)
    throw invalidField(`${prefix}validTo`, 'after_from', `must be on or after validFrom (${from})`);
}

const HEADER_COLUMNS = {
  name: 'name',
  nameEn: 'name_en',
  currency: 'currency',
  priceMode: 'price_mode',
  customerGroup: 'customer_group',
  validFrom: 'valid_from',
  validTo: 'valid_to',
  active: 'active',
} as const;

function headerColumns(fields: Record<string, unknown>): Row {
  const out: Row = {};
  for (const [k, col] of Object.entries(HEADER_COLUMNS))
    if (fields[k] !== undefined) out[col] = fields[k];
  return out;
}

type ListFields = Omit<z.infer<typeof priceListCreateInput>, 'idempotencyKey'>;

/** Inserts a price list header in the caller's transaction (priceLists.create and the seed). */
export async function insertPriceList(trx: Trx, actor: Actor, fields: ListFields) {
  await assertCurrency(trx, 'currency', fields.currency);
  assertSpan('', fields.validFrom ?? null, fields.validTo ?? null);
  return insertAudited(trx, actor, 'price_lists', headerColumns(fields));
}

export async function createPriceList(ctx: ScopedCtx, input: z.infer<typeof priceListCreateInput>) {
  const { idempotencyKey, ...fields } = input;
  return writeTx(ctx.db, (trx) =>
    once(trx, ctx.identity.user.id, idempotencyKey, 'priceLists.create', fields, async () =>
      loadPriceListDetail(trx, await insertPriceList(trx, actorOf(ctx), fields)),
    ),
  );
}

async function liveItemCount(trx: Trx, listId: number) {
  return countOf(
    await trx('price_list_items')
      .where({ price_list_id: listId })
      .whereNull('deleted_at')
      .count({ n: '*' })
      .first(),
  );
}

export async function updatePriceList(ctx: ScopedCtx, input: z.infer<typeof priceListUpdateInput>) {
  const actor = actorOf(ctx);
  return writeTx(ctx.db, async (trx) => {
    const before = await loadPriceList(trx, input.id);
    assertVersion(before, input.version, 'Price list');
    const values = headerColumns(input.patch);
    const changes = diff(before, values);
    if (Object.keys(changes).length === 0) return loadPriceListDetail(trx, input.id);
    if (changes.currency || changes.price_mode) {
      const field = changes.currency ? 'currency' : 'priceMode';
      if ((await liveItemCount(trx, input.id)) > 0)
        throw invalidField(
          `patch.${field}`,
          'fixed',
          'cannot change while the list holds prices (they would change meaning); remove them or make a new list',
        );
    }
    if (input.patch.currency) await assertCurrency(trx, 'patch.currency', input.patch.currency);
    const merged = { ...before, ...values };
    assertSpan('patch.', str(merged.valid_from), str(merged.valid_to));
    await updateVersioned(trx, 'price_lists', input.id, input.version, values, actor, 'Price list');
    await audit(trx, actor, 'price_lists', input.id, 'update', changes);
    return loadPriceListDetail(trx, input.id);
  });
}

export async function archivePriceList(
  ctx: ScopedCtx,
  input: z.infer<typeof priceListArchiveInput>,
) {
  const actor = actorOf(ctx);
  return writeTx(ctx.db, async (trx) => {
    const before = await loadPriceList(trx, input.id);
    assertVersion(before, input.version, 'Price list');
    const at = await softDelete(trx, actor, 'price_lists', input.id, input.version, 'Price list');
    return { id: input.id, version: input.version + 1, archivedAt: at };
  });
}

/**
 * A product's tiers on a list are told apart by minimum quantity and start date: of two tiers
 * valid on the same day, the higher minimum quantity wins, then the later start (so a dated
 * promotion overrides the standing price without editing it). Two tiers with the same minimum
 * and start would be ambiguous, and are refused.
 */
function assertItems(items: ItemInput[], remove: number[]) {
  items.forEach((item, j) => {
    assertSpan(`items.${j}.`, item.validFrom ?? null, item.validTo ?? null);
    const clash = items.findIndex(
      (other, i) =>
        i < j &&
        other.productId === item.productId &&
        other.minQuantity === item.minQuantity &&
        (other.validFrom ?? null) === (item.validFrom ?? null),
    );
    if (clash >= 0)
      throw invalidField(
        `items.${j}.validFrom`,
        'duplicate',
        `items.${clash} already prices this product from the same quantity and day`,
      );
  });
  const priced = new Set(items.map((i) => i.productId));
  remove.forEach((productId, k) => {
    if (priced.has(productId))
      throw invalidField(`remove.${k}`, 'conflict', 'is also given a price in items');
  });
}

async function assertProducts(trx: Trx, items: ItemInput[]) {
  const ids = [...new Set(items.map((i) => i.productId))];
  const live = new Set(
    (await trx('products').whereIn('id', ids).whereNull('deleted_at').pluck('id')).map(toInt),
  );
  items.forEach((item, j) => {
    if (!live.has(item.productId))
      throw invalidField(`items.${j}.productId`, 'exists', 'is not an existing product');
  });
}

const tierKey = (minQuantity: number, from: string | null) => `${minQuantity}|${from ?? ''}`;

/** Makes the product's tiers on the list exactly `tiers` (matched by quantity and start). */
async function syncProductTiers(
  trx: Trx,
  actor: Actor,
  listId: number,
  productId: number,
  tiers: ItemInput[],
) {
  const existing = (await trx('price_list_items')
    .where({ price_list_id: listId, product_id: productId })
    .whereNull('deleted_at')) as Row[];
  const byKey = new Map(
    existing.map((r) => [tierKey(toInt(r.min_quantity), str(r.valid_from)), r]),
  );
  for (const t of tiers) {
    const key = tierKey(t.minQuantity, t.validFrom ?? null);
    const found = byKey.get(key);
    if (found) {
      byKey.delete(key);
      const values = { unit_price: t.unitPrice, valid_to: t.validTo ?? null };
      await changeAudited(trx, actor, 'price_list_items', found, values, 'Price');
      continue;
    }
    await insertAudited(trx, actor, 'price_list_items', {
      price_list_id: listId,
      product_id: productId,
      unit_price: t.unitPrice,
      min_quantity: t.minQuantity,
      valid_from: t.validFrom ?? null,
      valid_to: t.validTo ?? null,
    });
  }
  for (const gone of byKey.values())
    await softDelete(trx, actor, 'price_list_items', toInt(gone.id), toInt(gone.version), 'Price');
}

/** Applies an items.set request to a list in the caller's transaction (the seed uses it too). */
export async function writeItems(
  trx: Trx,
  actor: Actor,
  listId: number,
  items: ItemInput[],
  remove: number[],
) {
  assertItems(items, remove);
  await assertProducts(trx, items);
  const byProduct = new Map<number, ItemInput[]>();
  for (const item of items)
    byProduct.set(item.productId, [...(byProduct.get(item.productId) ?? []), item]);
  for (const [productId, tiers] of byProduct)
    await syncProductTiers(trx, actor, listId, productId, tiers);
  for (const productId of new Set(remove))
    await syncProductTiers(trx, actor, listId, productId, []);
}

export async function setPriceListItems(
  ctx: ScopedCtx,
  input: z.infer<typeof priceListItemsSetInput>,
) {
  const actor = actorOf(ctx);
  return writeTx(ctx.db, async (trx) => {
    const before = await loadPriceList(trx, input.priceListId);
    assertVersion(before, input.version, 'Price list');
    await writeItems(trx, actor, input.priceListId, input.items, input.remove);
    // The list's version moves with its prices: one version guards the whole list.
    await updateVersioned(
      trx,
      'price_lists',
      input.priceListId,
      input.version,
      {},
      actor,
      'Price list',
    );
    return loadPriceListDetail(trx, input.priceListId);
  });
}
