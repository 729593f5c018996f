// Shared set-up for the sync tests: the test org, the seed pipelines, a customer per rep, and
// small builders for push changes.
import type { SyncChange, SyncPushAnswer, SyncValue } from '../../../core/schemas/sync.ts';
import type { TestDatabase } from '../../../test/support/databases.ts';
import { createFunnelFixture, type FunnelFixture } from '../../../test/support/funnel.ts';
import {
  callerAs,
  createOrg,
  type Caller,
  type Org,
  type UserKey,
} from '../../../test/support/org.ts';

export interface SyncFixture {
  tdb: TestDatabase;
  org: Org;
  funnel: FunnelFixture;
  as: (key: UserKey, scopes?: string[]) => Promise<Caller>;
  /** A customer owned by rep1, with a contact. */
  partner: { id: number; name: string };
  uniq: () => string;
}

export async function syncFixture(tdb: TestDatabase): Promise<SyncFixture> {
  const org = await createOrg(tdb);
  const funnel = await createFunnelFixture(tdb);
  const rep1 = await callerAs(tdb, org, 'rep1');
  const partner = await rep1.partners.create({ name: '杭州远景科技有限公司', code: 'HZYJ01' });
  let n = 0;
  return {
    tdb,
    org,
    funnel,
    as: (key, scopes) => callerAs(tdb, org, key, scopes ? { scopes } : {}),
    partner: { id: partner.id, name: partner.name },
    uniq: () => `${Date.now().toString(36)}-${(n++).toString(36)}`,
  };
}

/** An update of `key` from `baseVersion`: each field as [base, value]. */
export function edit(
  key: string,
  baseVersion: number,
  fields: Record<string, [SyncValue, SyncValue]>,
): SyncChange {
  return {
    key,
    op: 'update',
    baseVersion,
    fields: Object.fromEntries(
      Object.entries(fields).map(([k, [base, value]]) => [k, { base, value }]),
    ),
  };
}

export function create(fields: Record<string, SyncValue>, key = `new:${crypto.randomUUID()}`) {
  return {
    key,
    op: 'create' as const,
    fields: Object.fromEntries(Object.entries(fields).map(([k, value]) => [k, { value }])),
  };
}

/** Describes (for the schema hash), then pushes. */
export async function push(
  caller: Caller,
  entity: string,
  changes: SyncChange[],
  opts: { batchId?: string; atomic?: boolean; locale?: 'zh-CN' | 'en' } = {},
): Promise<SyncPushAnswer> {
  const { schemaHash } = await caller.sync.describe({ entity });
  return caller.sync.push({
    entity,
    batchId: opts.batchId ?? `b-${crypto.randomUUID()}`,
    schemaHash,
    atomic: opts.atomic ?? false,
    changes,
    ...(opts.locale ? { locale: opts.locale } : {}),
  });
}

/** Every row of a dataset, through all pages. */
export async function pullAll(
  caller: Caller,
  entity: string,
  filter: Record<string, string | number> = {},
  limit = 1000,
) {
  const rows = [];
  let cursor: string | null = null;
  let snapshot = '';
  let pages = 0;
  do {
    const page: Awaited<ReturnType<Caller['sync']['pull']>> = await caller.sync.pull({
      entity,
      filter,
      limit,
      cursor,
    });
    rows.push(...page.rows);
    snapshot ||= page.snapshot;
    if (page.snapshot !== snapshot) throw new Error('the snapshot moved between pages');
    cursor = page.nextCursor;
    pages++;
  } while (cursor);
  return { rows, snapshot, pages };
}
