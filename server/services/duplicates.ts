// 撞单分析 (collision analysis): finds leads, partners and contacts that look like the same
// customer, on the normalized keys every write stores (core/dedupe.ts), and splits them into the
// records the caller may see and a per-owner count of the ones they may not.
import {
  companyDomain,
  keyList,
  normalizeCompany,
  normalizeEmail,
  normalizePhone,
  websiteDomain,
} from '../../core/dedupe.ts';
import type {
  DuplicateMatch,
  Duplicates,
  HiddenOwner,
  LeadStatus,
  MatchKind,
} from '../../core/schemas/leads.ts';
import type { Db } from '../db/knex.ts';
import { parseJsonArray, toInt, toIntOrNull } from '../db/rows.ts';
import type { Visibility } from '../auth/scope.ts';

type Row = Record<string, unknown>;
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));

/** The normalized keys one record is compared on; null keys never match. */
export interface CollisionKeys {
  email: string | null;
  domain: string | null;
  phone: string | null;
  company: string | null;
}

export function collisionKeys(f: {
  company?: string | null;
  email?: string | null;
  phone?: string | null;
}): CollisionKeys {
  return {
    email: normalizeEmail(f.email),
    domain: companyDomain(f.email),
    phone: normalizePhone(f.phone),
    company: normalizeCompany(f.company),
  };
}

/** Lead columns holding its keys, written with every insert and update. */
export function leadKeyColumns(f: {
  company?: string | null;
  email?: string | null;
  phone?: string | null;
}) {
  const k = collisionKeys(f);
  return {
    norm_email: k.email,
    norm_domain: k.domain,
    norm_phone: k.phone,
    norm_company: k.company,
  };
}

/** Partner columns holding its keys: the name, every phone, every company mail domain and the website's. */
export function partnerKeyColumns(p: {
  name: string;
  phones: string[];
  emails: string[];
  website?: string | null;
}) {
  return {
    norm_company: normalizeCompany(p.name),
    norm_phones: keyList(p.phones.map(normalizePhone)),
    norm_domains: keyList([...p.emails.map(companyDomain), websiteDomain(p.website)]),
  };
}

/** The same, from a stored partner row (JSON text arrays). */
export function partnerKeyColumnsOfRow(r: Row) {
  return partnerKeyColumns({
    name: String(r.name),
    phones: parseJsonArray(r.phones),
    emails: parseJsonArray(r.emails),
    website: str(r.website),
  });
}

/** Contact columns: one address, and the first phone that normalizes. */
export function contactKeyColumns(c: { email?: string | null; phones: string[] }) {
  return {
    norm_email: normalizeEmail(c.email),
    norm_phone: c.phones.map(normalizePhone).find((p) => p !== null) ?? null,
  };
}

/** The same, from a stored contact row. */
export function contactKeyColumnsOfRow(r: Row) {
  return contactKeyColumns({ email: str(r.email), phones: parseJsonArray(r.phones) });
}

// A domain shared by a large company could match thousands of rows; the answer is a warning, not
// a report, so each kind stops here.
const PER_KIND = 100;
const likeKey = (key: string) => `% ${key.replace(/[\\%_]/g, (c) => `\\${c}`)} %`;

interface Candidate {
  kind: DuplicateMatch['kind'];
  row: Row;
  matched: MatchKind[];
}

function matchedKeys(keys: CollisionKeys, has: Record<MatchKind, boolean>): MatchKind[] {
  return (['email', 'domain', 'phone', 'company'] as const).filter((k) => keys[k] && has[k]);
}

async function leadCandidates(db: Db, keys: CollisionKeys, exceptLeadId?: number) {
  const q = db('leads as l')
    .whereNull('l.deleted_at')
    .where((w) => {
      if (keys.email) w.orWhere('l.norm_email', keys.email);
      if (keys.domain) w.orWhere('l.norm_domain', keys.domain);
      if (keys.phone) w.orWhere('l.norm_phone', keys.phone);
      if (keys.company) w.orWhere('l.norm_company', keys.company);
    })
    .orderBy('l.id', 'desc')
    .limit(PER_KIND)
    .select(
      'l.id',
      'l.name',
      'l.company',
      'l.status',
      'l.owner_id',
      'l.team_id',
      'l.norm_email',
      'l.norm_domain',
      'l.norm_phone',
      'l.norm_company',
    );
  if (exceptLeadId) q.whereNot('l.id', exceptLeadId);
  return (await q).map((row): Candidate => ({
    kind: 'lead',
    row,
    matched: matchedKeys(keys, {
      email: row.norm_email === keys.email,
      domain: row.norm_domain === keys.domain,
      phone: row.norm_phone === keys.phone,
      company: row.norm_company === keys.company,
    }),
  }));
}

