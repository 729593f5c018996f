// Leads (线索): manual and scripted entry, the list and the card, edits, and the two ends of a
// lead's life: conversion into partner, contact and opportunity, or disqualification. Every write
// keeps the collision keys (duplicates.ts) and every status change lands in the lead's history.
import { TRPCError } from '@trpc/server';
import type { z } from 'zod';
import type {
  Duplicates,
  Lead,
  LeadConversion,
  leadConvertInput,
  leadCreateInput,
  LeadDetail,
  leadDisqualifyInput,
  leadDuplicatesInput,
  leadListInput,
  LeadSource,
  LeadStatus,
  leadUpdateInput,
} from '../../core/schemas/leads.ts';
import { forbiddenFields } from '../../core/permissions.ts';
import type { Db } from '../db/knex.ts';
import { countOf, jsonText, parseJsonArray, stampsOf, toInt, toIntOrNull } from '../db/rows.ts';
import { visibility, type Visibility } from '../auth/scope.ts';
import { actorOf } from '../trpc/context.ts';
import { forbidden, invalidField, notFound } from '../trpc/errors.ts';
import { insertLeadNote } from './activities.ts';
import { audit, diff, type Actor } from './audit.ts';
import { insertContact, insertLink, loadVisibleContact } from './contacts.ts';
import { collisionKeys, findDuplicates, leadKeyColumns } from './duplicates.ts';
import { once } from './idempotency.ts';
import { routeLead } from './lead-routing.ts';
import { createOpportunityTx } from './opportunities.ts';
import { paginate } from './pagination.ts';
import { insertPartner, loadVisiblePartner, resolveOwnership, teamsOf } from './partners.ts';
import type { ScopedCtx } from './scoped-ctx.ts';
import { searchText, whereSearch } from './search.ts';
import { writeTx, type Trx } from './tx.ts';
import { assertVersion, createStamps, updateVersioned } from './versioned.ts';

type Row = Record<string, unknown>;
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));

export function mapLead(r: Row): Lead {
  return {
    name: String(r.name),
    company: str(r.company),
    jobTitle: str(r.job_title),
    email: str(r.email),
    phone: str(r.phone),
    region: str(r.region),
    industry: str(r.industry),
    channel: str(r.channel),
    campaign: str(r.campaign),
    source: r.source as LeadSource,
    status: r.status as LeadStatus,
    ownerId: toIntOrNull(r.owner_id),
    teamId: toIntOrNull(r.team_id),
    assignedAt: str(r.assigned_at),
    lastTouchedAt: str(r.last_touched_at),
    escalationLevel: toInt(r.escalation_level),
    disqualifyReason: str(r.disqualify_reason),
    partnerId: toIntOrNull(r.partner_id),
    contactId: toIntOrNull(r.contact_id),
    opportunityId: toIntOrNull(r.opportunity_id),
    tags: parseJsonArray(r.tags),
    notes: str(r.notes),
    ...stampsOf(r),
  };
}

/** API field name → column, for the fields a client may write. */
const COLUMNS: Record<string, string> = {
  name: 'name',
  company: 'company',
  jobTitle: 'job_title',
  email: 'email',
  phone: 'phone',
  region: 'region',
  industry: 'industry',
  channel: 'channel',
  campaign: 'campaign',
  tags: 'tags',
  notes: 'notes',
  status: 'status',
};

function toColumns(fields: Record<string, unknown>): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(fields)) {
    const col = COLUMNS[k];
    if (col && v !== undefined) out[col] = k === 'tags' ? jsonText(v as unknown[]) : v;
  }
  return out;
}

/** What a lead is found by and compared on, derived from its stored fields. */
function derived(row: Row) {
  return {
    ...leadKeyColumns({ company: str(row.company), email: str(row.email), phone: str(row.phone) }),
    search_text: searchText(
      [str(row.name), str(row.company), str(row.email)],
      [String(row.phone ?? '')],
    ),
  };
}

const keysOf = (row: Row) =>
  collisionKeys({ company: str(row.company), email: str(row.email), phone: str(row.phone) });

/** A live lead the caller's scope reaches, or NOT_FOUND (existence is not revealed). */
export async function loadVisibleLead(db: Db, vis: Visibility, id: number): Promise<Row> {
  const row = await db('leads as l')
    .where('l.id', id)
    .whereNull('l.deleted_at')
    .where(vis.leads('l'))
    .first('l.*');
  if (!row) throw notFound('Lead');
  return row;
}

