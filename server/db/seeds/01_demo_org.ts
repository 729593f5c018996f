// The demo company's team tree, users and memberships. Idempotent: users are matched by email,
// teams by name under the same parent, memberships by (team, user); only what is missing is added.
import type { Db } from '../knex.ts';
import { toInt } from '../rows.ts';
import { audit } from '../../services/audit.ts';
import { writeTx } from '../../services/tx.ts';
import { createStamps } from '../../services/versioned.ts';
import { DEMO_TEAMS, DEMO_USERS, type DemoTeamKey } from './demo-company.ts';
import type { SeedContext, SeedCounts } from './context.ts';

export async function seed(db: Db, ctx: SeedContext): Promise<SeedCounts> {
  const emails = DEMO_USERS.map((u) => u.email);
  const known = await db('users').whereIn('email', emails).pluck('email');
  // Hashing takes tens of milliseconds: do it before the write lock is taken, and only if needed.
  const hash = known.length < emails.length ? await ctx.passwordHash() : '';
  const at = ctx.now.toISOString();
  return writeTx(db, async (trx) => {
    const counts: SeedCounts = { users: 0, teams: 0, team_members: 0 };
    const userIds = new Map<string, number>();
    for (const u of DEMO_USERS) {
      const found = await trx('users').where({ email: u.email }).first('id');
      if (found) {
        userIds.set(u.key, toInt(found.id));
        continue;
      }
      const [row] = await trx('users')
        .insert({
          ...createStamps(ctx.actor, at),
          email: u.email,
          name: u.name,
          phone: u.phone,
          password_hash: hash,
          role: u.role,
          locale: u.locale,
          active: true,
        })
        .returning('id');
      const id = toInt((row as { id: unknown }).id);
      await audit(trx, ctx.actor, 'users', id, 'create', null, at);
      userIds.set(u.key, id);
      counts.users!++;
    }
    const teamIds = new Map<DemoTeamKey, number>();
    for (const t of DEMO_TEAMS) {
      const parentId = t.parent ? teamIds.get(t.parent)! : null;
      const found = await trx('teams')
        .where({ name: t.name, parent_id: parentId })
        .whereNull('deleted_at')
        .first('id');
      if (found) {
        teamIds.set(t.key, toInt(found.id));
        continue;
      }
      const manager = DEMO_USERS.find((u) => u.manages === t.key);
      const [row] = await trx('teams')
        .insert({
          ...createStamps(ctx.actor, at),
          name: t.name,
          name_en: t.nameEn,
          parent_id: parentId,
          manager_id: manager ? userIds.get(manager.key)! : null,
        })
        .returning('id');
      const id = toInt((row as { id: unknown }).id);
      await audit(trx, ctx.actor, 'teams', id, 'create', null, at);
      teamIds.set(t.key, id);
      counts.teams!++;
    }
    for (const u of DEMO_USERS) {
      const link = { team_id: teamIds.get(u.team)!, user_id: userIds.get(u.key)! };
      if (await trx('team_members').where(link).first('id')) continue;
      await trx('team_members').insert({ ...link, created_at: at, created_by: ctx.actor.userId });
      counts.team_members!++;
    }
    return counts;
  });
}
