// Test fixtures for the intake tests (routing, escalation, capture, import): raw lead rows with
// chosen times, and extra reps in a fresh team.
import type { TestDatabase } from '../../../test/support/databases.ts';
import type { Caller, Org } from '../../../test/support/org.ts';
import { toInt } from '../../db/rows.ts';

/** A lead row as if it had arrived at `at` (default now), bypassing the API's clock. */
export async function insertLead(
  tdb: TestDatabase,
  values: Record<string, unknown> & { name: string },
  at = new Date().toISOString(),
): Promise<number> {
  const [row] = await tdb
    .db('leads')
    .insert({
      version: 1,
      created_at: at,
      updated_at: at,
      source: 'manual',
      status: 'new',
      ...values,
    })
    .returning('id');
  return toInt((row as { id: unknown }).id);
}

let made = 0;

/** A new team under `parentId` with `n` active reps (ids ascending), and the admin-made team. */
export async function teamWithReps(
  tdb: TestDatabase,
  admin: Caller,
  org: Org,
  n: number,
  parentId = org.teams.east,
): Promise<{ teamId: number; reps: number[] }> {
  const team = await admin.teams.create({ name: `RR ${++made}`, parentId });
  const at = new Date().toISOString();
  const reps: number[] = [];
  for (let i = 0; i < n; i++) {
    const [row] = await tdb
      .db('users')
      .insert({
        version: 1,
        created_at: at,
        updated_at: at,
        email: `rr${made}-${i}@test.lodestone`,
        name: `RR rep ${made}.${i}`,
        role: 'rep',
        locale: 'en',
        active: true,
        password_hash: 'x',
      })
      .returning('id');
    const id = toInt((row as { id: unknown }).id);
    await tdb.db('team_members').insert({ team_id: team.id, user_id: id, created_at: at });
    reps.push(id);
  }
  return { teamId: team.id, reps };
}

/** How many of `leadIds` each owner holds. */
export async function ownerCounts(tdb: TestDatabase, leadIds: number[]) {
  const rows = await tdb.db('leads').whereIn('id', leadIds).select('owner_id');
  const out = new Map<number | null, number>();
  for (const r of rows) {
    const k = r.owner_id === null ? null : toInt(r.owner_id);
    out.set(k, (out.get(k) ?? 0) + 1);
  }
  return out;
}
