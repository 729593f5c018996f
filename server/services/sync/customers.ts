// The Customers dataset (客户) of the Excel link: partners of kind customer (or both), written
// through the partner services, so WRITABLE_FIELDS (a rep may not reassign, finance may only
// correct the tax id) and the owner/team scope rules apply as in the API.
import { z } from 'zod';
import { id } from '../../../core/schemas/common.ts';
import { partnerCreateInput, partnerUpdateInput } from '../../../core/schemas/partners.ts';
import { WRITABLE_FIELDS } from '../../../core/permissions.ts';
import { parseJsonArray, toInt } from '../../db/rows.ts';
import type { Visibility } from '../../auth/scope.ts';
import { str } from '../opportunity-parts.ts';
import { archivePartnerTx, insertPartner, updatePartnerTx } from '../partners.ts';
import type { Trx } from '../tx.ts';
import {
  checkedInput,
  idOf,
  type Canon,
  type CanonRow,
  type ColumnSpec,
  type SyncEntity,
} from './entity.ts';

const text = (zh: string, en: string) => ({ 'zh-CN': zh, en });

const COLUMNS: ColumnSpec[] = [
  { id: 'code', type: 'text', label: text('编码', 'Code'), maxLength: 32 },
  { id: 'name', type: 'text', label: text('客户名称', 'Name'), required: true, maxLength: 200 },
  { id: 'kind', type: 'enum', enum: 'partnerKinds', label: text('类型', 'Kind') },
  { id: 'industry', type: 'text', label: text('行业', 'Industry'), maxLength: 100 },
  { id: 'region', type: 'text', label: text('地区', 'Region'), maxLength: 100 },
  { id: 'customerGroup', type: 'text', label: text('客户分组', 'Group'), maxLength: 50 },
  { id: 'owner', type: 'enum', enum: 'users', label: text('负责人', 'Owner') },
  { id: 'team', type: 'enum', enum: 'teams', label: text('团队', 'Team') },
  { id: 'phones', type: 'text', label: text('电话', 'Phones') },
  { id: 'emails', type: 'text', label: text('邮箱', 'Emails') },
  { id: 'website', type: 'text', label: text('网址', 'Website'), maxLength: 300 },
  { id: 'taxId', type: 'text', label: text('税号', 'Tax ID'), maxLength: 50 },
  { id: 'notes', type: 'text', label: text('备注', 'Notes'), maxLength: 5000 },
  { id: 'lastContactAt', type: 'datetime', system: true, label: text('最近联系', 'Last contact') },
  { id: 'updatedAt', type: 'datetime', system: true, label: text('更新时间', 'Updated at') },
  {
    id: 'updatedBy',
    type: 'enum',
    enum: 'users',
    system: true,
    label: text('更新人', 'Updated by'),
  },
];

/** Writable columns → partner API fields. */
const FIELDS: Record<string, string> = {
  code: 'code',
  name: 'name',
  kind: 'kind',
  industry: 'industry',
  region: 'region',
  customerGroup: 'customerGroup',
  owner: 'ownerId',
  team: 'teamId',
  phones: 'phones',
  emails: 'emails',
  website: 'website',
  taxId: 'taxId',
  notes: 'notes',
};
const LISTS = new Set(['phones', 'emails']);
const IDS = new Set(['ownerId', 'teamId']);
/** A cell lists phones or emails separated by semicolons, commas or line breaks. */
const LIST_SEPARATOR = /[;；,，\n]+/;
const SHOWN_SEPARATOR = '; ';

const idLike = z.union([
  id,
  z
    .string()
    .regex(/^[1-9]\d{0,14}$/)
    .transform(Number),
]);
const filter = z.strictObject({
  owner: idLike.optional(),
  team: idLike.optional(),
  group: z.string().trim().max(50).optional(),
});
type Filter = z.infer<typeof filter>;

function apiFields(values: CanonRow): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [column, field] of Object.entries(FIELDS)) {
    if (!(column in values)) continue;
    const v = values[column] ?? null;
    if (LISTS.has(field))
      out[field] =
        v === null
          ? []
          : String(v)
              .split(LIST_SEPARATOR)
              .map((s) => s.trim())
              .filter(Boolean);
    else out[field] = IDS.has(field) ? idOf(v) : v;
  }
  return out;
}

