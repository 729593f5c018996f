// Who works a lead: assignment rules and team settings (admin), manual and bulk assignment, and
// escalation to the parent team (by hand here; the scheduled job in jobs/escalation.ts).
import { TRPCError } from '@trpc/server';
import type { z } from 'zod';
import type {
  AssignmentRule,
  AssignResult,
  assignInput,
  EscalateResult,
  escalateInput,
  ruleCreateInput,
  ruleRemoveInput,
  ruleUpdateInput,
  TeamLeadSettings,
  teamSettingsSetInput,
} from '../../core/schemas/lead-intake.ts';
import type { Db } from '../db/knex.ts';
import { stampsOf, toBool, toInt, toIntOrNull } from '../db/rows.ts';
import { visibility, type Visibility } from '../auth/scope.ts';
import { actorOf } from '../trpc/context.ts';
import { forbidden, invalidField, notFound } from '../trpc/errors.ts';
import { audit, diff, type Actor } from './audit.ts';
import { nextRepInTurn, OPEN_LEAD_STATUSES, routeLead } from './lead-routing.ts';
import { loadVisibleLead } from './leads.ts';
import { assertAssignableOwner, teamsOf } from './partners.ts';
import type { ScopedCtx } from './scoped-ctx.ts';
import { writeTx, type Trx } from './tx.ts';
import { assertVersion, createStamps, softDelete, updateVersioned } from './versioned.ts';

type Row = Record<string, unknown>;
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));

// ---- rules ------------------------------------------------------------------------------------

function mapRule(r: Row): AssignmentRule {
  return {
    ...stampsOf(r),
    sequence: toInt(r.sequence),
    name: String(r.name),
    region: str(r.region),
    industry: str(r.industry),
    channel: str(r.channel),
    campaign: str(r.campaign),
    teamId: toInt(r.team_id),
    active: toBool(r.active),
  };
}

const RULE_COLUMNS = {
  sequence: 'sequence',
  name: 'name',
  region: 'region',
  industry: 'industry',
  channel: 'channel',
  campaign: 'campaign',
  teamId: 'team_id',
  active: 'active',
} as const;

function ruleColumns(fields: Partial<Record<keyof typeof RULE_COLUMNS, unknown>>): Row {
  const out: Row = {};
  for (const [k, col] of Object.entries(RULE_COLUMNS)) {
    const v = fields[k as keyof typeof RULE_COLUMNS];
    if (v !== undefined) out[col] = v;
  }
  return out;
}

/** A live team, for settings that point at one. */
export async function assertTeam(trx: Trx | Db, teamId: number, field = 'teamId') {
  const team = await trx('teams').where({ id: teamId }).whereNull('deleted_at').first('id');
  if (!team) throw invalidField(field, 'exists', 'is not an existing team');
}

/** In evaluation order: the order routing reads them in. */
export async function listRules(ctx: ScopedCtx): Promise<AssignmentRule[]> {
  const rows = await ctx
    .db('lead_assignment_rules')
    .whereNull('deleted_at')
    .orderBy(['sequence', 'id']);
  return rows.map(mapRule);
}

export async function createRule(ctx: ScopedCtx, input: z.infer<typeof ruleCreateInput>) {
  const actor = actorOf(ctx);
  return writeTx(ctx.db, async (trx) => {
    await assertTeam(trx, input.teamId);
    const values = ruleColumns(input);
    const [row] = await trx('lead_assignment_rules')
      .insert({ ...createStamps(actor), ...values })
      .returning('id');
    const id = toInt((row as Row).id);
    await audit(trx, actor, 'lead_assignment_rules', id, 'create', diff({}, values));
    return mapRule(await trx('lead_assignment_rules').where({ id }).first());
  });
}

async function loadRule(trx: Trx, id: number, version: number): Promise<Row> {
  const row = await trx('lead_assignment_rules').where({ id }).whereNull('deleted_at').first();
  if (!row) throw notFound('Assignment rule');
  assertVersion(row, version, 'Assignment rule');
  return row;
}

