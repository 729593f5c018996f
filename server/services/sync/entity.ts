// What a dataset of the Excel link is: its columns, its filter, how its rows are read, and how a
// sheet row becomes calls of the domain's own services. One file per dataset implements this
// (opportunities.ts, customers.ts) and registry.ts lists them.
import { TRPCError } from '@trpc/server';
import type { Knex } from 'knex';
import type { z } from 'zod';
import type { SyncColumnType } from '../../../core/schemas/sync.ts';
import { scopeOf, tokenAllows, type Permission, type Role } from '../../../core/permissions.ts';
import { visibility, type Visibility } from '../../auth/scope.ts';
import { forbidden } from '../../trpc/errors.ts';
import type { ScopedCtx } from '../scoped-ctx.ts';
import type { Trx } from '../tx.ts';
import type { EnumKey, Labels, Lookups } from './lookups.ts';

/** A column's value on the server side: enum values are their option's `value`, not a label. */
export type Canon = string | number | boolean | null;
export type CanonRow = Record<string, Canon>;
export type DbRow = Record<string, unknown>;
type Reader = Knex | Trx;

export interface ColumnSpec {
  id: string;
  type: SyncColumnType;
  label: Labels;
  /** Must be filled on a new row. */
  required?: boolean;
  /** Written by the system only (stamps, outcomes): read-only for everyone. */
  system?: boolean;
  enum?: EnumKey;
  /** Enum options are those whose parent is this column's value in the same row. */
  parentColumn?: string;
  /** Money: the column holding the row's currency code. */
  currencyColumn?: string;
  maxLength?: number;
}

export interface FilterSpec {
  id: string;
  label: Labels;
  type: 'enum' | 'date' | 'text';
  enum?: EnumKey;
}

/** A permission as the caller holds it: the context services take, and its visibility. */
export interface Grant {
  ctx: ScopedCtx;
  vis: Visibility;
}

/**
 * The permissions a call may use, resolved before any transaction opens (visibility may query
 * the team tree through the outer connection, which inside a SQLite transaction would wait for
 * itself). A missing one answers FORBIDDEN exactly as protectedProcedure would.
 */
export class Grants {
  constructor(
    readonly role: Role,
    private readonly held: ReadonlyMap<Permission, Grant>,
  ) {}

  has(permission: Permission): boolean {
    return this.held.has(permission);
  }

  need(permission: Permission): Grant {
    const grant = this.held.get(permission);
    if (!grant)
      throw forbidden(`Your role (${this.role}) may not ${permission.replace('.', ': ')}`);
    return grant;
  }
}

export async function grantsFor(ctx: ScopedCtx, permissions: Permission[]): Promise<Grants> {
  const held = new Map<Permission, Grant>();
  const { role } = ctx.identity.user;
  for (const permission of new Set(permissions)) {
    const scope = scopeOf(role, permission);
    if (scope === 'none' || !tokenAllows(ctx.identity.token.scopes, permission)) continue;
    const scoped: ScopedCtx = { ...ctx, access: { permission, scope } };
    held.set(permission, { ctx: scoped, vis: await visibility(scoped) });
  }
  return new Grants(role, held);
}

export interface SyncEntity<F = unknown> {
  name: string;
  /** Server rows are keyed `<keyPrefix>:<id>` in the sheet. */
  keyPrefix: string;
  label: Labels;
  table: string;
  read: Permission;
  /** Every permission a write to this dataset may use. */
  writes: Permission[];
  create: Permission | null;
  remove: Permission | null;
  /** False when a row, once written, is never changed from a sheet (a recorded receipt). */
  updatable?: false;
  columns: readonly ColumnSpec[];
  filters: readonly FilterSpec[];
  /** The dataset's own filter (strict: an unknown filter is refused, never ignored). */
  filter: z.ZodType<F>;
  /** Columns this caller may not write, besides the system ones (role rules). */
  lockedColumns(grants: Grants): Set<string>;
  /** Live rows in the grant's reach matching the filter, selecting what `canonical` reads. */
  rows(db: Reader, vis: Visibility, filter: F): Knex.QueryBuilder;
  /** Rows in the grant's reach, archived ones included (what sync.changes reports as removed). */
  reach(db: Reader, vis: Visibility): Knex.QueryBuilder;
  /** Qualified id and updated_at columns of both queries. */
  idColumn: string;
  updatedColumn: string;
  canonical(row: DbRow, lookups: Lookups): CanonRow;
  /** The text a `lookup` column shows (its canonical value is the record's id). */
  lookupTexts?(row: DbRow): Record<string, string | null>;
  /** Values a new row starts from (the default pipeline), before its own cells. */
  createDefaults?(trx: Trx): Promise<CanonRow>;
  /** Resolves a `lookup` column's text to its canonical value; undefined when none matches. */
  resolveLookup?(
    trx: Trx,
    grants: Grants,
    column: string,
    text: string,
  ): Promise<Canon | undefined>;
  /**
   * Creates a row through the domain's services; returns its id. `key` is the sheet row's
   * `new:<uuid>`, stable across retries (receipts derive their idempotency key from it).
   */
  insert(trx: Trx, grants: Grants, values: CanonRow, key: string): Promise<number>;
  /** Applies the changed columns through the domain's services. */
  update(trx: Trx, grants: Grants, current: DbRow, patch: CanonRow): Promise<void>;
  archive?(trx: Trx, grants: Grants, current: DbRow): Promise<void>;
  /** Field names in the services' errors (API names, e.g. partnerId) → column ids. */
  errorFields: Record<string, string>;
}

/** The entity's columns by id. */
export function columnMap(entity: SyncEntity): Map<string, ColumnSpec> {
  return new Map(entity.columns.map((c) => [c.id, c]));
}

/** Column ids this caller may not write: system columns, and those their role may not. */
export function readOnlyColumns(entity: SyncEntity, grants: Grants): Set<string> {
  const locked = entity.lockedColumns(grants);
  for (const c of entity.columns) if (c.system) locked.add(c.id);
  return locked;
}

/**
 * The procedure's own input schema applied to what a sheet row asks for, exactly as the router
 * would (trimming, lengths, money as whole minor units); a failure is the same BAD_REQUEST.
 */
export function checkedInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success)
    throw new TRPCError({ code: 'BAD_REQUEST', message: 'invalid input', cause: parsed.error });
  return parsed.data;
}

/** Canonical enum and lookup values are option values (ids as text); services take numbers. */
export const idOf = (v: Canon | undefined): number | null =>
  v === null || v === undefined ? null : Number(v);
