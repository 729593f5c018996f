// The demo customers and suppliers with their addresses, contacts and activity history, written
// in bulk (the services write row by row, far too slowly for --scale) but in exactly the shapes
// the services write. Idempotent: a planned partner whose name exists already is skipped, with
// everything that hangs off it.
import type { Db } from '../knex.ts';
import { jsonText, toInt } from '../rows.ts';
import { contactKeyColumns, partnerKeyColumns } from '../../services/duplicates.ts';
import { generatedPartnerCode } from '../../services/partners.ts';
import { searchText } from '../../services/search.ts';
import { writeTx, type Trx } from '../../services/tx.ts';
import { createStamps } from '../../services/versioned.ts';
import { DEMO_USERS, type DemoUserKey } from './demo-company.ts';
import { planDemoPartners, type PlannedPartner } from './demo-plan.ts';
import { insertReturningIds, insertRows } from './bulk.ts';
import type { SeedContext, SeedCounts } from './context.ts';

/** Partners per transaction: small enough to keep the SQLite write lock short. */
const CHUNK = 50;

interface Owner {
  id: number;
  teamId: number | null;
}

/** The demo users and, as partners.create defaults it, each one's first team. */
async function demoOwners(db: Db): Promise<Map<DemoUserKey, Owner>> {
  const rows = await db('users as u')
    .leftJoin('team_members as m', 'm.user_id', 'u.id')
    .whereIn(
      'u.email',
      DEMO_USERS.map((u) => u.email),
    )
    .orderBy(['u.id', 'm.team_id'])
    .select('u.id', 'u.email', 'm.team_id');
  const owners = new Map<DemoUserKey, Owner>();
  for (const u of DEMO_USERS) {
    const row = rows.find((r) => r.email === u.email);
    if (!row) throw new Error(`demo user ${u.email} is missing: the demo team seed must run first`);
    owners.set(u.key, {
      id: toInt(row.id),
      teamId: row.team_id == null ? null : toInt(row.team_id),
    });
  }
  return owners;
}

export async function seed(db: Db, ctx: SeedContext): Promise<SeedCounts> {
  const owners = await demoOwners(db);
  const plan = planDemoPartners(ctx.scale, ctx.now);
  const counts: SeedCounts = {
    partners: 0,
    partner_addresses: 0,
    contacts: 0,
    partner_contacts: 0,
    activities: 0,
  };
  // Plan index → partner id, for existing and new partners alike (shared contacts link back).
  const ids = new Map<number, number>();
  for (let start = 0; start < plan.length; start += CHUNK) {
    const chunk = plan.slice(start, start + CHUNK).map((p, k) => ({ p, index: start + k }));
    const added = await writeTx(db, (trx) => writeChunk(trx, ctx, owners, chunk, ids));
    for (const [table, n] of Object.entries(added)) counts[table] = (counts[table] ?? 0) + n;
  }
  return counts;
}