export async function updateRule(ctx: ScopedCtx, input: z.infer<typeof ruleUpdateInput>) {
  const actor = actorOf(ctx);
  return writeTx(ctx.db, async (trx) => {
    const before = await loadRule(trx, input.id, input.version);
    if (input.patch.teamId !== undefined) await assertTeam(trx, input.patch.teamId);
    const values = ruleColumns(input.patch);
    const changes = diff(before, values);
    if (Object.keys(changes).length === 0) return mapRule(before);
    const rule = 'Assignment rule';
    await updateVersioned(
      trx,
      'lead_assignment_rules',
      input.id,
      input.version,
      values,
      actor,
      rule,
    );
    await audit(trx, actor, 'lead_assignment_rules', input.id, 'update', changes);
    return mapRule(await trx('lead_assignment_rules').where({ id: input.id }).first());
  });
}

export async function removeRule(ctx: ScopedCtx, input: z.infer<typeof ruleRemoveInput>) {
  const actor = actorOf(ctx);
  return writeTx(ctx.db, async (trx) => {
    await loadRule(trx, input.id, input.version);
    const table = 'lead_assignment_rules';
    const at = await softDelete(trx, actor, table, input.id, input.version, 'Assignment rule');
    return { id: input.id, version: input.version + 1, archivedAt: at };
  });
}

// ---- team settings ----------------------------------------------------------------------------

async function loadSettings(db: Trx | Db, teamId: number): Promise<TeamLeadSettings> {
  const team = await db('teams').where({ id: teamId }).whereNull('deleted_at').first();
  if (!team) throw notFound('Team');
  const open = db('leads as l')
    .count('*')
    .whereRaw('l.owner_id = u.id')
    .whereIn('l.status', OPEN_LEAD_STATUSES)
    .whereNull('l.deleted_at')
    .as('open_leads');
  const members: Row[] = await db('team_members as m')
    .join('users as u', 'u.id', 'm.user_id')
    .where('m.team_id', teamId)
    .whereNull('u.deleted_at')
    .orderBy('u.id')
    .select('u.id', 'u.name', 'u.role', 'u.active', 'm.lead_capacity', open);
  return {
    teamId,
    version: toInt(team.version),
    parentId: toIntOrNull(team.parent_id),
    escalateAfterHours: toIntOrNull(team.escalate_after_hours),
    members: members.map((m) => ({
      userId: toInt(m.id),
      name: String(m.name),
      role: String(m.role),
      active: toBool(m.active),
      leadCapacity: toIntOrNull(m.lead_capacity),
      openLeads: toInt(m.open_leads),
    })),
  };
}

export function getTeamSettings(ctx: ScopedCtx, teamId: number) {
  return loadSettings(ctx.db, teamId);
}

/** Settings are part of the team: versioned against it and audited on it. */
export async function setTeamSettings(
  ctx: ScopedCtx,
  input: z.infer<typeof teamSettingsSetInput>,
): Promise<TeamLeadSettings> {
  const actor = actorOf(ctx);
  return writeTx(ctx.db, async (trx) => {
    const team = await trx('teams')
      .where({ id: input.teamId })
      .whereNull('deleted_at')
      .forUpdate()
      .first();
    if (!team) throw notFound('Team');
    assertVersion(team, input.version, 'Team');
    const changes: Record<string, { old: unknown; new: unknown }> = {};
    if (input.escalateAfterHours !== undefined)
      Object.assign(changes, diff(team, { escalate_after_hours: input.escalateAfterHours }));
    for (const c of input.capacities ?? []) {
      const member = await trx('team_members')
        .where({ team_id: input.teamId, user_id: c.userId })
        .first('id', 'lead_capacity');
      if (!member)
        throw invalidField('capacities', 'member', `user ${c.userId} is not a member of this team`);
      if (toIntOrNull(member.lead_capacity) === c.leadCapacity) continue;
      await trx('team_members').where({ id: member.id }).update({ lead_capacity: c.leadCapacity });
      changes[`lead_capacity:${c.userId}`] = {
        old: toIntOrNull(member.lead_capacity),
        new: c.leadCapacity,
      };
    }
    if (Object.keys(changes).length) {
      const values =
        input.escalateAfterHours === undefined
          ? {}
          : { escalate_after_hours: input.escalateAfterHours };
      await updateVersioned(trx, 'teams', input.teamId, input.version, values, actor, 'Team');
      await audit(trx, actor, 'teams', input.teamId, 'lead_settings', changes);
    }
    return loadSettings(trx, input.teamId);
  });
}

