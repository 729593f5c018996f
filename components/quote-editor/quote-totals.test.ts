// The editor's totals are the server's: random line sets (quantities, prices, percent and amount
// discounts on lines and on the quote, tax rates, tax-inclusive and tax-exclusive price lists)
// are typed into the editor as text, saved, and the totals the editor showed are compared with
// the totals the server stored, line by line. fast-check with a modest number of runs: each run
// is a real save.
import { assert } from '@open-wc/testing';
import fc from 'fast-check';
import '../test-support/lit-warnings.ts';
import { litWarnings } from '../test-support/lit-warnings.ts';
import { clientAs } from '../test-support/fixture.ts';
import {
  choose,
  click,
  idle,
  mountEditor,
  part,
  parts,
  quoteDeal,
  saved,
  shownTotals,
  type,
} from '../test-support/quote.ts';
import { computeTotals, extend, toDecimalString, type Discount } from '../../core/money/index.ts';
import '../provider/provider.ts';
import './quote-editor.ts';
import type { LodeQuoteEditor } from './quote-editor.component.ts';

interface LineCase {
  quantity: number;
  unitPrice: number;
  discount: Discount | null;
  taxRate: number;
}

/** A line; an amount discount is a share (per mille) of the line's extended amount, so it never exceeds it. */
const lineCase = fc
  .record({
    quantity: fc.integer({ min: 1, max: 500_000 }),
    unitPrice: fc.integer({ min: 0, max: 5_000_000 }),
    discount: fc.oneof(
      fc.constant(null),
      fc.record({
        kind: fc.constant('percent' as const),
        value: fc.integer({ min: 0, max: 10_000 }),
      }),
      fc.record({ kind: fc.constant('amount' as const), share: fc.integer({ min: 0, max: 1000 }) }),
    ),
    taxRate: fc.constantFrom(0, 600, 900, 1300),
  })
  .map(({ discount, ...l }): LineCase => {
    if (discount?.kind !== 'amount') return { ...l, discount };
    const value = Math.floor((extend(l.quantity, l.unitPrice) * discount.share) / 1000);
    return { ...l, discount: { kind: 'amount', value } };
  });

const quoteCase = fc.record({
  list: fc.constantFrom('standard', 'distributor'),
  lines: fc.array(lineCase, { minLength: 1, maxLength: 4 }),
  header: fc.oneof(
    fc.constant(null),
    fc.record({ kind: fc.constant('percent' as const), value: fc.integer({ min: 0, max: 5_000 }) }),
    fc.record({ kind: fc.constant('amount' as const), share: fc.integer({ min: 0, max: 1000 }) }),
  ),
});

/** Basis points and minor units as typed: "12.5", "1234.56". */
const text = (value: number) => toDecimalString(value, 2);

async function enter(editor: LodeQuoteEditor, lines: LineCase[]) {
  while (parts(editor, 'remove-line').length) {
    parts(editor, 'remove-line')[0]!.click();
    await editor.updateComplete;
  }
  for (const [i, l] of lines.entries()) {
    click(editor, 'add-line-button');
    await editor.updateComplete;
    await type(editor, `lines.${i}.description`, `Line ${i + 1}`);
    await type(editor, `lines.${i}.quantity`, toDecimalString(l.quantity, 3));
    await type(editor, `lines.${i}.unitPrice`, text(l.unitPrice));
    await choose(
      editor,
      `tbody tr:nth-child(${i + 1}) [part~="line-discount-kind"]`,
      l.discount?.kind ?? 'percent',
    );
    await type(editor, `lines.${i}.discount`, l.discount ? text(l.discount.value) : '');
    await type(editor, `lines.${i}.taxRate`, text(l.taxRate));
  }
}

describe('lode-quote-editor totals', () => {
  it('equal the totals the server stores, for random line sets', async () => {
    const { opportunity } = await quoteDeal('totals');
    const admin = await clientAs('admin');
    const lists = (await admin.priceLists.list.query({})).items;
    const listId = {
      standard: lists.find((l) => l.customerGroup === '普通')!.id,
      distributor: lists.find((l) => l.customerGroup === '经销商')!.id,
    };
    const { editor } = await mountEditor({ opportunityId: opportunity.id });

    await fc.assert(
      fc.asyncProperty(quoteCase, async (c) => {
        await choose(editor, '[part~="field-price-list"]', String(listId[c.list]));
        await idle(editor);
        await enter(editor, c.lines);
        // The quote discount: an amount is a share of what the lines come to after their own discounts.
        let header: Discount | null = null;
        if (c.header?.kind === 'percent') header = c.header;
        else if (c.header) {
          const base = computeTotals(c.lines, 'exclusive');
          const value = Math.floor(((base.subtotal - base.lineDiscount) * c.header.share) / 1000);
          header = { kind: 'amount', value };
        }
        await choose(editor, '[part~="field-discount-kind"]', header?.kind ?? 'percent');
        await type(editor, 'discount', header ? text(header.value) : '');
        assert.deepEqual(
          parts(editor, 'field-error').map((e) => e.textContent),
          [],
          'every generated value is valid',
        );
        const mode = part(editor, 'price-mode')!.dataset.mode;
        assert.equal(mode, c.list === 'standard' ? 'inclusive' : 'exclusive');
        const shown = editor.totals!;
        const rendered = shownTotals(editor);
        await saved(editor);

        const stored = (await admin.quotes.get.query({ id: editor.quoteId! })).current;
        const t = stored.totals;
        assert.equal(t.priceMode, mode);
        for (const f of [
          'subtotal',
          'lineDiscount',
          'headerDiscount',
          'net',
          'tax',
          'gross',
        ] as const) {
          assert.equal(shown[f], t[f], f);
          // Zero discounts are not rendered; everything rendered is the server's figure.
          if (f in rendered) assert.equal(rendered[f], t[f], `${f} as shown`);
        }
        assert.equal(shown.discountBp, t.discountBp, 'discountBp');
        assert.equal(stored.lines.length, c.lines.length);
        stored.lines.forEach((l, i) => {
          const typed = c.lines[i]!;
          assert.deepEqual(
            [l.quantity, l.unitPrice, l.taxRate, l.discount],
            [typed.quantity, typed.unitPrice, typed.taxRate, typed.discount],
            `line ${i + 1} as typed`,
          );
          const mine = shown.lines[i]!;
          assert.deepEqual(
            [mine.extended, mine.lineDiscount, mine.headerDiscount, mine.net, mine.tax, mine.gross],
            [l.extended, l.lineDiscount, l.headerDiscount, l.net, l.tax, l.gross],
            `line ${i + 1} figures`,
          );
        });
      }),
      { numRuns: 8 },
    );
  });

  it('issues no Lit development warnings', () => {
    assert.deepEqual(litWarnings(), []);
  });
});
