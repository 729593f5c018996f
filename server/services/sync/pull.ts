// sync.pull and sync.changes: a dataset's rows in pages by id (stable however rows are sorted
// or edited meanwhile), and what changed or left the dataset since a snapshot.
import { TRPCError } from '@trpc/server';
import type { z } from 'zod';
import type {
  SyncChangesPage,
  SyncPullPage,
  SyncRow,
  syncChangesInput,
  syncPullInput,
} from '../../../core/schemas/sync.ts';
import { toInt } from '../../db/rows.ts';
import type { Visibility } from '../../auth/scope.ts';
import { FieldValidationError, invalidField } from '../../trpc/errors.ts';
import type { ScopedCtx } from '../scoped-ctx.ts';
import { grantsFor, type DbRow, type SyncEntity } from './entity.ts';
import { loadLookups, localeOf, type Locale, type Lookups } from './lookups.ts';
import { datasetOf } from './registry.ts';
import { wireRow } from './values.ts';

/**
 * How far a snapshot lies behind the clock. A write is stamped when its transaction starts and
 * seen by readers when it commits (and servers sharing one PostgreSQL have their own clocks):
 * changes since a snapshot re-read this margin, so no commit in flight is ever missed. A row
 * sent twice carries the same version and merges as a no-op.
 */
export const SNAPSHOT_MARGIN_MS = 60_000;

function encodeCursor(snapshot: string, lastId: number): string {
  return Buffer.from(JSON.stringify([snapshot, lastId])).toString('base64url');
}

function decodeCursor(cursor: string): [string, number] {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      typeof parsed[0] === 'string' &&
      !Number.isNaN(Date.parse(parsed[0])) &&
      Number.isSafeInteger(parsed[1])
    )
      return [parsed[0], parsed[1] as number];
  } catch {
    // fall through to the validation error
  }
  throw invalidField('cursor', 'invalid_cursor', 'is not a cursor returned by this call');
}

/** The dataset's filter, checked by its own schema; failures name `filter.<field>`. */
export function parseFilter(entity: SyncEntity<unknown>, filter: unknown): unknown {
  const parsed = entity.filter.safeParse(filter);
  if (parsed.success) return parsed.data;
  throw new TRPCError({
    code: 'BAD_REQUEST',
    message: 'invalid filter',
    cause: new FieldValidationError(
      parsed.error.issues.map((i) => ({ ...i, path: ['filter', ...i.path] })),
    ),
  });
}

interface Reading {
  entity: SyncEntity<unknown>;
  filter: unknown;
  vis: Visibility;
  lookups: Lookups;
  locale: Locale;
}

async function reading(
  ctx: ScopedCtx,
  input: { entity: string; filter: unknown; locale?: Locale },
): Promise<Reading> {
  const entity = datasetOf(input.entity);
  const filter = parseFilter(entity, input.filter);
  const grants = await grantsFor(ctx, [entity.read]);
  const { vis } = grants.need(entity.read);
  return {
    entity,
    filter,
    vis,
    lookups: await loadLookups(ctx.db),
    locale: localeOf(ctx.identity.user.locale, input.locale),
  };
}

function toRow(r: Reading, row: DbRow): SyncRow {
  return {
    id: toInt(row.id),
    version: toInt(row.version),
    values: wireRow(r.entity, row, r.lookups, r.locale),
  };
}

const snapshotNow = () => new Date(Date.now() - SNAPSHOT_MARGIN_MS).toISOString();

export async function pullRows(
  ctx: ScopedCtx,
  input: z.infer<typeof syncPullInput>,
): Promise<SyncPullPage> {
  const r = await reading(ctx, input);
  const [snapshot, afterId] = input.cursor ? decodeCursor(input.cursor) : [snapshotNow(), 0];
  const { entity } = r;
  const rows: DbRow[] = await entity
    .rows(ctx.db, r.vis, r.filter)
    .where(entity.idColumn, '>', afterId)
    .orderBy(entity.idColumn)
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const more = rows.length > input.limit;
  return {
    rows: page.map((row) => toRow(r, row)),
    nextCursor: more ? encodeCursor(snapshot, toInt(page.at(-1)!.id)) : null,
    snapshot,
  };
}

export async function changedRows(
  ctx: ScopedCtx,
  input: z.infer<typeof syncChangesInput>,
): Promise<SyncChangesPage> {
  const r = await reading(ctx, input);
  const [snapshot, afterId] = input.cursor ? decodeCursor(input.cursor) : [snapshotNow(), 0];
  const { entity } = r;
  const since = new Date(input.since).toISOString();
  // Every row in reach touched since then, archived ones included: those still live and
  // matching the filter come back as rows, the others as removed ids.
  const touched: DbRow[] = await entity
    .reach(ctx.db, r.vis)
    .where(entity.updatedColumn, '>=', since)
    .where(entity.idColumn, '>', afterId)
    .orderBy(entity.idColumn)
    .limit(input.limit + 1)
    .select(`${entity.idColumn} as id`);
  const ids = touched.slice(0, input.limit).map((t) => toInt(t.id));
  const live: DbRow[] = ids.length
    ? await entity
        .rows(ctx.db, r.vis, r.filter)
        .whereIn(entity.idColumn, ids)
        .orderBy(entity.idColumn)
    : [];
  const kept = new Set(live.map((row) => toInt(row.id)));
  const more = touched.length > input.limit;
  return {
    rows: live.map((row) => toRow(r, row)),
    removed: ids.filter((id) => !kept.has(id)),
    nextCursor: more ? encodeCursor(snapshot, ids.at(-1)!) : null,
    snapshot,
  };
}
