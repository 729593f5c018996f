// Pull and refresh: the first pull creates the table and its hidden base; later ones ask only
// for what changed since the last snapshot. Each page is written and recorded before the next
// is asked for, so a hung or cancelled pull resumes at the page it stopped at.
import type { SyncDescribe, SyncRow } from '../../core/schemas/sync.ts';
import { newBinding, type Binding } from './binding.ts';
import { apiOf, checkAborted, Dataset, tableOf, type EngineOptions } from './dataset.ts';
import { planPull, type LocalSnapshot } from './pull-merge.ts';
import { BaseStore, LayoutError, rowCells, tableLayout } from './sheet.ts';
import { STATUS_HEADER, statusText } from './status.ts';
import type { TableIO } from './table-io.ts';
import { EXCEL_BUDGET_BYTES } from './chunks.ts';
import type { CellValue, CellWrite, RowWrite } from './workbook.ts';

export interface PullRequest {
  entity: string;
  /** The dataset's filter (see sync.describe's `filters`); the binding's when absent. */
  filter?: Record<string, string | number>;
  /** Rows per page (the server allows up to describe.limits.maxPullLimit). */
  pageSize?: number;
}

export interface PullSummary {
  mode: 'full' | 'changes';
  written: number;
  appended: number;
  kept: number;
  conflicts: number;
  gone: number;
}

async function createTables(io: TableIO, binding: Binding) {
  await io.sync('creating the table', () => io.host.createTable(tableLayout(binding)));
  await io.sync('creating the base', () =>
    io.host.createTable(
      BaseStore.layout(
        binding.table,
        binding.columns.map((c) => c.id),
      ),
    ),
  );
}

/** A fresh binding for the dataset as described now. */
function bindingFor(
  described: SyncDescribe,
  table: string,
  req: PullRequest,
  opts: EngineOptions,
  old: Binding | null,
): Binding {
  return newBinding({
    entity: described.entity,
    table,
    filter: req.filter ?? old?.filter ?? {},
    locale: opts.locale,
    schemaHash: described.schemaHash,
    keyPrefix: described.keyPrefix,
    columns: described.columns,
    statusHeader: STATUS_HEADER[opts.locale],
    limits: described.limits,
    canCreate: described.canCreate,
    canUpdate: described.canUpdate,
    canDelete: described.canDelete,
  });
}

/** Writes one page's rows by the merge rules; returns what it did. */
async function applyPage(
  d: Dataset,
  rows: SyncRow[],
  removed: number[],
  summary: PullSummary,
): Promise<void> {
  await d.relocate();
  const { binding, layout } = d;
  const local = new Map<string, LocalSnapshot>();
  for (const r of rows) {
    const row = d.row(`${binding.keyPrefix}:${r.id}`);
    if (row) local.set(row.key, d.snapshot(row));
  }
  for (const id of removed) {
    const row = d.row(`${binding.keyPrefix}:${id}`);
    if (row) local.set(row.key, d.snapshot(row));
  }
  const writes: RowWrite[] = [];
  const appends: CellValue[][] = [];
  const status = (index: number, text: string): RowWrite => {
    const cells: CellWrite[] = Array.from({ length: layout.width }, () => null);
    cells[layout.status] = text;
    return { index, cells };
  };
  for (const a of planPull(local, rows, removed, binding.keyPrefix)) {
    if (a.kind === 'keep') summary.kept++;
    else if (a.kind === 'gone') {
      summary.gone++;
      writes.push(status(d.row(a.key)!.index, statusText('deleted', binding.locale)));
    } else if (a.kind === 'conflict') {
      summary.conflicts++;
      binding.conflicts[a.key] = {
        version: a.row.version,
        values: a.row.values,
        changedBy: typeof a.row.values.updatedBy === 'string' ? a.row.values.updatedBy : null,
        changedAt: String(a.row.values.updatedAt ?? ''),
      };
      writes.push(status(d.row(a.key)!.index, statusText('conflict', binding.locale)));
    } else {
      const cells = rowCells(layout, binding.locale, {
        key: a.key,
        version: a.row.version,
        values: a.row.values,
        state: 'synced',
      });
      d.base.set(a.key, a.row.values);
      delete binding.conflicts[a.key];
      if (a.kind === 'write') {
        summary.written++;
        writes.push({ index: d.row(a.key)!.index, cells });
      } else {
        summary.appended++;
        appends.push(cells.map((c) => c ?? ''));
      }
    }
  }
  // Values first, then the base that says they are clean: a hang in between leaves rows that
  // look edited (and are re-sent as no-ops), never edits that look clean.
  if (writes.length) await d.io.writeRows(binding.table, writes);
  if (appends.length) await d.io.appendRows(binding.table, appends);
  await d.base.flush(d.io);
}

/**
 * Pulls a dataset into its table: the first time (or after the layout changed, when nothing is
 * unpushed) the whole dataset into a new table, afterwards only the changes.
 */
export async function pullDataset(opts: EngineOptions, req: PullRequest): Promise<PullSummary> {
  const api = apiOf(opts);
  const table = tableOf(req.entity);
  const probe = Dataset.ioFor(opts, EXCEL_BUDGET_BYTES);
  let binding = await probe.loadBinding(table);
  const io = Dataset.ioFor(opts, binding?.budgets.workbook ?? EXCEL_BUDGET_BYTES);
  const described = await api.describe({ entity: req.entity, locale: opts.locale });
  const filterChanged =
    req.filter !== undefined &&
    binding !== null &&
    JSON.stringify(req.filter) !== JSON.stringify(binding.filter);
  const stale = !binding || binding.schemaHash !== described.schemaHash || filterChanged;
  const resumingFull = binding?.pull?.mode === 'full';
  if (stale && !resumingFull) {
    if (binding && (await io.sync('reading the layout', () => io.host.tableHeaders(table)))) {
      const old = await Dataset.open(io, binding);
      const unpushed = old.rows.filter(
        (r) => r.key && old.snapshot(r).dirty && r.state !== 'deleted',
      );
      if (unpushed.length)
        throw new LayoutError(
          `${unpushed.length} row(s) are not pushed yet: push or undo them before the columns or filter change`,
        );
    }
    binding = bindingFor(described, table, req, opts, binding);
    await createTables(io, binding);
    binding.pull = { mode: 'full', cursor: null, snapshot: null };
    await io.saveBinding(binding);
  }
  const b = binding!;
  const d = await Dataset.open(io, b);
  const mode = b.pull?.mode ?? 'changes';
  const summary: PullSummary = { mode, written: 0, appended: 0, kept: 0, conflicts: 0, gone: 0 };
  const since = b.pulledAt;
  let cursor = b.pull?.cursor ?? null;
  let done = 0;
  do {
    checkAborted(opts);
    const limit = req.pageSize ?? 1000;
    const page =
      mode === 'full'
        ? {
            ...(await api.pull({
              entity: b.entity,
              filter: b.filter,
              cursor,
              limit,
              locale: b.locale,
            })),
            removed: [],
          }
        : await api.changes({
            entity: b.entity,
            filter: b.filter,
            since: since!,
            cursor,
            limit,
            locale: b.locale,
          });
    await applyPage(d, page.rows, page.removed, summary);
    cursor = page.nextCursor;
    b.pull = cursor ? { mode, cursor, snapshot: page.snapshot } : null;
    if (!cursor) b.pulledAt = page.snapshot;
    await d.save();
    done += page.rows.length + page.removed.length;
    opts.onProgress?.({ phase: mode === 'full' ? 'pull' : 'refresh', done });
  } while (cursor);
  return summary;
}
