// Receivables reports against figures computed here, independently of the server's SQL: from the
// installments and allocations this test itself sent, restated in plain TypeScript (days past
// due by Date arithmetic, scope by the order owner as the grants describe it). Aging per
// customer, owner and team on several days and for several callers; DSO; the customer summary.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import type { UserKey } from '../../../test/support/org.ts';
import { mulberry32 } from '../../db/seeds/prng.ts';
import type { AgingFigures } from '../../../core/schemas/receivables.ts';
import {
  approvedOrder,
  customerOf,
  keyOf,
  receivablesFixture,
  type Q2cFixture,
} from '../paymentPlans/fixtures.ts';

interface Inst {
  id: number;
  partnerId: number;
  owner: UserKey;
  teamId: number | null;
  currency: string;
  orderDate: string;
  dueDate: string;
  amount: number;
  cancelled: boolean;
}
interface Paid {
  installmentId: number;
  amount: number;
  date: string;
}
interface Rcpt {
  partnerId: number;
  currency: string;
  amount: number;
  allocated: number;
}

const OWNERS: UserKey[] = ['rep1', 'rep2', 'repDeep', 'repSouth', 'mgrEast'];
const SEES: Partial<Record<UserKey, UserKey[]>> = {
  rep1: ['rep1'],
  mgrEast: ['mgrEast', 'rep1', 'rep2', 'repDeep'],
  mgrSouth: ['mgrSouth', 'repSouth'],
};
const DAY = 86_400_000;
const dayPlus = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
const daysLate = (due: string, asOf: string) =>
  Math.round((Date.parse(`${asOf}T00:00:00Z`) - Date.parse(`${due}T00:00:00Z`)) / DAY);

