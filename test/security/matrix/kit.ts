// Shared pieces of the permission matrix: the fixture, the records each cell acts on, and the
// row shapes. Each domain lists its rows in a file of its own beside this one (see index.ts).
import { toInt } from '../../../server/db/rows.ts';
import type { Permission } from '../../../core/permissions.ts';
import type { TestDatabase } from '../../support/databases.ts';
import type { Caller, Org, UserKey } from '../../support/org.ts';

/** Owners of the records each cell acts on: own / teammate / deep subtree / other subtree, seen from rep1 and mgrEast. */
export const OWNERS = ['rep1', 'rep2', 'repDeep', 'repSouth'] as const;
export type Owner = (typeof OWNERS)[number];

export interface Fixture {
  tdb: TestDatabase;
  org: Org;
  admin: Caller;
  as: (key: UserKey) => Promise<Caller>;
  uniq: () => string;
}

/** Records of one owner, made fresh for each cell so writes never disturb another cell. */
export async function recordsOf(f: Fixture, owner: Owner) {
  const ownerCaller = await f.as(owner);
  const partner = await f.admin.partners.create({
    name: `Matrix ${f.uniq()}`,
    ownerId: f.org.users[owner],
    addresses: [{ type: 'office', line1: '1 Matrix Road' }],
  });
  const contact = await f.admin.contacts.create({
    name: `Contact ${f.uniq()}`,
    ownerId: f.org.users[owner],
    partners: [{ partnerId: partner.id, role: 'user' }],
  });
  const task = await ownerCaller.activities.log({
    type: 'task',
    subject: 'Send the brochure',
    partnerId: partner.id,
    dueAt: new Date(Date.now() + 86400_000).toISOString(),
  });
  const full = await f.admin.partners.get({ id: partner.id });
  const address = full.addresses[0]!;
  const link = full.contacts[0]!;
  // A second contact of the same owner, not yet linked to the partner, for contacts.link.
  const loose = await f.admin.contacts.create({
    name: `Loose ${f.uniq()}`,
    ownerId: f.org.users[owner],
  });
  // The task moved the partner's next follow-up (a system write), so take its current version.
  return { partner: full, contact, task, address, link, loose };
}
export type Records = Awaited<ReturnType<typeof recordsOf>>;

export interface Row<S = unknown> {
  path: string;
  permission: Permission | 'self' | 'public';
  /** Record-bound rows run once per owner; the expected answer depends on reach. */
  perOwner: boolean;
  /** Extra records the cell needs, made by the admin before the call (e.g. an opportunity of the owner). */
  setup?: (f: Fixture, r: Records | null, owner: Owner | undefined) => Promise<S>;
  call: (c: Caller, f: Fixture, r: Records | null, s: S) => Promise<unknown>;
}

/** A list procedure: it answers, but only with the rows in reach (checked for leaks). */
export interface ListRow {
  path: string;
  permission: Permission;
  /** The id of the record of `Records` this list should return. */
  pick: (r: Records) => number;
  /** The ids the list returns for this caller; `tag` is in the name of each record's partner and contact. */
  ids: (c: Caller, r: Records[], tag: string) => Promise<number[]>;
}

/** Define rows with their setup's type checked against their call. */
export const row = <S>(r: Row<S>): Row => r as unknown as Row;

export async function freshUser(f: Fixture) {
  const at = new Date().toISOString();
  const [row] = await f.tdb
    .db('users')
    .insert({
      version: 1,
      created_at: at,
      updated_at: at,
      email: `u-${f.uniq()}@test.lodestone`,
      name: 'Temp',
      role: 'rep',
      locale: 'en',
      active: true,
      password_hash: 'x',
    })
    .returning('id');
  return toInt((row as { id: unknown }).id);
}

export async function freshTeam(f: Fixture, memberId?: number) {
  const team = await f.admin.teams.create({ name: `Team ${f.uniq()}`, parentId: f.org.teams.hq });
  if (memberId) await f.admin.teams.addMember({ teamId: team.id, userId: memberId });
  return f.admin.teams.get({ id: team.id });
}
