// Who reaches what through the Excel link: each dataset's own permissions and scopes, checked
// against the grants table as the authorization matrix does (own, teammate, deep subtree, other
// subtree), for pulls and for pushes.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { GRANTS, type Permission } from '../../../core/permissions.ts';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import { USERS, type UserKey } from '../../../test/support/org.ts';
import { edit, pullAll, push, syncFixture, type SyncFixture } from './sync-fixture.ts';

const OWNERS = ['rep1', 'rep2', 'repDeep', 'repSouth'] as const;
const CALLERS: UserKey[] = ['rep1', 'rep2', 'mgrEast', 'mgrSouth', 'admin'];
/** Team reach in the test org, written out by hand (independent of the server's scope code). */
const SUBTREE: Partial<Record<UserKey, UserKey[]>> = {
  mgrEast: ['mgrEast', 'rep1', 'rep2', 'repDeep'],
  mgrSouth: ['mgrSouth', 'repSouth'],
};

function reaches(caller: UserKey, permission: Permission, owner: UserKey): boolean {
  const scope = GRANTS[USERS[caller].role][permission] ?? 'none';
  if (scope === 'all') return true;
  if (scope === 'own') return caller === owner;
  if (scope === 'subtree') return (SUBTREE[caller] ?? [caller]).includes(owner);
  return false;
}

describeEachDatabase('sync reach', (getDb) => {
  let f: SyncFixture;
  const deals = new Map<UserKey, { id: number; version: number }>();

  before(async () => {
    f = await syncFixture(getDb());
    const admin = await f.as('admin');
    for (const owner of OWNERS) {
      const p = await admin.partners.create({ name: `可达 ${owner}`, ownerId: f.org.users[owner] });
      deals.set(
        owner,
        await admin.opportunities.create({
          name: `可达商机 ${owner}`,
          partnerId: p.id,
          ownerId: f.org.users[owner],
        }),
      );
    }
  });

  test('pull returns exactly the deals in reach; push answers notFound outside it', async (t) => {
    let cells = 0;
    for (const who of CALLERS) {
      const caller = await f.as(who);
      const pulled = new Set((await pullAll(caller, 'opportunities')).rows.map((r) => r.id));
      for (const owner of OWNERS) {
        const deal = deals.get(owner)!;
        assert.equal(
          pulled.has(deal.id),
          reaches(who, 'opportunities.read', owner),
          `${who} pulling ${owner}'s deal`,
        );
        const current = await (await f.as('admin')).opportunities.get({ id: deal.id });
        const [r] = (
          await push(caller, 'opportunities', [
            edit(`o:${deal.id}`, current.version, {
              description: [current.description, `${who} 写`],
            }),
          ])
        ).results;
        assert.equal(
          r!.status,
          reaches(who, 'opportunities.update', owner) ? 'ok' : 'notFound',
          `${who} pushing ${owner}'s deal`,
        );
        cells++;
      }
    }
    t.diagnostic(`cells: ${cells}`);
  });

  test('finance reads the funnel but its push is refused whole; a read-only token pulls, never pushes', async () => {
    const finance = await f.as('finance');
    const deal = deals.get('rep1')!;
    assert.ok((await pullAll(finance, 'opportunities')).rows.some((r) => r.id === deal.id));
    await assert.rejects(
      push(finance, 'opportunities', [edit(`o:${deal.id}`, 1, { name: ['x', 'y'] })]),
      (e: { code?: string; message?: string }) => {
        assert.equal(e.code, 'FORBIDDEN');
        assert.match(e.message!, /finance/);
        return true;
      },
    );
    const readOnly = await f.as('rep1', ['read']);
    assert.ok((await pullAll(readOnly, 'opportunities')).rows.some((r) => r.id === deal.id));
    await assert.rejects(
      push(readOnly, 'opportunities', [edit(`o:${deal.id}`, 1, { name: ['x', 'y'] })]),
      (e: { code?: string }) => e.code === 'FORBIDDEN',
    );
  });
});
