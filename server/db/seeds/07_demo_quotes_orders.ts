// The demo quotes and orders, made the way the deal owners and their managers would through the
// quote and order services (so pricing, totals, the discount guard, events and audit are what
// the calls make). Every won deal has a quote, often revised (a discount in version 2, sometimes
// after the customer rejected version 1), accepted, and an approved order on the day it was won,
// approved by the submit within the rep's limit or by the region's manager above it. Deals in
// their last two stages have quotes with revisions still out with the customer; some were
// accepted and wait as orders: submitted for a manager's approval when the discount is above the
// limit, else drafts. Open deals stay open (the funnel seed owns them).
//
// The services stamp the real clock; the demo's calendar is ctx.now, so quote dates, validity,
// sending and decision times, order workflow times and the partners' last_order_at are then
// laid out on it. Grows with --scale (it follows the deals). Idempotent: a deal with a quote is
// left alone.
import { Visibility } from '../../auth/scope.ts';
import type { Role } from '../../../core/permissions.ts';
import type { QuoteDetail } from '../../../core/schemas/quotes.ts';
import type { Db } from '../knex.ts';
import { toInt } from '../rows.ts';
import {
  createQuoteTx,
  acceptQuoteTx,
  rejectQuoteTx,
  reviseQuoteTx,
  sendQuoteTx,
  updateQuoteTx,
} from '../../services/quotes.ts';
import { createOrderFromQuoteTx } from '../../services/orders.ts';
import { approveOrderTx, submitOrderTx } from '../../services/orders-workflow.ts';
import type { ScopedCtx } from '../../services/scoped-ctx.ts';
import { writeTx, type Trx } from '../../services/tx.ts';
import { rngFor, type Rng } from './prng.ts';
import type { SeedContext, SeedCounts } from './context.ts';

const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const dayMs = (day: string) => Date.parse(`${day}T00:00:00.000Z`);
const addDays = (day: string, n: number) => isoDay(dayMs(day) + n * DAY);
const at = (day: string, time: string) => `${day}T${time}.000Z`;

const TERMS = [
  '预付 30%，发货前付 40%，验收后 30 天内付清余款。',
  '合同签订后 15 天内付 50%，验收合格后付清。',
  '货到验收后 60 天内付清。',
];

/** n different items, drawn in order (a partial Fisher–Yates shuffle). */
function distinct<T>(rng: Rng, items: readonly T[], n: number): T[] {
  const pool = [...items];
  for (let i = 0; i < Math.min(n, pool.length); i++) {
    const j = rng.int(i, pool.length - 1);
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, n);
}

interface Person {
  id: number;
  role: Role;
  name: string;
  email: string;
}

/** A service context acting as a demo user, seeing everything (the seed is the system). */
function actingAs(db: Db, ctx: SeedContext, p: Person): { ctx: ScopedCtx; vis: Visibility } {
  const scoped: ScopedCtx = {
    db,
    memo: new Map(),
    requestId: ctx.actor.requestId ?? 'seed:demo',
    identity: {
      user: { id: p.id, role: p.role, name: p.name, email: p.email, locale: 'zh-CN' },
      token: { id: 0, kind: 'session', scopes: ['read', 'write'], allowedOrigins: [] },
    },
    access: { permission: 'orders.approve', scope: 'all' },
  };
  const vis = new Visibility(scoped.access, p.id, { teamIds: [], userIds: [p.id] });
  return { ctx: scoped, vis };
}

async function person(trx: Trx | Db, id: number): Promise<Person> {
  const u = await trx('users').where({ id }).first('id', 'role', 'name', 'email');
  return { id: toInt(u.id), role: u.role as Role, name: String(u.name), email: String(u.email) };
}

/** Who approves for an owner: the nearest manager above them, else an admin. */
async function approverOf(trx: Trx, ownerId: number): Promise<number> {
  const membership = await trx('team_members').where({ user_id: ownerId }).first('team_id');
  let teamId: number | null = membership ? toInt(membership.team_id) : null;
  while (teamId !== null) {
    const team = await trx('teams').where({ id: teamId }).first('parent_id', 'manager_id');
    if (team?.manager_id && toInt(team.manager_id) !== ownerId) return toInt(team.manager_id);
    teamId = team?.parent_id ? toInt(team.parent_id) : null;
  }
  const admin = await trx('users').where({ role: 'admin', active: true }).orderBy('id').first('id');
  return toInt(admin.id);
}

