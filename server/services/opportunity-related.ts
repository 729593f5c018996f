// The parts of an opportunity: collaborators (协作团队), contacts with their decision role,
// competitors and product lines. Each write checks the opportunity's version and bumps it, so a
// card edited from a stale copy is refused like any other edit, and is audited in the same
// transaction.
import type { z } from 'zod';
import type {
  collaboratorAddInput,
  collaboratorRemoveInput,
  competitorAddInput,
  competitorRemoveInput,
  competitorUpdateInput,
  opportunityContactRemoveInput,
  opportunityContactSetInput,
  opportunityLinesSetInput,
} from '../../core/schemas/opportunities.ts';
import { toBool, toInt } from '../db/rows.ts';
import { visibility } from '../auth/scope.ts';
import { actorOf } from '../trpc/context.ts';
import { invalidField, notFound } from '../trpc/errors.ts';
import { audit, type Actor } from './audit.ts';
import {
  assertContactOfPartner,
  assertCurrency,
  loadVisibleOpportunity,
  mapOpportunity,
  changeAudited,
  insertAudited,
  type Row,
} from './opportunity-parts.ts';
import { lineTotal, loadDetail } from './opportunity-reads.ts';
import type { ScopedCtx } from './scoped-ctx.ts';
import { writeTx, type Trx } from './tx.ts';
import { assertVersion, createStamps, softDelete, updateVersioned } from './versioned.ts';

interface Ref {
  id: number;
  version: number;
}

/** Loads the visible opportunity at the caller's version, runs `fn`, bumps the version. */
async function onOpportunity(
  ctx: ScopedCtx,
  ref: Ref,
  fn: (trx: Trx, before: Row, actor: Actor) => Promise<void>,
) {
  const vis = await visibility(ctx);
  const actor = actorOf(ctx);
  return writeTx(ctx.db, async (trx) => {
    const before = await loadVisibleOpportunity(trx, vis, ref.id);
    assertVersion(before, ref.version, 'Opportunity');
    await fn(trx, before, actor);
    await updateVersioned(trx, 'opportunities', ref.id, ref.version, {}, actor, 'Opportunity');
    return loadDetail(trx, vis, ref.id);
  });
}

async function liveChild(trx: Trx, table: string, where: Row, what: string): Promise<Row> {
  const row = await trx(table).where(where).whereNull('deleted_at').first();
  if (!row) throw notFound(what);
  return row as Row;
}

export function addCollaborator(ctx: ScopedCtx, input: z.infer<typeof collaboratorAddInput>) {
  return onOpportunity(ctx, input, async (trx, _before, actor) => {
    const user = await trx('users')
      .where({ id: input.userId })
      .whereNull('deleted_at')
      .first('active');
    if (!user || !toBool(user.active))
      throw invalidField('userId', 'active_user', 'must be an active user');
    const values = { role: input.role ?? null };
    const existing = await trx('opportunity_collaborators')
      .where({ opportunity_id: input.id, user_id: input.userId })
      .whereNull('deleted_at')
      .first();
    if (existing)
      await changeAudited(
        trx,
        actor,
        'opportunity_collaborators',
        existing,
        values,
        'Collaborator',
      );
    else
      await insertAudited(trx, actor, 'opportunity_collaborators', {
        opportunity_id: input.id,
        user_id: input.userId,
        ...values,
      });
  });
}

/**
 * Returns the opportunity itself, not the card: a collaborator who removes themselves may no
 * longer see the card, and that must not undo the removal.
 */
export async function removeCollaborator(
  ctx: ScopedCtx,
  input: z.infer<typeof collaboratorRemoveInput>,
) {
  const vis = await visibility(ctx);
  const actor = actorOf(ctx);
  return writeTx(ctx.db, async (trx) => {
    const before = await loadVisibleOpportunity(trx, vis, input.id);
    assertVersion(before, input.version, 'Opportunity');
    const row = await liveChild(
      trx,
      'opportunity_collaborators',
      { opportunity_id: input.id, user_id: input.userId },
      'Collaborator',
    );
    await softDelete(
      trx,
      actor,
      'opportunity_collaborators',
      toInt(row.id),
      toInt(row.version),
      'Collaborator',
    );
    await updateVersioned(trx, 'opportunities', input.id, input.version, {}, actor, 'Opportunity');
    return mapOpportunity(await trx('opportunities').where({ id: input.id }).first());
  });
}

