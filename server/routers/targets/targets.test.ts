import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { TRPCError } from '@trpc/server';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import { callerAs, createOrg, type Caller, type Org } from '../../../test/support/org.ts';

/** The code of a refusal, and its field issues (field:rule) when it has any. */
async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof TRPCError, String(err));
    const issues = (
      err.cause as { issues?: { path: string[]; code: string; params?: { rule?: string } }[] }
    )?.issues;
    if (!issues) return err.code;
    return `${err.code} ${issues.map((i) => `${i.path.join('.')}:${i.params?.rule ?? i.code}`).join(' ')}`;
  }
  assert.fail('expected a refusal');
}

describeEachDatabase('targets.set and targets.list', (getDb) => {
  let org: Org;
  let admin: Caller;
  let mgrEast: Caller;
  let rep1: Caller;
  let finance: Caller;

  before(async () => {
    org = await createOrg(getDb());
    admin = await callerAs(getDb(), org, 'admin');
    mgrEast = await callerAs(getDb(), org, 'mgrEast');
    rep1 = await callerAs(getDb(), org, 'rep1');
    finance = await callerAs(getDb(), org, 'finance');
  });

  test('set creates a target, and changes it only with its current version', async () => {
    const t = await admin.targets.set({
      userId: org.users.rep1,
      period: '2026',
      currency: 'CNY',
      amount: 120_000_000,
    });
    assert.equal(t.periodKind, 'year');
    assert.equal(t.from, '2026-01-01');
    assert.equal(t.to, '2026-12-31');
    assert.equal(t.basis, 'orders');
    assert.equal(t.amount, 120_000_000);
    assert.equal(t.quantity, null);
    assert.equal(t.locked, false);

    const again = { userId: org.users.rep1, period: '2026', currency: 'CNY', amount: 1 };
    assert.equal(await refusal(admin.targets.set(again)), 'CONFLICT');
    const changed = await admin.targets.set({ ...again, amount: 150_000_000, version: t.version });
    assert.equal(changed.id, t.id);
    assert.equal(changed.version, t.version + 1);
    assert.equal(changed.amount, 150_000_000);
    assert.equal(await refusal(admin.targets.set({ ...again, version: t.version })), 'CONFLICT');
    // A version for a target that does not exist: there is nothing to change.
    assert.equal(
      await refusal(admin.targets.set({ ...again, period: '2027', version: 1 })),
      'NOT_FOUND',
    );
    const history = await getDb()
      .db('audit_log')
      .where({ entity: 'targets', entity_id: t.id })
      .orderBy('id')
      .select('action', 'field', 'old_value', 'new_value');
    assert.deepEqual(
      history.filter((h) => h.field === 'amount').map((h) => [h.action, h.old_value, h.new_value]),
      [
        ['create', null, '120000000'],
        ['update', '120000000', '150000000'],
      ],
    );
  });

  test('the same subject and period may carry one target per product and basis', async () => {
    const product = await admin.products.create({
      code: `TGT-${Date.now()}`,
      name: '伺服电机',
      listPrice: 100_00,
      taxRate: 1300,
    });
    const base = { teamId: org.teams.shanghai, period: '2026-Q2' };
    const all = await admin.targets.set({ ...base, currency: 'CNY', amount: 5_000_000 });
    const one = await admin.targets.set({ ...base, productId: product.id, quantity: 40_000 });
    const cash = await admin.targets.set({
      ...base,
      basis: 'receipts',
      currency: 'CNY',
      amount: 4_000_000,
    });
    assert.equal(new Set([all.id, one.id, cash.id]).size, 3);
    assert.equal(one.periodKind, 'quarter');
    const listed = await admin.targets.list({ teamId: org.teams.shanghai, period: '2026-Q2' });
    assert.deepEqual(listed.items.map((t) => t.id).sort(), [all.id, one.id, cash.id].sort());
    const perProduct = await admin.targets.list({
      teamId: org.teams.shanghai,
      productId: product.id,
    });
    assert.deepEqual(
      perProduct.items.map((t) => t.id),
      [one.id],
    );
    const overall = await admin.targets.list({
      teamId: org.teams.shanghai,
      productId: null,
      basis: 'orders',
    });
    assert.deepEqual(
      overall.items.map((t) => t.id),
      [all.id],
    );
  });

  test('bad input names the field and the rule', async () => {
    const u = org.users.rep2;
    const cases: [Parameters<Caller['targets']['set']>[0], string][] = [
      [
        { userId: u, teamId: org.teams.east, period: '2026', currency: 'CNY', amount: 1 },
        'BAD_REQUEST teamId:subject',
      ],
      [{ period: '2026', currency: 'CNY', amount: 1 }, 'BAD_REQUEST teamId:subject'],
      [{ userId: u, period: '2026' }, 'BAD_REQUEST amount:figure'],
      [{ userId: u, period: '2026', amount: 1 }, 'BAD_REQUEST currency:required'],
      [{ userId: u, period: '2026', currency: 'CNY', amount: -1 }, 'BAD_REQUEST amount:too_small'],
      [{ userId: u, period: '2026-Q5', currency: 'CNY', amount: 1 }, 'BAD_REQUEST period:period'],
      // 2025 has 52 ISO weeks; 2026 has 53.
      [{ userId: u, period: '2025-W53', currency: 'CNY', amount: 1 }, 'BAD_REQUEST period:period'],
      [
        {
          userId: u,
          period: '2026',
          basis: 'receipts',
          productId: 1,
          quantity: 1,
          currency: 'CNY',
          amount: 1,
        },
        'BAD_REQUEST productId:receipts_basis quantity:receipts_basis',
      ],
      [
        { userId: u, period: '2026', productId: 999_999, quantity: 1 },
        'BAD_REQUEST productId:exists',
      ],
      [{ userId: u, period: '2026', currency: 'XXX', amount: 1 }, 'BAD_REQUEST currency:exists'],
      [{ userId: 999_999, period: '2026', currency: 'CNY', amount: 1 }, 'NOT_FOUND'],
      [{ teamId: 999_999, period: '2026', currency: 'CNY', amount: 1 }, 'NOT_FOUND'],
    ];
    for (const [input, want] of cases)
      assert.equal(await refusal(admin.targets.set(input)), want, JSON.stringify(input));
    assert.ok((await admin.targets.set({ userId: u, period: '2026-W53', quantity: 5_000 })).id);
  });

  test('managers set targets in their subtree, reps read their own, finance reads all', async () => {
    const year = { period: '2030', currency: 'CNY', amount: 10_000 };
    assert.equal(await refusal(rep1.targets.set({ userId: org.users.rep1, ...year })), 'FORBIDDEN');
    assert.equal(
      await refusal(finance.targets.set({ userId: org.users.rep1, ...year })),
      'FORBIDDEN',
    );
    const mine = await mgrEast.targets.set({ userId: org.users.rep1, ...year });
    const deep = await mgrEast.targets.set({ userId: org.users.repDeep, ...year });
    const team = await mgrEast.targets.set({ teamId: org.teams.shanghai, ...year });
    const east = await mgrEast.targets.set({ teamId: org.teams.east, ...year });
    // Outside the subtree: the team or person is not found, whether or not it exists.
    assert.equal(
      await refusal(mgrEast.targets.set({ userId: org.users.repSouth, ...year })),
      'NOT_FOUND',
    );
    assert.equal(
      await refusal(mgrEast.targets.set({ teamId: org.teams.south, ...year })),
      'NOT_FOUND',
    );
    assert.equal(
      await refusal(mgrEast.targets.set({ teamId: org.teams.hq, ...year })),
      'NOT_FOUND',
    );
    const south = await admin.targets.set({ userId: org.users.repSouth, ...year });
    const hq = await admin.targets.set({ teamId: org.teams.hq, ...year });

    const ids = async (c: Caller) =>
      (await c.targets.list({ year: 2030 })).items.map((t) => t.id).sort((a, b) => a - b);
    const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
    assert.deepEqual(await ids(rep1), [mine.id]);
    assert.deepEqual(await ids(mgrEast), sorted([mine.id, deep.id, team.id, east.id]));
    assert.deepEqual(
      await ids(finance),
      sorted([mine.id, deep.id, team.id, east.id, south.id, hq.id]),
    );
    assert.deepEqual(await ids(admin), await ids(finance));
    const page = await rep1.targets.list({ year: 2030 });
    assert.equal(page.total, 1);

    // Reading attainment follows the same reach.
    assert.ok(await rep1.targets.attainment({ id: mine.id }));
    assert.equal(await refusal(rep1.targets.attainment({ id: deep.id })), 'NOT_FOUND');
    assert.equal(
      await refusal(rep1.targets.attainment({ teamId: org.teams.shanghai, period: '2030' })),
      'NOT_FOUND',
    );
    assert.equal(await refusal(mgrEast.targets.attainment({ id: south.id })), 'NOT_FOUND');
    assert.ok(await finance.targets.attainment({ id: hq.id }));
  });

  test('concurrent writers: one creates the target, one splits it; the others get CONFLICT', async () => {
    const input = { teamId: org.teams.south, period: '2036', currency: 'CNY', amount: 900 };
    const callers = await Promise.all([0, 1, 2, 3, 4].map(() => callerAs(getDb(), org, 'admin')));
    const created = await Promise.allSettled(callers.map((c) => c.targets.set(input)));
    const won = created.filter((r) => r.status === 'fulfilled');
    assert.equal(won.length, 1);
    for (const r of created)
      if (r.status === 'rejected') assert.equal((r.reason as TRPCError).code, 'CONFLICT');
    const target = (won[0] as PromiseFulfilledResult<Awaited<ReturnType<Caller['targets']['set']>>>)
      .value;
    const split = await Promise.allSettled(
      callers.map((c, i) =>
        c.targets.breakdown({
          by: 'period',
          id: target.id,
          version: target.version,
          into: 'quarter',
          weights: [1, 1, 1, i + 1],
        }),
      ),
    );
    assert.equal(split.filter((r) => r.status === 'fulfilled').length, 1);
    for (const r of split)
      if (r.status === 'rejected') assert.equal((r.reason as TRPCError).code, 'CONFLICT');
    const parts = await admin.targets.list({ parentTargetId: target.id });
    assert.equal(parts.total, 4, 'one set of parts');
    assert.equal(
      parts.items.reduce((s, p) => s + p.amount!, 0),
      900,
    );
  });

  test('list pages through targets in period order', async () => {
    const u = org.users.rep2;
    for (const m of ['2031-03', '2031-01', '2031-02'])
      await admin.targets.set({ userId: u, period: m, quantity: 1_000 });
    const first = await admin.targets.list({ userId: u, year: 2031, limit: 2 });
    assert.equal(first.total, 3);
    assert.deepEqual(
      first.items.map((t) => t.period),
      ['2031-01', '2031-02'],
    );
    const rest = await admin.targets.list({
      userId: u,
      year: 2031,
      limit: 2,
      cursor: first.nextCursor,
    });
    assert.deepEqual(
      rest.items.map((t) => t.period),
      ['2031-03'],
    );
    assert.equal(rest.nextCursor, null);
  });
});
