// A row in conflict offers three ways out (EXCEL-SYNC): keep mine (the server's row becomes the
// base, so the next push sends my values over it), take the server's values, or skip (the row
// stays in conflict and is left out of pushes).
import { formatMoney } from '../../core/money/format.ts';
import type { SyncColumn, SyncValue } from '../../core/schemas/sync.ts';
import { sameWire } from './codecs.ts';
import { Dataset, tableOf, type EngineOptions } from './dataset.ts';
import { LayoutError, rowCells } from './sheet.ts';
import type { CellWrite } from './workbook.ts';

/** A row in conflict as the task pane shows it: which cells differ, mine against the server's. */
export interface ConflictView {
  key: string;
  changedBy: string | null;
  changedAt: string;
  fields: { id: string; label: string; mine: string; server: string }[];
}

/** A wire value as text for people: money with its currency, empty as an em dash. */
function shown(
  column: SyncColumn,
  value: SyncValue | undefined,
  currency: unknown,
  locale: string,
) {
  if (value === null || value === undefined || value === '') return '—';
  if (column.type === 'money' && typeof value === 'number' && typeof currency === 'string') {
    try {
      return formatMoney(value, currency, locale);
    } catch {
      return String(value); // a currency core/money does not know: minor units, never guessed
    }
  }
  return String(value);
}

/** Every row in conflict: the editable cells where my value and the server's differ. */
export async function describeConflicts(
  opts: EngineOptions,
  entity: string,
): Promise<ConflictView[]> {
  const probe = Dataset.ioFor(opts, Number.POSITIVE_INFINITY);
  const binding = await probe.loadBinding(tableOf(entity));
  if (!binding || Object.keys(binding.conflicts).length === 0) return [];
  const d = await Dataset.open(Dataset.ioFor(opts, binding.budgets.workbook), binding);
  const locale = binding.locale === 'zh-CN' ? 'zh-CN' : 'en';
  return Object.entries(binding.conflicts).map(([key, server]) => {
    const row = d.row(key);
    const wire = row ? d.wire(row) : new Map();
    const fields = binding.columns
      .filter((c) => !c.readOnly)
      .flatMap((c) => {
        const mine = wire.get(c.id);
        const mineValue = mine?.ok ? mine.value : undefined;
        if (sameWire(mineValue, server.values[c.id])) return [];
        const currency = c.currency ? server.values[c.currency.column] : undefined;
        return [
          {
            id: c.id,
            label: c.label,
            mine: shown(c, mineValue, currency, locale),
            server: shown(c, server.values[c.id], currency, locale),
          },
        ];
      });
    return { key, changedBy: server.changedBy, changedAt: server.changedAt, fields };
  });
}

export type Resolution = 'mine' | 'server' | 'skip';

export async function resolveConflict(
  opts: EngineOptions,
  entity: string,
  key: string,
  choice: Resolution,
): Promise<void> {
  if (choice === 'skip') return;
  const probe = Dataset.ioFor(opts, Number.POSITIVE_INFINITY);
  const binding = await probe.loadBinding(tableOf(entity));
  if (!binding) throw new LayoutError(`${entity} has not been pulled into this workbook`);
  const server = binding.conflicts[key];
  if (!server) throw new Error(`${key} is not in conflict`);
  const d = await Dataset.open(Dataset.ioFor(opts, binding.budgets.workbook), binding);
  const row = d.row(key);
  if (!row) throw new Error(`${key} is no longer in the table`);
  const { layout } = d;
  let cells: CellWrite[];
  if (choice === 'server') {
    cells = rowCells(layout, binding.locale, {
      key,
      version: server.version,
      values: server.values,
      state: 'synced',
    });
  } else {
    // My editable cells stay; read-only ones (stamps) show the server's row, as the base will.
    const mine = new Set(binding.columns.filter((c) => !c.readOnly).map((c) => c.id));
    cells = rowCells(
      layout,
      binding.locale,
      { key, version: server.version, values: server.values, state: 'changed' },
      mine,
    );
  }
  await d.io.writeRows(binding.table, [{ index: row.index, cells }]);
  d.base.set(key, server.values);
  await d.base.flush(d.io);
  delete binding.conflicts[key];
  await d.save();
}
