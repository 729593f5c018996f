// The demo company's users and teams by key, as the funnel seeds need them: resolved by email
// and by name under the parent (how 01_demo_org.ts matches them).
import type { Db } from '../knex.ts';
import { toInt } from '../rows.ts';
import type { Trx } from '../../services/tx.ts';
import { DEMO_TEAMS, DEMO_USERS, type DemoTeamKey, type DemoUserKey } from './demo-company.ts';

export interface DemoIds {
  users: Map<DemoUserKey, number>;
  teams: Map<DemoTeamKey, number>;
}

export async function demoIds(db: Db | Trx): Promise<DemoIds> {
  const rows = await db('users')
    .whereIn(
      'email',
      DEMO_USERS.map((u) => u.email),
    )
    .select('id', 'email');
  const users = new Map<DemoUserKey, number>();
  for (const u of DEMO_USERS) {
    const row = rows.find((r) => r.email === u.email);
    if (!row) throw new Error(`demo user ${u.email} is missing: the demo team seed must run first`);
    users.set(u.key, toInt(row.id));
  }
  const teams = new Map<DemoTeamKey, number>();
  for (const t of DEMO_TEAMS) {
    const row = await db('teams')
      .where({ name: t.name, parent_id: t.parent ? teams.get(t.parent)! : null })
      .whereNull('deleted_at')
      .first('id');
    if (!row) throw new Error(`demo team ${t.name} is missing: the demo team seed must run first`);
    teams.set(t.key, toInt(row.id));
  }
  return { users, teams };
}