async function partnerCandidates(db: Db, keys: CollisionKeys) {
  const rows = await db('partners as p')
    .whereNull('p.deleted_at')
    .where((w) => {
      if (keys.domain) w.orWhereRaw(`p.norm_domains LIKE ? ESCAPE '\\'`, [likeKey(keys.domain)]);
      if (keys.phone) w.orWhereRaw(`p.norm_phones LIKE ? ESCAPE '\\'`, [likeKey(keys.phone)]);
      if (keys.company) w.orWhere('p.norm_company', keys.company);
    })
    .orderBy('p.id', 'desc')
    .limit(PER_KIND)
    .select('p.id', 'p.name', 'p.owner_id', 'p.norm_company', 'p.norm_phones', 'p.norm_domains');
  return rows.map((row): Candidate => ({
    kind: 'partner',
    row,
    matched: matchedKeys(keys, {
      email: false,
      domain: String(row.norm_domains).includes(` ${keys.domain} `),
      phone: String(row.norm_phones).includes(` ${keys.phone} `),
      company: row.norm_company === keys.company,
    }),
  }));
}

async function contactCandidates(db: Db, keys: CollisionKeys) {
  const rows = await db('contacts as c')
    .whereNull('c.deleted_at')
    .where((w) => {
      if (keys.email) w.orWhere('c.norm_email', keys.email);
      if (keys.domain)
        w.orWhereRaw(`c.norm_email LIKE ? ESCAPE '\\'`, [
          `%@${keys.domain.replace(/[\\%_]/g, (c) => `\\${c}`)}`,
        ]);
      if (keys.phone) w.orWhere('c.norm_phone', keys.phone);
    })
    .orderBy('c.id', 'desc')
    .limit(PER_KIND)
    .select('c.id', 'c.name', 'c.owner_id', 'c.norm_email', 'c.norm_phone');
  return rows.map((row): Candidate => ({
    kind: 'contact',
    row,
    matched: matchedKeys(keys, {
      email: row.norm_email === keys.email,
      domain: String(row.norm_email ?? '').endsWith(`@${keys.domain}`),
      phone: row.norm_phone === keys.phone,
      company: false,
    }),
  }));
}

/** Ids among `ids` of one kind that the caller's scope reaches. */
async function visibleIds(db: Db, vis: Visibility, kind: Candidate['kind'], ids: number[]) {
  if (!ids.length) return new Set<number>();
  const q =
    kind === 'lead'
      ? db('leads as x').where(vis.leads('x'))
      : kind === 'partner'
        ? db('partners as x').where(vis.partners('x'))
        : db('contacts as x').where(vis.contacts(db, 'x'));
  const rows = await q.whereIn('x.id', ids).select('x.id');
  return new Set(rows.map((r) => toInt(r.id)));
}

/**
 * Every lead, partner and contact colliding with `keys` (not the lead `exceptLeadId` itself).
 * Records in the caller's scope come back whole; the others only as a count per owner, with the
 * owner's name and what matched: enough for a rep to know whom to talk to before working a
 * customer, never the other rep's record (no id, name, contact details or status). Without keys
 * (no company, email or phone) nothing can collide.
 */
export async function findDuplicates(
  db: Db,
  vis: Visibility,
  keys: CollisionKeys,
  exceptLeadId?: number,
): Promise<Duplicates> {
  if (!keys.email && !keys.domain && !keys.phone && !keys.company) {
    return { matches: [], hidden: { count: 0, owners: [] } };
  }
  const candidates = [
    ...(await leadCandidates(db, keys, exceptLeadId)),
    ...(await partnerCandidates(db, keys)),
    ...(await contactCandidates(db, keys)),
  ].filter((c) => c.matched.length > 0);
  const visible = new Map<Candidate['kind'], Set<number>>();
  for (const kind of ['lead', 'partner', 'contact'] as const) {
    const ids = candidates.filter((c) => c.kind === kind).map((c) => toInt(c.row.id));
    visible.set(kind, await visibleIds(db, vis, kind, ids));
  }
  const ownerIds = [
    ...new Set(candidates.map((c) => toIntOrNull(c.row.owner_id)).filter((o) => o !== null)),
  ];
  const names = new Map<number, string>();
  if (ownerIds.length) {
    for (const u of await db('users').whereIn('id', ownerIds).select('id', 'name'))
      names.set(toInt(u.id), String(u.name));
  }
  const matches: DuplicateMatch[] = [];
  const hidden = new Map<number | null, HiddenOwner>();
  for (const c of candidates) {
    const id = toInt(c.row.id);
    const ownerId = toIntOrNull(c.row.owner_id);
    const ownerName = ownerId === null ? null : (names.get(ownerId) ?? null);
    if (visible.get(c.kind)!.has(id)) {
      matches.push({
        kind: c.kind,
        id,
        name: String(c.row.name),
        company:
          c.kind === 'lead' ? str(c.row.company) : c.kind === 'partner' ? String(c.row.name) : null,
        status: c.kind === 'lead' ? (String(c.row.status) as LeadStatus) : null,
        ownerId,
        ownerName,
        matched: c.matched,
      });
      continue;
    }
    const h = hidden.get(ownerId) ?? { ownerId, ownerName, count: 0, matched: [] };
    h.count += 1;
    h.matched = (['email', 'domain', 'phone', 'company'] as const).filter(
      (k) => h.matched.includes(k) || c.matched.includes(k),
    );
    hidden.set(ownerId, h);
  }
  const owners = [...hidden.values()].sort(
    (a, b) => b.count - a.count || (a.ownerId ?? 0) - (b.ownerId ?? 0),
  );
  return { matches, hidden: { count: owners.reduce((n, o) => n + o.count, 0), owners } };
}
