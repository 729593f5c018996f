// Repeat orders (复购订单) from the demo company's standing customers, outside the funnel: spare
// parts, consumables, call-offs of framework agreements. Without them the only orders are the
// won deals of the last months, which sit mostly with the East reps, so targets for the year
// (09_demo_targets.ts) showed 0% for the spring, well over 100% for some East months and single
// digits for the South. Each seller's repeat business tracks their share of the year's plan
// (demo-targets-plan.ts) at a pace of their own (82-102%), month by month from January to
// yesterday: a month adds what brings their year-to-date near that pace after the deals they
// won that month (and never less than about a quarter of the month's plan), so a big deal makes a
// strong month, quieter ones after it, and a year somewhat over plan. The Shanghai reps
// also sell the SV-750 servo motor their group has a unit target for.
//
// Written through the order services (pricing from the customer's price list, totals, approval
// on submit within the rep's limit), then laid out on the demo calendar like the deal orders.
// Runs after the deal orders (it counts them) and before the receivables (which plan and collect
// these orders too). With --scale the amounts grow, not the number of orders (at most five per
// seller and month, so a large scale adds no more of them). Idempotent: nothing is added once a
// repeat order exists.
import { Visibility } from '../../auth/scope.ts';
import type { Role } from '../../../core/permissions.ts';
import type { Db } from '../knex.ts';
import { toInt } from '../rows.ts';
import { createOrderTx } from '../../services/orders.ts';
import { approveOrderTx, submitOrderTx } from '../../services/orders-workflow.ts';
import type { ScopedCtx } from '../../services/scoped-ctx.ts';
import { writeTx, type Trx } from '../../services/tx.ts';
import { DEMO_USERS, type DemoUserKey } from './demo-company.ts';
import { demoIds } from './demo-ids.ts';
import {
  COMPANY_TARGET,
  FOCUS_PRODUCT,
  FOCUS_UNITS,
  MONTH_WEIGHTS,
  focusShare,
  sellerShares,
} from './demo-targets-plan.ts';
import { rngFor, type Rng } from './prng.ts';
import type { SeedContext, SeedCounts } from './context.ts';

/** Every repeat order's title ends with this: how a second run knows they are there. */
export const REPEAT_MARK = '（复购）';
const TITLES = ['备件补货', '产线扩容追加', '框架协议分批交付', '维保耗材补充', '新产线配套'];
/** Below this a month's shortfall (fen) waits for the next month. */
const MIN_ORDER = 30_000_00;
const MONTH_WEIGHT_SUM = MONTH_WEIGHTS.reduce((a, b) => a + b, 0);

interface Product {
  id: number;
  code: string;
  /** Estimated gross per unit at list price, in fen (the price list may differ). */
  unitGross: number;
}

function actingAs(db: Db, ctx: SeedContext, id: number, role: Role, name: string) {
  const scoped: ScopedCtx = {
    db,
    memo: new Map(),
    requestId: ctx.actor.requestId ?? 'seed:demo',
    identity: {
      user: { id, role, name, email: `${id}@seed`, locale: 'zh-CN' },
      token: { id: 0, kind: 'session', scopes: ['read', 'write'], allowedOrigins: [] },
    },
    access: { permission: 'orders.approve', scope: 'all' },
  };
  return { ctx: scoped, vis: new Visibility(scoped.access, id, { teamIds: [], userIds: [id] }) };
}

const pad = (n: number) => String(n).padStart(2, '0');
const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** Lines worth about `amount` fen: one to three products, priced so a line is 1 to 400 units. */
function linesFor(rng: Rng, products: Product[], amount: number) {
  const count = rng.int(1, 3);
  const share = amount / count;
  const fitting = products.filter((p) => p.unitGross <= share && p.unitGross * 400 >= share);
  const pool = fitting.length ? fitting : products;
  const picked = new Map<number, number>();
  for (let i = 0; i < count; i++) {
    const p = rng.pick(pool);
    const units = Math.min(400, Math.max(1, Math.round(share / p.unitGross)));
    picked.set(p.id, (picked.get(p.id) ?? 0) + units);
  }
  return [...picked].map(([productId, units]) => ({ productId, quantity: units * 1000 }));
}

