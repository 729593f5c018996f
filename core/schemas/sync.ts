// The Excel round trip (../shared/design/EXCEL-SYNC.md): sync.describe|pull|changes|push. The
// add-in and scripts share these shapes; each dataset ("entity") is defined on the server by one
// file in server/services/sync/, which also validates the dataset's own filter.
import { z } from 'zod';
import { instant, locale, version } from './common.ts';

/** How a column's values travel and how the add-in formats and checks them. */
export const SYNC_COLUMN_TYPES = [
  'text',
  'integer',
  /** Integer minor units of the currency named by the column `currency.column` of the row. */
  'money',
  /** `YYYY-MM-DD`. */
  'date',
  /** ISO-8601 instant (stamps; always read-only). */
  'datetime',
  'boolean',
  /** A label from `enum.values`; the server resolves it (labels of either locale are accepted). */
  'enum',
  /** Free text the server resolves to a record (a customer by code or exact name). */
  'lookup',
] as const;
export type SyncColumnType = (typeof SYNC_COLUMN_TYPES)[number];

/** Per-row outcomes of a push. `rolledBack`: valid, but its atomic batch failed elsewhere. */
export const SYNC_ROW_STATUSES = [
  'ok',
  'conflict',
  'invalid',
  'forbidden',
  'notFound',
  'rolledBack',
] as const;
export type SyncRowStatus = (typeof SYNC_ROW_STATUSES)[number];

export const SYNC_OPS = ['create', 'update', 'delete'] as const;

export const MAX_PULL_LIMIT = 5000;
export const MAX_PUSH_CHANGES = 2000;

export const syncEntityName = z
  .string()
  .regex(/^[a-z][a-zA-Z]{1,39}$/, 'must be a dataset name such as opportunities');

/** Column ids: letters and digits only, so no key of a values object can reach a prototype. */
export const syncColumnId = z
  .string()
  .regex(/^[a-z][a-zA-Z0-9]{0,39}$/, 'must be a column id such as expectedRevenue');

/** A cell on the wire: text, a number (money in minor units), a boolean, or empty. */
export const syncValue = z.union([z.string().max(10_000), z.number(), z.boolean(), z.null()]);
export type SyncValue = z.infer<typeof syncValue>;

/** `o:123` names a server row (prefix per dataset); `new:<uuid>` a row typed in Excel. */
export const syncRowKey = z
  .string()
  .regex(
    /^(?:new:[A-Za-z0-9-]{1,64}|[a-z]{1,4}:[1-9][0-9]{0,14})$/,
    'must be a row key such as o:123 or new:<uuid>',
  );

/** The dataset's filter; its fields are checked by the dataset (see sync.describe's `filters`). */
export const syncFilter = z
  .record(
    z.string().regex(/^[a-z][a-zA-Z]{0,39}$/, 'must be a filter name'),
    z.union([z.string().max(200), z.number(), z.boolean(), z.null()]),
  )
  .default({});

const cursor = z.string().max(500).nullish();

export const syncDescribeInput = z.strictObject({
  entity: syncEntityName,
  /** Labels' language; the user's own when absent (the add-in sends Office's display language). */
  locale: locale.optional(),
});

export const syncPullInput = z.strictObject({
  entity: syncEntityName,
  filter: syncFilter,
  cursor,
  limit: z.number().int().min(1).max(MAX_PULL_LIMIT).default(1000),
  locale: locale.optional(),
});

export const syncChangesInput = z.strictObject({
  entity: syncEntityName,
  filter: syncFilter,
  /** The `snapshot` of the previous pull or changes call. */
  since: instant,
  cursor,
  limit: z.number().int().min(1).max(MAX_PULL_LIMIT).default(1000),
  locale: locale.optional(),
});

export const syncFieldChange = z.strictObject({
  /** The value at pull time (absent for new rows). */
  base: syncValue.optional(),
  value: syncValue,
});

