import { TRPCError } from '@trpc/server';
import type { z } from 'zod';
import type {
  Address,
  addressAddInput,
  addressInput,
  addressUpdateInput,
  archiveInput,
  Partner,
  partnerCreateInput,
  partnerListInput,
  partnerUpdateInput,
} from '../../core/schemas/partners.ts';
import { forbiddenFields } from '../../core/permissions.ts';
import { jsonText, parseJsonArray, stampsOf, toBool, toInt, toIntOrNull } from '../db/rows.ts';
import { visibility, type Visibility } from '../auth/scope.ts';
import { audit, diff } from './audit.ts';
import { partnerKeyColumns, partnerKeyColumnsOfRow } from './duplicates.ts';
import { once } from './idempotency.ts';
import { paginate } from './pagination.ts';
import { searchText, whereSearch } from './search.ts';
import { writeTx, type Trx } from './tx.ts';
import { assertVersion, createStamps, softDelete, updateVersioned } from './versioned.ts';
import { actorOf } from '../trpc/context.ts';
import { forbidden, invalidField, notFound } from '../trpc/errors.ts';
import type { ScopedCtx } from './scoped-ctx.ts';

type Row = Record<string, unknown>;
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));

export function mapPartner(r: Row): Partner {
  return {
    code: String(r.code),
    name: String(r.name),
    kind: r.kind as Partner['kind'],
    isCompany: toBool(r.is_company),
    industry: str(r.industry),
    region: str(r.region),
    customerGroup: str(r.customer_group),
    ownerId: toIntOrNull(r.owner_id),
    teamId: toIntOrNull(r.team_id),
    phones: parseJsonArray(r.phones),
    emails: parseJsonArray(r.emails),
    website: str(r.website),
    tags: parseJsonArray(r.tags),
    taxId: str(r.tax_id),
    notes: str(r.notes),
    lastContactAt: str(r.last_contact_at),
    nextFollowupAt: str(r.next_followup_at),
    latestProgress: str(r.latest_progress),
    lastOrderAt: str(r.last_order_at),
    ...stampsOf(r),
  };
}

export function mapAddress(r: Row): Address {
  return {
    partnerId: toInt(r.partner_id),
    type: r.type as Address['type'],
    isDefault: toBool(r.is_default),
    label: str(r.label),
    line1: String(r.line1),
    line2: str(r.line2),
    city: str(r.city),
    province: str(r.province),
    postcode: str(r.postcode),
    country: String(r.country),
    ...stampsOf(r),
  };
}

/** API field name → column, for the fields a client may write. */
const COLUMNS: Record<string, string> = {
  code: 'code',
  name: 'name',
  kind: 'kind',
  isCompany: 'is_company',
  industry: 'industry',
  region: 'region',
  customerGroup: 'customer_group',
  ownerId: 'owner_id',
  teamId: 'team_id',
  phones: 'phones',
  emails: 'emails',
  website: 'website',
  tags: 'tags',
  taxId: 'tax_id',
  notes: 'notes',
};
const JSON_FIELDS = new Set(['phones', 'emails', 'tags']);

function toColumns(fields: Record<string, unknown>): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(fields)) {
    const col = COLUMNS[k];
    if (col && v !== undefined) out[col] = JSON_FIELDS.has(k) ? jsonText(v as unknown[]) : v;
  }
  return out;
}

/** A live partner the caller's scope reaches, or NOT_FOUND (existence is not revealed). */
export async function loadVisiblePartner(
  db: Trx | ScopedCtx['db'],
  vis: Visibility,
  id: number,
): Promise<Row> {
  const row = await db('partners as partners')
    .where('partners.id', id)
    .whereNull('partners.deleted_at')
    .where(vis.partners('partners'))
    .first();
  if (!row) throw notFound('Partner');
  return row;
}

