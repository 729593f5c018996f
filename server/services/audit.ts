import type { Trx } from './tx.ts';
import { noteChange } from './changes.ts';

/** Who is writing: recorded on the row stamps and in the audit log. */
export interface Actor {
  userId: number | null;
  requestId: string | null;
}

function show(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/**
 * Writes the history of one change, inside the caller's transaction, so the change and its
 * audit rows commit or vanish together. Updates write one row per field that really changed.
 */
export async function audit(
  trx: Trx,
  actor: Actor,
  entity: string,
  entityId: number,
  action: string,
  changes: Record<string, { old: unknown; new: unknown }> | null,
  at = new Date().toISOString(),
): Promise<void> {
  const base = {
    at,
    user_id: actor.userId,
    request_id: actor.requestId,
    entity,
    entity_id: entityId,
    action,
  };
  const rows = changes
    ? Object.entries(changes).map(([field, c]) => ({
        ...base,
        field,
        old_value: show(c.old),
        new_value: show(c.new),
      }))
    : [];
  const ids: unknown[] = await trx('audit_log')
    .insert(rows.length ? rows : [{ ...base, field: null, old_value: null, new_value: null }])
    .returning('id');
  // The change notice for live updates (services/changes.ts), published after the commit; its
  // place in the history of writes is the audit id.
  const seq = Math.max(...ids.map((r) => Number((r as { id: unknown }).id)));
  noteChange(trx, entity, entityId, action, changes, at, seq);
}

/** Field-by-field differences between a stored row and the values about to be written. */
export function diff(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): Record<string, { old: unknown; new: unknown }> {
  const out: Record<string, { old: unknown; new: unknown }> = {};
  for (const [k, v] of Object.entries(after)) {
    const old = before[k];
    const same =
      old === v || (old == null && v == null) || JSON.stringify(old) === JSON.stringify(v);
    // Booleans come back as 0/1 from SQLite.
    const sameBool = typeof v === 'boolean' && (old === 1 || old === 0) && Boolean(old) === v;
    if (!same && !sameBool) out[k] = { old, new: v };
  }
  return out;
}