/**
 * Who holds a new lead. A rep (scope own) holds what they type in: routing it away would hide
 * the card they just entered from them. Others name an owner, or the lead is routed (rules pick
 * a team, round-robin a rep); a routed team with nobody free keeps it in the team's queue, and a
 * lead no rule routes stays with its creator rather than belonging to nobody.
 */
async function ownershipOf(
  trx: Trx,
  vis: Visibility,
  fields: z.infer<typeof leadCreateInput>,
): Promise<{ owner_id: number | null; team_id: number | null }> {
  if (fields.ownerId !== undefined || vis.scope === 'own') {
    return resolveOwnership(trx, vis, fields.ownerId ?? vis.me, fields.teamId);
  }
  if (fields.teamId !== undefined) await resolveOwnership(trx, vis, vis.me, fields.teamId);
  const routed = await routeLead(trx, {
    region: fields.region ?? null,
    industry: fields.industry ?? null,
    channel: fields.channel ?? null,
    campaign: fields.campaign ?? null,
    teamId: fields.teamId ?? null,
  });
  if (routed.ownerId !== null) return { owner_id: routed.ownerId, team_id: routed.teamId };
  if (routed.teamId !== null) return { owner_id: null, team_id: routed.teamId };
  return { owner_id: vis.me, team_id: (await teamsOf(trx, vis.me))[0] ?? null };
}

/** A duplicate found with `rejectDuplicates`: CONFLICT, with the collisions in the message. */
function rejected(d: Duplicates): TRPCError {
  const names = [
    ...d.matches.map((m) => `${m.kind} "${m.name}"`),
    ...d.hidden.owners.map((o) => `${o.count} held by ${o.ownerName ?? 'a team queue'}`),
  ];
  return new TRPCError({
    code: 'CONFLICT',
    message: `This lead collides with existing records: ${names.join(', ')}`,
  });
}

/** A lead as leads.create validates it (name, contact details, channel, …). */
export type LeadValues = Omit<
  z.infer<typeof leadCreateInput>,
  'ownerId' | 'teamId' | 'rejectDuplicates' | 'idempotencyKey'
>;

/**
 * The one insert path for leads, typed in, captured or imported: owner and team already
 * decided, collision keys and search text derived, the creation audited.
 */
export async function insertLead(
  trx: Trx,
  actor: Actor,
  fields: LeadValues,
  ownership: { owner_id: number | null; team_id: number | null },
  source: LeadSource,
  touched: boolean,
): Promise<number> {
  const at = new Date().toISOString();
  const values = {
    ...toColumns(fields),
    ...ownership,
    source,
    status: 'new',
    assigned_at: ownership.owner_id === null ? null : at,
    last_touched_at: touched ? at : null,
  };
  const [row] = await trx('leads')
    .insert({ ...createStamps(actor, at), ...values, ...derived(values) })
    .returning('id');
  const id = toInt((row as Row).id);
  await audit(trx, actor, 'leads', id, 'create', diff({}, values), at);
  return id;
}

/**
 * leads.create. The source is 'manual' from a signed-in session and 'api' from a personal token
 * (a script: a web shop inserting a lead on registration), so channel analysis can tell them apart.
 */
export async function createLead(
  ctx: ScopedCtx,
  input: z.infer<typeof leadCreateInput>,
): Promise<{ lead: Lead; duplicates: Duplicates }> {
  const vis = await visibility(ctx);
  const actor = actorOf(ctx);
  const { idempotencyKey, ...fields } = input;
  const source: LeadSource = ctx.identity.token.kind === 'personal' ? 'api' : 'manual';
  return writeTx(ctx.db, (trx) =>
    once(trx, ctx.identity.user.id, idempotencyKey, 'leads.create', fields, async () => {
      const duplicates = await findDuplicates(trx, vis, collisionKeys(fields));
      if (fields.rejectDuplicates && (duplicates.matches.length || duplicates.hidden.count))
        throw rejected(duplicates);
      const ownership = await ownershipOf(trx, vis, fields);
      // Typed in by a person: that counts as the first touch.
      const id = await insertLead(trx, actor, fields, ownership, source, true);
      return { lead: mapLead(await trx('leads').where({ id }).first()), duplicates };
    }),
  );
}

const SORTS = {
  createdAt: 'l.created_at',
  updatedAt: 'l.updated_at',
  name: 'l.name',
  company: 'l.company',
} as const;

