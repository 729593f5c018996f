// One caller's stream of change notices (changes.subscribe): the feed's notices narrowed to the
// caller's scope, resumable from the last event id, re-checked against the token every minute.
import { TRPCError, tracked, type TrackedEnvelope } from '@trpc/server';
import type {
  ChangeBatch,
  ChangeNotice,
  ChangesSubscribeInput,
} from '../../core/schemas/changes.ts';
import { scopeOf, type Role } from '../../core/permissions.ts';
import type { Db } from '../db/knex.ts';
import { toBool, toInt } from '../db/rows.ts';
import { loadSubtree } from '../auth/scope.ts';
import type { Identity } from '../auth/tokens.ts';
import { invalidField } from '../trpc/errors.ts';
import { idOf, recordAction, silent } from './changes.ts';
import {
  knownEntity,
  refColumns,
  visibleTo,
  type Enriched,
  type Viewer,
} from './changes-entities.ts';
import { changeFeed, type ChangeFeed, type Listener } from './changes-feed.ts';
import { ChangeSet, type RawChange } from './changes-set.ts';
import type { ScopedCtx } from './scoped-ctx.ts';

/** A long-lived stream re-reads its token and team subtree this often (revocation, re-orgs). */
const REVALIDATE_MS = 60_000;
/** Notices a slow reader may leave waiting; past that they are dropped for one 'resync'. */
const MAX_WAITING = 1000;
/** Audit rows a resume replays at most; a client away longer gets one 'resync'. */
const MAX_REPLAY = 1000;
/**
 * On PostgreSQL audit ids are taken when a transaction writes, not when it commits: one still
 * open when the client received a later id commits afterwards with a smaller one. A resume
 * therefore also replays what was written in the few seconds before the last event.
 */
const LOOKBACK_MS = 5_000;
const LOOKBACK_IDS = 200;

const resyncNotice = (): ChangeNotice => ({
  entity: '*',
  id: 0,
  action: 'resync',
  at: new Date().toISOString(),
});

/** What the feed delivered to one stream, waiting for the stream to read it. */
class Inbox implements Listener {
  private waiting: (Enriched[] | 'resync')[] = [];
  private count = 0;
  private closed = false;
  private wake: (() => void) | null = null;
  /** The newest audit id delivered, kept even when notices are dropped. */
  lastSeq = 0;

  constructor(
    private readonly entities: Set<string> | null,
    private readonly signal: AbortSignal | undefined,
  ) {
    signal?.addEventListener('abort', () => this.wake?.(), { once: true });
  }

  wants(entity: string): boolean {
    return this.entities === null || this.entities.has(entity);
  }

  deliver(batch: Enriched[] | 'resync'): void {
    if (batch !== 'resync') {
      for (const e of batch) this.lastSeq = Math.max(this.lastSeq, e.seq);
      batch = batch.filter((e) => this.wants(e.notice.entity));
      if (batch.length === 0) return;
    }
    if (batch === 'resync' || this.count + batch.length > MAX_WAITING) {
      this.waiting = ['resync'];
      this.count = 0;
    } else {
      this.waiting.push(batch);
      this.count += batch.length;
    }
    this.wake?.();
  }

  close(): void {
    this.closed = true;
    this.wake?.();
  }

  /** The next delivery; 'closed' when the feed closed, null once the client has gone. */
  async next(): Promise<Enriched[] | 'resync' | 'closed' | null> {
    for (;;) {
      if (this.signal?.aborted) return null;
      const first = this.waiting.shift();
      if (first === 'resync') return first;
      if (first) {
        // Everything waiting up to a resync goes out together.
        const merged = [...first];
        while (this.waiting.length && this.waiting[0] !== 'resync') {
          merged.push(...(this.waiting.shift() as Enriched[]));
        }
        this.count -= merged.length;
        return merged;
      }
      if (this.closed) return 'closed';
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = null;
    }
  }
}

type CheckedViewer = Viewer & { checkedAt: number };

/**
 * The caller as the stream filters for them, read afresh: a revoked or expired token, or a
 * deactivated account, ends the stream (UNAUTHORIZED), as it would refuse the next call.
 */
async function viewerOf(db: Db, identity: Identity): Promise<CheckedViewer> {
  const row = await db('api_tokens as t')
    .join('users as u', 'u.id', 't.user_id')
    .where('t.id', identity.token.id)
    .first('t.revoked_at', 't.expires_at', 'u.role', 'u.active', 'u.deleted_at');
  const expired = row?.expires_at && String(row.expires_at) <= new Date().toISOString();
  if (!row || row.revoked_at || row.deleted_at || expired || !toBool(row.active)) {
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'The token is no longer valid' });
  }
  const role = row.role as Role;
  if (scopeOf(role, 'changes.read') === 'none') {
    throw new TRPCError({
      code: 'FORBIDDEN',
      message: `Your role (${role}) may not changes: read`,
    });
  }
  const subtree = await loadSubtree(db, identity.user.id);
  return { userId: identity.user.id, role, subtree, checkedAt: Date.now() };
}

function seqOf(lastEventId: string | null | undefined): number | null {
  if (!lastEventId || !/^\d{1,15}$/.test(lastEventId)) return null;
  return Number(lastEventId);
}

