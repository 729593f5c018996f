import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { describeEachDatabase, type TestDatabase } from '../../../test/support/databases.ts';
import { anonymousCaller, baseContext, insertToken } from '../../../test/support/org.ts';
import { createCallerFactory } from '../../trpc/init.ts';
import { appRouter } from '../../trpc/app-router.ts';
import type { Role } from '../../../core/permissions.ts';
import { countOf, parseJsonArray, toBool, toInt } from '../rows.ts';
import { generatedPartnerCode } from '../../services/partners.ts';
import { progressSummary } from '../../services/activities.ts';
import { searchText } from '../../services/search.ts';
import { DEMO_PASSWORD, DEMO_TEAMS, DEMO_USERS } from './demo-company.ts';
import { planDemoPartners } from './demo-plan.ts';
import { planDemoFunnel } from './demo-funnel-plan.ts';
import { isEmptyDatabase, seedDemo } from './index.ts';

const NOW = new Date('2026-11-22T08:00:00.000Z');
const DAY = 86_400_000;

async function count(tdb: TestDatabase, table: string): Promise<number> {
  return countOf(await tdb.db(table).count({ n: '*' }).first());
}

const TABLES = [
  'users',
  'teams',
  'team_members',
  'partners',
  'partner_addresses',
  'contacts',
  'partner_contacts',
  'activities',
];

async function counts(tdb: TestDatabase): Promise<Record<string, number>> {
  return Object.fromEntries(await Promise.all(TABLES.map(async (t) => [t, await count(tdb, t)])));
}

/** What a plan of this scale holds, per table, to compare with what the seed wrote. */
function planned(scale: number) {
  const plan = planDemoPartners(scale, NOW);
  const sum = (f: (p: (typeof plan)[number]) => number) => plan.reduce((s, p) => s + f(p), 0);
  // Leads and opportunities have their history too (funnel-seed.test.ts checks the rest).
  const funnel = planDemoFunnel(scale, NOW, plan);
  const funnelActivities = [...funnel.leads, ...funnel.opportunities].reduce(
    (s, x) => s + x.activities.length,
    0,
  );
  return {
    partners: plan.length,
    partner_addresses: sum((p) => p.addresses.length),
    contacts: sum((p) => p.contacts.length),
    partner_contacts: sum((p) => p.contacts.length + (p.sharesContactWith === null ? 0 : 1)),
    activities: sum((p) => p.activities.length) + funnelActivities,
  };
}

describe('demo plan (no database)', () => {
  test('is deterministic, and a larger scale extends it without changing its start', () => {
    const once = planDemoPartners(1, NOW);
    assert.deepEqual(planDemoPartners(1, NOW), once);
    const twice = planDemoPartners(2, NOW);
    assert.deepEqual(twice.slice(0, 60), once.slice(0, 60));
    assert.deepEqual(twice.slice(120, 125), once.slice(60, 65));
    assert.equal(new Set(twice.map((p) => p.name)).size, twice.length);
  });

  test('60 customers (a few international) and 5 suppliers per scale, a few hundred activities', () => {
    const plan = planDemoPartners(1, NOW);
    assert.equal(plan.filter((p) => p.kind === 'customer').length, 60);
    assert.equal(plan.filter((p) => p.kind === 'supplier').length, 5);
    assert.ok(plan.filter((p) => /有限公司$/.test(p.name)).length >= 50);
    assert.ok(plan.some((p) => p.region === '海外' && /(GmbH|Inc\.|Ltd\.?)$/.test(p.name)));
    const activities = plan.flatMap((p) => p.activities);
    assert.ok(activities.length >= 200 && activities.length <= 500, `${activities.length}`);
    for (const a of activities) {
      const ago = NOW.getTime() - Date.parse(a.occurredAt);
      assert.ok(ago > 0 && ago <= 90 * DAY, a.occurredAt);
    }
    for (const type of ['call', 'visit', 'email', 'meeting', 'note', 'task']) {
      assert.ok(
        activities.some((a) => a.type === type),
        type,
      );
    }
    assert.ok(activities.some((a) => /[\u4e00-\u9fff]/.test(a.subject)));
    assert.ok(activities.some((a) => /^[\x20-\x7e]+$/.test(a.subject)));
    const groups = new Set(plan.map((p) => p.customerGroup));
    for (const g of ['VIP', '普通', '经销商']) assert.ok(groups.has(g), g);
  });
});

