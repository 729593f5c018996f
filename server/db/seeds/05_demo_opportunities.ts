// The demo opportunities with everything that hangs off them (stage history, ticked tasks,
// contacts with their role in the decision, competitors, collaborators, lines, activities), in
// bulk and in the shapes services/opportunities.ts writes. Each one is replayed through the stage
// engine against the stored pipeline first: the seed throws rather than store a deal the server
// would have refused. Converted leads get their opportunity; partners whose activity history
// changed get their system fields recomputed. Idempotent: an existing name is skipped.
import type { Db } from '../knex.ts';
import { jsonText, toInt } from '../rows.ts';
import type { Pipeline } from '../../../core/schemas/pipelines.ts';
import { nextFollowup, progressSummary } from '../../services/activities.ts';
import { audit, diff } from '../../services/audit.ts';
import { loadPipeline } from '../../services/pipeline-read.ts';
import { searchText } from '../../services/search.ts';
import { writeTx, type Trx } from '../../services/tx.ts';
import { createStamps, updateVersioned } from '../../services/versioned.ts';
import { planDemoPartners, type PlannedPartner } from './demo-plan.ts';
import { assertEngineAgrees } from './demo-funnel-check.ts';
import { leadKey, TEAM_OF } from './demo-funnel-common.ts';
import { planDemoFunnel, type PlannedOpportunity } from './demo-funnel-plan.ts';
import type { PlannedLead } from './demo-lead-plan.ts';
import { demoIds, type DemoIds } from './demo-ids.ts';
import { SEED_CLOSE_REASONS, SEED_PIPELINES } from './funnel-pipelines.ts';
import { auditCreated, insertReturningIds, insertRows } from './bulk.ts';
import type { SeedContext, SeedCounts } from './context.ts';

/** Opportunities per transaction: small enough to keep the SQLite write lock short. */
const CHUNK = 50;

interface Refs {
  ids: DemoIds;
  pipelines: Pipeline[];
  reasons: Map<string, number>;
  partners: readonly PlannedPartner[];
  leads: readonly PlannedLead[];
}

export async function seed(db: Db, ctx: SeedContext): Promise<SeedCounts> {
  const partners = planDemoPartners(ctx.scale, ctx.now);
  const { leads, opportunities } = planDemoFunnel(ctx.scale, ctx.now, partners);
  const pipelineIds = await db('pipelines')
    .whereIn(
      'name',
      SEED_PIPELINES.map((p) => p.name),
    )
    .whereNull('deleted_at')
    .select('id', 'name');
  const pipelines = await Promise.all(
    SEED_PIPELINES.map((p) => {
      const row = pipelineIds.find((r) => r.name === p.name);
      if (!row) throw new Error(`pipeline ${p.name} is missing: the funnel seed must run first`);
      return loadPipeline(db, toInt(row.id));
    }),
  );
  const reasonRows = await db('close_reasons')
    .whereNull('deleted_at')
    .select('id', 'outcome', 'name');
  const reasons = new Map(
    reasonRows.map((r) => [`${String(r.outcome)}:${String(r.name)}`, toInt(r.id)]),
  );
  for (const r of SEED_CLOSE_REASONS) {
    if (!reasons.has(`${r.outcome}:${r.name}`))
      throw new Error(`close reason ${r.name} is missing`);
  }
  // Stage and task indexes of the plan are positions in the stored pipeline: check them all first.
  for (const o of opportunities) assertEngineAgrees(pipelines[o.pipeline]!, o);

  const refs: Refs = { ids: await demoIds(db), pipelines, reasons, partners, leads };
  const counts: SeedCounts = {};
  for (let start = 0; start < opportunities.length; start += CHUNK) {
    const chunk = opportunities.slice(start, start + CHUNK);
    const added = await writeTx(db, (trx) => writeChunk(trx, ctx, refs, chunk));
    for (const [table, n] of Object.entries(added)) counts[table] = (counts[table] ?? 0) + n;
  }
  return counts;
}