/** The changes written after `after` (and a little before, see LOOKBACK_MS), from the audit log. */
async function replay(
  db: Db,
  feed: ChangeFeed,
  after: number,
  wants: (entity: string) => boolean,
): Promise<Enriched[] | 'too-far'> {
  const anchor = await db('audit_log').where('id', after).first('at');
  const since = anchor ? new Date(Date.parse(String(anchor.at)) - LOOKBACK_MS).toISOString() : null;
  const rows: Record<string, unknown>[] = await db('audit_log')
    .where('id', '>', Math.max(0, after - LOOKBACK_IDS))
    .andWhere((q) => {
      q.where('id', '>', after);
      if (since) q.orWhere('at', '>=', since);
    })
    .orderBy('id')
    .limit(MAX_REPLAY + 1)
    .select('id', 'at', 'entity', 'entity_id', 'action', 'field', 'old_value', 'new_value');
  if (rows.length > MAX_REPLAY) return 'too-far';
  const set = new ChangeSet();
  for (const r of rows) {
    if (silent(String(r.action))) continue;
    const table = String(r.entity);
    const change: RawChange = {
      table,
      id: toInt(r.entity_id),
      action: recordAction(String(r.action)),
      at: String(r.at),
      seq: toInt(r.id),
    };
    const ref = refColumns(table).includes(String(r.field))
      ? (idOf(r.old_value) ?? idOf(r.new_value))
      : undefined;
    if (ref !== undefined) change.refs = { [String(r.field)]: ref };
    set.add(change);
  }
  return feed.prepare(set.list(), wants);
}

async function newestSeq(db: Db): Promise<number> {
  const row = await db('audit_log').max({ id: 'id' }).first();
  return row?.id == null ? 0 : toInt(row.id);
}

type Event = TrackedEnvelope<ChangeBatch>;
/** One event per delivery, not per notice: a write's notices (or a burst's) travel together. */
const event = (seq: number, notices: ChangeNotice[]): Event => tracked(String(seq), { notices });
const REPLAY_EVENT = 200;

async function* notices(
  ctx: ScopedCtx,
  feed: ChangeFeed,
  inbox: Inbox,
  first: CheckedViewer,
  lastEventId: string | null | undefined,
): AsyncGenerator<Event> {
  let viewer = first;
  const replayed = new Set<number>();
  const from = seqOf(lastEventId);
  if (from !== null) {
    const past = await replay(ctx.db, feed, from, (e) => inbox.wants(e));
    if (past === 'too-far') {
      yield event(await newestSeq(ctx.db), [resyncNotice()]);
    } else {
      for (const e of past) replayed.add(e.seq);
      const visible = past.filter((e) => visibleTo(viewer, e));
      for (let i = 0; i < visible.length; i += REPLAY_EVENT) {
        const part = visible.slice(i, i + REPLAY_EVENT);
        yield event(
          part.at(-1)!.seq,
          part.map((e) => e.notice),
        );
      }
    }
  }
  for (;;) {
    const item = await inbox.next();
    if (item === null) return;
    if (item === 'closed') {
      throw new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: 'The server is stopping' });
    }
    if (Date.now() - viewer.checkedAt > REVALIDATE_MS)
      viewer = await viewerOf(ctx.db, ctx.identity);
    if (item === 'resync') {
      yield event(inbox.lastSeq, [resyncNotice()]);
      continue;
    }
    // A change both replayed and then told live is told once.
    const visible = item.filter((e) => !replayed.delete(e.seq) && visibleTo(viewer, e));
    if (visible.length)
      yield event(
        Math.max(...item.map((e) => e.seq)),
        visible.map((e) => e.notice),
      );
  }
}

/**
 * Opens the caller's stream of notices, from now (or from `lastEventId`) until the client
 * leaves, the token stops being valid, or the server stops (SERVICE_UNAVAILABLE: the client
 * reconnects and resumes on another server). The stream listens before this resolves, so once
 * the client hears the subscription has started, no write is missed; and it stops listening
 * however it ends, even if it was never read.
 */
export async function openChangeStream(
  ctx: ScopedCtx,
  input: ChangesSubscribeInput,
  signal: AbortSignal | undefined,
): Promise<AsyncGenerator<Event>> {
  const unknown = input.entities?.find((e) => !knownEntity(e));
  if (unknown) throw invalidField('entities', 'known', `has no entity named ${unknown}`);
  const feed = changeFeed(ctx.db);
  const inbox = new Inbox(input.entities?.length ? new Set(input.entities) : null, signal);
  // Listen before replaying, so nothing written meanwhile falls between the two.
  const unsubscribe = feed.subscribe(inbox);
  signal?.addEventListener('abort', unsubscribe, { once: true });
  let viewer: CheckedViewer;
  try {
    viewer = await viewerOf(ctx.db, ctx.identity);
  } catch (err) {
    unsubscribe();
    throw err;
  }
  const stream = notices(ctx, feed, inbox, viewer, input.lastEventId);
  const end = stream.return.bind(stream);
  const fail = stream.throw.bind(stream);
  return Object.assign(stream, {
    return: (value?: undefined) => (unsubscribe(), end(value)),
    throw: (err?: unknown) => (unsubscribe(), fail(err)),
  });
}
