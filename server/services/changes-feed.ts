// One change feed per database handle: it hands every committed change to this process's
// listeners (subscriptions) and, on PostgreSQL, to the other server processes and back.
// Working out each notice's audience costs a few queries per batch, and only while someone
// listens; a write with nobody listening costs a map lookup and, on PostgreSQL, a share of
// one pg_notify.
import type { Db } from '../db/knex.ts';
import { dialectOf } from '../db/knex.ts';
import { jsonLogger } from '../http/logging.ts';
import { enrich, type ColumnCache, type Enriched } from './changes-entities.ts';
import { PgRelay } from './changes-pg.ts';
import type { RawChange } from './changes-set.ts';

export interface Listener {
  /** Whether it wants this domain's notices (no work is done for domains nobody asked for). */
  wants(entity: string): boolean;
  /** Notices in the order of the history of writes, or 'resync': some could not be told. */
  deliver(batch: Enriched[] | 'resync'): void;
  /** The feed is closing (the server stops): end the stream, so the client goes elsewhere. */
  close(): void;
}

const log = jsonLogger('silent');

export class ChangeFeed {
  private readonly listeners = new Set<Listener>();
  private readonly columns: ColumnCache = new Map();
  private readonly relay: PgRelay | null;
  private pending: RawChange[] = [];
  private draining: Promise<void> | null = null;
  private listening = 0;

  constructor(private readonly db: Db) {
    this.relay =
      dialectOf(db) === 'postgres'
        ? new PgRelay(db, {
            remote: (changes) => this.fanOut(changes),
            lost: () => this.resync(),
            error: (message, err) => log.error({ message, cause: (err as Error)?.message }),
          })
        : null;
  }

  /** A committed transaction's changes: to this process's listeners, then to the others. */
  publish(changes: RawChange[]): void {
    this.fanOut(changes);
    this.relay?.send(changes);
  }

  private fanOut(changes: RawChange[]): void {
    if (this.listeners.size === 0) return;
    this.pending.push(...changes);
    this.draining ??= this.drain();
  }

  /** One batch at a time: changes arriving meanwhile wait and share the next batch's queries. */
  private async drain(): Promise<void> {
    while (this.pending.length) {
      const batch = this.pending.splice(0);
      const listeners = [...this.listeners];
      let prepared: Enriched[] | 'resync';
      try {
        prepared = await this.prepare(batch, (e) => listeners.some((l) => l.wants(e)));
      } catch (err) {
        log.error({
          message: 'change notices could not be prepared',
          cause: (err as Error).message,
        });
        prepared = 'resync';
      }
      for (const l of listeners) if (this.listeners.has(l)) l.deliver(prepared);
    }
    this.draining = null;
  }

  /** Notices with their audience, for changes told live or replayed on resume. */
  prepare(changes: RawChange[], wants: (entity: string) => boolean): Promise<Enriched[]> {
    return enrich(this.db, this.columns, changes, wants);
  }

  private resync(): void {
    for (const l of this.listeners) l.deliver('resync');
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Starts hearing the other servers' changes (PostgreSQL; nothing to do on SQLite, where one
   * process owns the file). Resolves once listening; call the returned function to stop, which
   * also ends this process's subscriptions so their clients reconnect to a server that runs.
   */
  async listen(): Promise<() => Promise<void>> {
    if (this.listening++ === 0) await this.relay?.listen();
    let stopped = false;
    return async () => {
      if (stopped) return;
      stopped = true;
      if (--this.listening > 0) return;
      for (const l of [...this.listeners]) l.close();
      await this.relay?.stop();
    };
  }
}

const feeds = new WeakMap<Db, ChangeFeed>();

export function changeFeed(db: Db): ChangeFeed {
  let feed = feeds.get(db);
  if (!feed) feeds.set(db, (feed = new ChangeFeed(db)));
  return feed;
}
