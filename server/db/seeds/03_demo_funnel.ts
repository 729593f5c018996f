// The funnel's configuration: both seed pipelines with their close reasons, the demo assignment
// rules, the website capture form and the teams' escalation times. Idempotent: pipelines by name
// (funnel-pipelines.ts), rules by name, the form by its key; an escalation time is set only on
// a team that has none, so an admin's own setting is never overwritten.
import type { Db } from '../knex.ts';
import { jsonText, toInt, toIntOrNull } from '../rows.ts';
import { audit } from '../../services/audit.ts';
import { writeTx } from '../../services/tx.ts';
import { createStamps, updateVersioned } from '../../services/versioned.ts';
import type { DemoTeamKey } from './demo-company.ts';
import { DEMO_ESCALATION, DEMO_FORM, DEMO_RULES } from './demo-funnel-vocab.ts';
import { demoIds } from './demo-ids.ts';
import { insertPipelines } from './funnel-pipelines.ts';
import type { SeedContext, SeedCounts } from './context.ts';

export async function seed(db: Db, ctx: SeedContext): Promise<SeedCounts> {
  const at = ctx.now.toISOString();
  return writeTx(db, async (trx) => {
    const { teams } = await demoIds(trx);
    const { added } = await insertPipelines(trx, ctx.actor, at);
    const counts: SeedCounts = { ...added, lead_assignment_rules: 0, lead_capture_forms: 0 };
    for (const [k, r] of DEMO_RULES.entries()) {
      if (
        await trx('lead_assignment_rules')
          .where({ name: r.name })
          .whereNull('deleted_at')
          .first('id')
      )
        continue;
      const [row] = await trx('lead_assignment_rules')
        .insert({
          ...createStamps(ctx.actor, at),
          sequence: (k + 1) * 10,
          name: r.name,
          region: r.region ?? null,
          industry: null,
          channel: r.channel ?? null,
          campaign: r.campaign ?? null,
          team_id: teams.get(r.team)!,
          active: true,
        })
        .returning('id');
      await audit(
        trx,
        ctx.actor,
        'lead_assignment_rules',
        toInt((row as { id: unknown }).id),
        'create',
        null,
        at,
      );
      counts.lead_assignment_rules!++;
    }
    if (!(await trx('lead_capture_forms').where({ form_key: DEMO_FORM.formKey }).first('id'))) {
      const [row] = await trx('lead_capture_forms')
        .insert({
          ...createStamps(ctx.actor, at),
          name: DEMO_FORM.name,
          form_key: DEMO_FORM.formKey,
          channel: DEMO_FORM.channel,
          campaign: DEMO_FORM.campaign,
          team_id: DEMO_FORM.team,
          allowed_origins: jsonText(DEMO_FORM.allowedOrigins),
          active: true,
        })
        .returning('id');
      await audit(
        trx,
        ctx.actor,
        'lead_capture_forms',
        toInt((row as { id: unknown }).id),
        'create',
        null,
        at,
      );
      counts.lead_capture_forms!++;
    }
    // As teams.settings writes it: a versioned change of the team, audited on it.
    for (const [key, hours] of Object.entries(DEMO_ESCALATION)) {
      const id = teams.get(key as DemoTeamKey)!;
      const team = await trx('teams').where({ id }).first('version', 'escalate_after_hours');
      if (toIntOrNull(team.escalate_after_hours) !== null) continue;
      await updateVersioned(
        trx,
        'teams',
        id,
        toInt(team.version),
        { escalate_after_hours: hours },
        ctx.actor,
        'Team',
      );
      await audit(
        trx,
        ctx.actor,
        'teams',
        id,
        'lead_settings',
        { escalate_after_hours: { old: null, new: hours } },
        at,
      );
    }
    return counts;
  });
}
