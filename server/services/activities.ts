import type { z } from 'zod';
import type {
  Activity,
  activityCompleteInput,
  activityListInput,
  activityLogInput,
} from '../../core/schemas/activities.ts';
import { stampsOf, toBool, toInt, toIntOrNull } from '../db/rows.ts';
import { visibility, type Visibility } from '../auth/scope.ts';
import { audit, diff, type Actor } from './audit.ts';
import { once } from './idempotency.ts';
import { paginate } from './pagination.ts';
import { assertContactOfPartner, loadVisibleOpportunity } from './opportunity-parts.ts';
import { loadVisiblePartner } from './partners.ts';
import { writeTx, type Trx } from './tx.ts';
import { assertVersion, createStamps, updateVersioned } from './versioned.ts';
import { actorOf } from '../trpc/context.ts';
import { invalidField, notFound } from '../trpc/errors.ts';
import type { ScopedCtx } from './scoped-ctx.ts';

type Row = Record<string, unknown>;
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
/** Instants arrive with any offset; stored as UTC so they compare as text on both databases. */
const utc = (v: string) => new Date(v).toISOString();
const utcOrNull = (v: string | undefined) => (v === undefined ? null : utc(v));

/** How far ahead of the server's clock a done activity may be dated (client clocks drift). */
const CLOCK_SKEW_MS = 5 * 60_000;
const PROGRESS_MAX = 200;

export function mapActivity(r: Row): Activity {
  return {
    type: r.type as Activity['type'],
    subject: String(r.subject),
    body: str(r.body),
    occurredAt: String(r.occurred_at),
    dueAt: str(r.due_at),
    done: toBool(r.done),
    doneAt: str(r.done_at),
    followupAt: str(r.followup_at),
    partnerId: toIntOrNull(r.partner_id),
    contactId: toIntOrNull(r.contact_id),
    opportunityId: toIntOrNull(r.opportunity_id),
    leadId: toIntOrNull(r.lead_id),
    ownerId: toInt(r.owner_id),
    ...stampsOf(r),
  };
}

/** The partner's latest progress: subject and the start of the text, on one line. */
export function progressSummary(subject: string, text: string | null): string {
  const line = (text ? `${subject}: ${text}` : subject).replace(/\s+/g, ' ').trim();
  const chars = Array.from(line); // by code point, so no emoji or CJK surrogate pair is cut
  return chars.length <= PROGRESS_MAX ? line : `${chars.slice(0, PROGRESS_MAX - 1).join('')}…`;
}

/**
 * The partner's next follow-up: the earliest of the due dates of its open activities (tasks)
 * and the follow-up date set by its most recent activity that set one: a newer plan replaces an
 * older one whatever their dates, so an old follow-up already acted on does not linger.
 */