/** The chunk's customers and their contacts, to turn plan indexes into ids. */
async function customersOf(trx: Trx, refs: Refs, chunk: PlannedOpportunity[]) {
  const names = [...new Set(chunk.map((o) => refs.partners[o.partner]!.name))];
  const rows = await trx('partners as p')
    .leftJoin('partner_contacts as l', (j) => {
      j.on('l.partner_id', 'p.id').andOnNull('l.deleted_at');
    })
    .leftJoin('contacts as c', 'c.id', 'l.contact_id')
    .whereIn('p.name', names)
    .orderBy('c.id')
    .select('p.id', 'p.name', 'p.code', 'c.id as contact_id', 'c.email');
  return (index: number) => {
    const plan = refs.partners[index]!;
    const mine = rows.filter((r) => r.name === plan.name);
    if (!mine.length)
      throw new Error(`demo customer ${plan.name} is missing: the partner seed must run first`);
    return {
      id: toInt(mine[0]!.id),
      code: String(mine[0]!.code),
      contact: (k: number) => {
        const row = mine.find((r) => r.email === plan.contacts[k]!.email);
        if (!row) throw new Error(`a contact of ${plan.name} is missing`);
        return toInt(row.contact_id);
      },
    };
  };
}

async function writeChunk(
  trx: Trx,
  ctx: SeedContext,
  refs: Refs,
  chunk: PlannedOpportunity[],
): Promise<SeedCounts> {
  const existing = new Set(
    (
      await trx('opportunities')
        .whereIn(
          'name',
          chunk.map((o) => o.name),
        )
        .pluck('name')
    ).map(String),
  );
  const fresh = chunk.filter((o) => !existing.has(o.name));
  if (fresh.length === 0) return {};
  const customer = await customersOf(trx, refs, fresh);
  const user = (key: keyof typeof TEAM_OF) => refs.ids.users.get(key)!;
  const sourceLeads = fresh.flatMap((o) => (o.lead === null ? [] : [refs.leads[o.lead]!]));
  const leadRows = sourceLeads.length
    ? await trx('leads')
        .whereIn(
          'name',
          sourceLeads.map((l) => l.name),
        )
        .select('id', 'name', 'company')
    : [];
  const leadId = (o: PlannedOpportunity) => {
    if (o.lead === null) return null;
    const row = leadRows.find((r) => leadKey(r) === leadKey(refs.leads[o.lead!]!));
    return row ? toInt(row.id) : null;
  };
  const stageOf = (o: PlannedOpportunity, s: number) => refs.pipelines[o.pipeline]!.stages[s]!;
  const stamps = (o: PlannedOpportunity, at: string) =>
    createStamps({ ...ctx.actor, userId: user(o.owner) }, at);

  const oppIds = await insertReturningIds(
    trx,
    'opportunities',
    fresh.map((o) => {
      const p = customer(o.partner);
      const last = [o.closedAt, o.stageEnteredAt, ...o.tasksDone.map((t) => t.at)]
        .filter((x): x is string => x !== null)
        .sort()
        .at(-1)!;
      return {
        ...stamps(o, o.createdAt),
        updated_at: last,
        name: o.name,
        partner_id: p.id,
        pipeline_id: refs.pipelines[o.pipeline]!.id,
        stage_id: stageOf(o, o.stage).id,
        status: o.status,
        expected_revenue: o.expectedRevenue,
        currency: o.currency,
        expected_close_date: o.expectedCloseDate,
        probability: o.probability,
        owner_id: user(o.owner),
        team_id: refs.ids.teams.get(TEAM_OF[o.owner])!,
        lead_id: leadId(o),
        primary_contact_id: o.primaryContact === null ? null : p.contact(o.primaryContact),
        channel: o.channel,
        campaign: o.campaign,
        description: o.description,
        tags: jsonText(o.tags),
        stage_entered_at: o.stageEnteredAt,
        close_reason_id:
          o.closeReason === null ? null : refs.reasons.get(`${o.status}:${o.closeReason}`)!,
        close_note: o.closeNote,
        closed_at: o.closedAt,
        won_amount: o.wonAmount,
        // searchText([name, partner name, partner code]), as opportunitySearchText keeps it.
        search_text: searchText([o.name, refs.partners[o.partner]!.name, p.code]),
      };
    }),
  );
  // leads.convert links the lead to the opportunity it made, in the same transaction.
  for (const [k, o] of fresh.entries()) {
    const id = leadId(o);
    if (id !== null) await trx('leads').where({ id }).update({ opportunity_id: oppIds[k] });
  }

  const each = <T>(f: (o: PlannedOpportunity, id: number) => T[]) =>
    fresh.flatMap((o, k) => f(o, oppIds[k]!));
  await insertRows(
    trx,
    'opportunity_stage_history',
    each((o, id) =>
      o.history.map((m) => ({
        opportunity_id: id,
        from_stage_id: m.from === null ? null : stageOf(o, m.from).id,
        to_stage_id: stageOf(o, m.to).id,
        status: m.status,
        at: m.at,
        user_id: user(o.owner),
        request_id: ctx.actor.requestId,
        automatic: m.automatic,
      })),
    ),
  );
  const created = {
    opportunities: oppIds,
    opportunity_tasks: await insertReturningIds(
      trx,
      'opportunity_tasks',
      each((o, id) =>
        o.tasksDone.map((t) => ({
          ...stamps(o, t.at),
          opportunity_id: id,
          stage_task_id: stageOf(o, t.stage).tasks[t.task]!.id,
          done: true,
          done_at: t.at,
          done_by: user(o.owner),
        })),
      ),
    ),
    opportunity_contacts: await insertReturningIds(
      trx,
      'opportunity_contacts',
      each((o, id) =>
        o.contacts.map((c) => ({
          ...stamps(o, o.createdAt),
          opportunity_id: id,
          contact_id: customer(o.partner).contact(c.contact),
          decision_role: c.decisionRole,
          attitude: c.attitude,
          influence: c.influence,
        })),
      ),
    ),
    opportunity_competitors: await insertReturningIds(
      trx,
      'opportunity_competitors',
      each((o, id) =>
        o.competitors.map((c) => ({
          ...stamps(o, o.createdAt),
          opportunity_id: id,
          name: c.name,
          price: c.price,
          currency: o.currency,
          strengths: c.strengths,
          weaknesses: c.weaknesses,
        })),
      ),
    ),
    opportunity_collaborators: await insertReturningIds(
      trx,
      'opportunity_collaborators',
      each((o, id) =>
        o.collaborators.map((c) => ({
          ...stamps(o, o.createdAt),
          opportunity_id: id,
          user_id: user(c.user),
          role: c.role,
        })),
      ),
    ),
    opportunity_lines: await insertReturningIds(
      trx,
      'opportunity_lines',
      each((o, id) =>
        o.lines.map((l, n) => ({
          ...stamps(o, o.createdAt),
          opportunity_id: id,
          product_id: null,
          description: l.description,
          quantity_milli: l.quantityMilli,
          unit_price: l.unitPrice,
          sequence: n + 1,
        })),
      ),
    ),
    activities: await insertReturningIds(
      trx,
      'activities',
      each((o, id) =>
        o.activities.map((a) => ({
          ...stamps(o, a.occurredAt),
          type: a.type,
          subject: a.subject,
          body: a.body,
          occurred_at: a.occurredAt,
          due_at: a.dueAt,
          done: a.done,
          done_at: a.done ? a.occurredAt : null,
          followup_at: null,
          partner_id: customer(o.partner).id,
          contact_id: a.contact === null ? null : customer(o.partner).contact(a.contact),
          opportunity_id: id,
          owner_id: user(o.owner),
        })),
      ),
    ),
  };
  await auditCreated(trx, ctx.actor, ctx.now.toISOString(), created);
  for (const partnerId of new Set(fresh.map((o) => customer(o.partner).id))) {
    await refreshPartner(trx, ctx, partnerId);
  }
  return Object.fromEntries(
    Object.entries(created).map(([table, rowIds]) => [table, rowIds.length]),
  );
}

