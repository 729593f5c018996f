// quotes.compare: what changed between two versions, line by line and in the totals. Lines are
// matched by product (the k-th line of a product in a with the k-th in b), lines without product
// by description; deltas are b − a, and null when the versions are in different currencies.
import type { Discount } from '../../core/money/index.ts';
import {
  LINE_FIGURES,
  TOTAL_FIGURES,
  type DocumentLine,
  type FigureChange,
  type LineComparison,
  type QuoteComparison,
  type QuoteVersionDetail,
  type QuoteVersionSummary,
} from '../../core/schemas/quotes.ts';
import { visibility } from '../auth/scope.ts';
import { loadVersion, loadVisibleQuote, versionDetail } from './quotes-read.ts';
import type { ScopedCtx } from './scoped-ctx.ts';

const change = (a: number | null, b: number | null, same: boolean): FigureChange => ({
  a,
  b,
  delta: same && a !== null && b !== null ? b - a : null,
});

const sameDiscount = (a: Discount | null, b: Discount | null) =>
  (a === null && b === null) ||
  (a !== null && b !== null && a.kind === b.kind && a.value === b.value);

const keyOf = (l: DocumentLine) =>
  l.productId !== null ? `p:${l.productId}` : `d:${l.description.trim().toLowerCase()}`;

function compareLine(a: DocumentLine | null, b: DocumentLine | null, same: boolean) {
  const differences: LineComparison['differences'] = {};
  for (const f of LINE_FIGURES) {
    const va = a ? a[f] : null;
    const vb = b ? b[f] : null;
    if (va !== vb) differences[f] = change(va, vb, same);
  }
  if (!sameDiscount(a?.discount ?? null, b?.discount ?? null))
    differences.discount = { a: a?.discount ?? null, b: b?.discount ?? null };
  if (a?.description !== b?.description)
    differences.description = { a: a?.description ?? null, b: b?.description ?? null };
  const kind: LineComparison['change'] = !a
    ? 'added'
    : !b
      ? 'removed'
      : Object.keys(differences).length
        ? 'changed'
        : 'same';
  return { change: kind, a, b, differences };
}

const summaryOf = ({
  lines: _lines,
  terms: _terms,
  totals: _totals,
  ...summary
}: QuoteVersionDetail): QuoteVersionSummary => summary;

/** Pure: the comparison of two version details (b's line order, then a's removed lines). */
export function compareVersions(a: QuoteVersionDetail, b: QuoteVersionDetail): QuoteComparison {
  const same = a.totals.currency === b.totals.currency;
  const unmatched = new Map<string, DocumentLine[]>();
  for (const l of a.lines) unmatched.set(keyOf(l), [...(unmatched.get(keyOf(l)) ?? []), l]);
  const lines: LineComparison[] = b.lines.map((lb) => {
    const la = unmatched.get(keyOf(lb))?.shift() ?? null;
    return compareLine(la, lb, same);
  });
  const removed = a.lines.filter((l) => unmatched.get(keyOf(l))?.includes(l));
  for (const la of removed) lines.push(compareLine(la, null, same));
  const totals = Object.fromEntries(
    TOTAL_FIGURES.map((f) => [f, change(a.totals[f], b.totals[f], same || f === 'discountBp')]),
  ) as QuoteComparison['totals'];
  const header: QuoteComparison['header'] = {};
  const pairs: [string, unknown, unknown][] = [
    ['currency', a.totals.currency, b.totals.currency],
    ['priceMode', a.totals.priceMode, b.totals.priceMode],
    ['priceListId', a.priceListId, b.priceListId],
    ['contactId', a.contactId, b.contactId],
    ['validUntil', a.validUntil, b.validUntil],
    ['terms', a.terms, b.terms],
  ];
  for (const [k, va, vb] of pairs) if (va !== vb) header[k] = { a: va, b: vb };
  if (!sameDiscount(a.totals.discount, b.totals.discount))
    header.discount = { a: a.totals.discount, b: b.totals.discount };
  return { a: summaryOf(a), b: summaryOf(b), sameCurrency: same, lines, totals, header };
}

export async function compareQuote(ctx: ScopedCtx, input: { id: number; a: number; b: number }) {
  const vis = await visibility(ctx);
  await loadVisibleQuote(ctx.db, vis, input.id);
  const a = await loadVersion(ctx.db, input.id, input.a).then((v) => versionDetail(ctx.db, v));
  const b = await loadVersion(ctx.db, input.id, input.b).then((v) => versionDetail(ctx.db, v));
  return compareVersions(a, b);
}
