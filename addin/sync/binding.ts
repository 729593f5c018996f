// The binding of a table to its dataset, kept in a custom XML part of the workbook (never in
// cells): entity, filter, columns, schema hash, the snapshot of the last pull, the chunk budgets
// that worked, and the journals that make a hung pull or push resumable.
import type {
  SyncChange,
  SyncColumn,
  SyncDescribe,
  SyncServerState,
} from '../../core/schemas/sync.ts';
import type { Locale } from './status.ts';
import type { WorkbookHost } from './workbook.ts';
import { EXCEL_BUDGET_BYTES } from './chunks.ts';

export interface PushChunk {
  /** Idempotency key: a resumed push sends the chunk again with the same id. */
  batchId: string;
  changes: SyncChange[];
}

/** A planned chunk in the journal; its changes live in a part of their own (chunkPartName). */
export interface JournalChunk {
  batchId: string;
  rows: number;
}

export interface Binding {
  entity: string;
  table: string;
  filter: Record<string, string | number>;
  locale: Locale;
  schemaHash: string;
  keyPrefix: string;
  columns: SyncColumn[];
  statusHeader: string;
  /** Whether the caller may add or delete rows here (sync.describe), checked before a push. */
  canCreate: boolean;
  canUpdate: boolean;
  canDelete: boolean;
  /** The server's limits, from sync.describe. */
  limits: SyncDescribe['limits'];
  /** Where the next refresh starts (sync.changes since); null before the first full pull ends. */
  pulledAt: string | null;
  /** Chunk budgets (bytes) that worked: Excel round trips and server pushes. */
  budgets: { workbook: number; server: number };
  /** A pull under way: its cursor after the last page written. */
  pull: { mode: 'full' | 'changes'; cursor: string | null; snapshot: string | null } | null;
  /** A push under way: its chunks, each with its batch id, and how many are done. */
  push: { chunks: JournalChunk[]; done: number } | null;
  /** Rows in conflict: the server's row, for keep mine / take server. */
  conflicts: Record<string, SyncServerState>;
}

export const partName = (table: string) => `lodestone.binding.${table}`;
/** The exact payload of a planned chunk, sent again unchanged when a push resumes. */
export const chunkPartName = (table: string, batchId: string) =>
  `lodestone.push.${table}.${batchId}`;

export async function readBinding(host: WorkbookHost, table: string): Promise<Binding | null> {
  const text = await host.readPart(partName(table));
  return text ? (JSON.parse(text) as Binding) : null;
}

export async function writeBinding(host: WorkbookHost, binding: Binding): Promise<void> {
  await host.writePart(partName(binding.table), JSON.stringify(binding));
}

export function newBinding(
  fields: Omit<Binding, 'pulledAt' | 'budgets' | 'pull' | 'push' | 'conflicts'>,
): Binding {
  return {
    ...fields,
    pulledAt: null,
    budgets: { workbook: EXCEL_BUDGET_BYTES, server: EXCEL_BUDGET_BYTES },
    pull: null,
    push: null,
    conflicts: {},
  };
}
