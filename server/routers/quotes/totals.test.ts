// Stored totals are computeTotals of the lines, for random line sets (fast-check through the
// API and the database): quotes, orders made from them, and direct orders. Input that
// computeTotals refuses is refused with the same field and rule, never stored, never a 500.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import fc from 'fast-check';
import { computeTotals, PricingError } from '../../../core/money/index.ts';
import type { DocumentLineInput } from '../../../core/schemas/quotes.ts';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import { dealOf, fieldOf, figures, q2cFixture, type Q2cFixture } from '../orders/fixtures.ts';

// Each run writes through the API on a real database; the pure properties of computeTotals run
// 10,000 times in core/money/pricing.test.ts.
const RUNS = 40;

const discount = fc.option(
  fc.oneof(
    fc.record({
      kind: fc.constant('percent' as const),
      value: fc.integer({ min: 0, max: 10_000 }),
    }),
    fc.record({ kind: fc.constant('amount' as const), value: fc.integer({ min: 0, max: 500_00 }) }),
  ),
  { nil: null },
);

const lines = fc.array(
  fc.record({
    description: fc.constantFrom('设备', '安装', 'Support'),
    quantity: fc.integer({ min: 1, max: 50_000_000 }),
    unitPrice: fc.integer({ min: 0, max: 5_000_000 }),
    discount,
    taxRate: fc.constantFrom(0, 300, 600, 900, 1300),
  }),
  { minLength: 1, maxLength: 12 },
);

/** A line whose amount discount exceeds its extended amount: computeTotals refuses it. */
const OVER_DISCOUNTED_LINE = {
  description: '设备' as const,
  quantity: 1000,
  unitPrice: 1,
  discount: { kind: 'amount' as const, value: 500_00 },
  taxRate: 0 as const,
};

const mode = fc.constantFrom('exclusive' as const, 'inclusive' as const);

/** What computeTotals says: the totals, or the field and rule it refuses. */
function oracle(ls: DocumentLineInput[], m: 'exclusive' | 'inclusive', d: unknown) {
  try {
    return computeTotals(ls as never, m, d as never);
  } catch (err) {
    if (err instanceof PricingError) return [err.field, err.rule] as const;
    throw err;
  }
}

describeEachDatabase('document totals', (getDb) => {
  let f: Q2cFixture;
  before(async () => {
    f = await q2cFixture(getDb());
  });

  test('quotes, orders from them and direct orders store exactly computeTotals', async () => {
    const { opportunity, partner } = await dealOf(f);
    let stored = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(lines, mode, discount, async (ls, m, d) => {
        const expected = oracle(ls, m, d);
        if (Array.isArray(expected)) {
          refused++;
          await assert.rejects(
            f.as.admin.quotes.create({
              opportunityId: opportunity.id,
              priceMode: m,
              discount: d,
              lines: ls,
            }),
            (e) => {
              assert.deepEqual(fieldOf(e), expected);
              return true;
            },
          );
          return;
        }
        stored++;
        const { lines: lineTotals, ...totals } = expected as Exclude<
          typeof expected,
          readonly unknown[]
        >;
        const q = await f.as.admin.quotes.create({
          opportunityId: opportunity.id,
          priceMode: m,
          discount: d,
          lines: ls,
        });
        assert.deepEqual(figures(q.current.totals), figures(totals));
        assert.deepEqual(
          q.current.lines.map(({ extended, lineDiscount, headerDiscount, net, tax, gross }) => ({
            extended,
            lineDiscount,
            headerDiscount,
            net,
            tax,
            gross,
          })),
          lineTotals,
        );
        const direct = await f.as.admin.orders.create({
          partnerId: partner.id,
          title: 'p',
          priceMode: m,
          discount: d,
          lines: ls,
        });
        assert.deepEqual(direct.totals, q.current.totals);
        const s = await f.as.admin.quotes.send({ id: q.id, versionNo: 1, version: q.version });
        await f.as.admin.quotes.accept({ id: q.id, versionNo: 1, version: s.version });
        const order = await f.as.admin.orders.createFromQuote({ quoteId: q.id });
        assert.deepEqual(order.totals, q.current.totals);
      }),
      // Random lines rarely draw a discount above what it discounts, so one refused case is
      // pinned; without it a run of 40 could test only the stored branch.
      { numRuns: RUNS, examples: [[[OVER_DISCOUNTED_LINE], 'exclusive', null]] },
    );
    assert.ok(stored > 0 && refused > 0, `stored ${stored}, refused ${refused}`);
  });
});
