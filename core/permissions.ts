// The grants table: role × permission → scope. The server enforces it (server/auth), and the
// components and the add-in read it to hide what a user cannot do. Nothing else decides access.

export const ROLES = ['admin', 'manager', 'rep', 'finance'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Which records a grant reaches: every record, the caller's own plus those owned inside the team
 * subtree they manage, only their own, or nothing (the default for anything not listed).
 */
export type Scope = 'all' | 'subtree' | 'own' | 'none';

/** Every permission a procedure can declare, and whether it reads or writes (token scopes). */
export const PERMISSIONS = {
  'users.read': 'read',
  'users.manage': 'write',
  'teams.read': 'read',
  'teams.manage': 'write',
  'partners.read': 'read',
  'partners.create': 'write',
  'partners.update': 'write',
  'partners.archive': 'write',
  'contacts.read': 'read',
  'contacts.create': 'write',
  'contacts.update': 'write',
  'contacts.archive': 'write',
  'activities.read': 'read',
  'activities.log': 'write',
  'activities.complete': 'write',
  'audit.read': 'read',
  'leads.read': 'read',
  'leads.create': 'write',
  'leads.update': 'write',
  'leads.assign': 'write',
  'leads.escalate': 'write',
  'leads.convert': 'write',
  'leads.disqualify': 'write',
  'leads.import': 'write',
  /** Capture forms and assignment rules. */
  'leads.configure': 'write',
  'pipelines.read': 'read',
  'pipelines.manage': 'write',
  'opportunities.read': 'read',
  'opportunities.create': 'write',
  'opportunities.update': 'write',
  'opportunities.move': 'write',
  'opportunities.close': 'write',
  'reports.read': 'read',
  'products.read': 'read',
  /** Products, price lists and payment terms: the catalogue admins keep. */
  'products.manage': 'write',
  /**
   * A product's cost (成本价) where a catalogue read would show it: products.get|list,
   * priceLists.resolve and the products' audit history. Without it the cost reads as null and
   * its audit rows are left out. Margin is confidential.
   */
  'products.readCost': 'read',
  'quotes.read': 'read',
  /** Create, edit a draft, revise and send. */
  'quotes.write': 'write',
  /** Record the customer's answer: accept or reject a sent version. */
  'quotes.decide': 'write',
  'orders.read': 'read',
  /** Create (from a quote or directly), edit a draft, submit, cancel, amend. */
  'orders.write': 'write',
  'orders.approve': 'write',
  /** The discount guard's per-role limits. */
  'orders.configure': 'write',
  'paymentPlans.read': 'read',
  /** Generate a plan from an order and edit its unpaid installments. */
  'paymentPlans.write': 'write',
  'receipts.read': 'read',
  'receipts.record': 'write',
  /** Void a receipt (作废): its allocations are undone. Finance and admins only. */
  'receipts.void': 'write',
  'targets.read': 'read',
  'targets.set': 'write',
  /**
   * The Excel link (sync.*): a gate only. Each dataset then needs its own permissions
   * (opportunities.read to pull opportunities, opportunities.update to push edits, …), checked
   * with their own scopes, so the add-in never reaches more than the board or the API would.
   */
  'sync.use': 'read',
  /**
   * Live updates (changes.subscribe): a gate only. Each notice is then filtered by the caller's
   * scope for its domain's read permission (partners.read for partners, …), so the stream never
   * tells of a record the caller could not read.
   */
  'changes.read': 'read',
} as const;
export type Permission = keyof typeof PERMISSIONS;

type GrantTable = Record<Role, Partial<Record<Permission, Scope>>>;

const salesScope = (scope: Scope) =>
  ({
    'leads.read': scope,
    'leads.create': scope,
    'leads.update': scope,
    'leads.escalate': scope,
    'leads.convert': scope,
    'leads.disqualify': scope,
    'pipelines.read': 'all',
    'opportunities.read': scope,
    'opportunities.create': scope,
    'opportunities.update': scope,
    'opportunities.move': scope,
    'opportunities.close': scope,
    'reports.read': scope,
    'partners.read': scope,
    'partners.create': scope,
    'partners.update': scope,
    'contacts.read': scope,
    'contacts.create': scope,
    'contacts.update': scope,
    'activities.read': scope,
    'activities.log': scope,
    'activities.complete': scope,
    'products.read': 'all',
    'quotes.read': scope,
    'quotes.write': scope,
    'quotes.decide': scope,
    'orders.read': scope,
    'orders.write': scope,
    'paymentPlans.read': scope,
    'paymentPlans.write': scope,
    'receipts.read': scope,
    'targets.read': scope,
    'sync.use': 'all',
    'changes.read': 'all',
  }) satisfies Partial<Record<Permission, Scope>>;

export const GRANTS: GrantTable = {
  admin: Object.fromEntries(Object.keys(PERMISSIONS).map((p) => [p, 'all'])) as Record<
    Permission,
    Scope
  >,
  manager: {
    'users.read': 'all',
    'teams.read': 'all',
    ...salesScope('subtree'),
    'partners.archive': 'subtree',
    'contacts.archive': 'subtree',
    'audit.read': 'subtree',
    // Routing leads between reps and importing lists is a manager's job.
    'leads.assign': 'subtree',
    'leads.import': 'subtree',
    // Approving a discounted order and setting targets belong to the team's manager.
    'orders.approve': 'subtree',
    'targets.set': 'subtree',
  },
  // Reps work their own book; archiving a customer is a manager's decision.
  rep: {
    'users.read': 'all',
    'teams.read': 'all',
    ...salesScope('own'),
    // The history of their own records; never of users or teams (those need scope 'all').
    'audit.read': 'own',
  },
  // Finance reads every customer (receivables need them) and may correct billing data only.
  finance: {
    'users.read': 'all',
    'teams.read': 'all',
    'partners.read': 'all',
    'partners.update': 'all',
    'contacts.read': 'all',
    'activities.read': 'all',
    'activities.log': 'all',
    'activities.complete': 'own',
    // Forecasts and the funnel feed cash planning; finance reads them, never moves deals.
    'pipelines.read': 'all',
    'opportunities.read': 'all',
    'reports.read': 'all',
    // Finance owns the receivables: plans and receipts for every customer; quotes and orders
    // are read for reconciliation, never edited.
    'products.read': 'all',
    // Costs feed margin and the valuation of stock: finance reads them, sellers never.
    'products.readCost': 'all',
    'quotes.read': 'all',
    'orders.read': 'all',
    'paymentPlans.read': 'all',
    'paymentPlans.write': 'all',
    'receipts.read': 'all',
    'receipts.record': 'all',
    // Voiding a receipt undoes what it paid; only finance (and admins) may.
    'receipts.void': 'all',
    'targets.read': 'all',
    'sync.use': 'all',
    'changes.read': 'all',
  },
};

export function scopeOf(role: Role, permission: Permission): Scope {
  return GRANTS[role][permission] ?? 'none';
}

/**
 * Field-level write rules, per permission and role: the fields a role may change. A write that
 * touches any other field is refused as a whole (FORBIDDEN), never applied in part.
 * Roles not listed may write every field the input schema accepts.
 */
export const WRITABLE_FIELDS: Partial<
  Record<Permission, Partial<Record<Role, readonly string[]>>>
> = {
  'partners.update': {
    finance: ['taxId'],
    // Reassigning an account (owner, team) is for managers and admins.
    rep: [
      'name',
      'kind',
      'isCompany',
      'industry',
      'region',
      'customerGroup',
      'phones',
      'emails',
      'website',
      'tags',
      'taxId',
      'notes',
    ],
  },
};

/** The fields of `fields` that `role` may not write under `permission` (empty when all allowed). */
export function forbiddenFields(role: Role, permission: Permission, fields: string[]): string[] {
  const allowed = WRITABLE_FIELDS[permission]?.[role];
  if (!allowed) return [];
  return fields.filter((f) => !allowed.includes(f));
}

export type TokenScope = 'read' | 'write';
export const TOKEN_SCOPES: readonly TokenScope[] = ['read', 'write'];

export function tokenAllows(scopes: readonly string[], permission: Permission): boolean {
  return scopes.includes(PERMISSIONS[permission]);
}
