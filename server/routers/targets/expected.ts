// Attainment and margin recomputed in plain JavaScript from the generated documents, independently
// of the SQL: the tests compare every figure the server returns with these.
import assert from 'node:assert/strict';
import { extend } from '../../../core/money/index.ts';
import type { Db } from '../../db/knex.ts';
import { toInt, toIntOrNull } from '../../db/rows.ts';
import type { Org, UserKey } from '../../../test/support/org.ts';
import type { GenOrder, GenReceipt } from './generate.ts';

type TeamKey = keyof Org['teams'];

/** Everyone whose documents count for each team of the test org: its subtree's members and managers, written out by hand. */
export const PEOPLE: Record<TeamKey, UserKey[]> = {
  hq: ['admin', 'finance', 'mgrEast', 'rep1', 'rep2', 'repDeep', 'mgrSouth', 'repSouth'],
  east: ['mgrEast', 'rep1', 'rep2', 'repDeep'],
  shanghai: ['rep1', 'rep2', 'repDeep'],
  pudong: ['repDeep'],
  south: ['mgrSouth', 'repSouth'],
  shenzhen: ['repSouth'],
};

export interface Measure {
  basis: 'orders' | 'receipts';
  currency: string;
  productId: number | null;
  from: string;
  to: string;
}

/** What `owners` attained in the range: approved live orders' line gross and quantity, or live receipts. */
export function expectedActual(
  docs: { orders: GenOrder[]; receipts: GenReceipt[] },
  owners: number[],
  m: Measure,
): { amount: number; quantity: number } {
  const inRange = (d: string) => d >= m.from && d <= m.to;
  if (m.basis === 'receipts') {
    const rs = docs.receipts.filter(
      (r) =>
        !r.deleted &&
        r.ownerId !== null &&
        owners.includes(r.ownerId) &&
        r.currency === m.currency &&
        inRange(r.receiptDate),
    );
    return { amount: rs.reduce((s, r) => s + r.amount, 0), quantity: 0 };
  }
  let amount = 0;
  let quantity = 0;
  for (const o of docs.orders) {
    if (o.status !== 'approved' || o.deleted || o.currency !== m.currency) continue;
    if (!owners.includes(o.ownerId) || !inRange(o.orderDate)) continue;
    for (const l of o.lines) {
      if (m.productId !== null && l.productId !== m.productId) continue;
      amount += l.gross;
      quantity += l.quantity;
    }
  }
  return { amount, quantity };
}

/** actual ÷ target in basis points, half up, in exact integers. */
export function expectedBp(actual: number, target: number | null): number | null {
  if (target === null || target === 0) return null;
  return Number((2n * BigInt(actual) * 10_000n + BigInt(target)) / (2n * BigInt(target)));
}

export interface MarginQuery {
  groupBy: 'customer' | 'product' | 'month';
  from: string;
  to: string;
  owners: number[];
  teamIds?: number[];
  productId?: number;
}

export interface ExpectedMargin {
  revenue: number;
  cost: number;
  quantity: number;
  lines: number;
  orders: Set<number>;
  uncostedLines: number;
  uncostedRevenue: number;
}

/** Rows keyed `currency|group` (partner id, product id or 'null', month). */
export function expectedMargin(orders: GenOrder[], q: MarginQuery): Map<string, ExpectedMargin> {
  const out = new Map<string, ExpectedMargin>();
  for (const o of orders) {
    if (o.status !== 'approved' || o.deleted) continue;
    if (o.orderDate < q.from || o.orderDate > q.to || !q.owners.includes(o.ownerId)) continue;
    if (q.teamIds && (o.teamId === null || !q.teamIds.includes(o.teamId))) continue;
    for (const l of o.lines) {
      if (q.productId !== undefined && l.productId !== q.productId) continue;
      const group =
        q.groupBy === 'customer'
          ? String(o.partnerId)
          : q.groupBy === 'product'
            ? String(l.productId)
            : o.orderDate.slice(0, 7);
      const key = `${o.currency}|${group}`;
      const row = out.get(key) ?? {
        revenue: 0,
        cost: 0,
        quantity: 0,
        lines: 0,
        orders: new Set<number>(),
        uncostedLines: 0,
        uncostedRevenue: 0,
      };
      row.revenue += l.net;
      row.cost += l.unitCost === null ? 0 : extend(l.quantity, l.unitCost);
      row.quantity += l.quantity;
      row.lines += 1;
      row.orders.add(o.id);
      if (l.unitCost === null) {
        row.uncostedLines += 1;
        row.uncostedRevenue += l.net;
      }
      out.set(key, row);
    }
  }
  return out;
}

export const sum = (xs: (number | null)[]) => xs.reduce<number>((a, x) => a + (x ?? 0), 0);

/**
 * The invariant every write keeps, checked over the whole table: the live parts of each live
 * target, per dimension (periods of the same subject, or subjects of the same period), sum
 * exactly to its figures, never go negative, and carry no figure their parent lacks.
 */
export async function assertBreakdownsExact(db: Db): Promise<number> {
  const rows = await db('targets').whereNull('deleted_at');
  const byParent = new Map<number, typeof rows>();
  for (const r of rows) {
    const amount = toIntOrNull(r.amount);
    const quantity = toIntOrNull(r.quantity);
    assert.ok((amount ?? 0) >= 0 && (quantity ?? 0) >= 0, `target ${r.id} is negative`);
    const parent = toIntOrNull(r.parent_target_id);
    if (parent !== null) byParent.set(parent, [...(byParent.get(parent) ?? []), r]);
  }
  let checked = 0;
  for (const [parentId, parts] of byParent) {
    const parent = rows.find((r) => toInt(r.id) === parentId);
    assert.ok(parent, `target ${parentId} was removed but its parts live on`);
    for (const sameSubject of [true, false]) {
      const group = parts.filter((p) => (p.period !== parent.period) === sameSubject);
      if (!group.length) continue;
      checked++;
      for (const k of ['amount', 'quantity'] as const) {
        const whole = toIntOrNull(parent[k]);
        const figures = group.map((p) => toIntOrNull(p[k]));
        if (whole === null)
          assert.ok(
            figures.every((f) => f === null),
            `${k} of parts of ${parentId}`,
          );
        else assert.equal(sum(figures), whole, `${k} of the parts of target ${parentId}`);
      }
    }
  }
  return checked;
}
