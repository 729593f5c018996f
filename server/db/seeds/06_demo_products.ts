// The demo catalogue: 40 products in 5 groups, the standard (tax-included) and distributor price
// lists for the 普通 and 经销商 customer groups, and the default payment terms. Written through the
// catalogue services, so rows, audit and validation are what an admin's calls would make. The
// catalogue does not grow with --scale. Idempotent: products by code, price lists and terms by
// name; an existing list keeps whatever prices an admin gave it.
import { applyRate, divideHalfUp } from '../../../core/money/index.ts';
import { paymentTermsCreateInput } from '../../../core/schemas/payment-terms.ts';
import { priceListCreateInput, priceListItemInput } from '../../../core/schemas/price-lists.ts';
import { productCreateInput } from '../../../core/schemas/products.ts';
import type { Db } from '../knex.ts';
import { toInt } from '../rows.ts';
import type { Actor } from '../../services/audit.ts';
import { insertPaymentTerms } from '../../services/payment-terms.ts';
import { insertPriceList, writeItems } from '../../services/price-list-writes.ts';
import { insertProduct } from '../../services/products.ts';
import { writeTx, type Trx } from '../../services/tx.ts';
import {
  DEMO_CATALOGUE,
  DEMO_PAYMENT_TERMS,
  DEMO_PRICE_LISTS,
  DISTRIBUTOR_RATES,
  type DemoGroup,
  type DemoProduct,
} from './demo-catalogue.ts';
import { mulberry32 } from './prng.ts';
import type { SeedContext, SeedCounts } from './context.ts';

// The create inputs without idempotency keys: what the insert helpers take, defaults applied.
const productFields = productCreateInput.omit({ idempotencyKey: true });
const priceListFields = priceListCreateInput.omit({ idempotencyKey: true });
const termsFields = paymentTermsCreateInput.omit({ idempotencyKey: true });

const fen = (yuan: number) => yuan * 100;
/** Price lists quote whole yuan: an exact amount in fen, rounded half-up to the yuan. */
const wholeYuan = (amount: number) => Number(divideHalfUp(BigInt(amount), 100n)) * 100;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

async function seedProducts(trx: Trx, actor: Actor, counts: SeedCounts) {
  const rng = mulberry32(6_040);
  const ids = new Map<string, number>();
  for (const group of DEMO_CATALOGUE) {
    for (const p of group.products) {
      // Drawn for every product, so stock figures do not shift when some products exist already.
      const stock = rng.int(0, 400) * 1000;
      const found = await trx('products')
        .where({ code: p.code })
        .whereNull('deleted_at')
        .first('id');
      if (found) {
        ids.set(p.code, toInt(found.id));
        continue;
      }
      const fields = productFields.parse({
        code: p.code,
        name: p.zh,
        nameEn: p.en,
        category: group.zh,
        unit: p.unit,
        listPrice: fen(p.price),
        cost: fen(p.cost),
        taxRate: p.vat,
        stockOnHand: p.stocked ? stock : null,
      });
      ids.set(p.code, (await insertProduct(trx, actor, fields)).id);
      counts.products!++;
    }
  }
  return ids;
}

type Tier = ReturnType<typeof priceListItemInput.parse>;

function standardTiers(ids: Map<string, number>): Tier[] {
  return DEMO_CATALOGUE.flatMap((g) =>
    g.products.map((p) => {
      const net = fen(p.price);
      return priceListItemInput.parse({
        productId: ids.get(p.code)!,
        unitPrice: wholeYuan(net + applyRate(net, p.vat)),
      });
    }),
  );
}

/** Distributor tiers: volume discounts on hardware under ¥10,000, a flat rate on licences. */
function distributorTiers(ids: Map<string, number>, now: Date): Tier[] {
  const promotion = {
    validFrom: isoDay(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1))),
    validTo: isoDay(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 2, 0))),
  };
  const tier = (p: DemoProduct, rate: number, extra: Partial<Tier> = {}) =>
    priceListItemInput.parse({
      productId: ids.get(p.code)!,
      unitPrice: wholeYuan(applyRate(fen(p.price), rate)),
      ...extra,
    });
  const forGroup = (g: DemoGroup, index: number) =>
    g.products.flatMap((p) => {
      if (!g.tiered) return [tier(p, DISTRIBUTOR_RATES.licence)];
      const tiers = [tier(p, DISTRIBUTOR_RATES.base)];
      if (p.price < 10_000)
        tiers.push(
          tier(p, DISTRIBUTOR_RATES.ten, { minQuantity: 10_000 }),
          tier(p, DISTRIBUTOR_RATES.fifty, { minQuantity: 50_000 }),
        );
      // The sensors group (the second) is on promotion this month and next.
      if (index === 1) tiers.push(tier(p, DISTRIBUTOR_RATES.promotion, promotion));
      return tiers;
    });
  return DEMO_CATALOGUE.flatMap((g, i) => (g.distributed ? forGroup(g, i) : []));
}

async function seedPriceList(
  trx: Trx,
  ctx: SeedContext,
  list: (typeof DEMO_PRICE_LISTS)[keyof typeof DEMO_PRICE_LISTS],
  priceMode: 'inclusive' | 'exclusive',
  tiers: Tier[],
  counts: SeedCounts,
) {
  if (await trx('price_lists').where({ name: list.name }).whereNull('deleted_at').first('id'))
    return;
  const fields = priceListFields.parse({
    ...list,
    priceMode,
    validFrom: `${ctx.now.getUTCFullYear() - 1}-01-01`,
  });
  const id = await insertPriceList(trx, ctx.actor, fields);
  await writeItems(trx, ctx.actor, id, tiers, []);
  counts.price_lists!++;
  counts.price_list_items! += tiers.length;
}

export async function seed(db: Db, ctx: SeedContext): Promise<SeedCounts> {
  const counts: SeedCounts = { products: 0, price_lists: 0, price_list_items: 0, payment_terms: 0 };
  await writeTx(db, async (trx) => {
    const ids = await seedProducts(trx, ctx.actor, counts);
    const { standard, distributor } = DEMO_PRICE_LISTS;
    await seedPriceList(trx, ctx, standard, 'inclusive', standardTiers(ids), counts);
    await seedPriceList(trx, ctx, distributor, 'exclusive', distributorTiers(ids, ctx.now), counts);
    for (const t of DEMO_PAYMENT_TERMS) {
      if (await trx('payment_terms').where({ name: t.name }).whereNull('deleted_at').first('id'))
        continue;
      await insertPaymentTerms(trx, ctx.actor, termsFields.parse(t));
      counts.payment_terms!++;
    }
  });
  return counts;
}
