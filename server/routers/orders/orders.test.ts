// Orders: direct creation and creation from an accepted quote (lines, partner, addresses by type,
// totals), the approval workflow with its events, who may approve, what approval sets off, the
// lock on approved orders with cancel and amend, and concurrent decisions.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { computeTotals } from '../../../core/money/index.ts';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import {
  code,
  dealOf,
  fieldOf,
  figures,
  line,
  productOf,
  q2cFixture,
  type Q2cFixture,
} from './fixtures.ts';

describeEachDatabase('orders', (getDb) => {
  let f: Q2cFixture;
  before(async () => {
    f = await q2cFixture(getDb());
  });

  /** A draft order of rep1 at a header discount (basis points). */
  async function draft(discountBp = 0, owner: 'rep1' | 'repSouth' = 'rep1') {
    const { partner, opportunity } = await dealOf(f, owner);
    const caller = f.as[owner];
    return caller.orders.create({
      partnerId: partner.id,
      opportunityId: opportunity.id,
      title: 'Order',
      lines: [line(1000_00, 2000), line(333_33, 1500)],
      discount: discountBp ? { kind: 'percent', value: discountBp } : null,
    });
  }

  test('direct create: totals by computeTotals, product lines filled, default addresses by type', async () => {
    const { partner } = await dealOf(f);
    const p = await productOf(f, { listPrice: 250_00, taxRate: 1300, cost: 100_00 });
    const order = await f.as.rep1.orders.create({
      partnerId: partner.id,
      title: '年度合同',
      lines: [
        { productId: p.id, quantity: 3000, discount: { kind: 'percent', value: 500 } },
        line(99_99, 2500),
      ],
      discount: { kind: 'amount', value: 10_00 },
    });
    const expected = computeTotals(
      [
        {
          quantity: 3000,
          unitPrice: 250_00,
          taxRate: 1300,
          discount: { kind: 'percent', value: 500 },
        },
        { quantity: 2500, unitPrice: 99_99, taxRate: 600 },
      ],
      'exclusive',
      { kind: 'amount', value: 10_00 },
    );
    assert.deepEqual(figures(order.totals), figures(expected));
    assert.deepEqual(
      order.lines.map((l) => [l.extended, l.lineDiscount, l.headerDiscount, l.net, l.tax, l.gross]),
      expected.lines.map((l) => [
        l.extended,
        l.lineDiscount,
        l.headerDiscount,
        l.net,
        l.tax,
        l.gross,
      ]),
    );
    assert.equal(order.lines[0]!.description, p.name);
    // The product's cost is kept on the line, but only those who may read costs see it.
    assert.deepEqual(
      order.lines.map((l) => l.unitCost),
      [null, null],
    );
    assert.deepEqual(
      (await f.as.admin.orders.get({ id: order.id })).lines.map((l) => l.unitCost),
      [100_00, null],
    );
    assert.equal(order.invoiceAddress?.line1, '3 Ledger Lane');
    assert.equal(order.deliveryAddress?.line1, '4 Default Dock');
    assert.equal(order.status, 'draft');
    assert.equal(order.ownerId, f.org.users.rep1);
    assert.match(order.number, /^SO\d{6}$/);
    assert.deepEqual(
      order.events.map((e) => [e.action, e.fromStatus, e.toStatus]),
      [['created', null, 'draft']],
    );
  });

  test('a submit within the limit approves by itself; approval sets last_order_at and wins the deal', async () => {
    const order = await draft(500);
    assert.equal(order.needsApproval, false);
    const done = await f.as.rep1.orders.submit({ id: order.id, version: order.version });
    assert.equal(done.status, 'approved');
    assert.equal(done.decidedBy, f.org.users.rep1);
    assert.match(done.decisionComment ?? '', /5\.00% within the rep limit 10\.00%/);
    assert.deepEqual(
      done.events.map((e) => [e.action, e.fromStatus, e.toStatus]),
      [
        ['created', null, 'draft'],
        ['submitted', 'draft', 'submitted'],
        ['approved', 'submitted', 'approved'],
      ],
    );
    const partner = await f.as.admin.partners.get({ id: order.partnerId });
    assert.equal(partner.lastOrderAt, done.decidedAt);
    const deal = await f.as.admin.opportunities.get({ id: order.opportunityId! });
    assert.equal(deal.status, 'won');
    assert.equal(deal.wonAmount, done.totals.gross);
    const history = await f.tdb
      .db('opportunity_stage_history')
      .where({ opportunity_id: deal.id, status: 'won' });
    assert.equal(history.length, 1);
  });

  test('above the limit: submitted with the reason; only a manager over the owner or an admin decides', async () => {
    const order = await draft(1500);
    assert.equal(order.needsApproval, true);
    assert.equal(order.approvalReason, 'discount 15.00% above the rep limit 10.00%');
    const sent = await f.as.rep1.orders.submit({
      id: order.id,
      version: order.version,
      comment: '大客户',
    });
    assert.equal(sent.status, 'submitted');
    const v = sent.version;
    await assert.rejects(f.as.rep1.orders.approve({ id: order.id, version: v }), code('FORBIDDEN'));
    await assert.rejects(
      f.as.finance.orders.approve({ id: order.id, version: v }),
      code('FORBIDDEN'),
    );
    await assert.rejects(
      f.as.mgrSouth.orders.approve({ id: order.id, version: v }),
      code('NOT_FOUND'),
    );
    const waiting = await f.as.mgrEast.orders.list({ awaitingMyApproval: true });
    assert.ok(waiting.items.some((o) => o.id === order.id));
    const southWaiting = await f.as.mgrSouth.orders.list({ awaitingMyApproval: true });
    assert.ok(!southWaiting.items.some((o) => o.id === order.id));
    const approved = await f.as.mgrEast.orders.approve({ id: order.id, version: v, comment: 'ok' });
    assert.equal(approved.status, 'approved');
    assert.equal(approved.decidedBy, f.org.users.mgrEast);
    assert.deepEqual(
      approved.events.map((e) => [e.action, e.comment, e.userId]),
      [
        ['created', null, f.org.users.rep1],
        ['submitted', '大客户', f.org.users.rep1],
        ['approved', 'ok', f.org.users.mgrEast],
      ],
    );
    // Admins approve anywhere; a deep subtree is reached by the manager above it.
    const south = await draft(2000, 'repSouth');
    const s = await f.as.repSouth.orders.submit({ id: south.id, version: south.version });
    const byAdmin = await f.as.admin.orders.approve({ id: s.id, version: s.version });
    assert.equal(byAdmin.status, 'approved');
  });

  test('nobody decides on their own order; a manager’s own order goes to the manager above or an admin', async () => {
    const { partner } = await dealOf(f, 'rep1');
    const order = await f.as.mgrEast.orders.create({
      partnerId: partner.id,
      ownerId: f.org.users.mgrEast,
      title: 'Manager deal',
      lines: [line(100_00)],
      discount: { kind: 'percent', value: 3000 },
    });
    assert.equal(order.approvalReason, 'discount 30.00% above the manager limit 25.00%');
    const s = await f.as.mgrEast.orders.submit({ id: order.id, version: order.version });
    await assert.rejects(
      f.as.mgrEast.orders.approve({ id: s.id, version: s.version }),
      code('FORBIDDEN'),
    );
    const ok = await f.as.admin.orders.approve({ id: s.id, version: s.version });
    assert.equal(ok.status, 'approved');
  });

  test('reject with a comment; editing reopens it as a draft; resubmitting goes to approval again', async () => {
    const order = await draft(1200);
    const s = await f.as.rep1.orders.submit({ id: order.id, version: order.version });
    await assert.rejects(
      f.as.mgrEast.orders.reject({ id: s.id, version: s.version, comment: '' }),
      code('BAD_REQUEST'),
    );
    const r = await f.as.mgrEast.orders.reject({
      id: s.id,
      version: s.version,
      comment: '折扣太高',
    });
    assert.deepEqual([r.status, r.decisionComment], ['rejected', '折扣太高']);
    const edited = await f.as.rep1.orders.update({
      id: r.id,
      version: r.version,
      patch: { discount: { kind: 'percent', value: 800 } },
    });
    assert.deepEqual(
      [edited.status, edited.needsApproval, edited.approvalReason],
      ['draft', false, null],
    );
    const again = await f.as.rep1.orders.submit({ id: r.id, version: edited.version });
    assert.equal(again.status, 'approved');
    assert.deepEqual(
      again.events.map((e) => e.action),
      ['created', 'submitted', 'rejected', 'reopened', 'submitted', 'approved'],
    );
  });

  test('editing a submitted order withdraws it from approval', async () => {
    const order = await draft(1500);
    const s = await f.as.rep1.orders.submit({ id: order.id, version: order.version });
    const w = await f.as.rep1.orders.update({
      id: s.id,
      version: s.version,
      patch: { title: 'Changed' },
    });
    assert.equal(w.status, 'draft');
    assert.equal(w.events.at(-1)?.action, 'withdrawn');
    await assert.rejects(
      f.as.mgrEast.orders.approve({ id: s.id, version: w.version }),
      (e: { code?: string }) => e.code === 'PRECONDITION_FAILED',
    );
  });

  test('concurrent approve and edit of the same version: exactly one wins, the other gets CONFLICT', async () => {
    for (let i = 0; i < 3; i++) {
      const order = await draft(1500);
      const s = await f.as.rep1.orders.submit({ id: order.id, version: order.version });
      const results = await Promise.allSettled([
        f.as.mgrEast.orders.approve({ id: s.id, version: s.version }),
        f.as.rep1.orders.update({ id: s.id, version: s.version, patch: { title: `Edit ${i}` } }),
      ]);
      const ok = results.filter((r) => r.status === 'fulfilled');
      const conflicts = results.filter(
        (r) => r.status === 'rejected' && (r.reason as { code?: string }).code === 'CONFLICT',
      );
      assert.deepEqual([ok.length, conflicts.length], [1, 1], JSON.stringify(results));
      const after = await f.as.admin.orders.get({ id: s.id });
      assert.equal(after.version, s.version + 1);
      // Two managers deciding at once: one decision stands.
      if (after.status !== 'draft') continue;
      const again = await f.as.rep1.orders.submit({ id: s.id, version: after.version });
      const decisions = await Promise.allSettled([
        f.as.mgrEast.orders.approve({ id: s.id, version: again.version }),
        f.as.admin.orders.reject({ id: s.id, version: again.version, comment: 'no' }),
      ]);
      assert.equal(decisions.filter((r) => r.status === 'fulfilled').length, 1);
    }
  });

  test('approved orders are locked: edits refused; cancel needs the approver; amend replaces on approval', async () => {
    const order = await draft(1500);
    const s = await f.as.rep1.orders.submit({ id: order.id, version: order.version });
    const a = await f.as.mgrEast.orders.approve({ id: s.id, version: s.version });
    await assert.rejects(
      f.as.rep1.orders.update({ id: a.id, version: a.version, patch: { title: 'x' } }),
      (e: { code?: string; message?: string }) =>
        e.code === 'PRECONDITION_FAILED' && /locked/.test(e.message ?? ''),
    );
    await assert.rejects(
      f.as.rep1.orders.cancel({ id: a.id, version: a.version, reason: 'oops' }),
      code('FORBIDDEN'),
    );
    const amendment = await f.as.rep1.orders.amend({ id: a.id, version: a.version });
    assert.equal(amendment.amendsOrderId, a.id);
    assert.equal(amendment.status, 'draft');
    assert.equal(amendment.needsApproval, true);
    assert.match(
      amendment.approvalReason ?? '',
      new RegExp(`amends the approved order ${a.number}`),
    );
    assert.deepEqual(amendment.lines, a.lines);
    assert.deepEqual(amendment.totals, a.totals);
    const original = await f.as.rep1.orders.get({ id: a.id });
    assert.deepEqual([original.status, original.amendedByOrderId], ['approved', amendment.id]);
    await assert.rejects(
      f.as.rep1.orders.amend({ id: a.id, version: original.version }),
      (e: { code?: string }) => e.code === 'PRECONDITION_FAILED',
    );
    const changed = await f.as.rep1.orders.update({
      id: amendment.id,
      version: amendment.version,
      patch: { lines: [line(1000_00, 3000)], discount: null },
    });
    assert.equal(changed.needsApproval, true, 'an amendment always needs approval');
    const sub = await f.as.rep1.orders.submit({ id: changed.id, version: changed.version });
    assert.equal(sub.status, 'submitted');
    await f.as.mgrEast.orders.approve({ id: sub.id, version: sub.version });
    const replaced = await f.as.rep1.orders.get({ id: a.id });
    assert.equal(replaced.status, 'cancelled');
    assert.equal(replaced.cancelReason, `replaced by the amendment ${amendment.number}`);
    assert.deepEqual(
      replaced.events.map((e) => e.action),
      ['created', 'submitted', 'approved', 'amended', 'superseded'],
    );
  });

  test('cancel: a draft by its owner, an approved one by the manager, never twice, never once paid', async () => {
    const d = await draft();
    const c = await f.as.rep1.orders.cancel({ id: d.id, version: d.version, reason: '客户取消' });
    assert.deepEqual([c.status, c.cancelReason], ['cancelled', '客户取消']);
    await assert.rejects(
      f.as.rep1.orders.cancel({ id: d.id, version: c.version, reason: 'again' }),
      (e: { code?: string }) => e.code === 'PRECONDITION_FAILED',
    );
    const o = await draft();
    const a = await f.as.rep1.orders.submit({ id: o.id, version: o.version });
    // A receipt allocated to its plan (written as the receivables service would).
    const at = new Date().toISOString();
    const stamps = { version: 1, created_at: at, updated_at: at };
    const [plan] = await f.tdb
      .db('payment_plans')
      .insert({
        ...stamps,
        order_id: a.id,
        partner_id: a.partnerId,
        owner_id: a.ownerId,
        currency: 'CNY',
        total: a.totals.gross,
      })
      .returning('id');
    await f.tdb.db('installments').insert({
      ...stamps,
      plan_id: (plan as { id: number }).id,
      order_id: a.id,
      partner_id: a.partnerId,
      owner_id: a.ownerId,
      seq: 1,
      due_date: '2026-12-31',
      currency: 'CNY',
      amount: a.totals.gross,
      paid_amount: 1,
      status: 'partly_paid',
    });
    await assert.rejects(
      f.as.mgrEast.orders.cancel({ id: a.id, version: a.version, reason: 'x' }),
      (e: { code?: string; message?: string }) =>
        e.code === 'PRECONDITION_FAILED' && /receipts are allocated/.test(e.message ?? ''),
    );
    await assert.rejects(
      f.as.rep1.orders.amend({ id: a.id, version: a.version }),
      (e: { code?: string }) => e.code === 'PRECONDITION_FAILED',
    );
  });

  test('discount guard: at the limit no approval, one basis point above it needs one; per role; re-checked on submit', async () => {
    const { partner } = await dealOf(f);
    const at = async (who: 'rep1' | 'mgrEast' | 'admin', discount: Record<string, unknown>) =>
      f.as[who].orders.create({
        partnerId: partner.id,
        ownerId: f.org.users[who === 'admin' ? 'rep1' : who],
        title: 'guard',
        lines: [line(100_00, 1000, discount)],
      });
    const cases: ['rep1' | 'mgrEast' | 'admin', Record<string, unknown>, number, boolean][] = [
      ['rep1', { discount: { kind: 'percent', value: 1000 } }, 1000, false],
      ['rep1', { discount: { kind: 'percent', value: 1001 } }, 1001, true],
      ['rep1', { discount: { kind: 'amount', value: 10_00 } }, 1000, false],
      ['rep1', { discount: { kind: 'amount', value: 10_01 } }, 1001, true],
      ['mgrEast', { discount: { kind: 'percent', value: 2500 } }, 2500, false],
      ['mgrEast', { discount: { kind: 'percent', value: 2501 } }, 2501, true],
      ['admin', { discount: { kind: 'percent', value: 10_000 } }, 10_000, false],
    ];
    for (const [who, discount, bp, needs] of cases) {
      const o = await at(who, discount);
      assert.deepEqual([o.totals.discountBp, o.needsApproval], [bp, needs], `${who} ${bp}`);
    }
    const limits = await f.as.rep1.orders.discountLimits.get({});
    assert.deepEqual(
      limits.map((l) => [l.role, l.maxDiscountBp]),
      [
        ['admin', 10_000],
        ['finance', 0],
        ['manager', 2500],
        ['rep', 1000],
      ],
    );
    const pending = await at('rep1', { discount: { kind: 'percent', value: 800 } });
    assert.equal(pending.needsApproval, false);
    await f.as.admin.orders.discountLimits.set({ role: 'rep', maxDiscountBp: 500 });
    try {
      const s = await f.as.rep1.orders.submit({ id: pending.id, version: pending.version });
      assert.deepEqual(
        [s.status, s.approvalReason],
        ['submitted', 'discount 8.00% above the rep limit 5.00%'],
      );
    } finally {
      await f.as.admin.orders.discountLimits.set({ role: 'rep', maxDiscountBp: 1000 });
    }
    const history = await f.tdb.db('audit_log').where({ entity: 'discount_limits' });
    assert.equal(history.length, 2);
  });

  test('input rules: unknown address, another partner’s deal, line without price', async () => {
    const { partner } = await dealOf(f);
    const other = await dealOf(f);
    const errors: [string | undefined, string | undefined][] = [];
    for (const input of [
      { invoiceAddressId: 999_999 },
      { opportunityId: other.opportunity.id },
      { lines: [{ description: 'x', quantity: 1000 }] },
    ]) {
      try {
        await f.as.rep1.orders.create({
          partnerId: partner.id,
          title: 't',
          lines: [line(1_00)],
          ...input,
        });
      } catch (e) {
        errors.push(fieldOf(e));
      }
    }
    assert.deepEqual(errors, [
      ['invoiceAddressId', 'partner_address'],
      ['opportunityId', 'partner'],
      ['lines.0.unitPrice', 'required'],
    ]);
  });
});
