import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { describeEachDatabase, type TestDatabase } from '../../../test/support/databases.ts';
import { checkFields } from '../../../core/funnel/stage-engine.ts';
import {
  normalizeCompany,
  normalizeEmail,
  normalizePhone,
  companyDomain,
  websiteDomain,
} from '../../../core/dedupe.ts';
import { countOf, toInt } from '../rows.ts';
import { loadPipeline } from '../../services/pipeline-read.ts';
import { leadKeyColumns } from '../../services/duplicates.ts';
import { engineFields } from '../../services/opportunity-parts.ts';
import { searchText } from '../../services/search.ts';
import { planDemoPartners } from './demo-plan.ts';
import { assertEngineAgrees, planPipelineDef } from './demo-funnel-check.ts';
import { OPPORTUNITIES_PER_SCALE, planDemoFunnel } from './demo-funnel-plan.ts';
import { LEADS_PER_SCALE } from './demo-lead-plan.ts';
import { SEED_PIPELINES } from './funnel-pipelines.ts';
import { seedDemo } from './index.ts';

const NOW = new Date('2026-11-22T08:00:00.000Z');
const plan = (scale: number) => planDemoFunnel(scale, NOW, planDemoPartners(scale, NOW));

async function count(tdb: TestDatabase, table: string): Promise<number> {
  return countOf(await tdb.db(table).count({ n: '*' }).first());
}

describe('demo funnel plan (no database)', () => {
  test('is deterministic, and a larger scale extends it without changing its start', () => {
    const one = plan(1);
    assert.deepEqual(plan(1), one);
    const two = plan(2);
    assert.deepEqual(two.opportunities.slice(0, OPPORTUNITIES_PER_SCALE), one.opportunities);
    assert.deepEqual(two.leads.slice(0, LEADS_PER_SCALE), one.leads);
    assert.equal(two.leads.length, 2 * LEADS_PER_SCALE);
    assert.equal(two.opportunities.length, 2 * OPPORTUNITIES_PER_SCALE);
    assert.equal(new Set(two.opportunities.map((o) => o.name)).size, two.opportunities.length);
  });

  test('every opportunity walks its pipeline as the stage engine allows', () => {
    const defs = SEED_PIPELINES.map((_, p) =>
      planPipelineDef(
        p,
        (s) => 10 * (p + 1) + s,
        (s, t) => 1000 * (p + 1) + 10 * s + t,
      ),
    );
    const { opportunities } = plan(3);
    for (const o of opportunities) assertEngineAgrees(defs[o.pipeline]!, o);
    for (const o of opportunities) {
      const times = [
        ...o.history.map((m) => m.at),
        ...o.activities.filter((a) => a.done).map((a) => a.occurredAt),
      ];
      assert.ok(
        times.every((t) => t < NOW.toISOString()),
        o.name,
      );
    }
  });

  test('spread: statuses, stages, pipelines, currencies, channels, and a quarter closed', () => {
    const { leads, opportunities } = plan(1);
    const closed = opportunities.filter((o) => o.status !== 'open').length;
    assert.ok(closed >= 25 && closed <= 55, `${closed} closed`);
    for (const s of ['won', 'lost', 'invalid'])
      assert.ok(
        opportunities.some((o) => o.status === s),
        s,
      );
    for (const p of [0, 1]) {
      const open = opportunities.filter((o) => o.pipeline === p && o.status === 'open');
      assert.equal(new Set(open.map((o) => o.stage)).size, SEED_PIPELINES[p]!.stages.length);
    }
    assert.ok(opportunities.some((o) => o.currency === 'USD'));
    assert.ok(opportunities.filter((o) => o.currency === 'CNY').length > 120);
    assert.ok(opportunities.some((o) => o.competitors.length));
    assert.ok(opportunities.some((o) => o.collaborators.length));
    assert.ok(opportunities.some((o) => o.lines.length));
    for (const s of ['new', 'working', 'converted', 'disqualified'])
      assert.ok(
        leads.some((l) => l.status === s),
        s,
      );
    for (const c of ['website', 'trade_show', 'referral', 'telemarketing', 'ads']) {
      assert.ok(
        leads.some((l) => l.channel === c),
        c,
      );
    }
    assert.ok(
      leads.some((l) => l.owner === null && l.team !== null),
      'some wait in a team queue',
    );
    assert.ok(leads.some((l) => l.escalationLevel === 1));
  });

  test('colliding leads share a normalized key with their customer (撞单)', () => {
    const partners = planDemoPartners(1, NOW);
    const { leads } = planDemoFunnel(1, NOW, partners);
    const colliding = leads.filter((l) => l.collidesWith !== null);
    assert.ok(colliding.length >= 10, `${colliding.length}`);
    for (const l of colliding) {
      const p = partners[l.collidesWith!]!;
      const partnerKeys = [
        normalizeCompany(p.name),
        ...p.phones.map(normalizePhone),
        ...p.emails.map(companyDomain),
        websiteDomain(p.website),
        ...p.contacts.flatMap((c) => [normalizeEmail(c.email), ...c.phones.map(normalizePhone)]),
      ];
      const leadKeys = [
        normalizeCompany(l.company),
        normalizePhone(l.phone),
        normalizeEmail(l.email),
        companyDomain(l.email),
      ];
      assert.ok(
        leadKeys.some((k) => k !== null && partnerKeys.includes(k)),
        `${l.name} ${l.company} ${l.email} ${l.phone} vs ${p.name}`,
      );
    }
  });
});

