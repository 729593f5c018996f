// The permission matrix (RELIABILITY.md): every role × every procedure × records owned at four
// distances (own, teammate, deep subtree, other subtree) must answer what the grants table says.
// The oracle is independent of the server's scope code: team reach is written out by hand from
// the test org, and the expected answer is derived from GRANTS, the specification.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { describeEachDatabase } from '../support/databases.ts';
import {
  anonymousCaller,
  baseContext,
  callerAs,
  createOrg,
  insertToken,
  USERS,
  type Caller,
  type UserKey,
} from '../support/org.ts';
import { appRouter } from '../../server/trpc/app-router.ts';
import { createCallerFactory } from '../../server/trpc/init.ts';
import { authenticate } from '../../server/auth/tokens.ts';
import { GRANTS, WRITABLE_FIELDS, type Permission, type Scope } from '../../core/permissions.ts';
import { OWNERS, recordsOf, type Fixture, type Owner } from './matrix/kit.ts';
import { LISTS, ROWS } from './matrix/index.ts';

type Outcome = 'ok' | 'FORBIDDEN' | 'NOT_FOUND' | 'UNAUTHORIZED';
type CallerKey = UserKey | 'anonymous' | 'expired';

const CALLERS: CallerKey[] = [
  'rep1',
  'rep2',
  'mgrEast',
  'mgrSouth',
  'finance',
  'admin',
  'anonymous',
  'expired',
];

/** Who each manager's subtree reaches in the test org (East → Shanghai → Pudong; South → Shenzhen). */
const SUBTREE: Partial<Record<UserKey, UserKey[]>> = {
  mgrEast: ['mgrEast', 'rep1', 'rep2', 'repDeep'],
  mgrSouth: ['mgrSouth', 'repSouth'],
};

function reaches(caller: UserKey, scope: Scope, owner: Owner): boolean {
  if (scope === 'all') return true;
  if (scope === 'own') return caller === owner;
  if (scope === 'subtree') return (SUBTREE[caller] ?? [caller]).includes(owner);
  return false;
}

function expected(
  caller: CallerKey,
  permission: Permission | 'self' | 'public',
  owner?: Owner,
): Outcome {
  if (permission === 'public') return 'ok';
  if (caller === 'anonymous' || caller === 'expired') return 'UNAUTHORIZED';
  if (permission === 'self') return 'ok';
  const scope = GRANTS[USERS[caller].role][permission] ?? 'none';
  if (scope === 'none') return 'FORBIDDEN';
  if (owner === undefined) return 'ok';
  return reaches(caller, scope, owner) ? 'ok' : 'NOT_FOUND';
}

function outcomeOf(err: unknown): Outcome | string {
  const code = (err as { code?: string }).code;
  return code === 'FORBIDDEN' || code === 'NOT_FOUND' || code === 'UNAUTHORIZED'
    ? code
    : `error ${code}: ${(err as Error).message}`;
}

