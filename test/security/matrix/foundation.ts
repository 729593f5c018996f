// Matrix rows for the foundation: auth, users, teams, partners, contacts, activities, audit.
import { freshTeam, freshUser, type ListRow, type Row } from './kit.ts';

export const foundationRows: Row[] = [
  {
    path: 'auth.login',
    permission: 'public',
    perOwner: false,
    call: (c) => c.auth.login({ email: 'rep1@test.lodestone', password: 'correct-horse-42' }),
  },
  { path: 'auth.logout', permission: 'self', perOwner: false, call: (c) => c.auth.logout() },
  { path: 'auth.me', permission: 'self', perOwner: false, call: (c) => c.auth.me() },
  {
    path: 'auth.updateProfile',
    permission: 'self',
    perOwner: false,
    call: (c) => c.auth.updateProfile({ locale: 'en' }),
  },
  {
    path: 'auth.changePassword',
    permission: 'self',
    perOwner: false,
    call: (c) =>
      c.auth.changePassword({
        currentPassword: 'correct-horse-42',
        newPassword: 'correct-horse-42',
      }),
  },
  {
    path: 'auth.tokens.create',
    permission: 'self',
    perOwner: false,
    call: (c) =>
      c.auth.tokens.create({
        kind: 'widget',
        name: 'w',
        allowedOrigins: ['https://intranet.example.com'],
      }),
  },
  {
    path: 'auth.tokens.list',
    permission: 'self',
    perOwner: false,
    call: (c) => c.auth.tokens.list(),
  },
  {
    path: 'auth.tokens.revoke',
    permission: 'self',
    perOwner: false,
    // Revokes a token of the caller's own (created by the cell for the caller's user).
    call: async (c) => {
      const mine = (await c.auth.tokens.list()).find((t) => !t.current);
      return c.auth.tokens.revoke({ id: mine?.id ?? 999_999 });
    },
  },
  { path: 'users.list', permission: 'users.read', perOwner: false, call: (c) => c.users.list({}) },
  {
    path: 'users.get',
    permission: 'users.read',
    perOwner: false,
    call: (c, f) => c.users.get({ id: f.org.users.rep1 }),
  },
  {
    path: 'users.create',
    permission: 'users.manage',
    perOwner: false,
    call: (c, f) =>
      c.users.create({
        email: `n-${f.uniq()}@test.lodestone`,
        name: 'New',
        role: 'rep',
        password: 'long-enough-1',
      }),
  },
  {
    path: 'users.update',
    permission: 'users.manage',
    perOwner: false,
    call: async (c, f) =>
      c.users.update({ id: await freshUser(f), version: 1, patch: { name: 'Renamed' } }),
  },
  {
    path: 'users.setPassword',
    permission: 'users.manage',
    perOwner: false,
    call: async (c, f) =>
      c.users.setPassword({ id: await freshUser(f), password: 'long-enough-2' }),
  },
  { path: 'teams.list', permission: 'teams.read', perOwner: false, call: (c) => c.teams.list() },
  {
    path: 'teams.get',
    permission: 'teams.read',
    perOwner: false,
    call: (c, f) => c.teams.get({ id: f.org.teams.east }),
  },
  {
    path: 'teams.create',
    permission: 'teams.manage',
    perOwner: false,
    call: (c, f) => c.teams.create({ name: `T ${f.uniq()}`, parentId: f.org.teams.hq }),
  },
  {
    path: 'teams.update',
    permission: 'teams.manage',
    perOwner: false,
    call: async (c, f) => {
      const t = await freshTeam(f);
      return c.teams.update({ id: t.id, version: t.version, patch: { nameEn: 'Renamed' } });
    },
  },
  {
    path: 'teams.archive',
    permission: 'teams.manage',
    perOwner: false,
    call: async (c, f) => {
      const t = await freshTeam(f);
      return c.teams.archive({ id: t.id, version: t.version });
    },
  },
  {
    path: 'teams.addMember',
    permission: 'teams.manage',
    perOwner: false,
    call: async (c, f) =>
      c.teams.addMember({ teamId: (await freshTeam(f)).id, userId: f.org.users.rep1 }),
  },
  {
    path: 'teams.removeMember',
    permission: 'teams.manage',
    perOwner: false,
    call: async (c, f) =>
      c.teams.removeMember({
        teamId: (await freshTeam(f, f.org.users.rep2)).id,
        userId: f.org.users.rep2,
      }),
  },
  {
    path: 'partners.create',
    permission: 'partners.create',
    perOwner: false,
    call: (c, f) => c.partners.create({ name: `Own ${f.uniq()}` }),
  },
  {
    path: 'partners.get',
    permission: 'partners.read',
    perOwner: true,
    call: (c, _f, r) => c.partners.get({ id: r!.partner.id }),
  },
  {
    path: 'partners.update',
    permission: 'partners.update',
    perOwner: true,
    call: (c, _f, r) =>
      c.partners.update({
        id: r!.partner.id,
        version: r!.partner.version,
        patch: { taxId: '91310000MA1K' },
      }),
  },
  {
    path: 'partners.archive',
    permission: 'partners.archive',
    perOwner: true,
    call: (c, _f, r) => c.partners.archive({ id: r!.partner.id, version: r!.partner.version }),
  },
  {
    path: 'partners.addresses.add',
    permission: 'partners.update',
    perOwner: true,
    call: (c, _f, r) =>
      c.partners.addresses.add({
        partnerId: r!.partner.id,
        address: { type: 'delivery', line1: 'Dock 9' },
      }),
  },
  {
    path: 'partners.addresses.update',
    permission: 'partners.update',
    perOwner: true,
    call: (c, _f, r) =>
      c.partners.addresses.update({
        id: r!.address.id,
        version: r!.address.version,
        patch: { city: '苏州' },
      }),
  },
  {
    path: 'partners.addresses.remove',
    permission: 'partners.update',
    perOwner: true,
    call: (c, _f, r) =>
      c.partners.addresses.remove({ id: r!.address.id, version: r!.address.version }),
  },
  {
    path: 'contacts.create',
    permission: 'contacts.create',
    perOwner: true,
    call: (c, f, r) =>
      c.contacts.create({ name: `New ${f.uniq()}`, partners: [{ partnerId: r!.partner.id }] }),
  },
  {
    path: 'contacts.get',
    permission: 'contacts.read',
    perOwner: true,
    call: (c, _f, r) => c.contacts.get({ id: r!.contact.id }),
  },
  {
    path: 'contacts.update',
    permission: 'contacts.update',
    perOwner: true,
    call: (c, _f, r) =>
      c.contacts.update({
        id: r!.contact.id,
        version: r!.contact.version,
        patch: { jobTitle: '采购经理' },
      }),
  },
  {
    path: 'contacts.archive',
    permission: 'contacts.archive',
    perOwner: true,
    call: (c, _f, r) => c.contacts.archive({ id: r!.contact.id, version: r!.contact.version }),
  },
  {
    path: 'contacts.link',
    permission: 'contacts.update',
    perOwner: true,
    call: (c, _f, r) =>
      c.contacts.link({ contactId: r!.loose.id, partnerId: r!.partner.id, role: 'finance' }),
  },
  {
    path: 'contacts.updateLink',
    permission: 'contacts.update',
    perOwner: true,
    call: (c, _f, r) =>
      c.contacts.updateLink({
        id: r!.link.linkId,
        version: r!.link.linkVersion,
        patch: { title: 'CFO' },
      }),
  },
  {
    path: 'contacts.unlink',
    permission: 'contacts.update',
    perOwner: true,
    call: (c, _f, r) => c.contacts.unlink({ id: r!.link.linkId, version: r!.link.linkVersion }),
  },
  {
    path: 'activities.log',
    permission: 'activities.log',
    perOwner: true,
    call: (c, _f, r) =>
      c.activities.log({
        type: 'call',
        subject: 'Called about the order',
        partnerId: r!.partner.id,
      }),
  },
  {
    path: 'activities.complete',
    permission: 'activities.complete',
    perOwner: true,
    call: (c, _f, r) => c.activities.complete({ id: r!.task.id, version: r!.task.version }),
  },
  {
    path: 'audit.list',
    permission: 'audit.read',
    perOwner: true,
    call: (c, _f, r) => c.audit.list({ entity: 'partners', entityId: r!.partner.id }),
  },
];

/** Lists are checked for leaks separately: they answer, but only with rows in reach. */
export const foundationLists: ListRow[] = [
  {
    path: 'partners.list',
    permission: 'partners.read',
    pick: (r) => r.partner.id,
    ids: async (c, _r, tag) =>
      (await c.partners.list({ search: tag, limit: 100 })).items.map((p) => p.id),
  },
  {
    path: 'contacts.list',
    permission: 'contacts.read',
    pick: (r) => r.contact.id,
    ids: async (c, _r, tag) =>
      (await c.contacts.list({ search: tag, limit: 100 })).items.map((p) => p.id),
  },
  {
    path: 'activities.list',
    permission: 'activities.read',
    pick: (r) => r.task.id,
    ids: async (c, r) => {
      const all = await Promise.all(
        r.map((x) => c.activities.list({ partnerId: x.partner.id, limit: 100 })),
      );
      return all.flatMap((p) => p.items.map((a) => a.id));
    },
  },
];