export async function seed(db: Db, ctx: SeedContext): Promise<SeedCounts> {
  const counts: SeedCounts = { orders: 0 };
  if (await db('orders').where('title', 'like', `%${REPEAT_MARK}`).first('id')) return counts;
  const products: Product[] = (
    await db('products')
      .where({ active: true, currency: 'CNY' })
      .whereNull('deleted_at')
      .orderBy('code')
      .select('id', 'code', 'list_price', 'tax_rate')
  ).map((p) => ({
    id: toInt(p.id),
    code: String(p.code),
    unitGross: Math.round((toInt(p.list_price) * (10_000 + toInt(p.tax_rate))) / 10_000),
  }));
  if (!products.length) return counts;
  const focus = products.find((p) => p.code === FOCUS_PRODUCT);
  const ids = await demoIds(db);
  const admin = ids.users.get('admin')!;
  const approver = actingAs(db, ctx, admin, 'admin', 'admin');
  const year = ctx.now.getUTCFullYear();
  const thisMonth = ctx.now.getUTCMonth() + 1;
  // Orders up to yesterday: today's are still being written.
  const lastDay = ctx.now.getUTCDate() - 1;
  const touched = new Set<number>();

  for (const [ordinal, [key, share]] of [...sellerShares()].entries()) {
    const userId = ids.users.get(key)!;
    const user = DEMO_USERS.find((u) => u.key === key)!;
    const owner = actingAs(db, ctx, userId, user.role, user.name);
    const customers = (
      await db('partners')
        .where({ owner_id: userId })
        .whereIn('kind', ['customer', 'both'])
        .whereNull('deleted_at')
        .orderBy('id')
        .select('id')
    ).map((p) => toInt(p.id));
    if (!customers.length) continue;
    // What the deals already brought, per month of the year.
    const deals = new Map<number, number>();
    for (const o of await db('orders')
      .where({ owner_id: userId, status: 'approved', currency: 'CNY' })
      .whereNull('deleted_at')
      .whereBetween('order_date', [`${year}-01-01`, `${year}-12-31`])
      .select('order_date', 'gross'))
      deals.set(
        Number(String(o.order_date).slice(5, 7)),
        (deals.get(Number(String(o.order_date).slice(5, 7))) ?? 0) + toInt(o.gross),
      );
    const rng = rngFor('repeat-orders', ordinal);
    const pace = 0.82 + rng.next() * 0.2;
    const yearTarget = COMPANY_TARGET * ctx.scale * share;
    const focusUnits = (FOCUS_UNITS / 1000) * ctx.scale * focusShare(key as DemoUserKey);
    let planned = 0;
    let booked = 0;
    for (let month = 1; month <= thisMonth; month++) {
      const days = month === thisMonth ? lastDay : daysIn(year, month);
      if (days < 1) break;
      const monthTarget =
        (yearTarget * MONTH_WEIGHTS[month - 1]! * days) / MONTH_WEIGHT_SUM / daysIn(year, month);
      planned += monthTarget;
      booked += deals.get(month) ?? 0;
      // Standing customers order every month (at least a quarter to two fifths of the month's plan), and
      // more when the year so far is behind the seller's pace.
      const budget = Math.max(
        monthTarget * pace * (0.25 + rng.next() * 0.15),
        planned * pace * (0.92 + rng.next() * 0.16) - booked,
      );
      const units =
        focus && focusUnits > 0
          ? Math.round(
              ((focusUnits * MONTH_WEIGHTS[month - 1]!) / MONTH_WEIGHT_SUM) *
                (0.8 + rng.next() * 0.4),
            )
          : 0;
      if (budget < MIN_ORDER && units === 0) continue;
      const orders = Math.max(1, Math.min(5, Math.ceil(budget / (rng.int(15, 45) * 10_000_00))));
      for (let n = 0; n < orders; n++) {
        const lines = budget >= MIN_ORDER ? linesFor(rng, products, budget / orders) : [];
        if (n === 0 && units > 0) lines.push({ productId: focus!.id, quantity: units * 1000 });
        if (!lines.length) continue;
        const partnerId = rng.pick(customers);
        const day = `${year}-${pad(month)}-${pad(rng.int(1, days))}`;
        const gross = await writeTx(db, (trx) =>
          repeatOrder(trx, owner, approver, {
            partnerId,
            day,
            title: `${rng.pick(TITLES)}${REPEAT_MARK}`,
            lines,
          }),
        );
        booked += gross;
        counts.orders!++;
        touched.add(partnerId);
      }
    }
  }
  // The customers' last order is the latest approval, deals and repeat orders alike.
  for (const partnerId of touched) {
    const latest = await db('orders')
      .where({ partner_id: partnerId, status: 'approved' })
      .max({ last: 'decided_at' })
      .first();
    await db('partners')
      .where({ id: partnerId })
      .update({ last_order_at: latest?.last ?? null });
  }
  return counts;
}

type Acting = ReturnType<typeof actingAs>;

/** One approved repeat order on `day`; its gross. */
async function repeatOrder(
  trx: Trx,
  owner: Acting,
  approver: Acting,
  o: {
    partnerId: number;
    day: string;
    title: string;
    lines: { productId: number; quantity: number }[];
  },
): Promise<number> {
  let order = await createOrderTx(trx, owner.ctx, owner.vis, {
    partnerId: o.partnerId,
    title: o.title,
    orderDate: o.day,
    lines: o.lines,
  });
  order = await submitOrderTx(trx, owner.ctx, owner.vis, {
    id: order.id,
    version: order.version,
    comment: null,
  });
  if (order.status === 'submitted')
    order = await approveOrderTx(trx, approver.ctx, approver.vis, {
      id: order.id,
      version: order.version,
      comment: '同意',
    });
  const times = { created: '09:00:00', submitted: '09:30:00', approved: '14:00:00' };
  for (const [action, time] of Object.entries(times))
    await trx('order_events')
      .where({ order_id: order.id, action })
      .update({ at: `${o.day}T${time}.000Z` });
  await trx('orders')
    .where({ id: order.id })
    .update({
      submitted_at: `${o.day}T${times.submitted}.000Z`,
      decided_at: `${o.day}T${times.approved}.000Z`,
    });
  return order.totals.gross;
}
