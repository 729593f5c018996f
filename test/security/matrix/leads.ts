// Matrix rows for leads: one row per procedure (see kit.ts for the shapes and foundation.ts for examples).
import { toInt } from '../../../server/db/rows.ts';
import { freshTeam, row, type Fixture, type ListRow, type Owner, type Row } from './kit.ts';

// ---- intake and routing (rules, team settings, assign, escalate, capture, forms, import) -------

/** The team each matrix owner works in; each has a parent, so its leads can escalate. */
const TEAM_OF = {
  rep1: 'shanghai',
  rep2: 'shanghai',
  repDeep: 'pudong',
  repSouth: 'shenzhen',
} as const;

/** A new open lead of `owner`, in their team (a raw row: routing is not under test here). */
async function leadOf(f: Fixture, owner: Owner) {
  const at = new Date().toISOString();
  const [r] = await f.tdb
    .db('leads')
    .insert({
      version: 1,
      created_at: at,
      updated_at: at,
      name: `Lead ${f.uniq()}`,
      source: 'manual',
      status: 'new',
      owner_id: f.org.users[owner],
      team_id: f.org.teams[TEAM_OF[owner]],
    })
    .returning('id');
  return { id: toInt((r as { id: unknown }).id), version: 1 };
}

const ruleOf = (f: Fixture) =>
  f.admin.leads.rules.create({
    sequence: 900,
    name: `Rule ${f.uniq()}`,
    teamId: f.org.teams.south,
  });

const intakeRows: Row[] = [
  row({
    path: 'leads.rules.list',
    permission: 'leads.configure',
    perOwner: false,
    call: (c) => c.leads.rules.list(),
  }),
  row({
    path: 'leads.rules.create',
    permission: 'leads.configure',
    perOwner: false,
    call: (c, f) =>
      c.leads.rules.create({ sequence: 900, name: `R ${f.uniq()}`, teamId: f.org.teams.south }),
  }),
  row({
    path: 'leads.rules.update',
    permission: 'leads.configure',
    perOwner: false,
    setup: (f) => ruleOf(f),
    call: (c, _f, _r, s) =>
      c.leads.rules.update({ id: s.id, version: s.version, patch: { sequence: 901 } }),
  }),
  row({
    path: 'leads.rules.remove',
    permission: 'leads.configure',
    perOwner: false,
    setup: (f) => ruleOf(f),
    call: (c, _f, _r, s) => c.leads.rules.remove({ id: s.id, version: s.version }),
  }),
  row({
    path: 'leads.teamSettings.get',
    permission: 'leads.configure',
    perOwner: false,
    call: (c, f) => c.leads.teamSettings.get({ teamId: f.org.teams.shanghai }),
  }),
  row({
    path: 'leads.teamSettings.set',
    permission: 'leads.configure',
    perOwner: false,
    setup: (f) => freshTeam(f),
    call: (c, _f, _r, t) =>
      c.leads.teamSettings.set({ teamId: t.id, version: t.version, escalateAfterHours: 24 }),
  }),
  row({
    path: 'leads.assign',
    permission: 'leads.assign',
    perOwner: true,
    setup: (f, _r, owner) => leadOf(f, owner!),
    // Round-robin within the lead's own team keeps the new owner in reach of whoever sees the lead.
    call: async (c, _f, _r, lead) => {
      const [result] = (await c.leads.assign({ ids: [lead], auto: true })).results;
      if (!result?.ok) throw Object.assign(new Error(result?.message), { code: result?.code });
      return result;
    },
  }),
  row({
    path: 'leads.escalate',
    permission: 'leads.escalate',
    perOwner: true,
    setup: (f, _r, owner) => leadOf(f, owner!),
    call: (c, _f, _r, lead) => c.leads.escalate({ ...lead, reason: 'matrix' }),
  }),
  row({
    path: 'leads.capture',
    permission: 'public',
    perOwner: false,
    setup: (f) => f.admin.leads.forms.create({ name: `Form ${f.uniq()}` }),
    // The honeypot keeps the matrix from storing a lead per cell; the answer is the same.
    call: (c, _f, _r, form) =>
      c.leads.capture({ formKey: form.formKey, honeypot: 'matrix', name: 'Matrix visitor' }),
  }),
  row({
    path: 'leads.forms.list',
    permission: 'leads.configure',
    perOwner: false,
    call: (c) => c.leads.forms.list(),
  }),
  row({
    path: 'leads.forms.create',
    permission: 'leads.configure',
    perOwner: false,
    call: (c, f) => c.leads.forms.create({ name: `Form ${f.uniq()}` }),
  }),
  row({
    path: 'leads.forms.update',
    permission: 'leads.configure',
    perOwner: false,
    setup: (f) => f.admin.leads.forms.create({ name: `Form ${f.uniq()}` }),
    call: (c, _f, _r, form) =>
      c.leads.forms.update({ id: form.id, version: form.version, patch: { active: false } }),
  }),
  row({
    path: 'leads.import',
    permission: 'leads.import',
    perOwner: false,
    call: (c) =>
      c.leads.import({
        format: 'csv',
        file: Buffer.from('姓名,邮箱\r\nMatrix Import,\r\n').toString('base64'),
        dryRun: true,
      }),
  }),
];

