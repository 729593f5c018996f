// Website forms (leads.capture, no login) and the admin side of them (leads.forms.*), plus the
// one insert that capture and import share.
import { randomBytes } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import type { z } from 'zod';
import {
  type CaptureForm,
  type captureInput,
  type formCreateInput,
  type formUpdateInput,
} from '../../core/schemas/lead-intake.ts';
import { leadCreateInput, type LeadSource } from '../../core/schemas/leads.ts';
import type { Db } from '../db/knex.ts';
import { jsonText, parseJsonArray, stampsOf, toBool, toInt, toIntOrNull } from '../db/rows.ts';
import { RateLimiter } from '../http/rate-limit.ts';
import { Visibility } from '../auth/scope.ts';
import { actorOf, type Context } from '../trpc/context.ts';
import { forbidden, notFound } from '../trpc/errors.ts';
import { audit, diff, type Actor } from './audit.ts';
import { collisionKeys, findDuplicates } from './duplicates.ts';
import { assertTeam, noteOnLead } from './lead-assignment.ts';
import { insertLead, type LeadValues } from './leads.ts';
import { routeLead } from './lead-routing.ts';
import type { ScopedCtx } from './scoped-ctx.ts';
import { writeTx, type Trx } from './tx.ts';
import { assertVersion, createStamps, updateVersioned } from './versioned.ts';

type Row = Record<string, unknown>;
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));

/**
 * Inserts one lead that arrived without a person typing it (capture, import): routed like a
 * manual lead, with its collision keys and search text, audited. Nobody has touched it yet, so
 * escalation counts from its arrival (or assignment). A lead no team takes goes to
 * `fallbackOwnerId` (the importer), as leads.create keeps it with its creator.
 */
export async function insertLeadRow(
  trx: Trx,
  actor: Actor,
  fields: LeadValues,
  source: LeadSource,
  teamId: number | null,
  fallbackOwnerId: number | null = null,
): Promise<{ id: number; ownerId: number | null; teamId: number | null }> {
  const found = await routeLead(trx, {
    region: fields.region ?? null,
    industry: fields.industry ?? null,
    channel: fields.channel ?? null,
    campaign: fields.campaign ?? null,
    teamId,
  });
  const routed = found.teamId === null ? { teamId: null, ownerId: fallbackOwnerId } : found;
  const ownership = { owner_id: routed.ownerId, team_id: routed.teamId };
  const id = await insertLead(trx, actor, fields, ownership, source, false);
  return { id, ownerId: routed.ownerId, teamId: routed.teamId };
}

// ---- forms (admin) ----------------------------------------------------------------------------

function mapForm(r: Row): CaptureForm {
  return {
    ...stampsOf(r),
    name: String(r.name),
    formKey: String(r.form_key),
    channel: str(r.channel),
    campaign: str(r.campaign),
    teamId: toIntOrNull(r.team_id),
    allowedOrigins: parseJsonArray(r.allowed_origins),
    active: toBool(r.active),
  };
}

function formColumns(f: Partial<z.infer<typeof formCreateInput>>): Row {
  const out: Row = {};
  if (f.name !== undefined) out.name = f.name;
  if (f.channel !== undefined) out.channel = f.channel;
  if (f.campaign !== undefined) out.campaign = f.campaign;
  if (f.teamId !== undefined) out.team_id = f.teamId;
  if (f.allowedOrigins !== undefined)
    out.allowed_origins = jsonText([...new Set(f.allowedOrigins)]);
  if (f.active !== undefined) out.active = f.active;
  return out;
}

export async function listForms(ctx: ScopedCtx): Promise<CaptureForm[]> {
  const rows = await ctx.db('lead_capture_forms').whereNull('deleted_at').orderBy('id');
  return rows.map(mapForm);
}

/** The key is 128 random bits: public (it sits in the web page) but not guessable. */
export async function createForm(ctx: ScopedCtx, input: z.infer<typeof formCreateInput>) {
  const actor = actorOf(ctx);
  return writeTx(ctx.db, async (trx) => {
    if (input.teamId) await assertTeam(trx, input.teamId);
    const values = { ...formColumns(input), form_key: randomBytes(16).toString('base64url') };
    const [row] = await trx('lead_capture_forms')
      .insert({ ...createStamps(actor), ...values })
      .returning('id');
    const id = toInt((row as Row).id);
    await audit(trx, actor, 'lead_capture_forms', id, 'create', diff({}, values));
    return mapForm(await trx('lead_capture_forms').where({ id }).first());
  });
}

