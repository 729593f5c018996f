// Change notices between server processes on one PostgreSQL database: each committed write's
// changes go out with pg_notify on one channel, and every server LISTENs on a connection of its
// own (outside the knex pool: a pooled connection would be handed to queries and lose the LISTEN),
// reconnecting when it drops. Payloads stay small: table, id, action, time and audit id.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Db } from '../db/knex.ts';
import type { RawChange, RecordAction } from './changes-set.ts';

export const CHANNEL = 'lodestone_changes';
/** Shown in pg_stat_activity, so an operator can tell the listening connections apart. */
export const LISTENER_NAME = 'lodestone-changes';
/** PostgreSQL refuses payloads of 8000 bytes or more; a batch is cut into messages below that. */
const MAX_PAYLOAD = 7000;
const ACTIONS: readonly RecordAction[] = ['created', 'updated', 'deleted', 'moved'];

type Wire = [string, number, number, string, number, Record<string, number>?];

/** The messages for a batch: `{o: sender, c: [[table, id, action, at, seq, refs?], …]}`. */
export function encode(origin: string, changes: RawChange[]): string[] {
  const head = `{"o":${JSON.stringify(origin)},"c":[`;
  const out: string[] = [];
  let items: string[] = [];
  let size = head.length + 2;
  for (const c of changes) {
    const wire: Wire = [c.table, c.id, ACTIONS.indexOf(c.action), c.at, c.seq];
    if (c.refs) wire.push(c.refs);
    const item = JSON.stringify(wire);
    if (items.length && size + item.length + 1 > MAX_PAYLOAD) {
      out.push(`${head}${items.join(',')}]}`);
      items = [];
      size = head.length + 2;
    }
    items.push(item);
    size += Buffer.byteLength(item) + 1;
  }
  if (items.length) out.push(`${head}${items.join(',')}]}`);
  return out;
}

const isId = (v: unknown): v is number => Number.isSafeInteger(v);

/** The sender and the well-formed changes of a message; null for anything else. */
export function decode(payload: string): { origin: string; changes: RawChange[] } | null {
  let msg: unknown;
  try {
    msg = JSON.parse(payload);
  } catch {
    return null;
  }
  const { o, c } = (msg ?? {}) as { o?: unknown; c?: unknown };
  if (typeof o !== 'string' || !Array.isArray(c)) return null;
  const changes: RawChange[] = [];
  for (const w of c as unknown[]) {
    if (!Array.isArray(w)) continue;
    const [table, id, action, at, seq, refs] = w as unknown[];
    const act = typeof action === 'number' ? ACTIONS[action] : undefined;
    if (typeof table !== 'string' || !/^[a-z][a-z0-9_]{0,62}$/.test(table)) continue;
    if (!isId(id) || !act || typeof at !== 'string' || !isId(seq)) continue;
    const change: RawChange = { table, id, action: act, at, seq };
    if (refs && typeof refs === 'object') {
      const ok = Object.entries(refs).filter(([, v]) => isId(v)) as [string, number][];
      if (ok.length) change.refs = Object.fromEntries(ok);
    }
    changes.push(change);
  }
  return { origin: o, changes };
}

export interface RelayHandlers {
  /** Changes another server published. */
  remote(changes: RawChange[]): void;
  /** The listening connection was lost and is back: what was sent meanwhile is unknown. */
  lost(): void;
  error(message: string, err: unknown): void;
}

export class PgRelay {
  /** Tells this process's own messages apart: its listeners already had them, at once. */
  private readonly origin = randomUUID();
  private outbox: RawChange[] = [];
  private sending: Promise<void> | null = null;
  private client: pg.Client | null = null;
  private listening = false;
  private connectedBefore = false;
  private retryMs = 250;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Db,
    private readonly handlers: RelayHandlers,
  ) {}

  /**
   * Queues changes for the other servers. Not awaited by the write: the notices go out in the
   * background, and a burst of writes shares messages instead of adding a round trip to each.
   */
  send(changes: RawChange[]): void {
    this.outbox.push(...changes);
    this.sending ??= this.flush();
  }

  private async flush(): Promise<void> {
    while (this.outbox.length) {
      const batch = this.outbox.splice(0);
      for (const payload of encode(this.origin, batch)) {
        try {
          await this.db.raw('select pg_notify(?, ?)', [CHANNEL, payload]);
        } catch (err) {
          this.handlers.error('change notices could not be sent to the other servers', err);
        }
      }
    }
    this.sending = null;
  }

  /** Resolves once everything queued has been sent (or has failed). */
  async drained(): Promise<void> {
    while (this.sending) await this.sending;
  }

  /** Opens the listening connection; resolves once LISTEN is active (or the first try failed). */
  listen(): Promise<void> {
    this.listening = true;
    return this.connect();
  }

  private async connect(): Promise<void> {
    const conn = this.db.client.config.connection as string | pg.ClientConfig;
    const client = new pg.Client({
      ...(typeof conn === 'string' ? { connectionString: conn } : conn),
      application_name: LISTENER_NAME,
      keepAlive: true,
    });
    this.client = client;
    client.on('notification', (msg) => {
      if (msg.channel !== CHANNEL || !msg.payload) return;
      const decoded = decode(msg.payload);
      if (decoded && decoded.origin !== this.origin && decoded.changes.length) {
        this.handlers.remote(decoded.changes);
      }
    });
    client.on('error', (err) => this.lose(client, err));
    client.on('end', () => this.lose(client, null));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
    } catch (err) {
      this.lose(client, err);
      return;
    }
    if (this.client !== client) return;
    this.retryMs = 250;
    if (this.connectedBefore) this.handlers.lost();
    this.connectedBefore = true;
  }

  private lose(client: pg.Client, err: unknown): void {
    if (this.client !== client) return;
    this.client = null;
    client.removeAllListeners('notification');
    client.end().catch(() => {});
    if (!this.listening) return;
    this.handlers.error('the change feed lost its database connection; reconnecting', err);
    this.retryTimer = setTimeout(() => void this.connect(), this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, 30_000);
  }

  async stop(): Promise<void> {
    this.listening = false;
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => {});
    await this.drained();
  }
}
