// The demo leads with their history (calls, emails, status notes), in bulk and in the shapes
// services/leads.ts writes: collision keys and search text derived the same way. Converted leads
// point at the customer and contact they became; the opportunity is linked by the next seed,
// which creates it. Idempotent: a lead whose name and company exist already is skipped.
import type { Db } from '../knex.ts';
import { jsonText, toInt } from '../rows.ts';
import { leadKeyColumns } from '../../services/duplicates.ts';
import { searchText } from '../../services/search.ts';
import { writeTx, type Trx } from '../../services/tx.ts';
import { createStamps } from '../../services/versioned.ts';
import { planDemoPartners, type PlannedPartner } from './demo-plan.ts';
import { leadKey } from './demo-funnel-common.ts';
import { planDemoFunnel } from './demo-funnel-plan.ts';
import type { PlannedLead } from './demo-lead-plan.ts';
import { demoIds, type DemoIds } from './demo-ids.ts';
import { auditCreated, insertReturningIds } from './bulk.ts';
import type { SeedContext, SeedCounts } from './context.ts';

/** Leads per transaction: small enough to keep the SQLite write lock short. */
const CHUNK = 100;

export async function seed(db: Db, ctx: SeedContext): Promise<SeedCounts> {
  const ids = await demoIds(db);
  const partners = planDemoPartners(ctx.scale, ctx.now);
  const { leads } = planDemoFunnel(ctx.scale, ctx.now, partners);
  const counts: SeedCounts = { leads: 0, activities: 0 };
  for (let start = 0; start < leads.length; start += CHUNK) {
    const chunk = leads.slice(start, start + CHUNK);
    const added = await writeTx(db, (trx) => writeChunk(trx, ctx, ids, partners, chunk));
    counts.leads! += added.leads;
    counts.activities! += added.activities;
  }
  return counts;
}

/** Partner and contact ids of the customers converted leads became, by plan index. */
async function convertedInto(trx: Trx, partners: readonly PlannedPartner[], chunk: PlannedLead[]) {
  const wanted = chunk.flatMap((l) => (l.converted ? [l.converted] : []));
  const names = [...new Set(wanted.map((c) => partners[c.partner]!.name))];
  const rows = names.length
    ? await trx('partners as p')
        .join('partner_contacts as l', 'l.partner_id', 'p.id')
        .join('contacts as c', 'c.id', 'l.contact_id')
        .whereIn('p.name', names)
        .whereNull('l.deleted_at')
        .orderBy('c.id')
        .select('p.id as partner_id', 'p.name', 'c.id as contact_id', 'c.email')
    : [];
  return (c: NonNullable<PlannedLead['converted']>) => {
    const p = partners[c.partner]!;
    const row = rows.find((r) => r.name === p.name && r.email === p.contacts[c.contact]!.email);
    if (!row)
      throw new Error(`demo customer ${p.name} is missing: the partner seed must run first`);
    return { partnerId: toInt(row.partner_id), contactId: toInt(row.contact_id) };
  };
}

async function writeChunk(
  trx: Trx,
  ctx: SeedContext,
  ids: DemoIds,
  partners: readonly PlannedPartner[],
  chunk: PlannedLead[],
): Promise<{ leads: number; activities: number }> {
  const existing = await trx('leads')
    .whereIn(
      'name',
      chunk.map((l) => l.name),
    )
    .select('name', 'company');
  const known = new Set(existing.map(leadKey));
  const fresh = chunk.filter((l) => !known.has(leadKey(l)));
  if (fresh.length === 0) return { leads: 0, activities: 0 };
  const into = await convertedInto(trx, partners, fresh);
  const userId = (key: PlannedLead['owner']) => (key === null ? null : ids.users.get(key)!);

  const leadIds = await insertReturningIds(
    trx,
    'leads',
    fresh.map((l) => {
      const target = l.converted ? into(l.converted) : null;
      // A capture form or a script has no user behind it; a typed card or an import has.
      const by = l.source === 'manual' || l.source === 'import' ? userId(l.owner) : null;
      return {
        ...createStamps({ ...ctx.actor, userId: by }, l.createdAt),
        updated_at: l.updatedAt,
        name: l.name,
        company: l.company,
        job_title: l.jobTitle,
        email: l.email,
        phone: l.phone,
        region: l.region,
        industry: l.industry,
        channel: l.channel,
        campaign: l.campaign,
        source: l.source,
        status: l.status,
        owner_id: userId(l.owner),
        team_id: l.team === null ? null : ids.teams.get(l.team)!,
        assigned_at: l.assignedAt,
        last_touched_at: l.lastTouchedAt,
        escalation_level: l.escalationLevel,
        disqualify_reason: l.disqualifyReason,
        partner_id: target?.partnerId ?? null,
        contact_id: target?.contactId ?? null,
        opportunity_id: null,
        tags: jsonText(l.tags),
        notes: l.notes,
        // Collision keys and search text as services/leads.ts derives them on every write.
        ...leadKeyColumns(l),
        search_text: searchText([l.name, l.company, l.email], [l.phone ?? '']),
      };
    }),
  );

  const activityIds = await insertReturningIds(
    trx,
    'activities',
    fresh.flatMap((l, k) =>
      l.activities.map((a) => {
        const owner = userId(a.by ?? l.owner)!;
        return {
          ...createStamps({ ...ctx.actor, userId: owner }, a.occurredAt),
          type: a.type,
          subject: a.subject,
          body: a.body || null,
          occurred_at: a.occurredAt,
          due_at: null,
          done: true,
          done_at: a.occurredAt,
          followup_at: null,
          partner_id: null,
          contact_id: null,
          lead_id: leadIds[k],
          owner_id: owner,
        };
      }),
    ),
  );
  await auditCreated(trx, ctx.actor, ctx.now.toISOString(), {
    leads: leadIds,
    activities: activityIds,
  });
  return { leads: leadIds.length, activities: activityIds.length };
}