/** Adds a contact to the decision map, or changes its role, attitude and influence. */
export function setContact(ctx: ScopedCtx, input: z.infer<typeof opportunityContactSetInput>) {
  return onOpportunity(ctx, input, async (trx, before, actor) => {
    await assertContactOfPartner(trx, 'contactId', toInt(before.partner_id), input.contactId);
    const values = {
      decision_role: input.decisionRole,
      attitude: input.attitude,
      influence: input.influence,
    };
    const existing = await trx('opportunity_contacts')
      .where({ opportunity_id: input.id, contact_id: input.contactId })
      .whereNull('deleted_at')
      .first();
    if (existing)
      await changeAudited(trx, actor, 'opportunity_contacts', existing, values, 'Contact');
    else
      await insertAudited(trx, actor, 'opportunity_contacts', {
        opportunity_id: input.id,
        contact_id: input.contactId,
        ...values,
      });
  });
}

/** Soft-deletes one live child row of an opportunity (NOT_FOUND when there is none). */
async function removeChild(
  trx: Trx,
  actor: Actor,
  table: string,
  where: Record<string, unknown>,
  what: string,
) {
  const row = await liveChild(trx, table, where, what);
  await softDelete(trx, actor, table, toInt(row.id), toInt(row.version), what);
}

export function removeContact(
  ctx: ScopedCtx,
  input: z.infer<typeof opportunityContactRemoveInput>,
) {
  return onOpportunity(ctx, input, async (trx, _before, actor) => {
    await removeChild(
      trx,
      actor,
      'opportunity_contacts',
      { opportunity_id: input.id, contact_id: input.contactId },
      'Contact',
    );
  });
}

function competitorColumns(c: Partial<z.infer<typeof competitorAddInput>['competitor']>): Row {
  const out: Row = {};
  for (const [k, col] of [
    ['name', 'name'],
    ['price', 'price'],
    ['currency', 'currency'],
    ['strengths', 'strengths'],
    ['weaknesses', 'weaknesses'],
  ] as const) {
    if (c[k] !== undefined) out[col] = c[k];
  }
  return out;
}

export function addCompetitor(ctx: ScopedCtx, input: z.infer<typeof competitorAddInput>) {
  return onOpportunity(ctx, input, async (trx, before, actor) => {
    const c = input.competitor;
    if (c.currency) await assertCurrency(trx, 'competitor.currency', c.currency);
    await insertAudited(trx, actor, 'opportunity_competitors', {
      opportunity_id: input.id,
      ...competitorColumns(c),
      // A price without a currency is in the opportunity's.
      currency: c.currency ?? (c.price == null ? null : String(before.currency)),
    });
  });
}

export function updateCompetitor(ctx: ScopedCtx, input: z.infer<typeof competitorUpdateInput>) {
  return onOpportunity(ctx, input, async (trx, _before, actor) => {
    const row = await liveChild(
      trx,
      'opportunity_competitors',
      { id: input.competitorId, opportunity_id: input.id },
      'Competitor',
    );
    if (input.patch.currency) await assertCurrency(trx, 'patch.currency', input.patch.currency);
    await changeAudited(
      trx,
      actor,
      'opportunity_competitors',
      row,
      competitorColumns(input.patch),
      'Competitor',
    );
  });
}

export function removeCompetitor(ctx: ScopedCtx, input: z.infer<typeof competitorRemoveInput>) {
  return onOpportunity(ctx, input, async (trx, _before, actor) => {
    await removeChild(
      trx,
      actor,
      'opportunity_competitors',
      { id: input.competitorId, opportunity_id: input.id },
      'Competitor',
    );
  });
}

/**
 * Replaces every product line (the editor sends the whole list). Old lines are archived, new ones
 * inserted; the audit row on the opportunity records the line count and total before and after.
 */
export function setLines(ctx: ScopedCtx, input: z.infer<typeof opportunityLinesSetInput>) {
  return onOpportunity(ctx, input, async (trx, _before, actor) => {
    const old = await trx('opportunity_lines')
      .where({ opportunity_id: input.id })
      .whereNull('deleted_at');
    const at = new Date().toISOString();
    for (const l of old)
      await softDelete(trx, actor, 'opportunity_lines', toInt(l.id), toInt(l.version), 'Line', at);
    for (const [i, l] of input.lines.entries()) {
      await trx('opportunity_lines').insert({
        ...createStamps(actor, at),
        opportunity_id: input.id,
        product_id: l.productId ?? null,
        description: l.description,
        quantity_milli: l.quantityMilli,
        unit_price: l.unitPrice,
        sequence: i + 1,
      });
    }
    const total = (lines: { q: number; p: number }[]) =>
      lines.reduce((s, l) => s + lineTotal(l.q, l.p), 0n).toString();
    await audit(
      trx,
      actor,
      'opportunities',
      input.id,
      'lines',
      {
        lines: { old: old.length, new: input.lines.length },
        lines_total: {
          old: total(old.map((l: Row) => ({ q: toInt(l.quantity_milli), p: toInt(l.unit_price) }))),
          new: total(input.lines.map((l) => ({ q: l.quantityMilli, p: l.unitPrice }))),
        },
      },
      at,
    );
  });
}