// ---- the lead itself (create, list, get, update, duplicates, convert, disqualify) -------------

/** A lead of the cell's owner, made through leads.create; its company is unique to the cell. */
async function createdLeadOf(f: Fixture, owner: Owner) {
  const tag = `lead${f.uniq()}`;
  const { lead } = await f.admin.leads.create({
    name: `Lead ${tag}`,
    company: `${tag} Co., Ltd.`,
    ownerId: f.org.users[owner],
  });
  return { lead, tag };
}

const coreRows: Row[] = [
  row({
    path: 'leads.create',
    permission: 'leads.create',
    perOwner: false,
    call: (c, f) => c.leads.create({ name: `New ${f.uniq()}` }),
  }),
  row({
    // A list row per owner: the owner's lead is listed exactly when the caller reaches it, and
    // nothing else matches the cell's tag (a rep must not find it even by searching for it).
    path: 'leads.list',
    permission: 'leads.read',
    perOwner: true,
    setup: (f, _r, owner) => createdLeadOf(f, owner!),
    call: async (c, _f, _r, s) => {
      const page = await c.leads.list({ search: s.tag });
      if (page.total !== page.items.length) throw new Error('total ≠ items');
      if (page.items.some((l) => l.id !== s.lead.id)) throw new Error('leaked another lead');
      if (!page.items.length) throw Object.assign(new Error('not listed'), { code: 'NOT_FOUND' });
    },
  }),
  row({
    path: 'leads.get',
    permission: 'leads.read',
    perOwner: true,
    setup: (f, _r, owner) => createdLeadOf(f, owner!),
    call: (c, _f, _r, s) => c.leads.get({ id: s.lead.id }),
  }),
  row({
    path: 'leads.update',
    permission: 'leads.update',
    perOwner: true,
    setup: (f, _r, owner) => createdLeadOf(f, owner!),
    call: (c, _f, _r, s) =>
      c.leads.update({ id: s.lead.id, version: s.lead.version, patch: { status: 'working' } }),
  }),
  row({
    path: 'leads.duplicates',
    permission: 'leads.read',
    perOwner: true,
    setup: (f, _r, owner) => createdLeadOf(f, owner!),
    call: (c, _f, _r, s) => c.leads.duplicates({ leadId: s.lead.id }),
  }),
  row({
    path: 'leads.convert',
    permission: 'leads.convert',
    perOwner: true,
    setup: (f, _r, owner) => createdLeadOf(f, owner!),
    call: (c, _f, _r, s) =>
      c.leads.convert({ id: s.lead.id, version: s.lead.version, partner: { mode: 'create' } }),
  }),
  row({
    path: 'leads.disqualify',
    permission: 'leads.disqualify',
    perOwner: true,
    setup: (f, _r, owner) => createdLeadOf(f, owner!),
    call: (c, _f, _r, s) =>
      c.leads.disqualify({ id: s.lead.id, version: s.lead.version, reason: 'No budget' }),
  }),
];

export const leadsRows: Row[] = [...coreRows, ...intakeRows];
export const leadsLists: ListRow[] = [];
