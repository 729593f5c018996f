// An open dataset table during one operation: its binding, layout, rows and base values, and
// the round-trip helpers the pull and push engines share.
import type { SyncValue } from '../../core/schemas/sync.ts';
import type { SyncApi } from './api.ts';
import type { Binding } from './binding.ts';
import { ChunkSizer } from './chunks.ts';
import { sameWire } from './codecs.ts';
import type { LocalSnapshot } from './pull-merge.ts';
import {
  BaseStore,
  editedColumns,
  layoutOf,
  LayoutError,
  localRows,
  serverId,
  wireOf,
  type Layout,
  type LocalRow,
} from './sheet.ts';
import type { Locale } from './status.ts';
import { TableIO } from './table-io.ts';
import { DEFAULT_TIMEOUTS, withTimeout, type Timeouts } from './timeout.ts';
import type { WorkbookHost } from './workbook.ts';

export interface Progress {
  phase: 'pull' | 'refresh' | 'push';
  /** Rows done so far. */
  done: number;
  total?: number;
}

export interface EngineOptions {
  host: WorkbookHost;
  api: SyncApi;
  /** Office's display language: labels, the Status column, how typed numbers read. */
  locale: Locale;
  timeouts?: Partial<Timeouts>;
  /** Cancels between chunks; the operation resumes where it stopped. */
  signal?: AbortSignal;
  onProgress?: (progress: Progress) => void;
}

/** The table a dataset lives in: `Lodestone_Opportunities`. */
export const tableOf = (entity: string) =>
  `Lodestone_${entity.charAt(0).toUpperCase()}${entity.slice(1)}`;

export function timeoutsOf(opts: EngineOptions): Timeouts {
  return { ...DEFAULT_TIMEOUTS, ...opts.timeouts };
}

/** One server call with its deadline. */
export function serverCall<T>(
  opts: EngineOptions,
  what: string,
  run: () => Promise<T>,
): Promise<T> {
  return withTimeout(run(), timeoutsOf(opts).serverMs, what);
}

export function checkAborted(opts: EngineOptions): void {
  if (opts.signal?.aborted) throw new DOMException('The operation was cancelled', 'AbortError');
}

export class Dataset {
  rows: LocalRow[] = [];
  private byKey = new Map<string, LocalRow>();

  private constructor(
    readonly io: TableIO,
    readonly binding: Binding,
    readonly layout: Layout,
    readonly base: BaseStore,
  ) {}

  static ioFor(opts: EngineOptions, budget: number): TableIO {
    return new TableIO(opts.host, timeoutsOf(opts), new ChunkSizer(budget));
  }

  static async open(io: TableIO, binding: Binding): Promise<Dataset> {
    const headers = await io.sync('reading the layout', () => io.host.tableHeaders(binding.table));
    if (!headers) throw new LayoutError(`the table ${binding.table} is missing: pull again`);
    const layout = layoutOf(headers, binding);
    const base = await new BaseStore(
      binding.table,
      binding.columns.map((c) => c.id),
    ).load(io);
    const dataset = new Dataset(io, binding, layout, base);
    dataset.setRows(localRows(await io.readAll(binding.table, layout.width), layout));
    return dataset;
  }

  private setRows(rows: LocalRow[]) {
    this.rows = rows;
    this.byKey = new Map();
    for (const r of rows) if (r.key && !this.byKey.has(r.key)) this.byKey.set(r.key, r);
  }

  row(key: string): LocalRow | undefined {
    return this.byKey.get(key);
  }

  /** Re-reads the whole table (after a server call the user may have sorted or edited). */
  async reload(): Promise<void> {
    this.setRows(
      localRows(await this.io.readAll(this.binding.table, this.layout.width), this.layout),
    );
  }

  /** Re-reads only the keys: rows move when the user sorts, their cells as read stay valid. */
  async relocate(): Promise<void> {
    const keys = await this.io.readColumn(this.binding.table, this.layout.key);
    const old = this.byKey;
    const moved: LocalRow[] = keys.map((k, index) => {
      const key = String(k).trim();
      const known = old.get(key);
      return known ? { ...known, index } : { index, cells: [], key, version: null, state: null };
    });
    this.setRows(moved);
  }

  wire(row: LocalRow) {
    return wireOf(row, this.layout, this.binding.locale);
  }

  serverId(key: string): number | null {
    return serverId(key, this.binding.keyPrefix);
  }

  /** Columns of a server row the user changed since its base (empty when clean). */
  edited(row: LocalRow): string[] {
    const base = this.base.get(row.key);
    if (!base) return this.binding.columns.map((c) => c.id);
    return editedColumns(this.wire(row), base);
  }

  snapshot(row: LocalRow): LocalSnapshot {
    const isNew = this.serverId(row.key) === null;
    return {
      version: row.version,
      dirty: isNew || row.state === 'delete' || this.edited(row).length > 0,
      state: row.state,
    };
  }

  /** Whether the row's cell of `id` still holds `value` (what was sent, or the old base). */
  holds(row: LocalRow, id: string, value: SyncValue | undefined): boolean {
    const d = this.wire(row).get(id);
    return Boolean(d?.ok && sameWire(d.value, value ?? null));
  }

  async save(): Promise<void> {
    await this.io.saveBinding(this.binding);
  }
}

/** The API as the engine calls it, with deadlines. */
export function apiOf(opts: EngineOptions): SyncApi {
  const { api } = opts;
  return {
    describe: (i) => serverCall(opts, 'describing the dataset', () => api.describe(i)),
    pull: (i) => serverCall(opts, 'pulling rows', () => api.pull(i)),
    changes: (i) => serverCall(opts, 'asking for changes', () => api.changes(i)),
    push: (i) => serverCall(opts, 'pushing rows', () => api.push(i)),
  };
}