// ---- lead history -----------------------------------------------------------------------------

/** A done note on the lead's history, as its owner would see it among calls and emails. */
export async function noteOnLead(
  trx: Trx,
  actor: Actor,
  leadId: number,
  ownerId: number,
  subject: string,
  body: string | null,
  at = new Date().toISOString(),
) {
  const values = {
    type: 'note',
    subject,
    body,
    occurred_at: at,
    done: true,
    done_at: at,
    lead_id: leadId,
    owner_id: ownerId,
  };
  const [row] = await trx('activities')
    .insert({ ...createStamps(actor, at), ...values })
    .returning('id');
  await audit(trx, actor, 'activities', toInt((row as Row).id), 'create', diff({}, values), at);
}

async function nameOf(trx: Trx, table: 'users' | 'teams', id: number | null) {
  if (id === null) return '—';
  const row = await trx(table).where({ id }).first('name');
  return row ? String(row.name) : `#${id}`;
}

// ---- assignment -------------------------------------------------------------------------------

function assertOpen(row: Row) {
  if (!(OPEN_LEAD_STATUSES as readonly string[]).includes(String(row.status)))
    throw new TRPCError({
      code: 'CONFLICT',
      message: `status: the lead is ${String(row.status)}; only new or working leads can be moved`,
    });
}

/** Where `ownerId` should sit: the lead's team when they belong to it, else their first team. */
async function teamForOwner(trx: Trx, ownerId: number, current: number | null) {
  const teams = await teamsOf(trx, ownerId);
  return current !== null && teams.includes(current) ? current : (teams[0] ?? current);
}

/** Moves one lead; the caller has checked the target owner and team against the scope. */
async function assignOne(
  trx: Trx,
  vis: Visibility,
  actor: Actor,
  target: { id: number; version: number },
  input: z.infer<typeof assignInput>,
): Promise<AssignResult> {
  const before = await loadVisibleLead(trx, vis, target.id);
  assertVersion(before, target.version, 'Lead');
  assertOpen(before);
  const current = toIntOrNull(before.team_id);
  let next: { owner_id: number | null; team_id: number | null };
  if (input.auto) {
    const teamId = input.teamId ?? current;
    const routed =
      teamId === null
        ? await routeLead(trx, {
            region: str(before.region),
            industry: str(before.industry),
            channel: str(before.channel),
            campaign: str(before.campaign),
            teamId: null,
          })
        : { teamId, ownerId: await nextRepInTurn(trx, teamId) };
    if (routed.ownerId !== null && !vis.mayAssignTo(routed.ownerId))
      throw forbidden('ownerId: the next rep in turn is outside your reach');
    next = { owner_id: routed.ownerId, team_id: routed.teamId };
  } else if (input.ownerId !== undefined) {
    next = {
      owner_id: input.ownerId,
      team_id: input.teamId ?? (await teamForOwner(trx, input.ownerId, current)),
    };
  } else {
    next = { owner_id: null, team_id: input.teamId ?? current };
  }
  const at = new Date().toISOString();
  const values = { ...next, assigned_at: at };
  const changes = diff(before, next);
  const version = await updateVersioned(
    trx,
    'leads',
    target.id,
    target.version,
    values,
    actor,
    'Lead',
  );
  await audit(
    trx,
    actor,
    'leads',
    target.id,
    'assign',
    { ...changes, assigned_at: { old: before.assigned_at, new: at } },
    at,
  );
  const owner = await nameOf(trx, 'users', next.owner_id);
  const team = await nameOf(trx, 'teams', next.team_id);
  const how = input.auto ? 'round-robin' : 'manual';
  await noteOnLead(
    trx,
    actor,
    target.id,
    vis.me,
    `Assigned to ${owner} (${team})`,
    `分配 (${how})`,
    at,
  );
  return { id: target.id, ok: true, version, ownerId: next.owner_id, teamId: next.team_id };
}

