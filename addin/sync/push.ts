// Push: find changed rows by diffing against the base, check them locally, send only the
// changes in chunks that fit the server's limits, each chunk with its own batch id written to
// the journal before it is sent. A push that hangs or is cancelled resumes at the first chunk
// not yet written back, sending it again under the same id: the server answers as before and
// writes nothing twice.
import type {
  SyncChange,
  SyncFieldError,
  SyncPushAnswer,
  SyncRowResult,
  SyncValue,
} from '../../core/schemas/sync.ts';
import { chunkPartName, type PushChunk } from './binding.ts';
import { ChunkSizer, halves, isPayloadError, jsonBytes } from './chunks.ts';
import { apiOf, checkAborted, Dataset, tableOf, type EngineOptions } from './dataset.ts';
import { LayoutError, rowCells, type LocalRow } from './sheet.ts';
import { statusText, type RowState } from './status.ts';
import { problemText } from './problem-text.ts';
import { checkRow, type FieldProblem } from './validate.ts';
import type { CellNote, CellWrite, RowWrite } from './workbook.ts';

export interface PushSummary {
  sent: number;
  ok: number;
  conflicts: number;
  errors: number;
  /** Rows refused locally, never sent. */
  refusedLocally: number;
  chunks: number;
}

const newKey = () => `new:${crypto.randomUUID()}`;

/** Gives every row a key: blank ones and copies of another row's key become new rows. */
async function fixKeys(d: Dataset): Promise<void> {
  const { layout, binding } = d;
  const writes: RowWrite[] = [];
  const seen = new Map<string, LocalRow[]>();
  for (const r of d.rows) if (r.key) seen.set(r.key, [...(seen.get(r.key) ?? []), r]);
  const renew = (r: LocalRow) => {
    const cells: CellWrite[] = Array.from({ length: layout.width }, () => null);
    cells[layout.key] = newKey();
    cells[layout.version] = '';
    cells[layout.status] = statusText('new', binding.locale);
    writes.push({ index: r.index, cells });
  };
  for (const r of d.rows) {
    const blank = r.cells.every((c, i) => i === layout.status || c === '');
    if (!r.key && !blank) renew(r);
  }
  for (const [key, rows] of seen) {
    if (rows.length < 2) continue;
    // The original is the row still holding its base; failing that, the first. The others
    // were copied with the key: they are new rows.
    const original =
      d.serverId(key) !== null
        ? (rows.find((r) => d.edited(r).length === 0) ?? rows[0]!)
        : rows[0]!;
    for (const r of rows) if (r !== original) renew(r);
  }
  if (writes.length) {
    await d.io.writeRows(binding.table, writes);
    await d.reload();
  }
}

interface Planned {
  row: LocalRow;
  change?: SyncChange;
  problems: FieldProblem[];
}

