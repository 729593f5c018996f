// Test fixtures for quotes and orders: the test org with its callers, the seed pipelines, a
// customer with invoice and delivery addresses and an open opportunity, and products.
import type { TestDatabase } from '../../../test/support/databases.ts';
import { createFunnelFixture, type FunnelFixture } from '../../../test/support/funnel.ts';
import {
  callerAs,
  createOrg,
  type Caller,
  type Org,
  type UserKey,
} from '../../../test/support/org.ts';

export interface Q2cFixture {
  tdb: TestDatabase;
  org: Org;
  funnel: FunnelFixture;
  as: Record<UserKey, Caller>;
  uniq: () => string;
}

export async function q2cFixture(tdb: TestDatabase): Promise<Q2cFixture> {
  const org = await createOrg(tdb);
  const funnel = await createFunnelFixture(tdb);
  const as = {} as Record<UserKey, Caller>;
  for (const key of Object.keys(org.users) as UserKey[]) as[key] = await callerAs(tdb, org, key);
  let n = 0;
  return { tdb, org, funnel, as, uniq: () => `${Date.now().toString(36)}${(n++).toString(36)}` };
}

/** A customer of `owner` with an office, a default invoice and two delivery addresses, and an open deal. */
export async function dealOf(f: Q2cFixture, owner: UserKey = 'rep1', customerGroup?: string) {
  const partner = await f.as.admin.partners.create({
    name: `客户 ${f.uniq()}`,
    ownerId: f.org.users[owner],
    customerGroup: customerGroup ?? null,
    addresses: [
      { type: 'office', line1: '1 Office Road' },
      { type: 'delivery', line1: '2 Dock Street', city: '上海' },
      { type: 'invoice', line1: '3 Ledger Lane', isDefault: true, city: '上海' },
      { type: 'delivery', line1: '4 Default Dock', isDefault: true, city: '苏州' },
    ],
  });
  const opportunity = await f.as.admin.opportunities.create({
    name: `Deal ${f.uniq()}`,
    partnerId: partner.id,
    ownerId: f.org.users[owner],
    expectedRevenue: 1_000_00,
  });
  return { partner, opportunity };
}

export async function productOf(
  f: Q2cFixture,
  fields: { listPrice?: number; taxRate?: number; cost?: number | null; currency?: string } = {},
) {
  return f.as.admin.products.create({
    code: `P-${f.uniq()}`,
    name: `产品 ${f.uniq()}`,
    listPrice: fields.listPrice ?? 100_00,
    taxRate: fields.taxRate ?? 1300,
    cost: fields.cost ?? 60_00,
    currency: fields.currency ?? 'CNY',
  });
}

/** A plain line at an explicit price, no product. */
export const line = (unitPrice: number, quantity = 1000, extra: Record<string, unknown> = {}) => ({
  description: `Service ${unitPrice}`,
  quantity,
  unitPrice,
  taxRate: 600,
  ...extra,
});

/** The issues of a field error: [field, rule]. */
export function fieldOf(e: unknown): [string | undefined, string | undefined] {
  const issue = (e as { cause?: { issues?: { path: string[]; code: string }[] } }).cause
    ?.issues?.[0];
  return [issue?.path.join('.'), issue?.code];
}

export const code = (c: string) => (e: unknown) => (e as { code?: string }).code === c;

/** The figures of a totals object (computeTotals' or a stored document's), nothing else. */
export const figures = (t: {
  subtotal: number;
  lineDiscount: number;
  headerDiscount: number;
  net: number;
  tax: number;
  gross: number;
  discountBp: number;
}) => ({
  subtotal: t.subtotal,
  lineDiscount: t.lineDiscount,
  headerDiscount: t.headerDiscount,
  net: t.net,
  tax: t.tax,
  gross: t.gross,
  discountBp: t.discountBp,
});