export async function teamsOf(db: Trx | ScopedCtx['db'], userId: number): Promise<number[]> {
  const rows = await db('team_members as m')
    .join('teams as t', 't.id', 'm.team_id')
    .whereNull('t.deleted_at')
    .where('m.user_id', userId)
    .orderBy('m.team_id')
    .select('m.team_id');
  return rows.map((r) => toInt(r.team_id));
}

/** The owner of a record must be in the caller's reach and an active user. */
export async function assertAssignableOwner(trx: Trx, vis: Visibility, ownerId: number) {
  if (!vis.mayAssignTo(ownerId)) throw forbidden('ownerId: you may not give records to this user');
  const owner = await trx('users').where({ id: ownerId }).whereNull('deleted_at').first('active');
  if (!owner || !toBool(owner.active)) {
    throw invalidField('ownerId', 'active_user', 'must be an active user');
  }
}

/** Checks owner and team against the caller's scope; returns the values to store. */
export async function resolveOwnership(
  trx: Trx,
  vis: Visibility,
  ownerId: number | null,
  teamId: number | null | undefined,
): Promise<{ owner_id: number | null; team_id: number | null }> {
  if (ownerId !== null) {
    await assertAssignableOwner(trx, vis, ownerId);
  } else if (vis.scope === 'own') {
    throw forbidden('ownerId: you may only hold records you own');
  }
  if (teamId === undefined) {
    // Default: the owner's first team.
    const ownerTeams = ownerId === null ? [] : await teamsOf(trx, ownerId);
    return { owner_id: ownerId, team_id: ownerTeams[0] ?? null };
  }
  if (teamId !== null) {
    const team = await trx('teams').where({ id: teamId }).whereNull('deleted_at').first('id');
    if (!team) throw invalidField('teamId', 'exists', 'is not an existing team');
    if (!vis.mayUseTeam(teamId, await teamsOf(trx, vis.me))) {
      throw forbidden('teamId: you may not put records in this team');
    }
  }
  return { owner_id: ownerId, team_id: teamId };
}

const CODE_PREFIX: Record<Partner['kind'], string> = { customer: 'C', supplier: 'S', both: 'P' };

/** Generated codes follow the id: C000042 (also used by the demo seed's bulk insert). */
export function generatedPartnerCode(kind: Partner['kind'], id: number): string {
  return `${CODE_PREFIX[kind]}${String(id).padStart(6, '0')}`;
}

async function assertCodeFree(trx: Trx, code: string, exceptId?: number) {
  const q = trx('partners').where({ code }).first('id');
  if (exceptId) q.whereNot({ id: exceptId });
  if (await q)
    throw new TRPCError({
      code: 'CONFLICT',
      message: `code: "${code}" is already used by another partner`,
    });
}

async function insertAddresses(
  trx: Trx,
  ctx: ScopedCtx,
  partnerId: number,
  addresses: z.infer<typeof addressInput>[],
) {
  const seenDefault = new Set<string>();
  for (const a of addresses) {
    if (a.isDefault) {
      if (seenDefault.has(a.type))
        throw invalidField(
          'addresses',
          'one_default',
          `only one default ${a.type} address is allowed`,
        );
      seenDefault.add(a.type);
    }
  }
  for (const a of addresses) await addAddressRow(trx, ctx, partnerId, a);
}

async function addAddressRow(
  trx: Trx,
  ctx: ScopedCtx,
  partnerId: number,
  a: z.infer<typeof addressInput>,
) {
  const actor = actorOf(ctx);
  if (a.isDefault) await clearDefault(trx, ctx, partnerId, a.type);
  const [row] = await trx('partner_addresses')
    .insert({
      ...createStamps(actor),
      partner_id: partnerId,
      type: a.type,
      is_default: a.isDefault,
      label: a.label ?? null,
      line1: a.line1,
      line2: a.line2 ?? null,
      city: a.city ?? null,
      province: a.province ?? null,
      postcode: a.postcode ?? null,
      country: a.country,
    })
    .returning('id');
  const id = toInt((row as Row).id);
  await audit(trx, actor, 'partner_addresses', id, 'create', {
    partner_id: { old: null, new: partnerId },
    type: { old: null, new: a.type },
    line1: { old: null, new: a.line1 },
  });
  return id;
}

