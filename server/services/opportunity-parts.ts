// Pieces every opportunity write shares: the row mapper, the field ↔ column map, the visible-row
// loader, the stage engine's view of a row and the one way its verdicts become API errors.
import {
  explain,
  type MoveVerdict,
  type OpportunityState,
  type RequirableField,
} from '../../core/funnel/stage-engine.ts';
import type { Opportunity } from '../../core/schemas/opportunities.ts';
import { jsonText, parseJsonArray, stampsOf, toInt, toIntOrNull } from '../db/rows.ts';
import type { Visibility } from '../auth/scope.ts';
import { invalidField, notFound, refusal } from '../trpc/errors.ts';
import { audit, diff, type Actor } from './audit.ts';
import { createStamps, updateVersioned } from './versioned.ts';
import { searchText } from './search.ts';
import type { Trx } from './tx.ts';
import type { Db } from '../db/knex.ts';

export type Row = Record<string, unknown>;
export const str = (v: unknown) => (v === null || v === undefined ? null : String(v));

export function mapOpportunity(r: Row): Opportunity {
  return {
    name: String(r.name),
    partnerId: toInt(r.partner_id),
    pipelineId: toInt(r.pipeline_id),
    stageId: toInt(r.stage_id),
    status: r.status as Opportunity['status'],
    expectedRevenue: toIntOrNull(r.expected_revenue),
    currency: String(r.currency),
    expectedCloseDate: str(r.expected_close_date),
    probability: toInt(r.probability),
    ownerId: toInt(r.owner_id),
    teamId: toIntOrNull(r.team_id),
    leadId: toIntOrNull(r.lead_id),
    primaryContactId: toIntOrNull(r.primary_contact_id),
    channel: str(r.channel),
    campaign: str(r.campaign),
    description: str(r.description),
    tags: parseJsonArray(r.tags),
    stageEnteredAt: String(r.stage_entered_at),
    closeReasonId: toIntOrNull(r.close_reason_id),
    closeNote: str(r.close_note),
    closedAt: str(r.closed_at),
    wonAmount: toIntOrNull(r.won_amount),
    ...stampsOf(r),
  };
}

/** API field → column, for the fields a client writes. */
export const COLUMNS = {
  name: 'name',
  partnerId: 'partner_id',
  expectedRevenue: 'expected_revenue',
  currency: 'currency',
  expectedCloseDate: 'expected_close_date',
  probability: 'probability',
  ownerId: 'owner_id',
  teamId: 'team_id',
  primaryContactId: 'primary_contact_id',
  channel: 'channel',
  campaign: 'campaign',
  description: 'description',
  tags: 'tags',
} as const satisfies Record<string, string>;

export function toColumns(fields: Record<string, unknown>): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(fields)) {
    const col = (COLUMNS as Record<string, string>)[k];
    if (col && v !== undefined) out[col] = k === 'tags' ? jsonText(v as unknown[]) : v;
  }
  return out;
}

/** The requirable fields of a row (column values), in the engine's API names. */
export function engineFields(r: Row): OpportunityState['fields'] {
  return {
    expectedRevenue: toIntOrNull(r.expected_revenue),
    expectedCloseDate: str(r.expected_close_date),
    primaryContactId: toIntOrNull(r.primary_contact_id),
    description: str(r.description),
    channel: str(r.channel),
    campaign: str(r.campaign),
  } satisfies Record<RequirableField, unknown>;
}

export async function doneTaskIds(trx: Trx | Db, opportunityId: number): Promise<number[]> {
  const rows = await trx('opportunity_tasks')
    .where({ opportunity_id: opportunityId, done: true })
    .whereNull('deleted_at')
    .select('stage_task_id');
  return rows.map((r) => toInt(r.stage_task_id));
}

/** What the engine needs to know about a stored row (with `fields` as they will be). */
export async function engineState(trx: Trx, r: Row): Promise<OpportunityState> {
  return {
    status: r.status as OpportunityState['status'],
    stageId: toInt(r.stage_id),
    probability: toInt(r.probability),
    fields: engineFields(r),
    doneTaskIds: await doneTaskIds(trx, toInt(r.id)),
  };
}

