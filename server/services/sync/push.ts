// sync.push: sheet rows applied through the domain's services, with a field-level three-way
// merge on `base`, one result per row, and `batchId` as the idempotency key stored in the same
// transaction as the writes (per row by default; for the whole batch when atomic).
import { TRPCError } from '@trpc/server';
import type {
  SyncChange,
  SyncFieldError,
  SyncPushAnswer,
  SyncPushInput,
  SyncRowResult,
  SyncServerState,
  SyncValue,
} from '../../../core/schemas/sync.ts';
import { lockRows } from '../../db/dialect.ts';
import { toInt } from '../../db/rows.ts';
import { forbidden, refusal } from '../../trpc/errors.ts';
import { once } from '../idempotency.ts';
import type { ScopedCtx } from '../scoped-ctx.ts';
import { writeTx, type Trx } from '../tx.ts';
import { columnsFor, schemaHashOf } from './describe.ts';
import {
  columnMap,
  grantsFor,
  type Canon,
  type CanonRow,
  type ColumnSpec,
  type DbRow,
  type Grants,
  type SyncEntity,
} from './entity.ts';
import { loadLookups, localeOf, type Locale, type Lookups } from './lookups.ts';
import { datasetOf } from './registry.ts';
import { rowFailure } from './row-errors.ts';
import { decode, sameValue, wireRow, type Decoded } from './values.ts';

const UNRESOLVED = Symbol('unresolved');

/** Everything a push resolves before its first transaction (see Grants for why). */
class Pusher {
  private readonly columns: Map<string, ColumnSpec>;
  private readonly byKey = new Map<string, number>();

  constructor(
    readonly entity: SyncEntity<unknown>,
    private readonly grants: Grants,
    private readonly lookups: Lookups,
    private readonly locale: Locale,
    private readonly readOnly: Set<string>,
    changes: SyncChange[],
  ) {
    this.columns = columnMap(entity);
    for (const c of changes) this.byKey.set(c.key, (this.byKey.get(c.key) ?? 0) + 1);
  }

  /** Server ids of the update and delete rows (their keys carry this dataset's prefix). */
  idOf(key: string): number | null {
    const [prefix, id] = key.split(':');
    return prefix === this.entity.keyPrefix ? Number(id) : null;
  }

  /** One row, in a savepoint: a refusal undoes the row's writes and becomes its result. */
  async apply(trx: Trx, change: SyncChange): Promise<SyncRowResult> {
    try {
      return await trx.transaction((sp) => this.applyChange(sp, change));
    } catch (err) {
      const failed = rowFailure(err, this.entity, change.key);
      if (!failed) throw err;
      // A new row's NOT_FOUND is about something it names (its customer), not the row.
      return change.op === 'create' && failed.status === 'notFound'
        ? { ...failed, status: 'invalid' }
        : failed;
    }
  }

  private async applyChange(trx: Trx, change: SyncChange): Promise<SyncRowResult> {
    const { key } = change;
    const invalid = (message: string, fieldErrors?: SyncFieldError[]): SyncRowResult => ({
      key,
      status: 'invalid',
      message,
      ...(fieldErrors?.length ? { fieldErrors } : {}),
    });
    if ((this.byKey.get(key) ?? 0) > 1)
      return invalid('this row is in the batch twice (was it copied with its key?)');
    const names = Object.keys(change.fields);
    const unknown = names.filter((c) => !this.columns.has(c));
    if (unknown.length)
      return invalid(
        `not columns of ${this.entity.name}: ${unknown.join(', ')}`,
        unknown.map((field) => ({ field, rule: 'unknown', message: 'is not a column' })),
      );
    const locked = names.filter((c) => this.readOnly.has(c));
    if (locked.length)
      return {
        key,
        status: 'forbidden',
        message: `read-only for you: ${locked.join(', ')}`,
        fieldErrors: locked.map((field) => ({ field, rule: 'read_only', message: 'is read-only' })),
      };
    if (change.op === 'create') {
      if (!key.startsWith('new:')) return invalid('a new row needs a key of the form new:<id>');
      return this.create(trx, change);
    }
    const id = this.idOf(key);
    if (id === null) return invalid(`not a key of ${this.entity.name}`);
    if (change.baseVersion === undefined) return invalid('baseVersion is required');
    await lockRows(trx, this.entity.table, [id]);
    const current = await this.load(trx, id);
    if (!current)
      return { key, status: 'notFound', message: 'not found (deleted, or out of your reach)' };
    return change.op === 'delete'
      ? this.remove(trx, change, current)
      : this.update(trx, change, id, current);
  }

  private load(trx: Trx, id: number): Promise<DbRow | undefined> {
    const { vis } = this.grants.need(this.entity.read);
    return this.entity.rows(trx, vis, {}).where(this.entity.idColumn, id).first();
  }

  private wire(row: DbRow): Record<string, SyncValue> {
    return wireRow(this.entity, row, this.lookups, this.locale);
  }

