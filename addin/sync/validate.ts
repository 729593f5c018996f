// Local checks before a row is sent (EXCEL-SYNC: types, required, enums, precision): a paste
// bypasses Excel's list validation, so every cell is checked here, and again on the server.
import type { SyncColumn } from '../../core/schemas/sync.ts';
import type { Decoded } from './codecs.ts';
import type { FieldProblem } from './problem-text.ts';

export type { FieldProblem };

const normal = (s: string) => s.normalize('NFKC').trim().toLowerCase();

/** The option value of a label in an enum column, if it names one. */
function optionValue(column: SyncColumn, label: string): string | undefined {
  return column.enum?.values.find((v) => normal(v.label) === normal(label))?.value;
}

/**
 * Problems of the cells a row sends: unreadable values (type, precision), labels that are not
 * options (within the parent's options, e.g. the stages of the row's pipeline), required
 * columns left or made empty, and read-only columns changed.
 */
export function checkRow(
  columns: readonly SyncColumn[],
  wire: ReadonlyMap<string, Decoded>,
  sent: readonly string[],
  op: 'create' | 'update',
): FieldProblem[] {
  const byId = new Map(columns.map((c) => [c.id, c]));
  const problems: FieldProblem[] = [];
  const valueOf = (id: string) => {
    const d = wire.get(id);
    return d?.ok ? d.value : null;
  };
  for (const id of sent) {
    const column = byId.get(id);
    const d = wire.get(id);
    if (!column || !d) continue;
    if (column.readOnly) {
      problems.push({ field: id, rule: 'read_only', message: 'is read-only' });
      continue;
    }
    if (!d.ok) {
      problems.push({ field: id, rule: d.rule, message: d.message, params: d.params });
      continue;
    }
    if (d.value === null) {
      if (column.required) problems.push({ field: id, rule: 'required', message: 'is required' });
      continue;
    }
    if (column.type === 'enum' && column.enum) {
      const parentId = column.enum.parentColumn;
      const parent = parentId ? byId.get(parentId) : undefined;
      const parentLabel = parentId ? valueOf(parentId) : null;
      const parentValue =
        parent && typeof parentLabel === 'string' ? optionValue(parent, parentLabel) : undefined;
      const options = column.enum.values.filter(
        (v) => parentValue === undefined || v.parent === parentValue,
      );
      if (!options.some((v) => normal(v.label) === normal(String(d.value))))
        problems.push({
          field: id,
          rule: 'enum',
          message: `"${String(d.value)}" is not one of: ${options.map((v) => v.label).join(', ')}`,
          params: { text: String(d.value), options: options.map((v) => v.label).join('、') },
        });
    }
  }
  if (op === 'create')
    for (const c of columns)
      if (c.required && !c.readOnly && valueOf(c.id) === null && !sent.includes(c.id))
        problems.push({ field: c.id, rule: 'required', message: 'is required' });
  return problems;
}
