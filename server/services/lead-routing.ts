// Where a new lead goes: assignment rules pick a team, round-robin within the team picks a rep.
import { toBool, toInt, toIntOrNull } from '../db/rows.ts';
import type { Trx } from './tx.ts';

/** What routing needs to know about a lead. */
export interface RoutableLead {
  region: string | null;
  industry: string | null;
  channel: string | null;
  campaign: string | null;
  /** A team already chosen (a capture form's team, or the caller's); rules pick one otherwise. */
  teamId: number | null;
}

/** Lead statuses that count against a rep's capacity and that escalation watches. */
export const OPEN_LEAD_STATUSES = ['new', 'working'] as const;

type Row = Record<string, unknown>;
const CRITERIA = ['region', 'industry', 'channel', 'campaign'] as const;

/** Criteria compare trimmed and case-blind: "East" typed in a form matches a rule for "east". */
const same = (a: unknown, b: string | null) =>
  b !== null && String(a).trim().toLowerCase() === b.trim().toLowerCase();

/** The team of the first active rule (by sequence, then id) whose criteria all match. */
export async function matchRule(trx: Trx, lead: RoutableLead): Promise<number | null> {
  const rules: Row[] = await trx('lead_assignment_rules as r')
    .join('teams as t', 't.id', 'r.team_id')
    .whereNull('r.deleted_at')
    .whereNull('t.deleted_at')
    .orderBy(['r.sequence', 'r.id'])
    .select('r.*');
  const hit = rules.find(
    (r) => toBool(r.active) && CRITERIA.every((c) => r[c] === null || same(r[c], lead[c] ?? null)),
  );
  return hit ? toInt(hit.team_id) : null;
}

/**
 * The next rep of a team in turn: active users with role rep who are members, in user-id order,
 * starting after the one who got the last lead, skipping anyone holding as many open leads as
 * their capacity. The team row is locked first (a no-op under SQLite's BEGIN IMMEDIATE), so two
 * concurrent arrivals queue up and each sees the other's pick and lead. NO KEY UPDATE, not FOR
 * UPDATE: it serializes routers without blocking inserts that merely reference the team.
 * Returns null when nobody has room; the lead then waits in the team's queue.
 */
export async function nextRepInTurn(trx: Trx, teamId: number): Promise<number | null> {
  const team = await trx('teams')
    .where({ id: teamId })
    .whereNull('deleted_at')
    .forNoKeyUpdate()
    .first('rr_last_user_id');
  if (!team) return null;
  const open = trx('leads as l')
    .count('*')
    .whereRaw('l.owner_id = u.id')
    .whereIn('l.status', OPEN_LEAD_STATUSES)
    .whereNull('l.deleted_at')
    .as('open_leads');
  const reps: Row[] = await trx('team_members as m')
    .join('users as u', 'u.id', 'm.user_id')
    .where({ 'm.team_id': teamId, 'u.role': 'rep', 'u.active': true })
    .whereNull('u.deleted_at')
    .orderBy('u.id')
    .select('u.id', 'm.lead_capacity', open);
  const last = toIntOrNull(team.rr_last_user_id) ?? 0;
  const start = reps.findIndex((r) => toInt(r.id) > last);
  const turn = start < 0 ? reps : [...reps.slice(start), ...reps.slice(0, start)];
  const free = turn.find((r) => {
    const capacity = toIntOrNull(r.lead_capacity);
    return capacity === null || toInt(r.open_leads) < capacity;
  });
  if (!free) return null;
  const ownerId = toInt(free.id);
  // Bookkeeping, not an edit of the team: no version bump, so team edits never conflict with it.
  await trx('teams').where({ id: teamId }).update({ rr_last_user_id: ownerId });
  return ownerId;
}

/**
 * Routes a new lead: the given team, or the first matching rule's; then the next rep in turn
 * within that team. Nobody with room (or no team at all) leaves the owner empty.
 */
export async function routeLead(
  trx: Trx,
  lead: RoutableLead,
): Promise<{ teamId: number | null; ownerId: number | null }> {
  const teamId = lead.teamId ?? (await matchRule(trx, lead));
  if (teamId === null) return { teamId: null, ownerId: null };
  return { teamId, ownerId: await nextRepInTurn(trx, teamId) };
}