interface Deal {
  id: number;
  ownerId: number;
  won: boolean;
  /** The day it was won, or the demo's today for an open deal. */
  endDay: string;
}

/** How the customer answered, version by version. */
type Story = 'accepted' | 'revised-accepted' | 'rejected-revised-accepted' | 'revised-open';

interface Calendar {
  quoteDays: string[];
  decidedDay: string;
}

function calendarOf(rng: Rng, deal: Deal, versions: number): Calendar {
  // A won deal's order was approved the day it was won; an open deal's answer came lately.
  const decidedDay = deal.won ? deal.endDay : addDays(deal.endDay, -rng.int(0, 3));
  const quoteDays = [addDays(decidedDay, -rng.int(12, 40))];
  for (let v = 1; v < versions; v++) {
    const next = addDays(quoteDays[v - 1]!, rng.int(3, 9));
    quoteDays.push(next < decidedDay ? next : decidedDay);
  }
  return { quoteDays, decidedDay };
}

/** The demo's calendar on what the services stamped with the real clock. */
async function layOut(trx: Trx, quoteId: number, cal: Calendar, orderId: number | null) {
  for (const [i, day] of cal.quoteDays.entries()) {
    const next = cal.quoteDays[i + 1];
    await trx('quote_versions')
      .where({ quote_id: quoteId, version_no: i + 1 })
      .update({ quote_date: day, valid_until: addDays(day, 30) });
    await trx('quote_versions')
      .where({ quote_id: quoteId, version_no: i + 1 })
      .whereNotNull('sent_at')
      .update({ sent_at: at(day, '09:30:00') });
    await trx('quote_versions')
      .where({ quote_id: quoteId, version_no: i + 1 })
      .whereNotNull('decided_at')
      .update({ decided_at: at(next ?? cal.decidedDay, '10:00:00') });
  }
  if (orderId === null) return;
  const times: Record<string, string> = {
    created: '09:00:00',
    submitted: '10:00:00',
    approved: '15:00:00',
  };
  for (const [action, time] of Object.entries(times))
    await trx('order_events')
      .where({ order_id: orderId, action })
      .update({ at: at(cal.decidedDay, time) });
  const order = await trx('orders').where({ id: orderId }).first('status', 'partner_id');
  await trx('orders')
    .where({ id: orderId })
    .whereNotNull('submitted_at')
    .update({ submitted_at: at(cal.decidedDay, times.submitted!) });
  if (order.status !== 'approved') return;
  const decidedAt = at(cal.decidedDay, times.approved!);
  await trx('orders').where({ id: orderId }).update({ decided_at: decidedAt });
  const latest = await trx('orders')
    .where({ partner_id: order.partner_id, status: 'approved' })
    .max({ last: 'decided_at' })
    .first();
  await trx('partners')
    .where({ id: order.partner_id })
    .update({ last_order_at: latest?.last ?? decidedAt });
}

