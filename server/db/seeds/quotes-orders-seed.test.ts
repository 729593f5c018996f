// The demo quotes and orders seed: every won deal quoted, accepted and ordered (approved on the
// day it was won, by the submit or by a manager above the limit), late-stage deals quoted with
// revisions and some orders waiting for approval, the funnel untouched, totals exact, the
// partners' last order dates right; a second run adds nothing.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { computeTotals } from '../../../core/money/index.ts';
import { describeEachDatabase, type TestDatabase } from '../../../test/support/databases.ts';
import { mapLine } from '../../services/quotes-pricing.ts';
import { toInt } from '../rows.ts';
import { seed as seedOrg } from './01_demo_org.ts';
import { seed as seedPartners } from './02_demo_partners.ts';
import { seed as seedFunnel } from './03_demo_funnel.ts';
import { seed as seedLeads } from './04_demo_leads.ts';
import { seed as seedOpportunities } from './05_demo_opportunities.ts';
import { seed as seedProducts } from './06_demo_products.ts';
import { seed } from './07_demo_quotes_orders.ts';
import type { SeedContext } from './context.ts';

const NOW = new Date('2026-11-22T08:00:00.000Z');
const ctx: SeedContext = {
  scale: 1,
  now: NOW,
  actor: { userId: null, requestId: 'seed:test' },
  passwordHash: () => Promise.resolve('x'),
};

describeEachDatabase('demo quotes and orders seed', (getDb) => {
  let tdb: TestDatabase;
  let first: Record<string, number>;
  let statusesBefore: unknown[];
  const statuses = () =>
    tdb.db('opportunities').select('id', 'status').orderBy('id') as Promise<unknown[]>;

  before(async () => {
    tdb = getDb();
    for (const s of [seedOrg, seedPartners, seedFunnel, seedLeads, seedOpportunities, seedProducts])
      await s(tdb.db, ctx);
    statusesBefore = await statuses();
    first = await seed(tdb.db, ctx);
  });

  test('every won deal: an accepted quote and an order approved on the day it was won', async () => {
    const won = await tdb.db('opportunities').where({ status: 'won' }).select('id', 'closed_at');
    assert.ok(won.length >= 5, `${won.length} won deals`);
    for (const deal of won) {
      const quote = await tdb.db('quotes').where({ opportunity_id: deal.id }).first();
      assert.ok(quote?.accepted_version_no, `deal ${deal.id} has an accepted quote`);
      const order = await tdb.db('orders').where({ quote_id: quote.id }).first();
      assert.equal(order?.status, 'approved');
      assert.equal(order.order_date, String(deal.closed_at).slice(0, 10));
      assert.equal(String(order.decided_at).slice(0, 10), order.order_date);
      const owner = toInt(order.owner_id);
      const approver = await tdb.db('users').where({ id: order.decided_by }).first('role');
      if (order.needs_approval) {
        assert.notEqual(toInt(order.decided_by), owner);
        assert.ok(['manager', 'admin'].includes(String(approver.role)));
      } else {
        assert.equal(toInt(order.decided_by), owner);
        assert.match(String(order.decision_comment), /^approved on submit/);
      }
    }
  });

  test('late-stage deals: quotes with revisions, some orders waiting; the funnel is untouched', async () => {
    assert.deepEqual(await statuses(), statusesBefore);
    const versions = await tdb
      .db('quote_versions')
      .select('status', 'based_on_version_no')
      .whereNotNull('based_on_version_no');
    assert.ok(versions.length > 5, 'revisions');
    const states = await tdb.db('orders').select('status', 'needs_approval');
    const waiting = states.filter((o) => o.status === 'submitted');
    assert.ok(waiting.length > 0, 'orders waiting for approval');
    assert.ok(waiting.every((o) => Boolean(o.needs_approval)));
    assert.ok(states.some((o) => o.status === 'draft'));
    assert.ok((await tdb.db('quote_versions').where({ status: 'rejected' })).length > 0);
    const q = await tdb.db('quote_versions').select('quote_date', 'valid_until', 'sent_at');
    assert.ok(q.every((v) => v.valid_until > v.quote_date && String(v.sent_at) >= v.quote_date));
    assert.ok(q.every((v) => v.quote_date <= '2026-11-22'));
  });

  test('stored totals are computeTotals of the stored lines; last_order_at is the latest approval', async () => {
    for (const table of ['orders', 'quote_versions'] as const) {
      const docs = await tdb.db(table).select('*');
      const fk = table === 'orders' ? 'order_id' : 'quote_version_id';
      const lineTable = table === 'orders' ? 'order_lines' : 'quote_lines';
      for (const d of docs) {
        const lines = (await tdb.db(lineTable).where(fk, d.id).orderBy('position')).map(mapLine);
        const discount = d.discount_kind
          ? { kind: d.discount_kind, value: toInt(d.discount_value) }
          : null;
        const t = computeTotals(lines, d.price_mode, discount);
        assert.deepEqual(
          [t.subtotal, t.net, t.tax, t.gross, t.discountBp],
          [d.subtotal, d.net, d.tax, d.gross, d.discount_bp].map(toInt),
        );
      }
    }
    const partners = await tdb
      .db('partners as p')
      .join('orders as o', 'o.partner_id', 'p.id')
      .where('o.status', 'approved')
      .groupBy('p.id', 'p.last_order_at')
      .select('p.id', 'p.last_order_at', tdb.db.raw('max(o.decided_at) as latest'));
    assert.ok(partners.length > 0);
    for (const p of partners) assert.equal(p.last_order_at, p.latest);
  });

  test('counts what it added; a second run adds nothing', async () => {
    const [quotes, versions, orders] = await Promise.all(
      ['quotes', 'quote_versions', 'orders'].map(async (t) =>
        toInt((await tdb.db(t).count({ n: '*' }).first())?.n),
      ),
    );
    assert.deepEqual(first, { quotes, quote_versions: versions, orders });
    assert.deepEqual(await seed(tdb.db, ctx), { quotes: 0, quote_versions: 0, orders: 0 });
  });
});