export async function nextFollowup(trx: Trx, partnerId: number): Promise<string | null> {
  const live = () => trx('activities').where({ partner_id: partnerId }).whereNull('deleted_at');
  const due = await live()
    .where({ done: false })
    .whereNotNull('due_at')
    .min({ at: 'due_at' })
    .first();
  const plan = await live()
    .whereNotNull('followup_at')
    .orderBy([
      { column: 'occurred_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .first('followup_at as at');
  const dates = [str(due?.at), str(plan?.at)].filter((d): d is string => d !== null);
  return dates.length ? dates.reduce((a, b) => (a < b ? a : b)) : null;
}

/**
 * Brings the partner's system fields up to date after an activity is logged or completed: last
 * contact, latest progress (only from the newest contact), next follow-up. The row is read
 * locked inside the transaction and written at the version just read, so the logger never gets
 * a CONFLICT for a partner they did not edit; the write still bumps the version and is audited
 * as a system change made on the caller's behalf.
 */
async function updatePartnerFromActivities(
  trx: Trx,
  actor: Actor,
  partnerId: number,
  contact: { at: string; summary: string } | null,
): Promise<void> {
  // NO KEY UPDATE, the lock the UPDATE itself takes: FOR UPDATE would conflict with the KEY SHARE
  // lock that inserting the activity (its foreign key) already holds in a concurrent logger,
  // and two of them would deadlock. A no-op on SQLite, whose writers are already serialized.
  const row = await trx('partners')
    .where({ id: partnerId })
    .whereNull('deleted_at')
    .forNoKeyUpdate()
    .first();
  if (!row) return; // archived meanwhile: nothing left to keep up to date
  const values: Row = { next_followup_at: await nextFollowup(trx, partnerId) };
  const last = str(row.last_contact_at);
  if (contact && (last === null || contact.at >= last)) {
    values.last_contact_at = contact.at;
    values.latest_progress = contact.summary;
  }
  const changes = diff(row, values);
  if (Object.keys(changes).length === 0) return;
  await updateVersioned(trx, 'partners', partnerId, toInt(row.version), values, actor, 'Partner');
  await audit(trx, actor, 'partners', partnerId, 'system', changes);
}

/**
 * The partner an activity is about, after checking what it names is visible: the partner given,
 * else the opportunity's (seeing the opportunity is enough: a collaborator logs on the deal
 * without owning its customer), else none (an activity on a lead only).
 */
async function resolveSubject(
  trx: Trx,
  vis: Visibility,
  fields: Omit<z.infer<typeof activityLogInput>, 'idempotencyKey'>,
): Promise<number | null> {
  if (fields.partnerId !== undefined) await loadVisiblePartner(trx, vis, fields.partnerId);
  if (fields.leadId !== undefined) {
    const lead = await trx('leads as l')
      .where('l.id', fields.leadId)
      .whereNull('l.deleted_at')
      .where(vis.leads('l'))
      .first('l.id');
    if (!lead) throw notFound('Lead');
  }
  if (fields.opportunityId === undefined) return fields.partnerId ?? null;
  const opp = await loadVisibleOpportunity(trx, vis, fields.opportunityId);
  const oppPartner = toInt(opp.partner_id);
  if (fields.partnerId !== undefined && fields.partnerId !== oppPartner)
    throw invalidField('partnerId', 'matches', 'is not the partner of this opportunity');
  return oppPartner;
}

/**
 * Work on a lead touches it (the escalation clock restarts) and a new lead becomes working. A
 * versioned system change at the version just read, audited, like the partner's system fields.
 */
async function touchLead(trx: Trx, actor: Actor, leadId: number): Promise<void> {
  const row = await trx('leads')
    .where({ id: leadId })
    .whereNull('deleted_at')
    .forNoKeyUpdate()
    .first();
  if (!row) return;
  const values: Row = { last_touched_at: new Date().toISOString() };
  if (row.status === 'new') values.status = 'working';
  await updateVersioned(trx, 'leads', leadId, toInt(row.version), values, actor, 'Lead');
  await audit(trx, actor, 'leads', leadId, 'system', diff(row, values));
}

export async function logActivity(ctx: ScopedCtx, input: z.infer<typeof activityLogInput>) {
  const vis = await visibility(ctx);
  const actor = actorOf(ctx);
  const { idempotencyKey, ...fields } = input;
  return writeTx(ctx.db, (trx) =>
    once(trx, ctx.identity.user.id, idempotencyKey, 'activities.log', fields, async () => {
      const partnerId = await resolveSubject(trx, vis, fields);
      if (fields.contactId !== undefined) {
        if (partnerId === null)
          throw invalidField('contactId', 'partner', 'needs the partner the contact belongs to');
        await assertContactOfPartner(trx, 'contactId', partnerId, fields.contactId);
      }
      const now = new Date();
      const occurredAt = fields.occurredAt ? utc(fields.occurredAt) : now.toISOString();
      const done = fields.done ?? fields.type !== 'task';
      if (done && Date.parse(occurredAt) > now.getTime() + CLOCK_SKEW_MS)
        throw invalidField('occurredAt', 'not_future', 'a done activity cannot be in the future');
      const values = {
        type: fields.type,
        subject: fields.subject,
        body: fields.body ?? null,
        occurred_at: occurredAt,
        due_at: utcOrNull(fields.dueAt),
        done,
        // A done activity was done when it happened; a completed one when it is completed.
        done_at: done ? occurredAt : null,
        followup_at: utcOrNull(fields.followupAt),
        partner_id: partnerId,
        contact_id: fields.contactId ?? null,
        opportunity_id: fields.opportunityId ?? null,
        lead_id: fields.leadId ?? null,
        owner_id: vis.me,
      };
      const [row] = await trx('activities')
        .insert({ ...createStamps(actor), ...values })
        .returning('id');
      const id = toInt((row as Row).id);
      await audit(trx, actor, 'activities', id, 'create', diff({}, values));
      if (partnerId !== null)
        await updatePartnerFromActivities(
          trx,
          actor,
          partnerId,
          done ? { at: occurredAt, summary: progressSummary(values.subject, values.body) } : null,
        );
      if (fields.leadId !== undefined) await touchLead(trx, actor, fields.leadId);
      return mapActivity(await trx('activities').where({ id }).first());
    }),
  );
}

export async function listActivities(ctx: ScopedCtx, input: z.infer<typeof activityListInput>) {
  const vis = await visibility(ctx);
  const q = ctx
    .db('activities as a')
    .select('a.*')
    .whereNull('a.deleted_at')
    .where(vis.activities(ctx.db, 'a'));
  if (input.partnerId) q.where('a.partner_id', input.partnerId);
  if (input.contactId) q.where('a.contact_id', input.contactId);
  if (input.opportunityId) q.where('a.opportunity_id', input.opportunityId);
  if (input.leadId) q.where('a.lead_id', input.leadId);
  if (input.ownerId) q.where('a.owner_id', input.ownerId);
  if (input.type) q.where('a.type', input.type);
  if (input.done !== undefined) q.where('a.done', input.done);
  if (input.from) q.where('a.occurred_at', '>=', utc(input.from));
  if (input.to) q.where('a.occurred_at', '<', utc(input.to));
  if (input.dueBefore) q.whereNotNull('a.due_at').where('a.due_at', '<=', utc(input.dueBefore));
  return paginate(q, 'a.occurred_at', 'a.id', input, mapActivity);
}

export async function completeActivity(
  ctx: ScopedCtx,
  input: z.infer<typeof activityCompleteInput>,
) {
  const vis = await visibility(ctx);
  const actor = actorOf(ctx);
  return writeTx(ctx.db, async (trx) => {
    const before = await trx('activities as a')
      .where('a.id', input.id)
      .whereNull('a.deleted_at')
      .where(vis.activities(trx, 'a'))
      .first('a.*');
    if (!before) throw notFound('Activity');
    assertVersion(before, input.version, 'Activity');
    if (toBool(before.done)) throw invalidField('id', 'open', 'this activity is already done');
    const doneAt = new Date().toISOString();
    const body = str(before.body);
    const outcome = input.outcome ?? null;
    const values: Row = { done: true, done_at: doneAt };
    if (outcome) values.body = body ? `${body}\n\n${outcome}` : outcome;
    await updateVersioned(trx, 'activities', input.id, input.version, values, actor, 'Activity');
    await audit(trx, actor, 'activities', input.id, 'complete', diff(before, values));
    const partnerId = toIntOrNull(before.partner_id);
    if (partnerId !== null) {
      // The outcome says more about where things stand than the task's original text.
      const summary = progressSummary(String(before.subject), outcome ?? body);
      await updatePartnerFromActivities(trx, actor, partnerId, { at: doneAt, summary });
    }
    return mapActivity(await trx('activities').where({ id: input.id }).first());
  });
}

/**
 * An entry in a lead's history (status changes, conversion, disqualification): a done note
 * on the lead, owned by whoever made the change, written in the caller's transaction.
 */
export async function insertLeadNote(
  trx: Trx,
  actor: Actor,
  leadId: number,
  note: { subject: string; body?: string | null },
  at = new Date().toISOString(),
): Promise<number> {
  if (actor.userId === null) throw new Error('a lead note needs a user to own it');
  const values = {
    type: 'note',
    subject: note.subject,
    body: note.body ?? null,
    occurred_at: at,
    done: true,
    done_at: at,
    lead_id: leadId,
    owner_id: actor.userId,
  };
  const [row] = await trx('activities')
    .insert({ ...createStamps(actor, at), ...values })
    .returning('id');
  const id = toInt((row as Row).id);
  await audit(trx, actor, 'activities', id, 'create', diff({}, values), at);
  return id;
}