/** One deal's quote (and order): what it added, counted once the transaction commits. */
async function dealQuote(
  db: Db,
  seedCtx: SeedContext,
  trx: Trx,
  deal: Deal,
  products: number[],
): Promise<SeedCounts> {
  const rng = rngFor('quotes', deal.id);
  const owner = actingAs(db, seedCtx, await person(trx, deal.ownerId));
  const story: Story = deal.won
    ? rng.weighted<Story>([
        ['accepted', 35],
        ['revised-accepted', 45],
        ['rejected-revised-accepted', 20],
      ])
    : rng.weighted<Story>([
        ['revised-open', 55],
        ['revised-accepted', 45],
      ]);
  const versions = story === 'accepted' ? 1 : 2;
  const cal = calendarOf(rng, deal, versions);
  const picks = distinct(rng, products, rng.int(1, 4));
  let q: QuoteDetail = await createQuoteTx(trx, owner.ctx, owner.vis, {
    opportunityId: deal.id,
    quoteDate: cal.quoteDays[0]!,
    lines: picks.map((productId) => ({ productId, quantity: rng.int(1, 12) * 1000 })),
    terms: rng.pick(TERMS),
  });
  const step = { id: q.id };
  q = await sendQuoteTx(trx, owner.ctx, owner.vis, { ...step, versionNo: 1, version: q.version });
  if (story === 'rejected-revised-accepted')
    q = await rejectQuoteTx(trx, owner.ctx, owner.vis, {
      ...step,
      versionNo: 1,
      version: q.version,
      reason: rng.pick(['价格偏高，要求重新报价', '数量需要调整', '希望增加安装服务']),
    });
  if (versions === 2) {
    q = await reviseQuoteTx(trx, owner.ctx, owner.vis, { ...step, fromVersionNo: 1 });
    // Won deals mostly stay within a rep's limit; open ones that were accepted often do not,
    // so some orders wait for a manager.
    const discount = deal.won ? rng.int(2, 12) * 100 : rng.int(5, 18) * 100;
    q = await updateQuoteTx(trx, owner.ctx, owner.vis, {
      ...step,
      versionNo: 2,
      version: q.version,
      patch: { quoteDate: cal.quoteDays[1]!, discount: { kind: 'percent', value: discount } },
    });
    q = await sendQuoteTx(trx, owner.ctx, owner.vis, { ...step, versionNo: 2, version: q.version });
  }
  let orderId: number | null = null;
  if (story !== 'revised-open') {
    q = await acceptQuoteTx(trx, owner.ctx, owner.vis, {
      ...step,
      versionNo: versions,
      version: q.version,
      note: `PO-${deal.id}`,
    });
    let order = await createOrderFromQuoteTx(trx, owner.ctx, owner.vis, {
      quoteId: q.id,
      orderDate: cal.decidedDay,
    });
    orderId = order.id;
    if (deal.won || order.needsApproval) {
      order = await submitOrderTx(trx, owner.ctx, owner.vis, {
        id: order.id,
        version: order.version,
        comment: null,
      });
      if (deal.won && order.status === 'submitted') {
        const manager = actingAs(
          db,
          seedCtx,
          await person(trx, await approverOf(trx, deal.ownerId)),
        );
        await approveOrderTx(trx, manager.ctx, manager.vis, {
          id: order.id,
          version: order.version,
          comment: '同意，注意回款',
        });
      }
    }
  }
  await layOut(trx, q.id, cal, orderId);
  return { quotes: 1, quote_versions: versions, orders: orderId === null ? 0 : 1 };
}

export async function seed(db: Db, ctx: SeedContext): Promise<SeedCounts> {
  const counts: SeedCounts = { quotes: 0, quote_versions: 0, orders: 0 };
  const products = (
    await db('products')
      .where({ active: true })
      .whereNull('deleted_at')
      .orderBy('code')
      .select('id')
  ).map((p) => toInt(p.id));
  if (products.length === 0) return counts;
  // The last two stages of each pipeline, where quotes are out with the customer.
  const stages = await db('pipeline_stages')
    .whereNull('deleted_at')
    .select('id', 'pipeline_id', 'sequence');
  const late = new Set<number>();
  for (const pipelineId of new Set(stages.map((s) => toInt(s.pipeline_id)))) {
    stages
      .filter((s) => toInt(s.pipeline_id) === pipelineId)
      .sort((a, b) => toInt(b.sequence) - toInt(a.sequence))
      .slice(0, 2)
      .forEach((s) => late.add(toInt(s.id)));
  }
  const today = isoDay(ctx.now.getTime());
  const deals = await db('opportunities as o')
    .whereNull('o.deleted_at')
    .where((w) =>
      w
        .where('o.status', 'won')
        .orWhere((x) => x.where('o.status', 'open').whereIn('o.stage_id', [...late])),
    )
    .whereNotExists((q) => q.select('q.id').from('quotes as q').whereRaw('q.opportunity_id = o.id'))
    .orderBy('o.id')
    .select('o.id', 'o.owner_id', 'o.status', 'o.closed_at');
  for (const d of deals) {
    const won = d.status === 'won';
    const deal: Deal = {
      id: toInt(d.id),
      ownerId: toInt(d.owner_id),
      won,
      endDay: won && d.closed_at ? String(d.closed_at).slice(0, 10) : today,
    };
    // One transaction per deal keeps SQLite's write lock short.
    const added = await writeTx(db, (trx) => dealQuote(db, ctx, trx, deal, products));
    for (const [table, n] of Object.entries(added)) counts[table] = (counts[table] ?? 0) + n;
  }
  return counts;
}