/** A new default address of a type takes the flag from the old one (audited, version bumped). */
async function clearDefault(
  trx: Trx,
  ctx: ScopedCtx,
  partnerId: number,
  type: string,
  exceptId?: number,
) {
  const q = trx('partner_addresses')
    .where({ partner_id: partnerId, type, is_default: true })
    .whereNull('deleted_at');
  if (exceptId) q.whereNot({ id: exceptId });
  const old = await q.select('id', 'version');
  for (const o of old) {
    await updateVersioned(
      trx,
      'partner_addresses',
      toInt(o.id),
      toInt(o.version),
      { is_default: false },
      actorOf(ctx),
      'Address',
    );
    await audit(trx, actorOf(ctx), 'partner_addresses', toInt(o.id), 'update', {
      is_default: { old: true, new: false },
    });
  }
}

export async function listPartners(ctx: ScopedCtx, input: z.infer<typeof partnerListInput>) {
  const vis = await visibility(ctx);
  const q = ctx
    .db('partners as p')
    .select('p.*')
    .whereNull('p.deleted_at')
    .where(vis.partners('p'));
  if (input.search) q.where(whereSearch('p.search_text', input.search));
  if (input.kind) q.where((w) => w.where('p.kind', input.kind).orWhere('p.kind', 'both'));
  if (input.ownerId) q.where('p.owner_id', input.ownerId);
  if (input.teamId) q.where('p.team_id', input.teamId);
  if (input.industry) q.where('p.industry', input.industry);
  if (input.region) q.where('p.region', input.region);
  if (input.customerGroup) q.where('p.customer_group', input.customerGroup);
  if (input.tag)
    q.whereRaw(`p.tags LIKE ? ESCAPE '\\'`, [
      `%${JSON.stringify(input.tag).replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
    ]);
  if (input.followupBefore)
    q.whereNotNull('p.next_followup_at').where(
      'p.next_followup_at',
      '<=',
      new Date(input.followupBefore).toISOString(),
    );
  const sortColumn = {
    name: 'p.name',
    code: 'p.code',
    createdAt: 'p.created_at',
    updatedAt: 'p.updated_at',
    lastContactAt: 'p.last_contact_at',
    nextFollowupAt: 'p.next_followup_at',
  }[input.sort];
  const notNull = input.sort !== 'lastContactAt' && input.sort !== 'nextFollowupAt';
  return paginate(q, sortColumn, 'p.id', input, mapPartner, { notNull });
}

export async function getPartner(ctx: ScopedCtx, id: number) {
  const vis = await visibility(ctx);
  const row = await loadVisiblePartner(ctx.db, vis, id);
  const addresses = await ctx
    .db('partner_addresses')
    .where({ partner_id: id })
    .whereNull('deleted_at')
    .orderBy(['type', 'id']);
  const links = await ctx
    .db('partner_contacts as l')
    .join('contacts as c', 'c.id', 'l.contact_id')
    .where('l.partner_id', id)
    .whereNull('l.deleted_at')
    .whereNull('c.deleted_at')
    .orderBy([{ column: 'l.is_primary', order: 'desc' }, 'c.name', 'c.id'])
    .select(
      'l.id as link_id',
      'l.version as link_version',
      'l.title',
      'l.role',
      'l.is_primary',
      'c.id',
      'c.name',
      'c.email',
      'c.phones',
      'c.job_title',
    );
  return {
    ...mapPartner(row),
    addresses: addresses.map(mapAddress),
    contacts: links.map((l) => ({
      linkId: toInt(l.link_id),
      linkVersion: toInt(l.link_version),
      contactId: toInt(l.id),
      name: String(l.name),
      email: str(l.email),
      phones: parseJsonArray(l.phones),
      jobTitle: str(l.job_title),
      title: str(l.title),
      role: String(l.role),
      isPrimary: toBool(l.is_primary),
    })),
  };
}

type PartnerFields = Omit<z.infer<typeof partnerCreateInput>, 'idempotencyKey' | 'addresses'>;

/** Inserts a partner in the caller's transaction: partners.create, and leads.convert. */
export async function insertPartner(
  trx: Trx,
  ctx: ScopedCtx,
  vis: Visibility,
  fields: PartnerFields,
  addresses: z.infer<typeof addressInput>[],
): Promise<Partner> {
  const actor = actorOf(ctx);
  const ownership = await resolveOwnership(
    trx,
    vis,
    fields.ownerId === undefined ? vis.me : fields.ownerId,
    fields.teamId,
  );
  if (fields.code) await assertCodeFree(trx, fields.code);
  const values = {
    ...toColumns(fields),
    ...ownership,
    code: fields.code ?? `~${crypto.randomUUID().slice(0, 18)}`,
    search_text: '',
  };
  const [row] = await trx('partners')
    .insert({ ...createStamps(actor), ...values, ...partnerKeyColumns(fields) })
    .returning('id');
  const id = toInt((row as Row).id);
  let code = fields.code;
  if (!code) {
    // Generated codes follow the id: C000042. A hand-made code may already hold it.
    code = generatedPartnerCode(fields.kind, id);
    if (await trx('partners').where({ code }).first('id')) code = `${code}-${id}`;
  }
  await trx('partners')
    .where({ id })
    .update({ code, search_text: searchText([fields.name, code], fields.phones) });
  await audit(
    trx,
    actor,
    'partners',
    id,
    'create',
    diff({}, { ...values, code, search_text: undefined }),
  );
  await insertAddresses(trx, ctx, id, addresses);
  return mapPartner(await trx('partners').where({ id }).first());
}

export async function createPartner(ctx: ScopedCtx, input: z.infer<typeof partnerCreateInput>) {
  const vis = await visibility(ctx);
  const { idempotencyKey, addresses, ...fields } = input;
  return writeTx(ctx.db, (trx) =>
    once(trx, ctx.identity.user.id, idempotencyKey, 'partners.create', { fields, addresses }, () =>
      insertPartner(trx, ctx, vis, fields, addresses),
    ),
  );
}

export async function updatePartner(ctx: ScopedCtx, input: z.infer<typeof partnerUpdateInput>) {
  const vis = await visibility(ctx);
  return writeTx(ctx.db, (trx) => updatePartnerTx(trx, ctx, vis, input));
}

/** updatePartner inside the caller's transaction (sync.push applies sheet rows with it). */
export async function updatePartnerTx(
  trx: Trx,
  ctx: ScopedCtx,
  vis: Visibility,
  input: z.infer<typeof partnerUpdateInput>,
): Promise<Partner> {
  const refused = forbiddenFields(
    ctx.identity.user.role,
    'partners.update',
    Object.keys(input.patch),
  );
  if (refused.length) throw forbidden(`Your role may not change: ${refused.join(', ')}`);
  const actor = actorOf(ctx);
  const before = await loadVisiblePartner(trx, vis, input.id);
  assertVersion(before, input.version, 'Partner');
  const patch = input.patch;
  const values = toColumns(patch);
  if ('ownerId' in patch || 'teamId' in patch) {
    const ownerId = patch.ownerId === undefined ? toIntOrNull(before.owner_id) : patch.ownerId;
    Object.assign(
      values,
      await resolveOwnership(
        trx,
        vis,
        ownerId,
        patch.teamId === undefined ? (toIntOrNull(before.team_id) ?? undefined) : patch.teamId,
      ),
    );
  }
  if (patch.code) await assertCodeFree(trx, patch.code, input.id);
  const changes = diff(before, values);
  if (Object.keys(changes).length === 0) return mapPartner(before);
  const merged = { ...before, ...values };
  values.search_text = searchText(
    [String(merged.name), String(merged.code)],
    parseJsonArray(merged.phones),
  );
  Object.assign(values, partnerKeyColumnsOfRow(merged));
  await updateVersioned(trx, 'partners', input.id, input.version, values, actor, 'Partner');
  await audit(trx, actor, 'partners', input.id, 'update', changes);
  return mapPartner(await trx('partners').where({ id: input.id }).first());
}

export async function archivePartner(ctx: ScopedCtx, input: z.infer<typeof archiveInput>) {
  const vis = await visibility(ctx);
  return writeTx(ctx.db, (trx) => archivePartnerTx(trx, ctx, vis, input));
}

/** archivePartner inside the caller's transaction (sync.push). */
export async function archivePartnerTx(
  trx: Trx,
  ctx: ScopedCtx,
  vis: Visibility,
  input: z.infer<typeof archiveInput>,
) {
  const before = await loadVisiblePartner(trx, vis, input.id);
  assertVersion(before, input.version, 'Partner');
  const at = await softDelete(trx, actorOf(ctx), 'partners', input.id, input.version, 'Partner');
  return { id: input.id, version: input.version + 1, archivedAt: at };
}

/** Address writes need write access to the partner (partners.update). */
export async function addAddress(ctx: ScopedCtx, input: z.infer<typeof addressAddInput>) {
  const vis = await visibility(ctx);
  return writeTx(ctx.db, async (trx) => {
    await loadVisiblePartner(trx, vis, input.partnerId);
    const id = await addAddressRow(trx, ctx, input.partnerId, input.address);
    return mapAddress(await trx('partner_addresses').where({ id }).first());
  });
}

async function loadVisibleAddress(trx: Trx, vis: Visibility, id: number) {
  const row = await trx('partner_addresses').where({ id }).whereNull('deleted_at').first();
  if (!row) throw notFound('Address');
  await loadVisiblePartner(trx, vis, toInt(row.partner_id));
  return row;
}

export async function updateAddress(ctx: ScopedCtx, input: z.infer<typeof addressUpdateInput>) {
  const vis = await visibility(ctx);
  const actor = actorOf(ctx);
  return writeTx(ctx.db, async (trx) => {
    const before = await loadVisibleAddress(trx, vis, input.id);
    assertVersion(before, input.version, 'Address');
    const p = input.patch;
    const values: Row = {};
    for (const [k, col] of Object.entries({
      type: 'type',
      isDefault: 'is_default',
      label: 'label',
      line1: 'line1',
      line2: 'line2',
      city: 'city',
      province: 'province',
      postcode: 'postcode',
      country: 'country',
    })) {
      const v = (p as Row)[k];
      if (v !== undefined) values[col] = v;
    }
    const willBeDefault = values.is_default ?? toBool(before.is_default);
    if (willBeDefault)
      await clearDefault(
        trx,
        ctx,
        toInt(before.partner_id),
        String(values.type ?? before.type),
        input.id,
      );
    const changes = diff(before, values);
    if (Object.keys(changes).length === 0) return mapAddress(before);
    await updateVersioned(
      trx,
      'partner_addresses',
      input.id,
      input.version,
      values,
      actor,
      'Address',
    );
    await audit(trx, actor, 'partner_addresses', input.id, 'update', changes);
    return mapAddress(await trx('partner_addresses').where({ id: input.id }).first());
  });
}

export async function removeAddress(ctx: ScopedCtx, input: z.infer<typeof archiveInput>) {
  const vis = await visibility(ctx);
  const actor = actorOf(ctx);
  return writeTx(ctx.db, async (trx) => {
    const before = await loadVisibleAddress(trx, vis, input.id);
    assertVersion(before, input.version, 'Address');
    const at = await softDelete(
      trx,
      actor,
      'partner_addresses',
      input.id,
      input.version,
      'Address',
    );
    return { id: input.id, archivedAt: at };
  });
}