  private serverState(row: DbRow): SyncServerState {
    const by = row.updated_by;
    return {
      version: toInt(row.version),
      values: this.wire(row),
      changedBy:
        by === null || by === undefined ? null : this.lookups.users.label(String(by), this.locale),
      changedAt: String(row.updated_at),
    };
  }

  /** The row as stored now: the new base the add-in writes back. */
  private async stored(trx: Trx, key: string, id: number): Promise<SyncRowResult> {
    const row = await this.load(trx, id);
    if (row) return { key, status: 'ok', id, version: toInt(row.version), values: this.wire(row) };
    // Written, but now outside the caller's reach (given to someone else).
    const bare = await trx(this.entity.table).where({ id }).first('version');
    return { key, status: 'ok', id, version: toInt(bare.version) };
  }

  private async decodeValue(
    trx: Trx,
    column: ColumnSpec,
    wire: SyncValue,
    parent: Canon | undefined,
  ): Promise<Decoded> {
    if (column.type !== 'lookup' || wire === null || String(wire).trim() === '')
      return decode(column, wire, this.lookups, parent);
    const found = await this.entity.resolveLookup?.(trx, this.grants, column.id, String(wire));
    return found === undefined
      ? {
          ok: false,
          rule: 'lookup',
          message: `"${String(wire)}" matches no record you can see (several share the name? use the code)`,
        }
      : { ok: true, value: found };
  }

  /** New values of the row's fields; a column's parent (a stage's pipeline) is decoded first. */
  private async decodeFields(trx: Trx, change: SyncChange, row: CanonRow) {
    const values: CanonRow = {};
    const errors: SyncFieldError[] = [];
    const ordered = Object.entries(change.fields).sort(
      ([a], [b]) =>
        Number(Boolean(this.columns.get(a)!.parentColumn)) -
        Number(Boolean(this.columns.get(b)!.parentColumn)),
    );
    for (const [id, field] of ordered) {
      const column = this.columns.get(id)!;
      const parent = column.parentColumn
        ? column.parentColumn in values
          ? values[column.parentColumn]
          : row[column.parentColumn]
        : undefined;
      const d = await this.decodeValue(trx, column, field.value, parent ?? null);
      if (d.ok) values[id] = d.value;
      else errors.push({ field: id, rule: d.rule, message: d.message });
    }
    return { values, errors };
  }

  private async create(trx: Trx, change: SyncChange): Promise<SyncRowResult> {
    const defaults = (await this.entity.createDefaults?.(trx)) ?? {};
    const { values, errors } = await this.decodeFields(trx, change, defaults);
    for (const c of this.entity.columns)
      if (c.required && (values[c.id] === null || values[c.id] === undefined))
        errors.push({ field: c.id, rule: 'required', message: 'is required' });
    if (errors.length)
      return { key: change.key, status: 'invalid', message: summary(errors), fieldErrors: errors };
    const id = await this.entity.insert(trx, this.grants, { ...defaults, ...values }, change.key);
    return this.stored(trx, change.key, id);
  }

  /**
   * The three-way merge, field by field: a value already stored is a no-op; a field still at
   * its base takes the new value; a field someone else changed is a conflict, and the row is
   * left as it is (the sheet shows the server's value, who and when).
   */
  private async update(
    trx: Trx,
    change: SyncChange,
    id: number,
    current: DbRow,
  ): Promise<SyncRowResult> {
    const now = this.entity.canonical(current, this.lookups);
    const { values, errors } = await this.decodeFields(trx, change, now);
    if (errors.length)
      return { key: change.key, status: 'invalid', message: summary(errors), fieldErrors: errors };
    const patch: CanonRow = {};
    const conflicts: SyncFieldError[] = [];
    const server = this.wire(current);
    for (const [column, field] of Object.entries(change.fields)) {
      const stored = now[column] ?? null;
      if (sameValue(stored, values[column] ?? null)) continue;
      const base =
        field.base === undefined ? UNRESOLVED : await this.baseOf(trx, change, column, now);
      if (base !== UNRESOLVED && sameValue(stored, base)) patch[column] = values[column] ?? null;
      else
        conflicts.push({
          field: column,
          rule: 'conflict',
          message: `changed on the server to ${JSON.stringify(server[column] ?? null)}`,
        });
    }
    if (conflicts.length)
      return {
        key: change.key,
        status: 'conflict',
        message: `changed by someone else since your pull: ${conflicts.map((c) => c.field).join(', ')}`,
        fieldErrors: conflicts,
        server: this.serverState(current),
      };
    if (Object.keys(patch).length) await this.entity.update(trx, this.grants, current, patch);
    return this.stored(trx, change.key, id);
  }

  /** The base of one field as a canonical value; UNRESOLVED when it names nothing known now. */
  private async baseOf(trx: Trx, change: SyncChange, column: string, now: CanonRow) {
    const spec = this.columns.get(column)!;
    const parentBase = spec.parentColumn ? change.fields[spec.parentColumn]?.base : undefined;
    let parent: Canon | undefined = spec.parentColumn ? now[spec.parentColumn] : undefined;
    if (spec.parentColumn && parentBase !== undefined) {
      const p = await this.decodeValue(
        trx,
        this.columns.get(spec.parentColumn)!,
        parentBase,
        undefined,
      );
      parent = p.ok ? p.value : parent;
    }
    const d = await this.decodeValue(
      trx,
      spec,
      change.fields[column]!.base ?? null,
      parent ?? null,
    );
    return d.ok ? d.value : UNRESOLVED;
  }

