// Quotes (报价单): create, edit a draft version, revise (a new draft n+1 from any version), send
// (freezes the version), and record the customer's answer. Every write to any version bumps the
// quote's own `version`, so all writes to one quote are serialized by the optimistic check: two
// people accepting two versions at once cannot both succeed (one gets CONFLICT).
import type { z } from 'zod';
import type {
  QuoteDetail,
  quoteAcceptInput,
  quoteCreateInput,
  quoteRejectInput,
  quoteReviseInput,
  quoteSendInput,
  quoteUpdateInput,
} from '../../core/schemas/quotes.ts';
import { toInt, toIntOrNull } from '../db/rows.ts';
import { visibility, type Visibility } from '../auth/scope.ts';
import { actorOf } from '../trpc/context.ts';
import { invalidField, refusal } from '../trpc/errors.ts';
import { audit, diff, type Actor } from './audit.ts';
import { once } from './idempotency.ts';
import {
  assertContactOfPartner,
  loadVisibleOpportunity,
  str,
  type Row,
} from './opportunity-parts.ts';
import {
  lineColumns,
  linesAudit,
  loadLines,
  mapTotals,
  priceDocument,
  repriceForPatch,
  today,
  totalsColumns,
  type PricedLine,
} from './quotes-pricing.ts';
import { effectiveStatus, loadVersion, loadVisibleQuote, quoteDetail } from './quotes-read.ts';
import { searchText } from './search.ts';
import type { ScopedCtx } from './scoped-ctx.ts';
import { writeTx, type Trx } from './tx.ts';
import { assertVersion, createStamps, updateVersioned } from './versioned.ts';

type CreateFields = Omit<z.infer<typeof quoteCreateInput>, 'idempotencyKey'>;

export const quoteNumber = (id: number) => `Q${String(id).padStart(6, '0')}`;

function assertValidity(field: string, quoteDate: string, validUntil: string | null | undefined) {
  if (validUntil && validUntil < quoteDate)
    throw invalidField(field, 'after_quote_date', 'must not be before the quote date');
}

async function insertLines(trx: Trx, versionId: number, lines: PricedLine[]) {
  if (lines.length === 0) return;
  await trx('quote_lines').insert(
    lines.map((l) => ({
      quote_version_id: versionId,
      ...lineColumns(l, false),
      // The product's code as the line is written (a snapshot, like its description).
      product_code: l.productId ? (l.productCode ?? null) : null,
    })),
  );
}

async function insertVersion(
  trx: Trx,
  actor: Actor,
  values: Row,
  lines: PricedLine[],
): Promise<number> {
  const [row] = await trx('quote_versions')
    .insert({ ...createStamps(actor), ...values })
    .returning('id');
  const id = toInt((row as Row).id);
  await insertLines(trx, id, lines);
  await audit(trx, actor, 'quote_versions', id, 'create', {
    ...diff({}, values),
    lines: { old: null, new: linesAudit(lines) },
  });
  return id;
}

async function quoteSearchText(trx: Trx, number: string, title: string, partnerId: number) {
  const p = await trx('partners').where({ id: partnerId }).first('name', 'code');
  return searchText([number, title, str(p?.name), str(p?.code)]);
}

export async function createQuoteTx(
  trx: Trx,
  ctx: ScopedCtx,
  vis: Visibility,
  input: CreateFields,
): Promise<QuoteDetail> {
  const actor = actorOf(ctx);
  const opportunity = await loadVisibleOpportunity(trx, vis, input.opportunityId);
  if (opportunity.status === 'lost' || opportunity.status === 'invalid')
    throw refusal('PRECONDITION_FAILED', `the opportunity is ${String(opportunity.status)}`, {
      reason: 'closed',
      status: opportunity.status,
    });
  const partnerId = toInt(opportunity.partner_id);
  if (input.contactId) await assertContactOfPartner(trx, 'contactId', partnerId, input.contactId);
  const quoteDate = input.quoteDate ?? today();
  assertValidity('validUntil', quoteDate, input.validUntil);
  const priced = await priceDocument(trx, { prefix: '', partnerId, date: quoteDate, ...input });
  const title = input.title ?? String(opportunity.name);
  const header = {
    title,
    opportunity_id: input.opportunityId,
    partner_id: partnerId,
    // The deal's owner holds its quotes, so whoever works the deal sees them.
    owner_id: toInt(opportunity.owner_id),
    team_id: toIntOrNull(opportunity.team_id),
    latest_version_no: 1,
  };
  const [row] = await trx('quotes')
    .insert({ ...createStamps(actor), ...header, number: `~${crypto.randomUUID().slice(0, 18)}` })
    .returning('id');
  const id = toInt((row as Row).id);
  const number = quoteNumber(id);
  await trx('quotes')
    .where({ id })
    .update({ number, search_text: await quoteSearchText(trx, number, title, partnerId) });
  await audit(trx, actor, 'quotes', id, 'create', diff({}, { ...header, number }));
  await insertVersion(
    trx,
    actor,
    {
      quote_id: id,
      version_no: 1,
      based_on_version_no: null,
      status: 'draft',
      contact_id: input.contactId ?? null,
      price_list_id: priced.priceListId,
      quote_date: quoteDate,
      valid_until: input.validUntil ?? null,
      terms: input.terms ?? null,
      ...totalsColumns(priced),
    },
    priced.lines,
  );
  return quoteDetail(trx, await trx('quotes').where({ id }).first());
}