/** What the row asks the server to do, or null when it has nothing to push. */
function planRow(d: Dataset, row: LocalRow): Planned | null {
  const { binding } = d;
  if (!row.key || row.state === 'deleted' || row.state === 'conflict') return null;
  const wire = d.wire(row);
  const columns = binding.columns;
  if (d.serverId(row.key) === null) {
    if (!binding.canCreate)
      return {
        row,
        problems: [{ field: '_key', rule: 'create', message: 'new rows cannot be added here' }],
      };
    const sent = columns
      .filter((c) => !c.readOnly)
      .map((c) => c.id)
      .filter((id) => {
        const v = wire.get(id);
        return !v?.ok || v.value !== null;
      });
    const change: SyncChange = {
      key: row.key,
      op: 'create',
      fields: Object.fromEntries(
        sent.flatMap((id) => {
          const v = wire.get(id)!;
          return v.ok ? [[id, { value: v.value }]] : [];
        }),
      ),
    };
    return { row, change, problems: checkRow(columns, wire, sent, 'create') };
  }
  if (row.state === 'delete' && !binding.canDelete)
    return {
      row,
      problems: [{ field: '_key', rule: 'delete', message: 'rows cannot be deleted here' }],
    };
  if (row.state === 'delete')
    return {
      row,
      change: { key: row.key, op: 'delete', baseVersion: row.version ?? undefined, fields: {} },
      problems: [],
    };
  const base = d.base.get(row.key);
  if (!base)
    return {
      row,
      problems: [
        { field: '_key', rule: 'base', message: 'its base values are missing: pull again' },
      ],
    };
  const edited = d.edited(row);
  if (!edited.length) return null;
  if (!binding.canUpdate)
    return {
      row,
      problems: [
        {
          field: '_key',
          rule: 'update',
          message: 'a row already on the server cannot be changed here; correct it in Lodestone',
        },
      ],
    };
  const problems = checkRow(columns, wire, edited, 'update');
  const fields: SyncChange['fields'] = {};
  for (const id of edited) {
    const v = wire.get(id)!;
    if (v.ok) fields[id] = { base: base[id] ?? null, value: v.value };
  }
  return {
    row,
    change: { key: row.key, op: 'update', baseVersion: row.version ?? undefined, fields },
    problems,
  };
}

function message(
  locale: 'zh-CN' | 'en',
  errors: readonly { field: string; message: string }[],
  labels: Map<string, string>,
) {
  // A problem of the whole row (`_key`) has no column to name.
  return errors
    .map((e) =>
      e.field === '_key'
        ? e.message
        : `${labels.get(e.field) ?? e.field}${locale === 'zh-CN' ? '：' : ': '}${e.message}`,
    )
    .join(locale === 'zh-CN' ? '；' : '; ');
}

/** Writes one chunk's answers back: keys, versions, statuses, values, bases, notes. */
async function writeBack(
  d: Dataset,
  chunk: PushChunk,
  answer: SyncPushAnswer,
  summary: PushSummary,
) {
  await d.reload();
  const { binding, layout } = d;
  const labels = new Map(binding.columns.map((c) => [c.id, c.label]));
  const sentOf = new Map(chunk.changes.map((c) => [c.key, c]));
  const writes: RowWrite[] = [];
  const notes: CellNote[] = [];
  const mark = (row: LocalRow, state: RowState, text?: string) => {
    const cells: CellWrite[] = Array.from({ length: layout.width }, () => null);
    cells[layout.status] = statusText(state, binding.locale, text);
    writes.push({ index: row.index, cells });
  };
  const noteAll = (row: LocalRow, errors: readonly SyncFieldError[]) => {
    for (const e of errors)
      if (labels.has(e.field))
        notes.push({ index: row.index, column: labels.get(e.field)!, text: e.message });
  };
  for (const result of answer.results) {
    const row = d.row(result.key);
    if (!row) continue; // deleted from the table meanwhile
    const tools = { mark, writes, notes, noteAll, labels, summary };
    applyResult(d, row, sentOf.get(result.key), result, tools);
  }
  if (writes.length) await d.io.writeRows(binding.table, writes);
  await d.base.flush(d.io);
  if (notes.length) await d.io.annotate(binding.table, notes);
}

interface WriteBackTools {
  mark: (row: LocalRow, state: RowState, text?: string) => void;
  writes: RowWrite[];
  notes: CellNote[];
  noteAll: (row: LocalRow, errors: readonly SyncFieldError[]) => void;
  labels: Map<string, string>;
  summary: PushSummary;
}

