// Reading quotes: the header with every version's summary, one version in full, the list, and
// the scope check every quote read and write goes through. Expiry is applied on read: a sent
// version whose validUntil has passed reads (and behaves) as expired; nothing has to run.
import type { Knex } from 'knex';
import type { z } from 'zod';
import type { OrderStatus } from '../../core/schemas/orders.ts';
import type {
  Quote,
  QuoteDetail,
  QuoteOrderLink,
  QuoteListItem,
  quoteListInput,
  QuoteStatus,
  QuoteVersionDetail,
  QuoteVersionSummary,
} from '../../core/schemas/quotes.ts';
import type { Db } from '../db/knex.ts';
import { stampsOf, toInt, toIntOrNull } from '../db/rows.ts';
import { visibility, type Visibility } from '../auth/scope.ts';
import { notFound } from '../trpc/errors.ts';
import { str, type Row } from './opportunity-parts.ts';
import { paginate } from './pagination.ts';
import { loadLines, mapTotals, today } from './quotes-pricing.ts';
import { whereSearch } from './search.ts';
import type { ScopedCtx } from './scoped-ctx.ts';
import type { Trx } from './tx.ts';

/** The status a version has now: a sent version past its validity is expired. */
export function effectiveStatus(status: unknown, validUntil: unknown, on = today()): QuoteStatus {
  const s = String(status) as QuoteStatus;
  return s === 'sent' && validUntil && String(validUntil) < on ? 'expired' : s;
}

export function mapVersionSummary(r: Row): QuoteVersionSummary {
  return {
    versionNo: toInt(r.version_no),
    basedOnVersionNo: toIntOrNull(r.based_on_version_no),
    status: effectiveStatus(r.status, r.valid_until),
    contactId: toIntOrNull(r.contact_id),
    priceListId: toIntOrNull(r.price_list_id),
    quoteDate: String(r.quote_date),
    validUntil: str(r.valid_until),
    currency: String(r.currency),
    net: toInt(r.net),
    gross: toInt(r.gross),
    discountBp: toInt(r.discount_bp),
    sentAt: str(r.sent_at),
    decidedAt: str(r.decided_at),
    decidedBy: toIntOrNull(r.decided_by),
    decisionNote: str(r.decision_note),
    createdAt: String(r.created_at),
    createdBy: toIntOrNull(r.created_by),
  };
}

export function mapQuote(r: Row, latest: QuoteVersionSummary): Quote {
  return {
    number: String(r.number),
    title: String(r.title),
    opportunityId: toInt(r.opportunity_id),
    partnerId: toInt(r.partner_id),
    ownerId: toInt(r.owner_id),
    teamId: toIntOrNull(r.team_id),
    latestVersionNo: toInt(r.latest_version_no),
    acceptedVersionNo: toIntOrNull(r.accepted_version_no),
    status: r.accepted_version_no == null ? latest.status : 'accepted',
    ...stampsOf(r),
  };
}

/** A live quote the caller's scope reaches (by owner), or NOT_FOUND. */
export async function loadVisibleQuote(db: Db | Trx, vis: Visibility, id: number): Promise<Row> {
  const row = await db('quotes as q')
    .where('q.id', id)
    .whereNull('q.deleted_at')
    .where(vis.owner('q.owner_id'))
    .first('q.*');
  if (!row) throw notFound('Quote');
  return row as Row;
}

/** One version of a quote, or NOT_FOUND naming the version. */
export async function loadVersion(db: Db | Trx, quoteId: number, versionNo: number): Promise<Row> {
  const row = await db('quote_versions')
    .where({ quote_id: quoteId, version_no: versionNo })
    .whereNull('deleted_at')
    .first();
  if (!row) throw notFound(`Version ${versionNo} of the quote`);
  return row as Row;
}

export async function versionDetail(db: Db | Trx, v: Row): Promise<QuoteVersionDetail> {
  return {
    ...mapVersionSummary(v),
    terms: str(v.terms),
    totals: mapTotals(v),
    lines: (await loadLines(db, 'quote_lines', 'quote_version_id', toInt(v.id))).map(
      ({ unitCost: _cost, ...line }) => ({ ...line, productCode: line.productCode ?? null }),
    ),
  };
}