export async function updateForm(ctx: ScopedCtx, input: z.infer<typeof formUpdateInput>) {
  const actor = actorOf(ctx);
  return writeTx(ctx.db, async (trx) => {
    const before = await trx('lead_capture_forms')
      .where({ id: input.id })
      .whereNull('deleted_at')
      .first();
    if (!before) throw notFound('Capture form');
    assertVersion(before, input.version, 'Capture form');
    if (input.patch.teamId) await assertTeam(trx, input.patch.teamId);
    const values = formColumns(input.patch);
    const changes = diff(before, values);
    if (Object.keys(changes).length === 0) return mapForm(before);
    const what = 'Capture form';
    await updateVersioned(trx, 'lead_capture_forms', input.id, input.version, values, actor, what);
    await audit(trx, actor, 'lead_capture_forms', input.id, 'update', changes);
    return mapForm(await trx('lead_capture_forms').where({ id: input.id }).first());
  });
}

// ---- capture (public) -------------------------------------------------------------------------

/**
 * Tighter than the global limit: a person posts a form once or twice, a bot hundreds of times.
 * Per IP across all forms, and per form across all IPs (a botnet on one form).
 */
export const CAPTURE_PER_IP_PER_MINUTE = 10;
export const CAPTURE_PER_FORM_PER_MINUTE = 120;
/** One pair of limiters per database handle, i.e. per server (and per test database). */
const limiters = new WeakMap<Db, { perIp: RateLimiter; perForm: RateLimiter }>();
function limitersOf(db: Db) {
  let l = limiters.get(db);
  if (!l) {
    l = {
      perIp: new RateLimiter(CAPTURE_PER_IP_PER_MINUTE),
      perForm: new RateLimiter(CAPTURE_PER_FORM_PER_MINUTE),
    };
    limiters.set(db, l);
  }
  return l;
}

/** Collision analysis sees every record: nothing of it goes back to the visitor. */
const everything = new Visibility({ permission: 'leads.read', scope: 'all' }, 0, {
  teamIds: [],
  userIds: [],
});

const OK = { ok: true } as const;

/**
 * A website form post. Answers only `{ ok: true }`: no id, no duplicates, nothing a visitor or a
 * bot could learn from. A filled honeypot answers the same and stores nothing. The form supplies
 * channel, campaign and team (the visitor's utm fields fill in only what the form leaves open);
 * the lead is checked as leads.create checks it and routed like a manual lead.
 */
export async function captureLead(
  ctx: Pick<Context, 'db' | 'ip' | 'origin' | 'requestId'>,
  input: z.infer<typeof captureInput>,
): Promise<typeof OK> {
  const { perIp, perForm } = limitersOf(ctx.db);
  if (!perIp.take(ctx.ip) || !perForm.take(input.formKey))
    throw new TRPCError({
      code: 'TOO_MANY_REQUESTS',
      message: 'Too many submissions; try again in a minute',
    });
  if (input.honeypot.trim() !== '') return OK;
  const form = await ctx
    .db('lead_capture_forms')
    .where({ form_key: input.formKey })
    .whereNull('deleted_at')
    .first();
  if (!form || !toBool(form.active)) throw notFound('Form');
  const origins = parseJsonArray(form.allowed_origins);
  if (origins.length && !origins.includes((ctx.origin ?? '').toLowerCase().replace(/\/$/, '')))
    throw forbidden('This form may not be posted from this page');
  const parsed = leadCreateInput.safeParse({
    name: input.name,
    company: input.company,
    email: input.email,
    phone: input.phone,
    channel: str(form.channel) ?? input.channel ?? input.utmSource ?? 'website',
    campaign: str(form.campaign) ?? input.utmCampaign,
    notes: input.message,
  });
  if (!parsed.success)
    throw new TRPCError({ code: 'BAD_REQUEST', message: 'invalid input', cause: parsed.error });
  const fields: LeadValues = parsed.data;
  const actor = { userId: null, requestId: ctx.requestId };
  await writeTx(ctx.db, async (trx) => {
    const lead = await insertLeadRow(trx, actor, fields, 'capture', toIntOrNull(form.team_id));
    await noteCollisions(trx, lead, fields);
  });
  return OK;
}

/** 撞单 on a captured lead goes to its new owner as a note, since the visitor must not see it. */
async function noteCollisions(
  trx: Trx,
  lead: { id: number; ownerId: number | null },
  fields: LeadValues,
) {
  if (lead.ownerId === null) return;
  const found = await findDuplicates(trx, everything, collisionKeys(fields), lead.id);
  if (!found.matches.length) return;
  const list = found.matches.map((m) => `${m.kind} #${m.id} ${m.name} (${m.matched.join(', ')})`);
  const actor = { userId: null, requestId: null };
  await noteOnLead(
    trx,
    actor,
    lead.id,
    lead.ownerId,
    `Possible duplicate (撞单): ${found.matches.length}`,
    list.join('\n'),
  );
}