export async function createQuote(ctx: ScopedCtx, input: z.infer<typeof quoteCreateInput>) {
  const vis = await visibility(ctx);
  const { idempotencyKey, ...fields } = input;
  return writeTx(ctx.db, (trx) =>
    once(trx, ctx.identity.user.id, idempotencyKey, 'quotes.create', fields, () =>
      createQuoteTx(trx, ctx, vis, fields),
    ),
  );
}

/** The quote (in scope, at the caller's version) and one of its versions. */
async function loadForWrite(
  trx: Trx,
  vis: Visibility,
  input: { id: number; versionNo: number; version: number },
) {
  const quote = await loadVisibleQuote(trx, vis, input.id);
  assertVersion(quote, input.version, 'Quote');
  const version = await loadVersion(trx, input.id, input.versionNo);
  return { quote, version, status: effectiveStatus(version.status, version.valid_until) };
}

function refuseUnless(ok: boolean, status: string, versionNo: number, what: string) {
  if (!ok)
    throw refusal('PRECONDITION_FAILED', `version ${versionNo} is ${status}: ${what}`, {
      reason: 'status',
      status,
      versionNo,
    });
}

export async function updateQuote(ctx: ScopedCtx, input: z.infer<typeof quoteUpdateInput>) {
  const vis = await visibility(ctx);
  return writeTx(ctx.db, (trx) => updateQuoteTx(trx, ctx, vis, input));
}

/** updateQuote inside the caller's transaction. */
export async function updateQuoteTx(
  trx: Trx,
  ctx: ScopedCtx,
  vis: Visibility,
  input: z.infer<typeof quoteUpdateInput>,
) {
  const actor = actorOf(ctx);
  const { quote, version, status } = await loadForWrite(trx, vis, input);
  refuseUnless(status === 'draft', status, input.versionNo, 'only a draft can be edited');
  const patch = input.patch;
  const quoteDate = patch.quoteDate ?? String(version.quote_date);
  assertValidity(
    'patch.validUntil',
    quoteDate,
    'validUntil' in patch ? patch.validUntil : str(version.valid_until),
  );
  if (patch.contactId)
    await assertContactOfPartner(trx, 'patch.contactId', toInt(quote.partner_id), patch.contactId);
  const values: Row = {};
  if ('contactId' in patch) values.contact_id = patch.contactId ?? null;
  if (patch.quoteDate) values.quote_date = patch.quoteDate;
  if ('validUntil' in patch) values.valid_until = patch.validUntil ?? null;
  if ('terms' in patch) values.terms = patch.terms ?? null;
  const versionId = toInt(version.id);
  const priced = await repriceForPatch(trx, {
    partnerId: toInt(quote.partner_id),
    date: quoteDate,
    stored: await loadLines(trx, 'quote_lines', 'quote_version_id', versionId),
    current: { ...mapTotals(version), priceListId: toIntOrNull(version.price_list_id) },
    patch,
  });
  const changes = diff(version, values);
  if (priced) {
    Object.assign(values, { price_list_id: priced.priceListId, ...totalsColumns(priced) });
    Object.assign(changes, diff(version, values));
    const before = await loadLines(trx, 'quote_lines', 'quote_version_id', versionId);
    await trx('quote_lines').where({ quote_version_id: versionId }).delete();
    await insertLines(trx, versionId, priced.lines);
    if (JSON.stringify(linesAudit(before)) !== JSON.stringify(linesAudit(priced.lines)))
      changes.lines = { old: linesAudit(before), new: linesAudit(priced.lines) };
  }
  const headerValues: Row = {};
  if (patch.title && patch.title !== quote.title) {
    headerValues.title = patch.title;
    headerValues.search_text = await quoteSearchText(
      trx,
      String(quote.number),
      patch.title,
      toInt(quote.partner_id),
    );
  }
  await updateVersioned(trx, 'quotes', input.id, input.version, headerValues, actor, 'Quote');
  if (headerValues.title)
    await audit(trx, actor, 'quotes', input.id, 'update', {
      title: { old: quote.title, new: patch.title },
    });
  if (Object.keys(values).length) {
    await updateVersioned(
      trx,
      'quote_versions',
      versionId,
      toInt(version.version),
      values,
      actor,
      'Quote version',
    );
  }
  if (Object.keys(changes).length)
    await audit(trx, actor, 'quote_versions', versionId, 'update', changes);
  return quoteDetail(trx, await trx('quotes').where({ id: input.id }).first(), input.versionNo);
}