/**
 * A customer a sheet names: by code (any case), else by exact name when exactly one partner in
 * the caller's reach has it. Ambiguous or unknown answers undefined.
 */
export async function resolveCustomer(
  trx: Trx,
  vis: Visibility,
  label: string,
): Promise<string | undefined> {
  const wanted = label.trim();
  const live = () => trx('partners as p').whereNull('p.deleted_at').where(vis.partners('p'));
  const byCode = await live().whereRaw('lower(p.code) = ?', [wanted.toLowerCase()]).first('p.id');
  if (byCode) return String(toInt(byCode.id));
  const byName = await live().where('p.name', wanted).limit(2).select('p.id');
  return byName.length === 1 ? String(toInt(byName[0]!.id)) : undefined;
}

export const customersDataset: SyncEntity<Filter> = {
  name: 'customers',
  keyPrefix: 'c',
  label: text('客户', 'Customers'),
  table: 'partners',
  read: 'partners.read',
  writes: ['partners.create', 'partners.update', 'partners.archive'],
  create: 'partners.create',
  remove: 'partners.archive',
  columns: COLUMNS,
  filters: [
    { id: 'owner', type: 'enum', enum: 'users', label: text('负责人', 'Owner') },
    { id: 'team', type: 'enum', enum: 'teams', label: text('团队', 'Team') },
    { id: 'group', type: 'text', label: text('客户分组', 'Group') },
  ],
  filter,

  lockedColumns(grants) {
    const all = Object.keys(FIELDS);
    if (!grants.has('partners.update')) return new Set(all);
    const allowed = WRITABLE_FIELDS['partners.update']?.[grants.role];
    return new Set(allowed ? all.filter((c) => !allowed.includes(FIELDS[c]!)) : []);
  },

  rows(db, vis, f) {
    const q = db('partners as p')
      .whereNull('p.deleted_at')
      .where(vis.partners('p'))
      .whereIn('p.kind', ['customer', 'both'])
      .select('p.*');
    if (f.owner) q.where('p.owner_id', f.owner);
    if (f.team) q.where('p.team_id', f.team);
    if (f.group) q.where('p.customer_group', f.group);
    return q;
  },
  reach: (db, vis) => db('partners as p').where(vis.partners('p')),
  idColumn: 'p.id',
  updatedColumn: 'p.updated_at',

  canonical(r) {
    const idText = (v: unknown) => (v === null || v === undefined ? null : String(toInt(v)));
    const list = (v: unknown) => parseJsonArray(v).join(SHOWN_SEPARATOR) || null;
    return {
      code: String(r.code),
      name: String(r.name),
      kind: String(r.kind),
      industry: str(r.industry),
      region: str(r.region),
      customerGroup: str(r.customer_group),
      owner: idText(r.owner_id),
      team: idText(r.team_id),
      phones: list(r.phones),
      emails: list(r.emails),
      website: str(r.website),
      taxId: str(r.tax_id),
      notes: str(r.notes),
      lastContactAt: str(r.last_contact_at),
      updatedAt: String(r.updated_at),
      updatedBy: idText(r.updated_by),
    } satisfies Record<(typeof COLUMNS)[number]['id'], Canon>;
  },

  async insert(trx, grants, values) {
    const g = grants.need('partners.create');
    const fields = Object.fromEntries(
      Object.entries(apiFields(values)).filter(([, v]) => v !== null),
    );
    const { addresses, ...partner } = checkedInput(partnerCreateInput, fields);
    return (await insertPartner(trx, g.ctx, g.vis, partner, addresses)).id;
  },

  async update(trx, grants, current, patch) {
    const g = grants.need('partners.update');
    const input = checkedInput(partnerUpdateInput, {
      id: toInt(current.id),
      version: toInt(current.version),
      patch: apiFields(patch),
    });
    await updatePartnerTx(trx, g.ctx, g.vis, input);
  },

  async archive(trx, grants, current) {
    const g = grants.need('partners.archive');
    await archivePartnerTx(trx, g.ctx, g.vis, {
      id: toInt(current.id),
      version: toInt(current.version),
    });
  },

  errorFields: { ownerId: 'owner', teamId: 'team' },
};
