// Change notices, the write side: every audit row a write transaction records is also noted
// here (audit.ts calls noteChange), and writeTx publishes the notes only once the transaction
// has committed. A rolled-back attempt's notes are dropped with it. Hooking the audit log gives
// every domain, present and future, notices without touching its service.
import type { Knex } from 'knex';
import type { Db } from '../db/knex.ts';
import { changeFeed } from './changes-feed.ts';
import { refColumns } from './changes-entities.ts';
import { ChangeSet, type RecordAction } from './changes-set.ts';

export { ChangeSet };

/** Audit actions that are not plain updates; everything else ('update', 'system', ...) is one. */
const ACTIONS: Record<string, RecordAction> = {
  create: 'created',
  archive: 'deleted',
  delete: 'deleted',
  move: 'moved',
  advance: 'moved',
};

/** Audited changes that change nothing anyone is shown (when a password changed is nobody's business). */
const SILENT = new Set(['password']);

export function silent(auditAction: string): boolean {
  return SILENT.has(auditAction);
}

/** The notice action of an audit action. */
export function recordAction(auditAction: string): RecordAction {
  return ACTIONS[auditAction] ?? 'updated';
}

const open = new WeakMap<Knex.Transaction, ChangeSet>();

/**
 * The set a write transaction collects into. A transaction opened inside another (a savepoint)
 * shares its enclosing transaction's set, so nothing is published before the outer commit.
 */
export function changeSetFor(db: Db): ChangeSet {
  return (db.isTransaction && open.get(db as Knex.Transaction)) || new ChangeSet();
}

export function collectChanges(trx: Knex.Transaction, set: ChangeSet): void {
  open.set(trx, set);
}

/** An id from an audited value (a number, or its text in the audit log). */
export function idOf(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? Number(v) : NaN;
  return Number.isSafeInteger(n) ? n : undefined;
}

/**
 * Notes one audited change (called by audit()). Cheap on purpose: a map lookup and an object;
 * who may see the change is worked out later, by the servers that have subscribers.
 */
export function noteChange(
  trx: Knex.Transaction,
  table: string,
  id: number,
  auditAction: string,
  changes: Record<string, { old: unknown; new: unknown }> | null,
  at: string,
  seq: number,
): void {
  const set = open.get(trx);
  if (!set || silent(auditAction)) return;
  let refs: Record<string, number> | undefined;
  if (changes) {
    for (const column of refColumns(table)) {
      const c = changes[column];
      if (!c) continue;
      // The old owner or team (the record left them); a part's parent, from either side.
      const ref = idOf(c.old) ?? idOf(c.new);
      if (ref !== undefined) (refs ??= {})[column] = ref;
    }
  }
  set.add({ table, id, action: recordAction(auditAction), at, seq, refs });
}

/** After the commit: hands the transaction's changes to the feed (never throws). */
export function publishChanges(db: Db, set: ChangeSet): void {
  if (db.isTransaction || set.size === 0) return;
  changeFeed(db).publish(set.list());
}