function applyResult(
  d: Dataset,
  row: LocalRow,
  sent: SyncChange | undefined,
  result: SyncRowResult,
  t: WriteBackTools,
) {
  const { binding, layout } = d;
  const locale = binding.locale;
  // Clear old notes on the cells this row sent.
  for (const field of Object.keys(sent?.fields ?? {}))
    if (t.labels.has(field))
      t.notes.push({ index: row.index, column: t.labels.get(field)!, text: null });
  switch (result.status) {
    case 'ok': {
      t.summary.ok++;
      if (sent?.op === 'delete') return t.mark(row, 'deleted');
      const key = result.id ? `${binding.keyPrefix}:${result.id}` : row.key;
      const oldBase = d.base.get(row.key) ?? {};
      const values: Record<string, SyncValue> = result.values ?? {
        ...oldBase,
        ...Object.fromEntries(Object.entries(sent?.fields ?? {}).map(([k, f]) => [k, f.value])),
      };
      // A cell the user changed again after this push was planned keeps the newer edit.
      const planned = (id: string) =>
        id in (sent?.fields ?? {}) ? sent!.fields[id]!.value : oldBase[id];
      const keep = new Set(
        binding.columns
          .filter((c) => !c.readOnly && !d.holds(row, c.id, planned(c.id)))
          .map((c) => c.id),
      );
      const dirty = [...keep].some((id) => !d.holds(row, id, values[id]));
      t.writes.push({
        index: row.index,
        cells: rowCells(
          layout,
          locale,
          {
            key,
            version: result.version ?? row.version ?? 0,
            values,
            state: dirty ? 'changed' : 'synced',
          },
          keep,
        ),
      });
      d.base.set(key, values);
      delete binding.conflicts[key];
      return;
    }
    case 'conflict': {
      t.summary.conflicts++;
      if (result.server) binding.conflicts[row.key] = result.server;
      t.mark(
        row,
        'conflict',
        message(locale, result.fieldErrors ?? [], t.labels) || result.message,
      );
      t.noteAll(
        row,
        (result.fieldErrors ?? []).map((e) => ({
          ...e,
          message: `${e.message}${result.server?.changedBy ? ` (${result.server.changedBy}, ${result.server.changedAt})` : ''}`,
        })),
      );
      return;
    }
    case 'notFound':
      t.summary.errors++;
      if (sent?.op !== 'create') return t.mark(row, 'deleted');
      return t.mark(row, 'error', result.message);
    default: {
      t.summary.errors++;
      const text = result.fieldErrors?.length
        ? message(locale, result.fieldErrors, t.labels)
        : result.message;
      t.mark(row, 'error', text);
      t.noteAll(row, result.fieldErrors ?? []);
    }
  }
}

/** Stores chunks' exact payloads, each in a part of its own, before the journal names them. */
async function journal(d: Dataset, chunks: PushChunk[]): Promise<void> {
  const { io, binding } = d;
  for (const c of chunks)
    await io.sync('saving the push journal', () =>
      io.host.writePart(chunkPartName(binding.table, c.batchId), JSON.stringify(c.changes)),
    );
}

async function loadChunk(d: Dataset, batchId: string): Promise<PushChunk> {
  const { io, binding } = d;
  const text = await io.sync('reading the push journal', () =>
    io.host.readPart(chunkPartName(binding.table, batchId)),
  );
  if (!text) throw new Error(`the push journal lost chunk ${batchId}`);
  return { batchId, changes: JSON.parse(text) as SyncChange[] };
}

