// A row in conflict offers three ways out (EXCEL-SYNC): keep mine (the server's row becomes the
// base, so the next push sends my values over it), take the server's values, or skip (the row
// stays in conflict and is left out of pushes).
import { Dataset, tableOf, type EngineOptions } from './dataset.ts';
import { LayoutError, rowCells } from './sheet.ts';
import type { CellWrite } from './workbook.ts';

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
