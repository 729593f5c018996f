// The shape of a change as a write records it, and the set one transaction collects.

export type RecordAction = 'created' | 'updated' | 'deleted' | 'moved';

/** A change as the write recorded it: still the table's name, not yet the domain's. */
export interface RawChange {
  table: string;
  id: number;
  action: RecordAction;
  at: string;
  /** The id of the change's last audit row: its place in the one ordered history of writes. */
  seq: number;
  /**
   * Ids the change itself names, for rows that may be gone or moved by the time anyone reads
   * them: the owner and team a record was taken from, and a part's parent (an address's partner).
   */
  refs?: Record<string, number>;
}

/** When a record changes twice, one notice tells the weightiest action. */
const WEIGHT: Record<RecordAction, number> = { updated: 0, moved: 1, created: 2, deleted: 3 };

/** Changes, one per record: the last place, the weightiest action, every id named. */
export class ChangeSet {
  private readonly byRecord = new Map<string, RawChange>();

  add(change: RawChange): void {
    const key = `${change.table}:${change.id}`;
    const seen = this.byRecord.get(key);
    if (!seen) {
      this.byRecord.set(key, { ...change });
      return;
    }
    if (WEIGHT[change.action] > WEIGHT[seen.action]) seen.action = change.action;
    if (change.seq > seen.seq) {
      seen.seq = change.seq;
      seen.at = change.at;
    }
    if (change.refs) seen.refs = { ...change.refs, ...seen.refs };
  }

  get size(): number {
    return this.byRecord.size;
  }

  /** In the order of the history of writes. */
  list(): RawChange[] {
    return [...this.byRecord.values()].sort((a, b) => a.seq - b.seq);
  }
}