/**
 * The partner's system fields as services/activities.ts leaves them once all its activities are
 * logged: last contact and progress from the latest done one, next follow-up by that service's
 * own rule (nextFollowup). Written as that service writes a change it makes
 * on someone's behalf: a versioned update audited as 'system'.
 */
async function refreshPartner(trx: Trx, ctx: SeedContext, partnerId: number): Promise<void> {
  const row = await trx('partners').where({ id: partnerId }).first();
  const live = () => trx('activities').where({ partner_id: partnerId }).whereNull('deleted_at');
  const newest = [
    { column: 'occurred_at', order: 'desc' },
    { column: 'id', order: 'desc' },
  ] as const;
  const latest = await live()
    .where({ done: true })
    .orderBy([...newest])
    .first('occurred_at', 'subject', 'body');
  const values = {
    last_contact_at: latest ? String(latest.occurred_at) : null,
    latest_progress: latest
      ? progressSummary(String(latest.subject), latest.body === null ? null : String(latest.body))
      : null,
    next_followup_at: await nextFollowup(trx, partnerId),
  };
  const changes = diff(row, values);
  if (Object.keys(changes).length === 0) return;
  await updateVersioned(
    trx,
    'partners',
    partnerId,
    toInt(row.version),
    values,
    ctx.actor,
    'Partner',
  );
  await audit(trx, ctx.actor, 'partners', partnerId, 'system', changes, ctx.now.toISOString());
}