export const syncChange = z.strictObject({
  key: syncRowKey,
  op: z.enum(SYNC_OPS),
  /** The row's version at pull time; required for update and delete. */
  baseVersion: version.optional(),
  fields: z.record(syncColumnId, syncFieldChange).default({}),
});
export type SyncChange = z.infer<typeof syncChange>;

export const syncBatchId = z
  .string()
  .min(8)
  .max(100)
  .regex(/^[A-Za-z0-9._:-]+$/, 'may contain letters, digits and . _ : - only');

export const syncPushInput = z.strictObject({
  entity: syncEntityName,
  /** Idempotency key of this batch: a retry answers as the first call did and writes nothing twice. */
  batchId: syncBatchId,
  /** From sync.describe; a different one refuses the push ("columns changed: refresh the layout"). */
  schemaHash: z.string().min(1).max(64),
  /** All-or-nothing (finance postings); otherwise every row commits on its own. */
  atomic: z.boolean().default(false),
  changes: z.array(syncChange).min(1).max(MAX_PUSH_CHANGES),
  locale: locale.optional(),
});
export type SyncPushInput = z.infer<typeof syncPushInput>;

export interface SyncEnumValue {
  /** Stable identity (an id or a code); never shown. */
  value: string;
  label: string;
  /** The `value` of the parent column this option belongs to (a stage's pipeline). */
  parent?: string;
}

export interface SyncColumn {
  id: string;
  label: string;
  type: SyncColumnType;
  /** For this caller: system columns, and columns their role may not write. Never pushed. */
  readOnly: boolean;
  /** Must be filled on a new row and may not be cleared. */
  required: boolean;
  enum?: {
    values: SyncEnumValue[];
    /** Options are those whose `parent` is this column's value in the same row. */
    parentColumn?: string;
  };
  /** Money: the column of the row that holds the currency code. */
  currency?: { column: string };
  maxLength?: number;
}

export interface SyncFilterField {
  id: string;
  label: string;
  type: 'enum' | 'date' | 'text';
  /** Enum filters take an option's `value` (an id), not its label. */
  enum?: SyncEnumValue[];
}

export interface SyncDescribe {
  entity: string;
  label: string;
  locale: 'zh-CN' | 'en';
  /** Server rows are keyed `<keyPrefix>:<id>`. */
  keyPrefix: string;
  columns: SyncColumn[];
  filters: SyncFilterField[];
  /** Changes when columns, types, read-only or required change for this caller; labels do not count. */
  schemaHash: string;
  canCreate: boolean;
  /** False when rows are never changed from a sheet (recorded receipts) or nothing is writable. */
  canUpdate: boolean;
  canDelete: boolean;
  limits: { maxPullLimit: number; maxPushChanges: number; maxBodyBytes: number };
}

export interface SyncRow {
  id: number;
  version: number;
  values: Record<string, SyncValue>;
}

export interface SyncPullPage {
  rows: SyncRow[];
  nextCursor: string | null;
  /** Pass as `since` to sync.changes once every page is in. */
  snapshot: string;
}

export interface SyncChangesPage extends SyncPullPage {
  /** Ids gone from the dataset since `since`: archived, or no longer matching the filter. */
  removed: number[];
}

export interface SyncFieldError {
  field: string;
  rule: string;
  message: string;
}

export interface SyncServerState {
  version: number;
  values: Record<string, SyncValue>;
  /** Who wrote the row last, and when. */
  changedBy: string | null;
  changedAt: string;
}

export interface SyncRowResult {
  key: string;
  status: SyncRowStatus;
  id?: number;
  version?: number;
  /** The row as stored after an ok (the new base; the stage may have set the probability). */
  values?: Record<string, SyncValue>;
  message?: string;
  fieldErrors?: SyncFieldError[];
  /** On conflict: the server's row. */
  server?: SyncServerState;
}

export interface SyncPushAnswer {
  batchId: string;
  results: SyncRowResult[];
}