describeEachDatabase('authorization matrix', (getDb) => {
  let f: Fixture;
  const createCaller = createCallerFactory(appRouter);

  before(async () => {
    const tdb = getDb();
    const org = await createOrg(tdb);
    let n = 0;
    f = {
      tdb,
      org,
      admin: await callerAs(tdb, org, 'admin'),
      as: (k) => callerAs(tdb, org, k),
      uniq: () => `${Date.now().toString(36)}${(n++).toString(36)}`,
    };
  });

  async function callerFor(key: CallerKey): Promise<Caller> {
    if (key === 'anonymous') return anonymousCaller(f.tdb);
    if (key === 'expired') {
      const { token } = await insertToken(f.tdb, f.org.users.rep1, {
        expiresAt: new Date(Date.now() - 1000).toISOString(),
      });
      const result = await authenticate(f.tdb.db, token, null);
      assert.equal(result, 'expired');
      return createCaller(() => baseContext(f.tdb, null, { authFailure: 'expired' }));
    }
    // A spare personal token, so auth.tokens.revoke has something of the caller's own to revoke.
    await insertToken(f.tdb, f.org.users[key]);
    return f.as(key);
  }

  test('every procedure has a row, and declares the permission its row expects', () => {
    const procedures = appRouter._def.procedures as unknown as Record<
      string,
      { _def: { meta?: { permission?: string } } }
    >;
    const covered = new Set([...ROWS.map((r) => r.path), ...LISTS.map((l) => l.path)]);
    assert.deepEqual(
      [...covered].sort(),
      Object.keys(procedures).sort(),
      'matrix rows ≠ procedures',
    );
    for (const row of [...ROWS, ...LISTS]) {
      assert.equal(procedures[row.path]?._def.meta?.permission, row.permission, row.path);
    }
  });

  test('every role × procedure × record answers as the grants say', async (t) => {
    const mismatches: string[] = [];
    let cells = 0;
    for (const row of ROWS) {
      for (const who of CALLERS) {
        for (const owner of row.perOwner ? OWNERS : [undefined]) {
          const records = owner ? await recordsOf(f, owner) : null;
          const extra = row.setup ? await row.setup(f, records, owner) : undefined;
          const caller = await callerFor(who);
          const want = expected(who, row.permission, owner);
          let got: Outcome | string = 'ok';
          try {
            await row.call(caller, f, records, extra);
          } catch (err) {
            got = outcomeOf(err);
          }
          cells++;
          if (got !== want)
            mismatches.push(
              `${row.path} as ${who}${owner ? ` on ${owner}'s record` : ''}: expected ${want}, got ${got}`,
            );
        }
      }
    }
    t.diagnostic(`cells checked: ${cells}; mismatches: ${mismatches.length}`);
    assert.deepEqual(mismatches, []);
  });

  test('lists return exactly the rows in reach, and totals count only those', async (t) => {
    const records = await Promise.all(OWNERS.map((o) => recordsOf(f, o)));
    // Tag this run's partners and contacts so the search isolates them from other cells' records.
    const tag = `leak${f.uniq()}`;
    for (const r of records) {
      await f.admin.partners.update({
        id: r.partner.id,
        version: r.partner.version,
        patch: { name: `${tag} ${r.partner.name}` },
      });
      await f.admin.contacts.update({
        id: r.contact.id,
        version: r.contact.version,
        patch: { name: `${tag} ${r.contact.name}` },
      });
    }
    let leaked = 0;
    let checked = 0;
    for (const list of LISTS) {
      for (const who of CALLERS) {
        const caller = await callerFor(who);
        const want = expected(who, list.permission);
        let got: number[] | string;
        try {
          got = (await list.ids(caller, records, tag)).sort((a, b) => a - b);
        } catch (err) {
          got = String(outcomeOf(err));
        }
        checked++;
        if (want !== 'ok') {
          assert.equal(got, want, `${list.path} as ${who}`);
          continue;
        }
        const scopeRole = USERS[who as UserKey].role;
        const scope = GRANTS[scopeRole][list.permission] ?? 'none';
        const wantIds = records
          .filter((_, i) => reaches(who as UserKey, scope, OWNERS[i]!))
          .map(list.pick)
          .sort((a, b) => a - b);
        assert.ok(Array.isArray(got), `${list.path} as ${who}: ${String(got)}`);
        leaked += got.filter((id) => !wantIds.includes(id)).length;
        assert.deepEqual(got, wantIds, `${list.path} as ${who}`);
      }
    }
    const mgrTotal = await (await f.as('mgrEast')).partners.list({ search: tag });
    assert.equal(mgrTotal.total, 3, 'a manager total counts only the rows in reach');
    t.diagnostic(`list cells checked: ${checked}; rows leaked: ${leaked}`);
  });
});

describeEachDatabase('field-level writes', (getDb) => {
  test('each role may write exactly the partner fields WRITABLE_FIELDS allows; refused writes change nothing', async (t) => {
    const tdb = getDb();
    const org = await createOrg(tdb);
    const admin = await callerAs(tdb, org, 'admin');
    const samples: Record<string, unknown> = {
      name: 'Renamed Ltd',
      kind: 'both',
      isCompany: false,
      industry: 'Textiles',
      region: '华东',
      customerGroup: 'VIP',
      ownerId: org.users.rep1,
      teamId: org.teams.shanghai,
      phones: ['+86 21 1234 5678'],
      emails: ['buyer@example.cn'],
      website: 'https://example.cn',
      tags: ['key-account'],
      taxId: '91310000MA1K',
      notes: 'Prefers WeChat',
    };
    let refused = 0;
    let cells = 0;
    for (const who of ['rep1', 'mgrEast', 'finance', 'admin'] as const) {
      const caller = await callerAs(tdb, org, who);
      const allowed = WRITABLE_FIELDS['partners.update']?.[USERS[who].role];
      for (const [field, value] of Object.entries(samples)) {
        const p = await admin.partners.create({
          name: `Field ${who} ${field}`,
          ownerId: org.users.rep1,
        });
        const want = !allowed || allowed.includes(field) ? 'ok' : 'FORBIDDEN';
        let got = 'ok';
        try {
          await caller.partners.update({ id: p.id, version: p.version, patch: { [field]: value } });
        } catch (err) {
          got = String(outcomeOf(err));
        }
        cells++;
        assert.equal(got, want, `${who} writing ${field}`);
        if (want === 'FORBIDDEN') {
          refused++;
          const after = await admin.partners.get({ id: p.id });
          assert.equal(after.version, p.version, `${who} writing ${field} left the row unchanged`);
        }
      }
    }
    t.diagnostic(`field cells: ${cells}; refused and unchanged: ${refused}`);
  });
});