describeEachDatabase('demo funnel seed', (getDb) => {
  let first: Record<string, number>;
  before(async () => {
    first = await seedDemo(getDb().db, { now: NOW });
  });

  test('adds both pipelines, the rules, the form, 200 leads and 150 opportunities', async () => {
    const tdb = getDb();
    assert.equal(first.pipelines, 2);
    assert.equal(first.leads, LEADS_PER_SCALE);
    assert.equal(first.opportunities, OPPORTUNITIES_PER_SCALE);
    assert.equal(await count(tdb, 'leads'), LEADS_PER_SCALE);
    assert.equal(await count(tdb, 'lead_assignment_rules'), 4);
    assert.equal(await count(tdb, 'lead_capture_forms'), 1);
    const shanghai = await tdb.db('teams').where({ name_en: 'Shanghai' }).first();
    assert.equal(toInt(shanghai.escalate_after_hours), 48);
    for (const t of [
      'opportunity_stage_history',
      'opportunity_tasks',
      'opportunity_contacts',
      'opportunity_competitors',
    ]) {
      assert.ok((await count(tdb, t)) > 50, t);
    }
    assert.ok(
      countOf(await tdb.db('activities').whereNotNull('opportunity_id').count({ n: '*' }).first()) >
        300,
    );
    assert.ok(
      countOf(await tdb.db('activities').whereNotNull('lead_id').count({ n: '*' }).first()) > 100,
    );
  });

  test('a second run adds nothing', async () => {
    const again = await seedDemo(getDb().db, { now: NOW });
    assert.ok(
      Object.values(again).every((n) => n === 0),
      JSON.stringify(again),
    );
  });

  test('open opportunities meet their stage; probabilities follow the stage; history walks to it', async () => {
    const { db } = getDb();
    const pipelines = new Map<number, Awaited<ReturnType<typeof loadPipeline>>>();
    for (const r of await db('pipelines').select('id'))
      pipelines.set(toInt(r.id), await loadPipeline(db, toInt(r.id)));
    const history = await db('opportunity_stage_history')
      .orderBy(['opportunity_id', 'at', 'id'])
      .select();
    const tasks = await db('opportunity_tasks')
      .where({ done: true })
      .select('opportunity_id', 'stage_task_id');
    for (const o of await db('opportunities').select()) {
      const id = toInt(o.id);
      const pipeline = pipelines.get(toInt(o.pipeline_id))!;
      const stage = pipeline.stages.find((s) => s.id === toInt(o.stage_id))!;
      if (stage.autoProbability) assert.equal(toInt(o.probability), stage.probability, o.name);
      const verdict = checkFields(pipeline, {
        status: o.status,
        stageId: stage.id,
        probability: toInt(o.probability),
        fields: engineFields(o),
        doneTaskIds: tasks
          .filter((t) => toInt(t.opportunity_id) === id)
          .map((t) => toInt(t.stage_task_id)),
      });
      assert.ok(verdict.ok, o.name);
      const mine = history.filter((h) => toInt(h.opportunity_id) === id);
      assert.equal(mine[0].from_stage_id, null);
      const last = mine.at(-1);
      assert.equal(toInt(last.to_stage_id), stage.id, o.name);
      assert.equal(last.status, o.status, o.name);
      const entered = mine.filter((h) => h.status === 'open').at(-1);
      assert.equal(entered.at, o.stage_entered_at, o.name);
      for (let k = 1; k < mine.length; k++) {
        assert.ok(mine[k].at > mine[k - 1].at, `${o.name}: history in order`);
        if (mine[k].status === 'open')
          assert.equal(toInt(mine[k].from_stage_id), toInt(mine[k - 1].to_stage_id));
      }
    }
  });

  test('closed opportunities carry a reason of their outcome; won ones an amount', async () => {
    const { db } = getDb();
    const rows = await db('opportunities as o')
      .leftJoin('close_reasons as r', 'r.id', 'o.close_reason_id')
      .select('o.*', 'r.outcome');
    for (const o of rows) {
      if (o.status === 'open') {
        assert.equal(o.close_reason_id, null);
        continue;
      }
      assert.equal(o.outcome, o.status, o.name);
      assert.ok(o.closed_at, o.name);
      assert.equal(o.won_amount === null, o.status !== 'won', o.name);
    }
    assert.ok(rows.filter((o) => o.status !== 'open').length >= 25);
  });

  test('converted leads point at existing partners, contacts and their opportunity', async () => {
    const { db } = getDb();
    const converted = await db('leads as l')
      .leftJoin('partners as p', 'p.id', 'l.partner_id')
      .leftJoin('partner_contacts as pc', (j) => {
        j.on('pc.partner_id', 'l.partner_id').andOn('pc.contact_id', 'l.contact_id');
      })
      .leftJoin('opportunities as o', 'o.id', 'l.opportunity_id')
      .where('l.status', 'converted')
      .select(
        'l.id',
        'l.channel',
        'p.id as partner',
        'pc.id as link',
        'o.lead_id',
        'o.partner_id',
        'o.channel as deal_channel',
      );
    assert.ok(converted.length >= 20);
    for (const l of converted) {
      assert.ok(l.partner !== null && l.link !== null, `lead ${l.id}`);
      assert.equal(toInt(l.lead_id), toInt(l.id));
      assert.equal(toInt(l.partner_id), toInt(l.partner));
      assert.equal(l.deal_channel, l.channel);
    }
    const others = await db('leads')
      .whereNot('status', 'converted')
      .whereNotNull('partner_id')
      .first('id');
    assert.equal(others, undefined);
  });

  test('leads carry the keys and search text the lead service derives; some collide (撞单)', async () => {
    const { db } = getDb();
    for (const l of await db('leads').select()) {
      assert.deepEqual(
        [l.norm_email, l.norm_domain, l.norm_phone, l.norm_company],
        Object.values(leadKeyColumns(l)),
        l.name,
      );
      assert.equal(l.search_text, searchText([l.name, l.company, l.email], [l.phone ?? '']));
    }
    const hits = async (q: ReturnType<typeof db>) =>
      countOf(await q.whereNot('l.status', 'converted').count({ n: '*' }).first());
    const company = await hits(
      db('leads as l').join('partners as p', 'p.norm_company', 'l.norm_company'),
    );
    const email = await hits(
      db('leads as l').join('contacts as c', 'c.norm_email', 'l.norm_email'),
    );
    const phone = await hits(
      db('leads as l').join('contacts as c', 'c.norm_phone', 'l.norm_phone'),
    );
    assert.ok(company > 0 && email > 0 && phone > 0, `${company} ${email} ${phone}`);
  });

  test("partners' last contact is still their latest done activity, versioned as a system change", async () => {
    const { db } = getDb();
    const latest = await db('activities')
      .where({ done: true })
      .whereNotNull('partner_id')
      .groupBy('partner_id')
      .select('partner_id')
      .max({ at: 'occurred_at' });
    const byPartner = new Map(
      latest.map((r: Record<string, unknown>) => [toInt(r.partner_id), String(r.at)]),
    );
    const system = new Set(
      (
        await db('audit_log').where({ entity: 'partners', action: 'system' }).pluck('entity_id')
      ).map(toInt),
    );
    for (const p of await db('partners').select('id', 'name', 'last_contact_at', 'version')) {
      assert.equal(p.last_contact_at, byPartner.get(toInt(p.id)) ?? null, p.name);
      // Bumped exactly when the seed changed its system fields, with the change audited.
      assert.equal(toInt(p.version) > 1, system.has(toInt(p.id)), p.name);
    }
    assert.ok(system.size > 10);
  });

  test('--scale adds the next units of leads and opportunities', async () => {
    const tdb = getDb();
    const added = await seedDemo(tdb.db, { scale: 2, now: NOW });
    assert.equal(added.leads, LEADS_PER_SCALE);
    assert.equal(added.opportunities, OPPORTUNITIES_PER_SCALE);
    assert.equal(added.pipelines, 0);
    assert.equal(await count(tdb, 'leads'), 2 * LEADS_PER_SCALE);
    assert.equal(await count(tdb, 'opportunities'), 2 * OPPORTUNITIES_PER_SCALE);
  });
});
