// What a pull does to each row (EXCEL-SYNC "The add-in's side"): clean rows take the server's
// values; dirty rows keep their edits while the server version is the one they were pulled at,
// and become conflicts when it moved; new server rows are appended; rows gone from the server
// are marked, never removed.
import type { SyncRow } from '../../core/schemas/sync.ts';
import type { RowState } from './status.ts';

export interface LocalSnapshot {
  version: number | null;
  /** The user changed a cell since the row's base was written. */
  dirty: boolean;
  state: RowState | null;
}

export type PullAction =
  | { kind: 'write'; key: string; row: SyncRow }
  | { kind: 'keep'; key: string }
  | { kind: 'conflict'; key: string; row: SyncRow }
  | { kind: 'append'; key: string; row: SyncRow }
  | { kind: 'gone'; key: string };

export function planPull(
  local: ReadonlyMap<string, LocalSnapshot>,
  rows: readonly SyncRow[],
  removed: readonly number[],
  prefix: string,
): PullAction[] {
  const actions: PullAction[] = [];
  for (const row of rows) {
    const key = `${prefix}:${row.id}`;
    const l = local.get(key);
    if (!l) actions.push({ kind: 'append', key, row });
    else if (l.dirty)
      actions.push(
        l.version === row.version ? { kind: 'keep', key } : { kind: 'conflict', key, row },
      );
    else if (l.version === row.version && l.state === 'synced') actions.push({ kind: 'keep', key });
    else actions.push({ kind: 'write', key, row });
  }
  for (const id of removed) {
    const key = `${prefix}:${id}`;
    const l = local.get(key);
    if (l && l.state !== 'deleted') actions.push({ kind: 'gone', key });
  }
  return actions;
}