/** The quote with every version's summary and one version (the latest by default) in full. */
export async function quoteDetail(
  db: Db | Trx,
  row: Row,
  versionNo?: number,
): Promise<QuoteDetail> {
  const id = toInt(row.id);
  const versions = (await db('quote_versions')
    .where({ quote_id: id })
    .whereNull('deleted_at')
    .orderBy('version_no')) as Row[];
  const wanted = versionNo ?? toInt(row.latest_version_no);
  const chosen = versions.find((v) => toInt(v.version_no) === wanted);
  if (!chosen) throw notFound(`Version ${wanted} of the quote`);
  const summaries = versions.map(mapVersionSummary);
  const current = await versionDetail(db, chosen);
  const orders = await ordersOfQuote(db, id, versions);
  return {
    ...mapQuote(row, summaries[summaries.length - 1]!),
    versions: summaries,
    current,
    order: orders.find((o) => o.status !== 'cancelled') ?? null,
    orders,
  };
}

/**
 * The orders made from a quote, oldest first. They share the quote's owner and team (copied by
 * createFromQuote and amend), and every role reads orders with the scope it reads quotes with,
 * so whoever reads the quote may see the link.
 */
async function ordersOfQuote(
  db: Db | Trx,
  quoteId: number,
  versions: Row[],
): Promise<QuoteOrderLink[]> {
  const rows = (await db('orders')
    .where({ quote_id: quoteId })
    .whereNull('deleted_at')
    .orderBy('id')
    .select('id', 'number', 'status', 'quote_version_id', 'amends_order_id')) as Row[];
  const versionNoById = new Map(versions.map((v) => [toInt(v.id), toInt(v.version_no)]));
  return rows.map((r) => {
    const versionId = toIntOrNull(r.quote_version_id);
    return {
      id: toInt(r.id),
      number: String(r.number),
      status: String(r.status) as OrderStatus,
      versionNo: versionId === null ? null : (versionNoById.get(versionId) ?? null),
      amendsOrderId: toIntOrNull(r.amends_order_id),
    };
  });
}

export async function getQuote(ctx: ScopedCtx, input: { id: number; versionNo?: number }) {
  const vis = await visibility(ctx);
  return quoteDetail(ctx.db, await loadVisibleQuote(ctx.db, vis, input.id), input.versionNo);
}

/** The SQL form of the quote status filter (accepted version first, then the latest's, expiry). */
function whereStatus(q: Knex.QueryBuilder, status: QuoteStatus, on: string) {
  if (status === 'accepted') return q.whereNotNull('q.accepted_version_no');
  q.whereNull('q.accepted_version_no');
  if (status === 'expired')
    return q.where((w) =>
      w
        .where('lv.status', 'expired')
        .orWhere((s) => s.where('lv.status', 'sent').where('lv.valid_until', '<', on)),
    );
  q.where('lv.status', status);
  if (status === 'sent')
    q.where((w) => w.whereNull('lv.valid_until').orWhere('lv.valid_until', '>=', on));
  return q;
}

export async function listQuotes(ctx: ScopedCtx, input: z.infer<typeof quoteListInput>) {
  const vis = await visibility(ctx);
  const q = ctx
    .db('quotes as q')
    .join('quote_versions as lv', (j) =>
      j.on('lv.quote_id', 'q.id').andOn('lv.version_no', 'q.latest_version_no'),
    )
    .join('partners as p', 'p.id', 'q.partner_id')
    .whereNull('q.deleted_at')
    .where(vis.owner('q.owner_id'));
  if (input.opportunityId) q.where('q.opportunity_id', input.opportunityId);
  if (input.partnerId) q.where('q.partner_id', input.partnerId);
  if (input.ownerId) q.where('q.owner_id', input.ownerId);
  if (input.status) whereStatus(q, input.status, today());
  if (input.search) q.where(whereSearch('q.search_text', input.search));
  q.select(
    'q.*',
    'p.name as partner_name',
    ...[
      'version_no',
      'based_on_version_no',
      'status',
      'contact_id',
      'price_list_id',
      'quote_date',
      'valid_until',
      'currency',
      'net',
      'gross',
      'discount_bp',
      'sent_at',
      'decided_at',
      'decided_by',
      'decision_note',
      'created_at',
      'created_by',
    ].map((c) => `lv.${c} as lv_${c}`),
  );
  const sortColumn = { number: 'q.number', createdAt: 'q.created_at', updatedAt: 'q.updated_at' }[
    input.sort
  ];
  return paginate(
    q,
    sortColumn,
    'q.id',
    input,
    (r): QuoteListItem => {
      const latestRow: Row = {};
      for (const [k, v] of Object.entries(r)) if (k.startsWith('lv_')) latestRow[k.slice(3)] = v;
      const latest = mapVersionSummary(latestRow);
      return { ...mapQuote(r, latest), partnerName: String(r.partner_name), latest };
    },
    { notNull: true },
  );
}
