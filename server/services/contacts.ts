import { TRPCError } from '@trpc/server';
import type { z } from 'zod';
import type {
  Contact,
  contactCreateInput,
  ContactDetail,
  ContactLink,
  contactLinkInput,
  contactListInput,
  ContactRole,
  contactUnlinkInput,
  contactUpdateInput,
  contactUpdateLinkInput,
} from '../../core/schemas/contacts.ts';
import type { archiveInput } from '../../core/schemas/partners.ts';
import { forbiddenFields } from '../../core/permissions.ts';
import { jsonText, parseJsonArray, stampsOf, toBool, toInt, toIntOrNull } from '../db/rows.ts';
import { visibility, type Visibility } from '../auth/scope.ts';
import { audit, diff, type Actor } from './audit.ts';
import { contactKeyColumns, contactKeyColumnsOfRow } from './duplicates.ts';
import { once } from './idempotency.ts';
import { paginate } from './pagination.ts';
import { assertAssignableOwner, loadVisiblePartner } from './partners.ts';
import { searchText, whereSearch } from './search.ts';
import { writeTx, type Trx } from './tx.ts';
import { assertVersion, createStamps, softDelete, updateVersioned } from './versioned.ts';
import { actorOf } from '../trpc/context.ts';
import { conflict, forbidden, invalidField, isUniqueViolation, notFound } from '../trpc/errors.ts';
import type { ScopedCtx } from './scoped-ctx.ts';

type Row = Record<string, unknown>;
type Db = Trx | ScopedCtx['db'];
type LinkFields = { title?: string | null; role: ContactRole; isPrimary: boolean };
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));

export function mapContact(r: Row): Contact {
  return {
    name: String(r.name),
    email: str(r.email),
    phones: parseJsonArray(r.phones),
    wechat: str(r.wechat),
    jobTitle: str(r.job_title),
    notes: str(r.notes),
    ownerId: toIntOrNull(r.owner_id),
    ...stampsOf(r),
  };
}

function mapLink(r: Row): ContactLink {
  return {
    linkId: toInt(r.id),
    linkVersion: toInt(r.version),
    contactId: toInt(r.contact_id),
    partnerId: toInt(r.partner_id),
    partnerName: String(r.partner_name),
    partnerCode: String(r.partner_code),
    title: str(r.title),
    role: r.role as ContactRole,
    isPrimary: toBool(r.is_primary),
  };
}

/** API field name → column, for the fields a client may write. */
const COLUMNS: Record<string, string> = {
  name: 'name',
  email: 'email',
  phones: 'phones',
  wechat: 'wechat',
  jobTitle: 'job_title',
  notes: 'notes',
  ownerId: 'owner_id',
};

function toColumns(fields: Record<string, unknown>): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(fields)) {
    const col = COLUMNS[k];
    if (col && v !== undefined) out[col] = k === 'phones' ? jsonText(v as unknown[]) : v;
  }
  return out;
}

function contactSearchText(row: Row): string {
  return searchText([str(row.name), str(row.email)], parseJsonArray(row.phones));
}

/** A live contact the caller's scope reaches, or NOT_FOUND (existence is not revealed). */
export async function loadVisibleContact(db: Db, vis: Visibility, id: number): Promise<Row> {
  const row = await db('contacts as c')
    .where('c.id', id)
    .whereNull('c.deleted_at')
    .where(vis.contacts(db, 'c'))
    .first('c.*');
  if (!row) throw notFound('Contact');
  return row;
}

/** Links joined with their partner, for the API shape; `vis` keeps out partners not in scope. */
function linkQuery(db: Db, vis: Visibility) {
  return db('partner_contacts as l')
    .join('partners as p', 'p.id', 'l.partner_id')
    .whereNull('l.deleted_at')
    .whereNull('p.deleted_at')
    .where(vis.partners('p'))
    .select('l.*', 'p.name as partner_name', 'p.code as partner_code');
}

async function loadLink(db: Db, vis: Visibility, linkId: number): Promise<ContactLink> {
  const row = await linkQuery(db, vis).where('l.id', linkId).first();
  if (!row) throw notFound('Link');
  return mapLink(row);
}

/** A new primary contact takes the flag from the partner's previous one (audited, versioned). */
async function clearPrimary(trx: Trx, actor: Actor, partnerId: number, exceptLinkId?: number) {
  const q = trx('partner_contacts')
    .where({ partner_id: partnerId, is_primary: true })
    .whereNull('deleted_at');
  if (exceptLinkId) q.whereNot({ id: exceptLinkId });
  for (const o of await q.select('id', 'version')) {
    const linkId = toInt(o.id);
    await updateVersioned(
      trx,
      'partner_contacts',
      linkId,
      toInt(o.version),
      { is_primary: false },
      actor,
      'Primary contact',
    );
    await audit(trx, actor, 'partner_contacts', linkId, 'update', {
      is_primary: { old: true, new: false },
    });
  }
}