export async function listLeads(ctx: ScopedCtx, input: z.infer<typeof leadListInput>) {
  const vis = await visibility(ctx);
  const q = ctx.db('leads as l').select('l.*').whereNull('l.deleted_at').where(vis.leads('l'));
  if (input.search) q.where(whereSearch('l.search_text', input.search));
  if (input.status) q.where('l.status', input.status);
  if (input.ownerId) q.where('l.owner_id', input.ownerId);
  if (input.unassigned) q.whereNull('l.owner_id');
  if (input.teamId) q.where('l.team_id', input.teamId);
  if (input.channel) q.where('l.channel', input.channel);
  if (input.campaign) q.where('l.campaign', input.campaign);
  if (input.source) q.where('l.source', input.source);
  return paginate(q, SORTS[input.sort], 'l.id', input, mapLead);
}

export async function getLead(ctx: ScopedCtx, id: number): Promise<LeadDetail> {
  const vis = await visibility(ctx);
  const row = await loadVisibleLead(ctx.db, vis, id);
  const history = await ctx
    .db('activities')
    .where({ lead_id: id })
    .whereNull('deleted_at')
    .count({ n: '*' })
    .max({ last: 'occurred_at' })
    .first();
  return {
    ...mapLead(row),
    activityCount: countOf(history as { n?: unknown }),
    lastActivityAt: str(history?.last),
    duplicates: await findDuplicates(ctx.db, vis, keysOf(row), id),
  };
}

/** leads.duplicates: for a lead in scope, or for fields about to be entered. */
export async function leadDuplicates(
  ctx: ScopedCtx,
  input: z.infer<typeof leadDuplicatesInput>,
): Promise<Duplicates> {
  const vis = await visibility(ctx);
  if ('leadId' in input) {
    const row = await loadVisibleLead(ctx.db, vis, input.leadId);
    return findDuplicates(ctx.db, vis, keysOf(row), input.leadId);
  }
  return findDuplicates(ctx.db, vis, collisionKeys(input));
}

const STATUS_NOTE: Record<LeadStatus, string> = {
  new: 'Status: new',
  working: 'Status: working',
  converted: 'Converted',
  disqualified: 'Disqualified',
};

/** Edits a lead. A status change is noted in its history; a converted lead keeps its status. */
export async function updateLead(ctx: ScopedCtx, input: z.infer<typeof leadUpdateInput>) {
  const refused = forbiddenFields(ctx.identity.user.role, 'leads.update', Object.keys(input.patch));
  if (refused.length) throw forbidden(`Your role may not change: ${refused.join(', ')}`);
  const vis = await visibility(ctx);
  const actor = actorOf(ctx);
  return writeTx(ctx.db, async (trx) => {
    const before = await loadVisibleLead(trx, vis, input.id);
    assertVersion(before, input.version, 'Lead');
    const values = toColumns(input.patch);
    const changes = diff(before, values);
    if (Object.keys(changes).length === 0) return mapLead(before);
    if (changes.status) {
      if (before.status === 'converted')
        throw invalidField('patch.status', 'not_converted', 'a converted lead stays converted');
      // Reopening a disqualified lead clears why it was dropped.
      if (before.status === 'disqualified') values.disqualify_reason = null;
    }
    const at = new Date().toISOString();
    Object.assign(values, derived({ ...before, ...values }), { last_touched_at: at });
    await updateVersioned(trx, 'leads', input.id, input.version, values, actor, 'Lead');
    await audit(trx, actor, 'leads', input.id, 'update', changes, at);
    if (changes.status) {
      const status = values.status as LeadStatus;
      await insertLeadNote(trx, actor, input.id, { subject: STATUS_NOTE[status] }, at);
    }
    return mapLead(await trx('leads').where({ id: input.id }).first());
  });
}

/** Only a lead still being worked can be converted or disqualified. */
function assertOpen(row: Row) {
  if (row.status === 'converted' || row.status === 'disqualified')
    throw invalidField('id', 'open_lead', `the lead is already ${String(row.status)}`);
}

