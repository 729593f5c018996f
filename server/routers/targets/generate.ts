// A deterministic generator of orders (with lines) and receipts, inserted straight into the schema
// (no service in the way) for the attainment and margin tests. It returns what it inserted, so a
// test recomputes every figure in plain JavaScript from the same rows. Line figures are made with
// core/money as the order services make them; what the tests check is the reports' SQL.
import { applyRate, extend } from '../../../core/money/index.ts';
import type { Db } from '../../db/knex.ts';
import { toInt } from '../../db/rows.ts';
import { mulberry32 } from '../../db/seeds/prng.ts';

export const ORDER_STATUSES = ['approved', 'cancelled', 'draft', 'submitted', 'rejected'] as const;

export interface GenLine {
  productId: number | null;
  quantity: number;
  net: number;
  gross: number;
  unitCost: number | null;
}

export interface GenOrder {
  id: number;
  ownerId: number;
  teamId: number | null;
  partnerId: number;
  orderDate: string;
  status: (typeof ORDER_STATUSES)[number];
  deleted: boolean;
  currency: string;
  lines: GenLine[];
}

export interface GenReceipt {
  id: number;
  ownerId: number | null;
  partnerId: number;
  receiptDate: string;
  currency: string;
  amount: number;
  deleted: boolean;
}

export interface GenOptions {
  seed: number;
  orders: number;
  receipts: number;
  owners: { userId: number; teamId: number | null }[];
  partnerIds: number[];
  productIds: number[];
  currencies: string[];
  /** Documents are dated from this day over the next `days` days. */
  startDay: string;
  days: number;
}

const DAY = 86_400_000;
let batch = 0;

export async function generateDocuments(db: Db, o: GenOptions) {
  const rng = mulberry32(o.seed);
  const t0 = Date.parse(`${o.startDay}T00:00:00.000Z`);
  const dayOf = () => new Date(t0 + rng.int(0, o.days - 1) * DAY).toISOString().slice(0, 10);
  const at = new Date().toISOString();
  const stamps = { version: 1, created_at: at, updated_at: at };
  const tag = `${o.seed}-${batch++}-${Date.now().toString(36)}`;
  const orders: GenOrder[] = [];
  for (let i = 0; i < o.orders; i++) {
    const owner = rng.pick(o.owners);
    const currency = rng.pick(o.currencies);
    const lines: GenLine[] = [];
    for (let n = rng.int(1, 4); n > 0; n--) {
      // Fractional quantities (1.5 units) and odd costs make the per-line rounding matter.
      const quantity = rng.int(1, 40) * 250;
      const unitPrice = rng.int(1, 500_000);
      const extended = extend(quantity, unitPrice);
      const net = extended - applyRate(extended, rng.pick([0, 0, 500, 1250]));
      lines.push({
        productId: rng.chance(0.9) ? rng.pick(o.productIds) : null,
        quantity,
        net,
        gross: net + applyRate(net, 1300),
        unitCost: rng.chance(0.85) ? rng.int(0, 400_001) : null,
      });
    }
    const status = rng.weighted<GenOrder['status']>([
      ['approved', 60],
      ['cancelled', 10],
      ['draft', 10],
      ['submitted', 10],
      ['rejected', 10],
    ]);
    const sum = (k: 'net' | 'gross') => lines.reduce((s, l) => s + l[k], 0);
    const order = {
      ownerId: owner.userId,
      teamId: owner.teamId,
      partnerId: rng.pick(o.partnerIds),
      orderDate: dayOf(),
      status,
      deleted: rng.chance(0.03),
      currency,
    };
    const [row] = await db('orders')
      .insert({
        ...stamps,
        number: `T${tag}-${i}`,
        title: `Order ${i}`,
        partner_id: order.partnerId,
        owner_id: order.ownerId,
        team_id: order.teamId,
        order_date: order.orderDate,
        status,
        currency,
        subtotal: sum('net'),
        net: sum('net'),
        tax: sum('gross') - sum('net'),
        gross: sum('gross'),
        deleted_at: order.deleted ? at : null,
      })
      .returning('id');
    const id = toInt((row as { id: unknown }).id);
    await db('order_lines').insert(
      lines.map((l, position) => ({
        order_id: id,
        position,
        product_id: l.productId,
        description: `Line ${position}`,
        quantity: l.quantity,
        unit_price: 0,
        tax_rate: 1300,
        extended: l.net,
        line_discount: 0,
        header_discount: 0,
        net: l.net,
        tax: l.gross - l.net,
        gross: l.gross,
        unit_cost: l.unitCost,
      })),
    );
    orders.push({ id, ...order, lines });
  }
  const receipts: GenReceipt[] = [];
  for (let i = 0; i < o.receipts; i++) {
    const owner = rng.chance(0.9) ? rng.pick(o.owners).userId : null;
    const r = {
      ownerId: owner,
      partnerId: rng.pick(o.partnerIds),
      receiptDate: dayOf(),
      currency: rng.pick(o.currencies),
      amount: rng.int(1, 90_000_000),
      deleted: rng.chance(0.05),
    };
    const [row] = await db('receipts')
      .insert({
        ...stamps,
        number: `R${tag}-${i}`,
        partner_id: r.partnerId,
        owner_id: r.ownerId,
        receipt_date: r.receiptDate,
        currency: r.currency,
        amount: r.amount,
        unallocated: r.amount,
        method: 'bank_transfer',
        deleted_at: r.deleted ? at : null,
      })
      .returning('id');
    receipts.push({ id: toInt((row as { id: unknown }).id), ...r });
  }
  return { orders, receipts };
}

/** A live partner owned by `ownerId`, straight into the table. */
export async function insertPartner(db: Db, ownerId: number, name: string): Promise<number> {
  const at = new Date().toISOString();
  const [row] = await db('partners')
    .insert({
      version: 1,
      created_at: at,
      updated_at: at,
      code: `G${Math.random().toString(36).slice(2, 10)}`,
      name,
      kind: 'customer',
      owner_id: ownerId,
    })
    .returning('id');
  return toInt((row as { id: unknown }).id);
}
