// The scheduled half of escalation: open leads left untouched longer than their team allows move
// up to the parent team's queue. `lodestone serve` runs it on a timer (see startEscalationJob).
import type { Db } from '../db/knex.ts';
import { toInt } from '../db/rows.ts';
import { jsonLogger, type Logger } from '../http/logging.ts';
import { escalateLead } from '../services/lead-assignment.ts';
import { every, type ScheduledJob } from './schedule.ts';
import { OPEN_LEAD_STATUSES } from '../services/lead-routing.ts';
import { writeTx } from '../services/tx.ts';

export interface EscalationRun {
  /** Teams with a parent and an escalate_after_hours setting. */
  teams: number;
  escalated: number;
  /** Leads touched or moved by someone else between the scan and the write. */
  skipped: number;
}

const SYSTEM = { userId: null, requestId: 'job:escalation' };

/**
 * Escalates every open lead whose last sign of life (touched, assigned or created, whichever is
 * latest) is older than its team's escalate_after_hours. Candidates are picked once, before any
 * write, so a lead moves at most one level per run; the move restarts its clock, so a second run
 * at the same time finds nothing. Each lead moves in its own transaction, guarded by its version.
 */
export async function escalateStaleLeads(
  db: Db,
  now: Date,
  logger: Logger = jsonLogger('info'),
): Promise<EscalationRun> {
  const teams = await db('teams')
    .whereNull('deleted_at')
    .whereNotNull('parent_id')
    .whereNotNull('escalate_after_hours')
    .select('id', 'escalate_after_hours');
  const stale: { id: number; version: number }[] = [];
  for (const t of teams) {
    const cutoff = new Date(now.getTime() - toInt(t.escalate_after_hours) * 3600_000).toISOString();
    const rows = await db('leads')
      .where('team_id', t.id)
      .whereIn('status', OPEN_LEAD_STATUSES)
      .whereNull('deleted_at')
      .where('created_at', '<', cutoff)
      .where((w) => w.whereNull('assigned_at').orWhere('assigned_at', '<', cutoff))
      .where((w) => w.whereNull('last_touched_at').orWhere('last_touched_at', '<', cutoff))
      .orderBy('id')
      .select('id', 'version');
    for (const r of rows) stale.push({ id: toInt(r.id), version: toInt(r.version) });
  }
  const at = now.toISOString();
  let escalated = 0;
  for (const lead of stale) {
    const moved = await writeTx(db, async (trx) => {
      const row = await trx('leads').where({ id: lead.id, version: lead.version }).first();
      return row ? escalateLead(trx, SYSTEM, row, 'No one touched the lead in time', at) : null;
    });
    if (moved) escalated++;
  }
  const run = { teams: teams.length, escalated, skipped: stale.length - escalated };
  logger.info({ job: 'escalation', ...run });
  return run;
}

/** How often `lodestone serve` runs the job: LODESTONE_JOBS=off disables it (tests do). */
export function escalationIntervalMs(env: NodeJS.ProcessEnv): number | null {
  if (env.LODESTONE_JOBS === 'off') return null;
  const minutes = Number(env.LODESTONE_ESCALATION_MINUTES || 15);
  if (!Number.isInteger(minutes) || minutes < 1)
    throw new Error(`LODESTONE_ESCALATION_MINUTES must be a whole number ≥ 1, got "${minutes}"`);
  return minutes * 60_000;
}

/** Runs the job every `intervalMs` (see every()). */
export function startEscalationJob(db: Db, intervalMs: number, logger?: Logger): ScheduledJob {
  return every('escalation', intervalMs, () => escalateStaleLeads(db, new Date(), logger), logger);
}