  private async remove(trx: Trx, change: SyncChange, current: DbRow): Promise<SyncRowResult> {
    if (!this.entity.archive)
      return {
        key: change.key,
        status: 'forbidden',
        message: `rows of ${this.entity.name} are not deleted from a sheet`,
      };
    if (toInt(current.version) !== change.baseVersion)
      return {
        key: change.key,
        status: 'conflict',
        message: 'changed by someone else since your pull; not deleted',
        server: this.serverState(current),
      };
    await this.entity.archive(trx, this.grants, current);
    const after = await trx(this.entity.table)
      .where({ id: toInt(current.id) })
      .first('version');
    return { key: change.key, status: 'ok', id: toInt(current.id), version: toInt(after.version) };
  }
}

function summary(errors: SyncFieldError[]): string {
  return errors.map((e) => `${e.field}: ${e.message}`).join('; ');
}

/** `once` speaks of idempotencyKey; here the key is the batch's. */
async function asBatch<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (
      err instanceof TRPCError &&
      (err.code === 'CONFLICT' || err.code === 'UNPROCESSABLE_CONTENT')
    )
      throw new TRPCError({
        code: err.code,
        message:
          err.code === 'CONFLICT'
            ? 'batchId: this batch is being pushed by another call; retry in a moment for its answer'
            : 'batchId: this batch id was already used for a different push',
      });
    throw err;
  }
}

const ROLLBACK = new Error('atomic batch rolled back');

export async function pushChanges(ctx: ScopedCtx, input: SyncPushInput): Promise<SyncPushAnswer> {
  const entity = datasetOf(input.entity);
  if (!ctx.identity.token.scopes.includes('write'))
    throw forbidden('This token is read-only; pushing needs a token with write scope');
  const grants = await grantsFor(ctx, [entity.read, ...entity.writes]);
  grants.need(entity.read);
  if (!entity.writes.some((p) => grants.has(p)))
    throw forbidden(`Your role (${grants.role}) may not change ${entity.name}`);
  const locale = localeOf(ctx.identity.user.locale, input.locale);
  const lookups = await loadLookups(ctx.db);
  const columns = columnsFor(entity, grants, lookups, locale);
  const readOnly = new Set(columns.filter((c) => c.readOnly).map((c) => c.id));
  const pusher = new Pusher(entity, grants, lookups, locale, readOnly, input.changes);
  const schemaHash = schemaHashOf(entity, columns);
  const checkSchema = () => {
    if (input.schemaHash !== schemaHash)
      throw refusal('PRECONDITION_FAILED', 'columns changed: refresh the layout', {
        reason: 'schema_changed',
        schemaHash,
      });
  };
  const userId = ctx.identity.user.id;
  const { batchId, changes } = input;
  const payload = {
    entity: entity.name,
    schemaHash: input.schemaHash,
    atomic: input.atomic,
    changes,
  };

  if (input.atomic) {
    return asBatch(() =>
      writeTx(ctx.db, (trx) =>
        once(trx, userId, batchId, 'sync.push', payload, async () => {
          checkSchema();
          const ids = changes
            .map((c) => pusher.idOf(c.key))
            .filter((id): id is number => id !== null);
          await lockRows(trx, entity.table, ids);
          const results: SyncRowResult[] = [];
          try {
            await trx.transaction(async (batch) => {
              for (const change of changes) results.push(await pusher.apply(batch, change));
              if (results.some((r) => r.status !== 'ok')) throw ROLLBACK;
            });
          } catch (err) {
            if (err !== ROLLBACK) throw err;
          }
          const failed = results.some((r) => r.status !== 'ok');
          return {
            batchId,
            results: failed
              ? results.map((r): SyncRowResult =>
                  r.status === 'ok'
                    ? {
                        key: r.key,
                        status: 'rolledBack',
                        message: 'not saved: another row of this all-or-nothing push failed',
                      }
                    : r,
                )
              : results,
          };
        }),
      ),
    );
  }

  // Row by row: the batch is claimed first (a new one only if its columns are current), then
  // each row commits with its own record, so a retry after a crash or a lost answer replays
  // the rows done and carries on with the rest.
  await asBatch(() =>
    writeTx(ctx.db, (trx) =>
      once(trx, userId, batchId, 'sync.push', payload, async () => {
        checkSchema();
        return { rows: changes.length };
      }),
    ),
  );
  const results: SyncRowResult[] = [];
  for (const [i, change] of changes.entries()) {
    results.push(
      await asBatch(() =>
        writeTx(ctx.db, (trx) =>
          once(
            trx,
            userId,
            `${batchId}#${i}`,
            'sync.push.row',
            { entity: entity.name, change },
            () => pusher.apply(trx, change),
          ),
        ),
      ),
    );
  }
  return { batchId, results };
}