/** Closes a lead's life: status, what it became, the audit rows and the history note. */
async function closeLead(
  trx: Trx,
  ctx: ScopedCtx,
  before: Row,
  version: number,
  values: Row,
  note: { subject: string; body?: string | null },
) {
  const actor = actorOf(ctx);
  const id = toInt(before.id);
  const at = new Date().toISOString();
  Object.assign(values, { last_touched_at: at });
  await updateVersioned(trx, 'leads', id, version, values, actor, 'Lead');
  await audit(trx, actor, 'leads', id, 'update', diff(before, values), at);
  await insertLeadNote(trx, actor, id, note, at);
  return mapLead(await trx('leads').where({ id }).first());
}

/**
 * leads.convert, in one transaction: the collisions are computed first (and returned, so the
 * caller sees what they merged into or next to), then the partner is created from the lead or
 * an existing visible one is linked (merge), the contact created under it or an existing one
 * linked, the opportunity created through the opportunities service, and the lead marked
 * converted with their ids. Any failure rolls all of it back.
 */
export async function convertLead(
  ctx: ScopedCtx,
  input: z.infer<typeof leadConvertInput>,
): Promise<LeadConversion> {
  const vis = await visibility(ctx);
  const actor = actorOf(ctx);
  return writeTx(ctx.db, async (trx) => {
    const before = await loadVisibleLead(trx, vis, input.id);
    assertVersion(before, input.version, 'Lead');
    assertOpen(before);
    const duplicates = await findDuplicates(trx, vis, keysOf(before), input.id);
    const lead = mapLead(before);
    // The converted records belong to the lead's owner (in the owner's team, as partners.create
    // defaults it); a lead still in a team's queue, to whoever converts it.
    const ownerId = lead.ownerId ?? vis.me;
    const partnerId =
      input.partner.mode === 'link'
        ? toInt((await loadVisiblePartner(trx, vis, input.partner.partnerId)).id)
        : (
            await insertPartner(
              trx,
              ctx,
              vis,
              {
                name: lead.company ?? lead.name,
                kind: 'customer',
                isCompany: lead.company !== null,
                industry: lead.industry,
                region: lead.region,
                ownerId,
                phones: lead.phone ? [lead.phone] : [],
                emails: lead.email ? [lead.email] : [],
                tags: lead.tags,
              },
              [],
            )
          ).id;
    let contactId: number | null = null;
    if (input.contact.mode === 'create') {
      contactId = await insertContact(
        trx,
        actor,
        vis,
        {
          name: lead.name,
          email: lead.email,
          phones: lead.phone ? [lead.phone] : [],
          jobTitle: lead.jobTitle,
          ownerId,
        },
        // The first contact of a partner made from the lead is its primary contact.
        [{ partnerId, role: 'other', isPrimary: input.partner.mode === 'create' }],
      );
    } else if (input.contact.mode === 'link') {
      contactId = toInt((await loadVisibleContact(trx, vis, input.contact.contactId)).id);
      const linked = await trx('partner_contacts')
        .where({ partner_id: partnerId, contact_id: contactId })
        .whereNull('deleted_at')
        .first('id');
      if (!linked)
        await insertLink(trx, actor, contactId, partnerId, { role: 'other', isPrimary: false });
    }
    let opportunityId: number | null = null;
    if (input.opportunity) {
      const o = input.opportunity;
      const opportunity = await createOpportunityTx(trx, ctx, vis, {
        ...o,
        partnerId,
        leadId: lead.id,
        primaryContactId: contactId ?? undefined,
        channel: lead.channel ?? undefined,
        campaign: lead.campaign ?? undefined,
        ownerId,
        tags: [],
      });
      opportunityId = opportunity.id;
    }
    const converted = await closeLead(
      trx,
      ctx,
      before,
      input.version,
      {
        status: 'converted',
        partner_id: partnerId,
        contact_id: contactId,
        opportunity_id: opportunityId,
      },
      { subject: STATUS_NOTE.converted },
    );
    return { lead: converted, partnerId, contactId, opportunityId, duplicates };
  });
}

/** leads.disqualify: the reason is kept on the lead and written into its history. */
export async function disqualifyLead(ctx: ScopedCtx, input: z.infer<typeof leadDisqualifyInput>) {
  const vis = await visibility(ctx);
  return writeTx(ctx.db, async (trx) => {
    const before = await loadVisibleLead(trx, vis, input.id);
    assertVersion(before, input.version, 'Lead');
    assertOpen(before);
    return closeLead(
      trx,
      ctx,
      before,
      input.version,
      { status: 'disqualified', disqualify_reason: input.reason },
      { subject: STATUS_NOTE.disqualified, body: input.reason },
    );
  });
}