/** The live-link and one-primary indexes turn a concurrent race into CONFLICT, not a 500. */
async function uniqueAsConflict<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(what);
    throw err;
  }
}

export async function insertLink(
  trx: Trx,
  actor: Actor,
  contactId: number,
  partnerId: number,
  link: LinkFields,
): Promise<number> {
  const live = await trx('partner_contacts')
    .where({ partner_id: partnerId, contact_id: contactId })
    .whereNull('deleted_at')
    .first('id');
  if (live)
    throw new TRPCError({
      code: 'CONFLICT',
      message: 'partnerId: this contact is already linked to this partner; update the link',
    });
  if (link.isPrimary) await clearPrimary(trx, actor, partnerId);
  const values = {
    partner_id: partnerId,
    contact_id: contactId,
    title: link.title ?? null,
    role: link.role,
    is_primary: link.isPrimary,
  };
  const [row] = await uniqueAsConflict('Link', () =>
    trx('partner_contacts')
      .insert({ ...createStamps(actor), ...values })
      .returning('id'),
  );
  const id = toInt((row as Row).id);
  await audit(trx, actor, 'partner_contacts', id, 'create', diff({}, values));
  return id;
}

export async function listContacts(ctx: ScopedCtx, input: z.infer<typeof contactListInput>) {
  const vis = await visibility(ctx);
  const db = ctx.db;
  const q = db('contacts as c')
    .select('c.*')
    .whereNull('c.deleted_at')
    .where(vis.contacts(db, 'c'));
  if (input.search) q.where(whereSearch('c.search_text', input.search));
  if (input.ownerId) q.where('c.owner_id', input.ownerId);
  if (input.partnerId) {
    const partnerId = input.partnerId;
    // Through a partner the caller can see only, so the filter reveals no hidden links.
    q.whereExists((e) => {
      e.select(db.raw('1'))
        .from('partner_contacts as fl')
        .join('partners as fp', 'fp.id', 'fl.partner_id')
        .whereRaw('fl.contact_id = c.id')
        .where('fl.partner_id', partnerId)
        .whereNull('fl.deleted_at')
        .whereNull('fp.deleted_at')
        .where(vis.partners('fp'));
    });
  }
  const sortColumn = { name: 'c.name', createdAt: 'c.created_at', updatedAt: 'c.updated_at' }[
    input.sort
  ];
  // Every contact sort column is NOT NULL.
  return paginate(q, sortColumn, 'c.id', input, mapContact, { notNull: true });
}

async function contactDetail(db: Db, vis: Visibility, row: Row): Promise<ContactDetail> {
  const links = await linkQuery(db, vis)
    .where('l.contact_id', toInt(row.id))
    .orderBy([{ column: 'l.is_primary', order: 'desc' }, 'p.name', 'l.id']);
  return { ...mapContact(row), partners: links.map(mapLink) };
}

export async function getContact(ctx: ScopedCtx, id: number): Promise<ContactDetail> {
  const vis = await visibility(ctx);
  return contactDetail(ctx.db, vis, await loadVisibleContact(ctx.db, vis, id));
}

type ContactFields = Omit<z.infer<typeof contactCreateInput>, 'idempotencyKey' | 'partners'>;

/** Inserts a contact and its links in the caller's transaction: contacts.create, and leads.convert. */
export async function insertContact(
  trx: Trx,
  actor: Actor,
  vis: Visibility,
  fields: ContactFields,
  partners: z.infer<typeof contactCreateInput>['partners'],
): Promise<number> {
  const seen = new Set<number>();
  for (const [i, link] of partners.entries()) {
    if (seen.has(link.partnerId))
      throw invalidField(`partners.${i}.partnerId`, 'unique', 'is linked twice');
    seen.add(link.partnerId);
    await loadVisiblePartner(trx, vis, link.partnerId);
  }
  const ownerId = fields.ownerId ?? vis.me;
  await assertAssignableOwner(trx, vis, ownerId);
  const values = { ...toColumns(fields), owner_id: ownerId };
  const [row] = await trx('contacts')
    .insert({
      ...createStamps(actor),
      ...values,
      ...contactKeyColumns(fields),
      search_text: contactSearchText(values),
    })
    .returning('id');
  const id = toInt((row as Row).id);
  await audit(trx, actor, 'contacts', id, 'create', diff({}, values));
  for (const link of partners) await insertLink(trx, actor, id, link.partnerId, link);
  return id;
}

export async function createContact(ctx: ScopedCtx, input: z.infer<typeof contactCreateInput>) {
  const vis = await visibility(ctx);
  const actor = actorOf(ctx);
  const { idempotencyKey, partners, ...fields } = input;
  return writeTx(ctx.db, (trx) =>
    once(
      trx,
      ctx.identity.user.id,
      idempotencyKey,
      'contacts.create',
      { fields, partners },
      async () => {
        const id = await insertContact(trx, actor, vis, fields, partners);
        return contactDetail(trx, vis, await trx('contacts').where({ id }).first());
      },
    ),
  );
}