/** Sends the journal's chunks from the first one not written back. */
async function runJournal(
  opts: EngineOptions,
  d: Dataset,
  sizer: ChunkSizer,
  summary: PushSummary,
) {
  const api = apiOf(opts);
  const { binding } = d;
  const plan = binding.push!;
  while (plan.done < plan.chunks.length) {
    checkAborted(opts);
    const chunk = await loadChunk(d, plan.chunks[plan.done]!.batchId);
    let answer: SyncPushAnswer;
    try {
      answer = await api.push({
        entity: binding.entity,
        batchId: chunk.batchId,
        schemaHash: binding.schemaHash,
        changes: chunk.changes,
        locale: binding.locale,
      });
    } catch (err) {
      if (!isPayloadError(err) || chunk.changes.length < 2) throw err;
      // Refused for its size before anything was written: two halves, two new ids.
      sizer.refused(jsonBytes(chunk.changes));
      binding.budgets.server = sizer.budget;
      const parts = halves(chunk.changes).map((changes) => ({
        batchId: crypto.randomUUID(),
        changes,
      }));
      await journal(d, parts);
      plan.chunks.splice(
        plan.done,
        1,
        ...parts.map((p) => ({ batchId: p.batchId, rows: p.changes.length })),
      );
      await d.save();
      continue;
    }
    summary.sent += chunk.changes.length;
    summary.chunks++;
    await writeBack(d, chunk, answer, summary);
    plan.done++;
    await d.save();
    opts.onProgress?.({
      phase: 'push',
      done: plan.chunks.slice(0, plan.done).reduce((n, c) => n + c.rows, 0),
      total: plan.chunks.reduce((n, c) => n + c.rows, 0),
    });
  }
  binding.push = null;
  await d.save();
}

export async function pushDataset(opts: EngineOptions, entity: string): Promise<PushSummary> {
  const table = tableOf(entity);
  const probe = Dataset.ioFor(opts, Number.POSITIVE_INFINITY);
  const binding = await probe.loadBinding(table);
  if (!binding) throw new LayoutError(`${entity} has not been pulled into this workbook`);
  const d = await Dataset.open(Dataset.ioFor(opts, binding.budgets.workbook), binding);
  const summary: PushSummary = {
    sent: 0,
    ok: 0,
    conflicts: 0,
    errors: 0,
    refusedLocally: 0,
    chunks: 0,
  };
  // The server's body limit, with room for the envelope; and its rows-per-push limit.
  const sizer = new ChunkSizer(
    Math.min(binding.budgets.server, Math.floor(binding.limits.maxBodyBytes * 0.9)),
    binding.limits.maxPushChanges,
  );
  if (binding.push) {
    // A push cut short: finish it first, then look again at what the sheet holds.
    await runJournal(opts, d, sizer, summary);
    await d.reload();
  }

  await fixKeys(d);
  const planned = d.rows.map((r) => planRow(d, r)).filter((p): p is Planned => p !== null);
  const labels = new Map(binding.columns.map((c) => [c.id, c.label]));
  const refused = planned
    .filter((p) => p.problems.length || !p.change)
    .map((p) => ({
      ...p,
      problems: p.problems.map((e) => ({ ...e, message: problemText(e, binding.locale) })),
    }));
  if (refused.length) {
    summary.refusedLocally = refused.length;
    await d.io.writeRows(
      binding.table,
      refused.map((p) => {
        const cells: CellWrite[] = Array.from({ length: d.layout.width }, () => null);
        cells[d.layout.status] = statusText(
          'error',
          binding.locale,
          message(binding.locale, p.problems, labels),
        );
        return { index: p.row.index, cells };
      }),
    );
    await d.io.annotate(
      binding.table,
      refused.flatMap((p) =>
        p.problems
          .filter((e) => labels.has(e.field))
          .map((e) => ({ index: p.row.index, column: labels.get(e.field)!, text: e.message })),
      ),
    );
  }
  const changes = planned.filter((p) => !p.problems.length && p.change).map((p) => p.change!);
  if (changes.length) {
    // Each chunk must fit a request to the server and, as a journal part, one to Excel.
    const planner = new ChunkSizer(Math.min(sizer.budget, d.io.sizer.budget), sizer.maxItems);
    const chunks = planner
      .plan(changes, (c) => jsonBytes(c) + 2)
      .map((c) => ({ batchId: crypto.randomUUID(), changes: c }));
    await journal(d, chunks);
    binding.push = {
      chunks: chunks.map((c) => ({ batchId: c.batchId, rows: c.changes.length })),
      done: 0,
    };
    await d.save();
    await runJournal(opts, d, sizer, summary);
  }
  return summary;
}
