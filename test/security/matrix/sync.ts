// Matrix rows for the Excel link. 'sync.use' is a gate every role holds; what a caller then
// reaches is decided per dataset by that dataset's own permissions, which the sync suite checks
// row by row (server/routers/sync/sync-reach.test.ts). Here each procedure answers for every
// role, and UNAUTHORIZED without a valid token.
import { row, type Row } from './kit.ts';

export const syncRows: Row[] = [
  row({
    path: 'sync.describe',
    permission: 'sync.use',
    perOwner: false,
    call: (c) => c.sync.describe({ entity: 'customers' }),
  }),
  row({
    path: 'sync.pull',
    permission: 'sync.use',
    perOwner: false,
    call: (c) => c.sync.pull({ entity: 'customers', limit: 1 }),
  }),
  row({
    path: 'sync.changes',
    permission: 'sync.use',
    perOwner: false,
    call: (c) => c.sync.changes({ entity: 'customers', since: new Date().toISOString(), limit: 1 }),
  }),
  row({
    path: 'sync.push',
    permission: 'sync.use',
    perOwner: false,
    setup: (f) => f.admin.partners.create({ name: `Sync ${f.uniq()}`, ownerId: f.org.users.rep1 }),
    // A row the caller may or may not reach: its outcome is a per-row status, not the call's.
    call: async (c, f, _r, p) => {
      const { schemaHash } = await c.sync.describe({ entity: 'customers' });
      return c.sync.push({
        entity: 'customers',
        batchId: `matrix-${f.uniq()}`,
        schemaHash,
        changes: [{ key: `c:${p.id}`, op: 'update', baseVersion: p.version, fields: {} }],
      });
    },
  }),
];