/**
 * Version n+1 as a draft copy of any version; that version and every other stay as they are.
 * One draft at a time (edit or send it first), and none once a version is accepted.
 */
export async function reviseQuote(ctx: ScopedCtx, input: z.infer<typeof quoteReviseInput>) {
  const vis = await visibility(ctx);
  return writeTx(ctx.db, (trx) => reviseQuoteTx(trx, ctx, vis, input));
}

/** reviseQuote inside the caller's transaction. */
export async function reviseQuoteTx(
  trx: Trx,
  ctx: ScopedCtx,
  vis: Visibility,
  input: z.infer<typeof quoteReviseInput>,
) {
  const actor = actorOf(ctx);
  const quote = await loadVisibleQuote(trx, vis, input.id);
  if (quote.accepted_version_no != null)
    throw refusal(
      'PRECONDITION_FAILED',
      `version ${String(quote.accepted_version_no)} was accepted; change the order instead`,
      { reason: 'accepted', versionNo: toInt(quote.accepted_version_no) },
    );
  const draft = await trx('quote_versions')
    .where({ quote_id: input.id, status: 'draft' })
    .whereNull('deleted_at')
    .first('version_no');
  if (draft)
    throw refusal(
      'PRECONDITION_FAILED',
      `version ${String(draft.version_no)} is still a draft: edit or send it first`,
      { reason: 'draft_exists', versionNo: toInt(draft.version_no) },
    );
  const from = await loadVersion(trx, input.id, input.fromVersionNo);
  const versionNo = toInt(quote.latest_version_no) + 1;
  const copied: Row = {};
  for (const c of [
    'contact_id',
    'price_list_id',
    'valid_until',
    'terms',
    'currency',
    'price_mode',
    'discount_kind',
    'discount_value',
    'subtotal',
    'line_discount',
    'header_discount',
    'net',
    'tax',
    'gross',
    'discount_bp',
  ])
    copied[c] = from[c];
  const lines = await loadLines(trx, 'quote_lines', 'quote_version_id', toInt(from.id));
  // The quote's version read above guards the new number against a concurrent revise.
  await updateVersioned(
    trx,
    'quotes',
    input.id,
    toInt(quote.version),
    { latest_version_no: versionNo },
    actor,
    'Quote',
  );
  await audit(trx, actor, 'quotes', input.id, 'revise', {
    latest_version_no: { old: quote.latest_version_no, new: versionNo },
  });
  await insertVersion(
    trx,
    actor,
    {
      ...copied,
      quote_id: input.id,
      version_no: versionNo,
      based_on_version_no: input.fromVersionNo,
      status: 'draft',
      quote_date: today(),
    },
    lines,
  );
  return quoteDetail(trx, await trx('quotes').where({ id: input.id }).first(), versionNo);
}