/**
 * Manual and bulk assignment. The target owner and team are checked once against the caller's
 * scope (a refusal there refuses the whole call); then each lead moves in its own transaction,
 * so one stale version or closed lead does not hold the others back.
 */
export async function assignLeads(ctx: ScopedCtx, input: z.infer<typeof assignInput>) {
  const vis = await visibility(ctx);
  const actor = actorOf(ctx);
  await writeTx(ctx.db, async (trx) => {
    if (input.ownerId !== undefined) await assertAssignableOwner(trx, vis, input.ownerId);
    if (input.teamId !== undefined) {
      await assertTeam(trx, input.teamId);
      if (!vis.mayUseTeam(input.teamId, await teamsOf(trx, vis.me)))
        throw forbidden('teamId: you may not put leads in this team');
    }
  });
  const results: AssignResult[] = [];
  for (const target of input.ids) {
    try {
      results.push(await writeTx(ctx.db, (trx) => assignOne(trx, vis, actor, target, input)));
    } catch (err) {
      if (!(err instanceof TRPCError) || err.code === 'INTERNAL_SERVER_ERROR') throw err;
      results.push({ id: target.id, ok: false, code: err.code, message: err.message });
    }
  }
  return { results, assigned: results.filter((r) => r.ok).length };
}

// ---- escalation -------------------------------------------------------------------------------

/**
 * Moves an open lead up to its team's parent: into that team's queue, owner cleared, one level
 * higher, with a note on its history. `assigned_at` restarts the clock in the new queue, so the
 * job does not push the same lead further on its next run. Returns null when the lead has no
 * team, or its team has no parent: the top of the tree has nowhere to escalate to.
 */
export async function escalateLead(
  trx: Trx,
  actor: Actor,
  before: Row,
  reason: string | null,
  at = new Date().toISOString(),
): Promise<EscalateResult | null> {
  const teamId = toIntOrNull(before.team_id);
  if (teamId === null) return null;
  const team = await trx('teams').where({ id: teamId }).first('parent_id', 'manager_id');
  const parentId = toIntOrNull(team?.parent_id);
  if (parentId === null) return null;
  const parent = await trx('teams').where({ id: parentId }).first('name', 'manager_id');
  const id = toInt(before.id);
  const level = toInt(before.escalation_level) + 1;
  const values = { team_id: parentId, owner_id: null, escalation_level: level, assigned_at: at };
  const version = await updateVersioned(
    trx,
    'leads',
    id,
    toInt(before.version),
    values,
    actor,
    'Lead',
  );
  await audit(trx, actor, 'leads', id, 'escalate', diff(before, values), at);
  // Activities need an owner: the one acting, else whoever the lead concerned most recently.
  const noteOwner =
    actor.userId ??
    toIntOrNull(before.owner_id) ??
    toIntOrNull(parent?.manager_id) ??
    toIntOrNull(team?.manager_id) ??
    toIntOrNull(before.created_by);
  if (noteOwner !== null) {
    const subject = `Escalated to ${String(parent?.name)} (level ${level})`;
    await noteOnLead(trx, actor, id, noteOwner, subject, reason, at);
  }
  return { id, version, teamId: parentId, escalationLevel: level };
}

export async function escalateByHand(
  ctx: ScopedCtx,
  input: z.infer<typeof escalateInput>,
): Promise<EscalateResult> {
  const vis = await visibility(ctx);
  return writeTx(ctx.db, async (trx) => {
    const before = await loadVisibleLead(trx, vis, input.id);
    assertVersion(before, input.version, 'Lead');
    assertOpen(before);
    const done = await escalateLead(trx, actorOf(ctx), before, input.reason ?? null);
    if (!done)
      throw invalidField(
        'teamId',
        'has_parent',
        'the lead’s team has no parent team to escalate to',
      );
    return done;
  });
}