/**
 * A refused verdict as the API error: the engine's own sentence as the message, what is missing
 * in `data.details`. Missing input is BAD_REQUEST; a state the caller must change first (open
 * strict tasks, a closed opportunity) is PRECONDITION_FAILED.
 */
export function assertVerdict(verdict: MoveVerdict): asserts verdict is MoveVerdict & { ok: true } {
  if (verdict.ok) return;
  const message = explain(verdict, 'en');
  switch (verdict.reason) {
    case 'closed':
      throw refusal('PRECONDITION_FAILED', message, { reason: 'closed', status: verdict.status });
    case 'unknown_stage':
      throw refusal('BAD_REQUEST', message, { reason: 'unknown_stage', stageId: verdict.stageId });
    case 'missing_fields':
      throw refusal('BAD_REQUEST', message, {
        reason: 'missing_fields',
        stageId: verdict.stage.id,
        fields: verdict.fields,
      });
    case 'strict_tasks':
      throw refusal('PRECONDITION_FAILED', message, {
        reason: 'strict_tasks',
        stageId: verdict.stage.id,
        taskIds: verdict.tasks.map((t) => t.id),
      });
  }
}

/** A live opportunity the caller's scope reaches, or NOT_FOUND (existence is not revealed). */
export async function loadVisibleOpportunity(
  trx: Trx | Db,
  vis: Visibility,
  id: number,
): Promise<Row> {
  const row = await trx('opportunities as o')
    .where('o.id', id)
    .whereNull('o.deleted_at')
    .where(vis.opportunities(trx, 'o'))
    .first('o.*');
  if (!row) throw notFound('Opportunity');
  return row as Row;
}

export async function assertContactOfPartner(
  trx: Trx,
  field: string,
  partnerId: number,
  contactId: number,
): Promise<void> {
  const link = await trx('partner_contacts as l')
    .join('contacts as c', 'c.id', 'l.contact_id')
    .where({ 'l.partner_id': partnerId, 'l.contact_id': contactId })
    .whereNull('l.deleted_at')
    .whereNull('c.deleted_at')
    .first('l.id');
  if (!link) throw invalidField(field, 'linked', 'is not a contact of this partner');
}

export async function assertCurrency(trx: Trx, field: string, code: string): Promise<void> {
  const row = await trx('currencies').where({ code, active: true }).first('code');
  if (!row) throw invalidField(field, 'currency', `${code} is not an active currency`);
}

/** searchText([name, partner name, partner code]), the funnel's convention. */
export async function opportunitySearchText(trx: Trx, name: string, partnerId: number) {
  const p = await trx('partners').where({ id: partnerId }).first('name', 'code');
  return searchText([name, str(p?.name), str(p?.code)]);
}

/** One stage-history row: every move, close and reopen, with its actor and request. */
export async function recordMove(
  trx: Trx,
  actor: Actor,
  move: {
    opportunityId: number;
    from: number | null;
    to: number;
    status: string;
    at: string;
    automatic?: boolean;
  },
): Promise<void> {
  await trx('opportunity_stage_history').insert({
    opportunity_id: move.opportunityId,
    from_stage_id: move.from,
    to_stage_id: move.to,
    status: move.status,
    at: move.at,
    user_id: actor.userId,
    request_id: actor.requestId,
    automatic: move.automatic ?? false,
  });
}

/** Inserts a business row with its stamps and 'create' audit row; returns its id. */
export async function insertAudited(
  trx: Trx,
  actor: Actor,
  table: string,
  values: Row,
): Promise<number> {
  const [row] = await trx(table)
    .insert({ ...createStamps(actor), ...values })
    .returning('id');
  const id = toInt((row as Row).id);
  await audit(trx, actor, table, id, 'create', diff({}, values));
  return id;
}

/** A versioned, audited change of a child row (at the version just read: its parent guards). */
export async function changeAudited(
  trx: Trx,
  actor: Actor,
  table: string,
  row: Row,
  values: Row,
  what: string,
) {
  const changes = diff(row, values);
  if (Object.keys(changes).length === 0) return;
  const id = toInt(row.id);
  await updateVersioned(trx, table, id, toInt(row.version), values, actor, what);
  await audit(trx, actor, table, id, 'update', changes);
}