/** A status change of one version, with the quote's version bumped and both audited. */
async function decide(
  trx: Trx,
  actor: Actor,
  quote: Row,
  version: Row,
  expected: number,
  values: Row,
  headerValues: Row,
  action: string,
) {
  const quoteId = toInt(quote.id);
  await updateVersioned(trx, 'quotes', quoteId, expected, headerValues, actor, 'Quote');
  if (Object.keys(headerValues).length)
    await audit(trx, actor, 'quotes', quoteId, action, diff(quote, headerValues));
  const versionId = toInt(version.id);
  await updateVersioned(
    trx,
    'quote_versions',
    versionId,
    toInt(version.version),
    values,
    actor,
    'Quote version',
  );
  await audit(trx, actor, 'quote_versions', versionId, action, diff(version, values));
  return quoteDetail(
    trx,
    await trx('quotes').where({ id: quoteId }).first(),
    toInt(version.version_no),
  );
}

/** Sends a draft: from now on the version is frozen (revise to change it). */
export async function sendQuote(ctx: ScopedCtx, input: z.infer<typeof quoteSendInput>) {
  const vis = await visibility(ctx);
  return writeTx(ctx.db, (trx) => sendQuoteTx(trx, ctx, vis, input));
}

/** sendQuote inside the caller's transaction. */
export async function sendQuoteTx(
  trx: Trx,
  ctx: ScopedCtx,
  vis: Visibility,
  input: z.infer<typeof quoteSendInput>,
) {
  const actor = actorOf(ctx);
  const { quote, version, status } = await loadForWrite(trx, vis, input);
  refuseUnless(status === 'draft', status, input.versionNo, 'only a draft can be sent');
  const lines = await trx('quote_lines')
    .where({ quote_version_id: toInt(version.id) })
    .count({ n: '*' })
    .first();
  if (toInt(lines?.n ?? 0) === 0)
    throw refusal('PRECONDITION_FAILED', 'a quote without lines cannot be sent', {
      reason: 'no_lines',
    });
  const validUntil = str(version.valid_until);
  if (validUntil && validUntil < today())
    throw refusal('PRECONDITION_FAILED', `its validity ended on ${validUntil}`, {
      reason: 'valid_until_passed',
      validUntil,
    });
  const values = { status: 'sent', sent_at: new Date().toISOString() };
  return decide(trx, actor, quote, version, input.version, values, {}, 'send');
}

/** The customer accepted this sent (and unexpired) version; at most one version per quote. */
export async function acceptQuote(ctx: ScopedCtx, input: z.infer<typeof quoteAcceptInput>) {
  const vis = await visibility(ctx);
  return writeTx(ctx.db, (trx) => acceptQuoteTx(trx, ctx, vis, input));
}

/** acceptQuote inside the caller's transaction. */
export async function acceptQuoteTx(
  trx: Trx,
  ctx: ScopedCtx,
  vis: Visibility,
  input: z.infer<typeof quoteAcceptInput>,
) {
  const actor = actorOf(ctx);
  const { quote, version, status } = await loadForWrite(trx, vis, input);
  if (quote.accepted_version_no != null)
    throw refusal(
      'PRECONDITION_FAILED',
      `version ${String(quote.accepted_version_no)} is already accepted`,
      { reason: 'already_accepted', versionNo: toInt(quote.accepted_version_no) },
    );
  refuseUnless(status === 'sent', status, input.versionNo, 'only a sent version can be accepted');
  const values = {
    status: 'accepted',
    decided_at: new Date().toISOString(),
    decided_by: actor.userId,
    decision_note: input.note ?? null,
  };
  const header = { accepted_version_no: input.versionNo };
  return decide(trx, actor, quote, version, input.version, values, header, 'accept');
}

/** The customer turned this version down (a sent one, or one that expired unanswered). */
export async function rejectQuote(ctx: ScopedCtx, input: z.infer<typeof quoteRejectInput>) {
  const vis = await visibility(ctx);
  return writeTx(ctx.db, (trx) => rejectQuoteTx(trx, ctx, vis, input));
}

/** rejectQuote inside the caller's transaction. */
export async function rejectQuoteTx(
  trx: Trx,
  ctx: ScopedCtx,
  vis: Visibility,
  input: z.infer<typeof quoteRejectInput>,
) {
  const actor = actorOf(ctx);
  const { quote, version, status } = await loadForWrite(trx, vis, input);
  refuseUnless(
    status === 'sent' || status === 'expired',
    status,
    input.versionNo,
    'only a sent version can be rejected',
  );
  const values = {
    status: 'rejected',
    decided_at: new Date().toISOString(),
    decided_by: actor.userId,
    decision_note: input.reason,
  };
  return decide(trx, actor, quote, version, input.version, values, {}, 'reject');
}