async function writeChunk(
  trx: Trx,
  ctx: SeedContext,
  owners: Map<DemoUserKey, Owner>,
  chunk: { p: PlannedPartner; index: number }[],
  ids: Map<number, number>,
): Promise<SeedCounts> {
  const existing = await trx('partners')
    .whereIn(
      'name',
      chunk.map((c) => c.p.name),
    )
    .select('id', 'name');
  const existingIds = new Map(existing.map((r) => [String(r.name), toInt(r.id)]));
  for (const c of chunk) {
    const id = existingIds.get(c.p.name);
    if (id !== undefined) ids.set(c.index, id);
  }
  const fresh = chunk.filter((c) => !existingIds.has(c.p.name));
  if (fresh.length === 0) return {};

  const newIds = await insertReturningIds(
    trx,
    'partners',
    fresh.map((c) => partnerRow(ctx, owners.get(c.p.owner)!, c.p, c.index)),
  );
  await assignCodes(trx, fresh, newIds);
  fresh.forEach((c, k) => ids.set(c.index, newIds[k]!));

  const stamps = (p: PlannedPartner, at = p.createdAt) =>
    createStamps({ ...ctx.actor, userId: owners.get(p.owner)!.id }, at);
  const addresses = fresh.flatMap((c, k) =>
    c.p.addresses.map((a) => ({
      ...stamps(c.p),
      partner_id: newIds[k],
      type: a.type,
      is_default: a.isDefault,
      label: a.label,
      line1: a.line1,
      line2: a.line2,
      city: a.city,
      province: a.province,
      postcode: a.postcode,
      country: a.country,
    })),
  );
  const addressIds = await insertReturningIds(trx, 'partner_addresses', addresses);

  const contactPlans = fresh.flatMap((c, k) =>
    c.p.contacts.map((contact) => ({ c, partnerId: newIds[k]!, contact })),
  );
  const contactIds = await insertReturningIds(
    trx,
    'contacts',
    contactPlans.map(({ c, contact }) => ({
      ...stamps(c.p),
      name: contact.name,
      email: contact.email,
      phones: jsonText(contact.phones),
      wechat: contact.wechat,
      job_title: contact.jobTitle,
      notes: null,
      owner_id: owners.get(c.p.owner)!.id,
      // As services/contacts.ts keeps it: name, email and phone digits.
      search_text: searchText([contact.name, contact.email], contact.phones),
      ...contactKeyColumns(contact),
    })),
  );
  // Where each partner's contacts start in contactIds.
  const firstContact = new Map<number, number>();
  contactPlans.forEach((x, k) => {
    if (!firstContact.has(x.c.index)) firstContact.set(x.c.index, k);
  });
  const contactId = (partnerIndex: number, k: number) =>
    contactIds[firstContact.get(partnerIndex)! + k]!;
  const links = contactPlans.map(({ c, partnerId, contact }, k) => ({
    ...stamps(c.p),
    partner_id: partnerId,
    contact_id: contactIds[k],
    title: contact.jobTitle,
    role: contact.role,
    is_primary: contact.isPrimary,
  }));
  for (const c of fresh) {
    const other = c.p.sharesContactWith === null ? undefined : ids.get(c.p.sharesContactWith);
    if (other === undefined) continue;
    const first = c.p.contacts[0]!;
    links.push({
      ...stamps(c.p),
      partner_id: other,
      contact_id: contactId(c.index, 0),
      title: `集团${first.jobTitle}`,
      role: first.role,
      is_primary: false,
    });
  }
  const linkIds = await insertReturningIds(trx, 'partner_contacts', links);

  const activities = fresh.flatMap((c, k) =>
    c.p.activities.map((a) => ({
      ...stamps(c.p, a.occurredAt),
      updated_at: a.doneAt ?? a.occurredAt,
      type: a.type,
      subject: a.subject,
      body: a.body,
      occurred_at: a.occurredAt,
      due_at: a.dueAt,
      done: a.done,
      done_at: a.doneAt,
      followup_at: a.followupAt,
      partner_id: newIds[k],
      contact_id: a.contact === null ? null : contactId(c.index, a.contact),
      owner_id: owners.get(c.p.owner)!.id,
    })),
  );
  const activityIds = await insertReturningIds(trx, 'activities', activities);

  const created = {
    partners: newIds,
    partner_addresses: addressIds,
    contacts: contactIds,
    partner_contacts: linkIds,
    activities: activityIds,
  };
  // One history entry per created row: made by the seed (the system, no user), not by a person.
  await insertRows(
    trx,
    'audit_log',
    Object.entries(created).flatMap(([entity, rowIds]) =>
      rowIds.map((id) => ({
        at: ctx.now.toISOString(),
        user_id: null,
        request_id: ctx.actor.requestId,
        entity,
        entity_id: id,
        action: 'create',
        field: null,
        old_value: null,
        new_value: null,
      })),
    ),
  );
  return Object.fromEntries(
    Object.entries(created).map(([table, rowIds]) => [table, rowIds.length]),
  );
}

function partnerRow(ctx: SeedContext, owner: Owner, p: PlannedPartner, index: number) {
  return {
    ...createStamps({ ...ctx.actor, userId: owner.id }, p.createdAt),
    // The system fields changed with the last activity: that is when the row last changed.
    updated_at: p.lastContactAt ?? p.createdAt,
    // Replaced by the generated code once the id is known, as partners.create does.
    code: `~seed-${index}`,
    name: p.name,
    kind: p.kind,
    is_company: true,
    industry: p.industry,
    region: p.region,
    customer_group: p.customerGroup,
    owner_id: owner.id,
    team_id: owner.teamId,
    phones: jsonText(p.phones),
    emails: jsonText(p.emails),
    website: p.website,
    tags: jsonText(p.tags),
    tax_id: p.taxId,
    notes: p.notes,
    last_contact_at: p.lastContactAt,
    next_followup_at: p.nextFollowupAt,
    latest_progress: p.latestProgress,
    last_order_at: null,
    search_text: '',
    ...partnerKeyColumns(p),
  };
}

/** Codes and search text as partners.create sets them: C000042, or C000042-42 if taken by hand. */
async function assignCodes(trx: Trx, fresh: { p: PlannedPartner }[], newIds: number[]) {
  const wanted = fresh.map((c, k) => generatedPartnerCode(c.p.kind, newIds[k]!));
  const taken = new Set(
    (await trx('partners').whereIn('code', wanted).pluck('code')).map((c: unknown) => String(c)),
  );
  for (const [k, c] of fresh.entries()) {
    const id = newIds[k]!;
    const code = taken.has(wanted[k]!) ? `${wanted[k]}-${id}` : wanted[k]!;
    await trx('partners')
      .where({ id })
      .update({ code, search_text: searchText([c.p.name, code], c.p.phones) });
  }
}