describeEachDatabase('receivables reports', (getDb) => {
  let f: Q2cFixture;
  const insts: Inst[] = [];
  const paid: Paid[] = [];
  const receipts: Rcpt[] = [];
  const partnerOwner = new Map<number, UserKey>();

  before(async () => {
    f = await receivablesFixture(getDb());
    const rng = mulberry32(20261123);
    const partners: number[] = [];
    for (const owner of ['rep1', 'rep1', 'rep2', 'repDeep', 'repSouth', 'mgrEast'] as UserKey[]) {
      const p = await customerOf(f, owner);
      partners.push(p.id);
      partnerOwner.set(p.id, owner);
    }
    for (let n = 0; n < 16; n++) {
      const partnerId = rng.pick(partners);
      const owner = rng.chance(0.7) ? partnerOwner.get(partnerId)! : rng.pick(OWNERS);
      const currency = n % 7 === 3 ? 'USD' : 'CNY';
      const orderDate = dayPlus('2026-01-01', rng.int(0, 180));
      const installments = Array.from({ length: rng.int(1, 4) }, () => ({
        dueDate: dayPlus(orderDate, rng.int(0, 150)),
        amount: rng.int(1, 5000) * 100 + rng.int(0, 99),
      }));
      const gross = installments.reduce((s, i) => s + i.amount, 0);
      const order = await approvedOrder(f, { partnerId, owner, gross, orderDate, currency });
      const plan = await f.as.admin.paymentPlans.generate({ orderId: order.id, installments });
      // One order is cancelled after its plan was made: its installments are owed no longer.
      const cancelled = n === 5;
      if (cancelled) {
        await f.as.admin.orders.cancel({
          id: order.id,
          version: order.version,
          reason: '客户取消',
        });
      }
      for (const i of plan.installments) {
        insts.push({
          id: i.id,
          partnerId,
          owner,
          teamId: plan.teamId,
          currency,
          orderDate,
          dueDate: i.dueDate,
          amount: i.amount,
          cancelled,
        });
      }
    }
    for (let n = 0; n < 30; n++) {
      const partnerId = rng.pick(partners);
      const currency = rng.chance(0.85) ? 'CNY' : 'USD';
      const date = dayPlus('2026-01-10', rng.int(0, 240));
      const owedNow = (i: Inst) =>
        i.amount - paid.filter((p) => p.installmentId === i.id).reduce((s, p) => s + p.amount, 0);
      const open = insts.filter(
        (i) =>
          i.partnerId === partnerId && i.currency === currency && !i.cancelled && owedNow(i) > 0,
      );
      const chosen = open.filter(() => rng.chance(0.5)).slice(0, 2);
      const allocations = chosen.map((i) => ({
        installmentId: i.id,
        amount: rng.chance(0.5) ? owedNow(i) : rng.int(1, owedNow(i)),
      }));
      const allocated = allocations.reduce((s, a) => s + a.amount, 0);
      const extra = rng.chance(0.3) || allocated === 0 ? rng.int(1, 300_00) : 0;
      await f.as.finance.receipts.record({
        partnerId,
        date,
        amount: allocated + extra,
        currency,
        method: 'bank_transfer',
        idempotencyKey: keyOf(f),
        allocations: allocations.length ? allocations : 'none',
      });
      for (const a of allocations) paid.push({ ...a, date });
      receipts.push({ partnerId, currency, amount: allocated + extra, allocated });
    }
  });

  /** What was owed on `asOf` per installment in the caller's reach, computed from what was sent. */
  function owedOn(asOf: string, who: UserKey, currency = 'CNY') {
    const reach = SEES[who];
    return insts
      .filter((i) => i.currency === currency && !i.cancelled && i.orderDate <= asOf)
      .filter((i) => !reach || reach.includes(i.owner))
      .map((i) => ({
        ...i,
        owed:
          i.amount -
          paid
            .filter((p) => p.installmentId === i.id && p.date <= asOf)
            .reduce((s, p) => s + p.amount, 0),
      }))
      .filter((i) => i.owed > 0);
  }

  function expectedAging(asOf: string, who: UserKey, groupBy: 'customer' | 'owner' | 'team') {
    const groups = new Map<number | null, AgingFigures>();
    for (const i of owedOn(asOf, who)) {
      const key =
        groupBy === 'customer'
          ? i.partnerId
          : groupBy === 'owner'
            ? f.org.users[i.owner]
            : i.teamId;
      const g = groups.get(key) ?? {
        current: 0,
        d0_30: 0,
        d31_60: 0,
        d61_90: 0,
        d90_plus: 0,
        overdue: 0,
        total: 0,
        count: 0,
      };
      const late = daysLate(i.dueDate, asOf);
      const bucket =
        late < 1
          ? 'current'
          : late <= 30
            ? 'd0_30'
            : late <= 60
              ? 'd31_60'
              : late <= 90
                ? 'd61_90'
                : 'd90_plus';
      g[bucket] += i.owed;
      if (late >= 1) g.overdue += i.owed;
      g.total += i.owed;
      g.count += 1;
      groups.set(key, g);
    }
    return groups;
  }

  test('the generated books exercise every bucket, partial payments, on account and a cancelled order', () => {
    const rows = owedOn('2026-09-30', 'finance');
    assert.ok(rows.some((i) => daysLate(i.dueDate, '2026-09-30') > 90));
    assert.ok(owedOn('2026-04-30', 'finance').some((i) => daysLate(i.dueDate, '2026-04-30') < 1));
    assert.ok(paid.some((p) => p.amount < insts.find((i) => i.id === p.installmentId)!.amount));
    assert.ok(receipts.some((r) => r.amount > r.allocated));
    assert.ok(insts.some((i) => i.cancelled));
    assert.ok(insts.some((i) => i.teamId === null));
  });

  test('aging per customer, owner and team equals the figures computed from the sent books', async () => {
    let cells = 0;
    for (const who of ['finance', 'mgrEast', 'rep1'] as const) {
      for (const asOf of ['2026-03-31', '2026-06-30', '2026-09-30']) {
        for (const groupBy of ['customer', 'owner', 'team'] as const) {
          const report = await f.as[who].reports.receivablesAging({ groupBy, asOf });
          const want = expectedAging(asOf, who, groupBy);
          const got = new Map(
            report.rows.map(({ groupId, name: _name, ...figures }) => [groupId, figures]),
          );
          assert.deepEqual(got, want, `${who} ${asOf} ${groupBy}`);
          const totals = [...want.values()].reduce(
            (t, g) => {
              for (const k of Object.keys(t) as (keyof AgingFigures)[]) t[k] += g[k];
              return t;
            },
            {
              current: 0,
              d0_30: 0,
              d31_60: 0,
              d61_90: 0,
              d90_plus: 0,
              overdue: 0,
              total: 0,
              count: 0,
            },
          );
          assert.deepEqual(report.totals, totals, `${who} ${asOf} ${groupBy} totals`);
          cells += report.rows.length;
        }
      }
    }
    assert.ok(cells > 30, `${cells} rows compared`);
  });

  test('aging names its groups and puts the largest total first', async () => {
    const report = await f.as.finance.reports.receivablesAging({
      groupBy: 'owner',
      asOf: '2026-09-30',
    });
    for (let n = 1; n < report.rows.length; n++) {
      assert.ok(report.rows[n - 1]!.total >= report.rows[n]!.total);
    }
    const rep1 = report.rows.find((r) => r.groupId === f.org.users.rep1);
    assert.equal(rep1?.name, '张一 Rep One');
    const usd = await f.as.finance.reports.receivablesAging({
      groupBy: 'customer',
      currency: 'USD',
      asOf: '2026-09-30',
    });
    assert.equal(
      usd.totals.total,
      owedOn('2026-09-30', 'finance', 'USD').reduce((s, i) => s + i.owed, 0),
    );
  });

  test('DSO: receivables at the period end over the period sales, times its days', async () => {
    for (const who of ['finance', 'mgrEast', 'rep1'] as const) {
      for (const [from, to] of [
        ['2026-01-01', '2026-03-31'],
        ['2026-01-01', '2026-06-30'],
        ['2026-04-01', '2026-06-30'],
      ] as const) {
        const reach = SEES[who];
        const sales = insts
          .filter(
            (i) => i.currency === 'CNY' && !i.cancelled && i.orderDate >= from && i.orderDate <= to,
          )
          .filter((i) => !reach || reach.includes(i.owner))
          .reduce((s, i) => s + i.amount, 0);
        const receivables = owedOn(to, who).reduce((s, i) => s + i.owed, 0);
        const days = daysLate(from, to) + 1;
        const report = await f.as[who].reports.dso({ period: { from, to } });
        assert.deepEqual(
          [report.sales, report.receivables, report.days],
          [sales, receivables, days],
          `${who} ${from}`,
        );
        assert.equal(report.dso, sales ? Math.round((receivables / sales) * days * 10) / 10 : null);
      }
    }
  });

  test('the customer summary: owed, overdue, on account and the next installment, as aging counts them', async () => {
    const asOf = '2026-06-30';
    for (const partnerId of partnerOwner.keys()) {
      const summary = await f.as.finance.reports.receivableSummary({ partnerId, asOf });
      for (const currency of ['CNY', 'USD']) {
        const owed = owedOn(asOf, 'finance', currency).filter((i) => i.partnerId === partnerId);
        const overdue = owed.filter((i) => i.dueDate < asOf);
        const onAccount = receipts
          .filter((r) => r.partnerId === partnerId && r.currency === currency)
          .reduce((s, r) => s + r.amount - r.allocated, 0);
        const next = [...owed].sort((a, b) =>
          a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.id - b.id,
        )[0];
        const got = summary.currencies.find((c) => c.currency === currency);
        if (!owed.length && !onAccount) {
          assert.equal(got, undefined);
          continue;
        }
        assert.deepEqual(got, {
          currency,
          open: owed.reduce((s, i) => s + i.owed, 0),
          overdue: overdue.reduce((s, i) => s + i.owed, 0),
          overdueCount: overdue.length,
          onAccount,
          next: next
            ? {
                installmentId: next.id,
                orderId: got!.next!.orderId,
                dueDate: next.dueDate,
                outstanding: next.owed,
              }
            : null,
        });
      }
    }
    // A rep reaches only the summaries of their own customers.
    const other = [...partnerOwner].find(([, o]) => o === 'repSouth')![0];
    await assert.rejects(
      f.as.rep1.reports.receivableSummary({ partnerId: other }),
      (e: { code?: string }) => e.code === 'NOT_FOUND',
    );
  });

  test('reminders: due in the next days and overdue, per owner within the caller scope', async () => {
    const asOf = '2026-04-15';
    const openNow = (i: Inst) =>
      !i.cancelled &&
      i.amount > paid.filter((p) => p.installmentId === i.id).reduce((s, p) => s + p.amount, 0);
    for (const who of ['finance', 'mgrEast', 'rep1'] as const) {
      const reach = SEES[who];
      const mine = insts.filter((i) => openNow(i) && (!reach || reach.includes(i.owner)));
      const due = await f.as[who].paymentPlans.due({ days: 30, asOf, limit: 500 });
      assert.deepEqual(
        due.items.map((i) => i.id).sort((a, b) => a - b),
        mine
          .filter((i) => i.dueDate >= asOf && i.dueDate <= dayPlus(asOf, 30))
          .map((i) => i.id)
          .sort((a, b) => a - b),
        `${who} due`,
      );
      const overdue = await f.as[who].paymentPlans.overdue({ asOf, limit: 500 });
      const late = mine.filter((i) => i.dueDate < asOf);
      assert.deepEqual(
        overdue.items.map((i) => i.id).sort((a, b) => a - b),
        late.map((i) => i.id).sort((a, b) => a - b),
        `${who} overdue`,
      );
      assert.ok(overdue.items.every((i) => i.status === 'overdue'));
      assert.equal(
        overdue.byOwner.reduce((s, o) => s + o.count, 0),
        late.length,
      );
      for (let n = 1; n < overdue.items.length; n++) {
        assert.ok(overdue.items[n - 1]!.dueDate <= overdue.items[n]!.dueDate, 'oldest first');
      }
    }
    const one = await f.as.finance.paymentPlans.overdue({
      asOf,
      ownerId: f.org.users.rep2,
      limit: 500,
    });
    assert.ok(one.items.every((i) => i.ownerId === f.org.users.rep2));
    assert.ok(one.items.length > 0 && one.byOwner.every((o) => o.ownerId === f.org.users.rep2));
  });
});
