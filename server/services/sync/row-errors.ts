// A domain service's refusal, turned into one row's result: the status the add-in shows, the
// sentence, and which columns to mark (the services name API fields; the sheet has columns).
import { TRPCError } from '@trpc/server';
import type { SyncFieldError, SyncRowResult } from '../../../core/schemas/sync.ts';
import { ErrorDetails, fieldIssues } from '../../trpc/errors.ts';
import type { SyncEntity } from './entity.ts';

/** `patch.expectedRevenue`, `fields.primaryContactId`, `partnerId` → the column id, if any. */
function columnOf(entity: SyncEntity<unknown>, field: string): string | null {
  const name = field.replace(/^(patch|fields)\./, '').split('.')[0] ?? '';
  if (entity.errorFields[name]) return entity.errorFields[name];
  return entity.columns.some((c) => c.id === name) ? name : null;
}

/** The stage engine's refusals (data.details) marked on the columns they are about. */
function engineErrors(
  entity: SyncEntity<unknown>,
  details: Record<string, unknown>,
  message: string,
): SyncFieldError[] {
  const reason = String(details.reason);
  const stage = columnOf(entity, 'stageId') ?? 'stage';
  const out: SyncFieldError[] = [{ field: stage, rule: reason, message }];
  if (reason === 'missing_fields' && Array.isArray(details.fields))
    for (const f of details.fields as string[])
      out.push({ field: columnOf(entity, f) ?? f, rule: 'required_by_stage', message });
  return out;
}

/** The row result for a refusal, or null for an error that is not the row's fault. */
export function rowFailure(
  err: unknown,
  entity: SyncEntity<unknown>,
  key: string,
): SyncRowResult | null {
  if (!(err instanceof TRPCError)) return null;
  const message = err.message;
  switch (err.code) {
    case 'BAD_REQUEST':
    case 'PRECONDITION_FAILED':
    case 'UNPROCESSABLE_CONTENT':
    case 'CONFLICT': {
      // CONFLICT here is a rule (a code already taken): the row was locked, so never a race.
      const issues = fieldIssues(err.cause);
      let fieldErrors: SyncFieldError[] = [];
      if (issues) {
        fieldErrors = issues.map((i) => ({
          field: columnOf(entity, i.field) ?? i.field,
          rule: i.rule,
          message: i.message,
        }));
      } else if (err.cause instanceof ErrorDetails) {
        fieldErrors = engineErrors(entity, err.cause.details, message);
      } else {
        const named = /^([A-Za-z.]+): /.exec(message);
        const column = named ? columnOf(entity, named[1]!) : null;
        if (column) fieldErrors = [{ field: column, rule: err.code.toLowerCase(), message }];
      }
      return {
        key,
        status: 'invalid',
        message: issues ? fieldErrors.map((f) => `${f.field}: ${f.message}`).join('; ') : message,
        ...(fieldErrors.length ? { fieldErrors } : {}),
      };
    }
    case 'FORBIDDEN':
      return { key, status: 'forbidden', message };
    case 'NOT_FOUND':
      return { key, status: 'notFound', message };
    default:
      return null;
  }
}
