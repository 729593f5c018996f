// sync.describe: the columns of a dataset as this caller sees them (labels in their language,
// read-only where their role may not write) and the hash a push must carry.
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import {
  MAX_PULL_LIMIT,
  MAX_PUSH_CHANGES,
  type SyncColumn,
  type SyncDescribe,
  type syncDescribeInput,
} from '../../../core/schemas/sync.ts';
import type { ScopedCtx } from '../scoped-ctx.ts';
import { grantsFor, readOnlyColumns, type Grants, type SyncEntity } from './entity.ts';
import { loadLookups, localeOf, type Locale, type Lookups } from './lookups.ts';
import { datasetOf } from './registry.ts';

/**
 * What a sheet's layout depends on: ids, types, read-only, required, currency and parent
 * columns. Labels and enum options are left out, so a change of Office language or a new
 * colleague in the owner list does not force a new layout (labels are resolved on push).
 */
export function schemaHashOf(entity: SyncEntity<unknown>, columns: SyncColumn[]): string {
  const shape = columns.map((c) => [
    c.id,
    c.type,
    c.readOnly,
    c.required,
    c.currency?.column ?? null,
    c.enum?.parentColumn ?? null,
  ]);
  return createHash('sha256')
    .update(JSON.stringify([entity.name, shape]))
    .digest('hex')
    .slice(0, 32);
}

export function columnsFor(
  entity: SyncEntity<unknown>,
  grants: Grants,
  lookups: Lookups,
  locale: Locale,
): SyncColumn[] {
  const readOnly = readOnlyColumns(entity, grants);
  // The owner list offers whom the caller may give records to (a rep: themselves).
  const assigner = entity.create && grants.has(entity.create) ? grants.need(entity.create) : null;
  return entity.columns.map((c) => {
    let values = c.enum ? lookups[c.enum].list(locale) : undefined;
    if (values && c.enum === 'users' && assigner && !c.system)
      values = values.filter((v) => assigner.vis.mayAssignTo(Number(v.value)));
    return {
      id: c.id,
      label: c.label[locale],
      type: c.type,
      readOnly: readOnly.has(c.id),
      required: Boolean(c.required),
      ...(values
        ? { enum: { values, ...(c.parentColumn ? { parentColumn: c.parentColumn } : {}) } }
        : {}),
      ...(c.currencyColumn ? { currency: { column: c.currencyColumn } } : {}),
      ...(c.maxLength ? { maxLength: c.maxLength } : {}),
    };
  });
}

export async function describeDataset(
  ctx: ScopedCtx,
  input: z.infer<typeof syncDescribeInput>,
  limits: { maxBodyBytes: number },
): Promise<SyncDescribe> {
  const entity = datasetOf(input.entity);
  const grants = await grantsFor(ctx, [entity.read, ...entity.writes]);
  grants.need(entity.read);
  const locale = localeOf(ctx.identity.user.locale, input.locale);
  const lookups = await loadLookups(ctx.db);
  const columns = columnsFor(entity, grants, lookups, locale);
  return {
    entity: entity.name,
    label: entity.label[locale],
    locale,
    keyPrefix: entity.keyPrefix,
    columns,
    filters: entity.filters.map((f) => ({
      id: f.id,
      label: f.label[locale],
      type: f.type,
      ...(f.enum ? { enum: lookups[f.enum].list(locale) } : {}),
    })),
    schemaHash: schemaHashOf(entity, columns),
    canCreate: Boolean(entity.create && grants.has(entity.create)),
    canUpdate: entity.updatable !== false && columns.some((c) => !c.readOnly),
    canDelete: Boolean(entity.remove && grants.has(entity.remove)),
    limits: {
      maxPullLimit: MAX_PULL_LIMIT,
      maxPushChanges: MAX_PUSH_CHANGES,
      maxBodyBytes: limits.maxBodyBytes,
    },
  };
}