describeEachDatabase('demo seed', (getDb) => {
  let first: Record<string, number>;
  before(async () => {
    assert.equal(await isEmptyDatabase(getDb().db), true);
    first = await seedDemo(getDb().db, { now: NOW });
  });

  test('adds the team tree, eight users and the planned partners', async () => {
    const tdb = getDb();
    const ours = Object.fromEntries(TABLES.map((t) => [t, first[t]]));
    assert.deepEqual(ours, { users: 8, teams: 6, team_members: 8, ...planned(1) });
    assert.deepEqual(await counts(tdb), ours);
    assert.equal(await isEmptyDatabase(tdb.db), false);
    const teams = await tdb
      .db('teams as t')
      .leftJoin('teams as p', 'p.id', 't.parent_id')
      .select('t.name', 't.name_en', 'p.name as parent');
    const parentOf = Object.fromEntries(teams.map((t) => [String(t.name), t.parent ?? null]));
    for (const t of DEMO_TEAMS) {
      const parent = DEMO_TEAMS.find((x) => x.key === t.parent);
      assert.equal(parentOf[t.name], parent?.name ?? null, t.name);
    }
    const managers = await tdb
      .db('teams as t')
      .join('users as u', 'u.id', 't.manager_id')
      .select('t.name_en', 'u.role');
    assert.deepEqual(managers.map((m) => `${m.name_en}:${m.role}`).sort(), [
      'East:manager',
      'South:manager',
    ]);
  });

  test('a second run adds nothing', async () => {
    const tdb = getDb();
    const before = await counts(tdb);
    const again = await seedDemo(tdb.db, { now: NOW });
    assert.ok(
      Object.values(again).every((n) => n === 0),
      JSON.stringify(again),
    );
    assert.deepEqual(await counts(tdb), before);
  });

  test("every partner's system fields agree with its activities, as the activity service keeps them", async () => {
    const { db } = getDb();
    const partners = await db('partners').select();
    const activities = await db('activities').orderBy(['occurred_at', 'id']).select();
    for (const p of partners) {
      const mine = activities.filter((a) => toInt(a.partner_id) === toInt(p.id));
      const done = mine.filter((a) => toBool(a.done));
      const latest = done.at(-1);
      assert.equal(p.last_contact_at, latest ? latest.occurred_at : null, p.name);
      assert.equal(
        p.latest_progress,
        latest ? progressSummary(latest.subject, latest.body) : null,
        p.name,
      );
      const plannedFollowup = mine.filter((a) => a.followup_at !== null).at(-1)?.followup_at;
      const openDue = mine.filter((a) => !toBool(a.done) && a.due_at).map((a) => a.due_at);
      const candidates = [...openDue, ...(plannedFollowup ? [plannedFollowup] : [])].sort();
      assert.equal(p.next_followup_at, candidates[0] ?? null, p.name);
    }
    assert.ok(partners.filter((p) => p.last_contact_at !== null).length > 50);
    assert.ok(partners.filter((p) => p.next_followup_at !== null).length > 30);
  });

  test('every partner has an owner in its team, a generated code and the search text', async () => {
    const { db } = getDb();
    const rows = await db('partners as p')
      .leftJoin('team_members as m', function () {
        this.on('m.user_id', 'p.owner_id').andOn('m.team_id', 'p.team_id');
      })
      .select('p.*', 'm.id as membership');
    // The funnel seed's deal activities change some partners' system fields: a versioned change.
    const changed = new Set(
      (
        await db('audit_log').where({ entity: 'partners', action: 'system' }).pluck('entity_id')
      ).map(toInt),
    );
    for (const p of rows) {
      assert.ok(p.owner_id !== null && p.membership !== null, `${p.name} has an owner in a team`);
      assert.equal(p.code, generatedPartnerCode(p.kind, toInt(p.id)));
      assert.equal(p.search_text, searchText([p.name, p.code], parseJsonArray(p.phones)));
      assert.equal(toInt(p.version) === 1, !changed.has(toInt(p.id)), p.name);
    }
  });

  test('addresses have a default per type; contacts are linked, some to two partners', async () => {
    const { db } = getDb();
    const defaults = await db('partner_addresses')
      .where({ is_default: true })
      .groupBy('partner_id', 'type')
      .select('partner_id', 'type')
      .count({ n: '*' });
    assert.ok(defaults.every((d) => countOf(d) === 1));
    const invoice = await db('partner_addresses').where({ type: 'invoice', is_default: true });
    assert.equal(invoice.length, 65);
    const links = await db('partner_contacts').select(
      'contact_id',
      'partner_id',
      'is_primary',
      'role',
    );
    const perContact = new Map<number, number>();
    for (const l of links)
      perContact.set(toInt(l.contact_id), (perContact.get(toInt(l.contact_id)) ?? 0) + 1);
    assert.ok(
      [...perContact.values()].some((n) => n === 2),
      'a contact works for two partners',
    );
    const primaries = links.filter((l) => toBool(l.is_primary));
    assert.equal(new Set(primaries.map((l) => toInt(l.partner_id))).size, 65);
    assert.equal(primaries.length, 65);
    const contacts = await db('contacts').select();
    for (const c of contacts) {
      assert.equal(c.search_text, searchText([c.name, c.email], parseJsonArray(c.phones)));
    }
    const roles = new Set(links.map((l) => String(l.role)));
    for (const r of ['decision_maker', 'finance']) assert.ok(roles.has(r), r);
  });

  test('demo users sign in with the printed password and see their own book', async () => {
    const tdb = getDb();
    const rep = DEMO_USERS.find((u) => u.key === 'repShanghai1')!;
    const login = await anonymousCaller(tdb).auth.login({
      email: rep.email,
      password: DEMO_PASSWORD,
    });
    assert.equal(login.user.role, 'rep');
    const userId = login.user.id;
    const { id } = await insertToken(tdb, userId, { kind: 'session' });
    const caller = createCallerFactory(appRouter)(
      baseContext(tdb, {
        user: {
          id: userId,
          role: rep.role as Role,
          name: rep.name,
          email: rep.email,
          locale: 'zh-CN',
        },
        token: { id, kind: 'session', scopes: ['read', 'write'], allowedOrigins: [] },
      }),
    );
    const page = await caller.partners.list({ limit: 500 });
    assert.ok(page.total >= 10);
    assert.ok(page.items.every((p) => p.ownerId === userId));
    const full = await caller.partners.get({ id: page.items[0]!.id });
    assert.ok(full.addresses.length >= 1);
    assert.ok(full.contacts.length >= 1);
  });

  test('--scale multiplies customers, suppliers, contacts and activities', async () => {
    const tdb = getDb();
    const added = await seedDemo(tdb.db, { scale: 3, now: NOW });
    const three = planned(3);
    const one = planned(1);
    assert.equal(added.users, 0);
    for (const [table, n] of Object.entries(three)) {
      assert.equal(added[table], n - one[table as keyof typeof one], table);
      assert.equal(await count(tdb, table), n, table);
    }
    assert.equal(await count(tdb, 'partners'), 195);
  });
});