export async function updateContact(ctx: ScopedCtx, input: z.infer<typeof contactUpdateInput>) {
  const refused = forbiddenFields(
    ctx.identity.user.role,
    'contacts.update',
    Object.keys(input.patch),
  );
  if (refused.length) throw forbidden(`Your role may not change: ${refused.join(', ')}`);
  const vis = await visibility(ctx);
  const actor = actorOf(ctx);
  return writeTx(ctx.db, async (trx) => {
    const before = await loadVisibleContact(trx, vis, input.id);
    assertVersion(before, input.version, 'Contact');
    const values = toColumns(input.patch);
    const changes = diff(before, values);
    if (Object.keys(changes).length === 0) return contactDetail(trx, vis, before);
    if (changes.owner_id) await assertAssignableOwner(trx, vis, toInt(values.owner_id));
    values.search_text = contactSearchText({ ...before, ...values });
    Object.assign(values, contactKeyColumnsOfRow({ ...before, ...values }));
    await updateVersioned(trx, 'contacts', input.id, input.version, values, actor, 'Contact');
    await audit(trx, actor, 'contacts', input.id, 'update', changes);
    return contactDetail(trx, vis, await trx('contacts').where({ id: input.id }).first());
  });
}

/** Archiving a contact also ends its links, so no partner keeps an archived primary contact. */
export async function archiveContact(ctx: ScopedCtx, input: z.infer<typeof archiveInput>) {
  const vis = await visibility(ctx);
  const actor = actorOf(ctx);
  return writeTx(ctx.db, async (trx) => {
    const before = await loadVisibleContact(trx, vis, input.id);
    assertVersion(before, input.version, 'Contact');
    const at = new Date().toISOString();
    const links = await trx('partner_contacts')
      .where({ contact_id: input.id })
      .whereNull('deleted_at')
      .select('id', 'version');
    for (const l of links) await endLink(trx, actor, toInt(l.id), toInt(l.version), at);
    await softDelete(trx, actor, 'contacts', input.id, input.version, 'Contact', at);
    return { id: input.id, version: input.version + 1, archivedAt: at };
  });
}

const endLink = (trx: Trx, actor: Actor, id: number, version: number, at: string) =>
  softDelete(trx, actor, 'partner_contacts', id, version, 'Link', at);

/** Linking needs the contact in reach (contacts.update) and the partner visible to the caller. */
export async function linkContact(ctx: ScopedCtx, input: z.infer<typeof contactLinkInput>) {
  const vis = await visibility(ctx);
  const actor = actorOf(ctx);
  return writeTx(ctx.db, async (trx) => {
    await loadVisibleContact(trx, vis, input.contactId);
    await loadVisiblePartner(trx, vis, input.partnerId);
    const id = await insertLink(trx, actor, input.contactId, input.partnerId, input);
    return loadLink(trx, vis, id);
  });
}

/** A live link whose partner the caller can see (the contact is then visible through it). */
async function loadVisibleLinkRow(trx: Trx, vis: Visibility, id: number): Promise<Row> {
  const row = await trx('partner_contacts').where({ id }).whereNull('deleted_at').first();
  if (!row) throw notFound('Link');
  await loadVisiblePartner(trx, vis, toInt(row.partner_id));
  return row;
}

export async function updateLink(ctx: ScopedCtx, input: z.infer<typeof contactUpdateLinkInput>) {
  const vis = await visibility(ctx);
  const actor = actorOf(ctx);
  return writeTx(ctx.db, async (trx) => {
    const before = await loadVisibleLinkRow(trx, vis, input.id);
    assertVersion(before, input.version, 'Link');
    const p = input.patch;
    const values: Row = {};
    if (p.title !== undefined) values.title = p.title;
    if (p.role !== undefined) values.role = p.role;
    if (p.isPrimary !== undefined) values.is_primary = p.isPrimary;
    const changes = diff(before, values);
    if (Object.keys(changes).length === 0) return loadLink(trx, vis, input.id);
    if (changes.is_primary && p.isPrimary)
      await clearPrimary(trx, actor, toInt(before.partner_id), input.id);
    await uniqueAsConflict('Link', () =>
      updateVersioned(trx, 'partner_contacts', input.id, input.version, values, actor, 'Link'),
    );
    await audit(trx, actor, 'partner_contacts', input.id, 'update', changes);
    return loadLink(trx, vis, input.id);
  });
}

export async function unlinkContact(ctx: ScopedCtx, input: z.infer<typeof contactUnlinkInput>) {
  const vis = await visibility(ctx);
  const actor = actorOf(ctx);
  return writeTx(ctx.db, async (trx) => {
    const before = await loadVisibleLinkRow(trx, vis, input.id);
    assertVersion(before, input.version, 'Link');
    const at = new Date().toISOString();
    await endLink(trx, actor, input.id, input.version, at);
    return { id: input.id, version: input.version + 1, archivedAt: at };
  });
}
