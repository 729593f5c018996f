import { TRPCError } from '@trpc/server';

export interface FieldIssue {
  /** Dotted path of the offending field, e.g. `patch.emails.0`. */
  field: string;
  /** The rule that failed, zod's issue code (`too_small`, `invalid_format`, …). */
  rule: string;
  message: string;
}

interface IssueLike {
  path?: readonly (PropertyKey | { key: PropertyKey })[];
  code?: string;
  message: string;
  params?: { rule?: string };
  keys?: string[];
}

/** Issues carried by an error's cause: a ZodError, a standard-schema error, or our own. */
export function fieldIssues(cause: unknown): FieldIssue[] | null {
  const issues = (cause as { issues?: unknown } | null)?.issues;
  if (!Array.isArray(issues)) return null;
  return (issues as IssueLike[]).flatMap((i) => {
    const path = (i.path ?? []).map((p) => String(typeof p === 'object' ? p.key : p));
    const rule = i.params?.rule ?? i.code ?? 'invalid';
    // An unknown key is reported on the key itself, so a client can point at it.
    const fields = i.keys?.length ? i.keys.map((k) => [...path, k].join('.')) : [path.join('.')];
    return fields.map((field) => ({ field: field || '(input)', rule, message: i.message }));
  });
}

/** Carries domain-level field failures to the error formatter, shaped like zod's. */
export class FieldValidationError extends Error {
  constructor(readonly issues: IssueLike[]) {
    super('invalid input');
  }
}

/** A readable one-line summary: `name: Too small: expected string to have >=1 characters`. */
export function summarize(issues: FieldIssue[]): string {
  return issues.map((i) => `${i.field}: ${i.message}`).join('; ');
}

/** Domain-level validation failure on one field, shaped like a zod issue for clients. */
export function invalidField(field: string, rule: string, message: string): TRPCError {
  return new TRPCError({
    code: 'BAD_REQUEST',
    message: `${field}: ${message}`,
    cause: new FieldValidationError([{ code: rule, path: field.split('.'), message }]),
  });
}

/** Machine-readable details beside a refusal's sentence (e.g. the fields a stage still lacks). */
export class ErrorDetails extends Error {
  constructor(readonly details: Record<string, unknown>) {
    super('error details');
  }
}

/** A refusal whose message is the sentence to show and whose `data.details` a client can act on. */
export function refusal(
  code: 'BAD_REQUEST' | 'PRECONDITION_FAILED',
  message: string,
  details: Record<string, unknown>,
): TRPCError {
  return new TRPCError({ code, message, cause: new ErrorDetails(details) });
}

export const notFound = (what: string) =>
  new TRPCError({ code: 'NOT_FOUND', message: `${what} not found` });

export const conflict = (what: string) =>
  new TRPCError({
    code: 'CONFLICT',
    message: `${what} was changed by someone else; reload it and apply your change again`,
  });

export const forbidden = (message: string) => new TRPCError({ code: 'FORBIDDEN', message });

/** Unique-constraint violations from either driver, so they can become CONFLICT, not 500. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | null;
  if (!e) return false;
  return (
    e.code === '23505' ||
    e.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    (e.code === 'SQLITE_CONSTRAINT' && /UNIQUE/.test(e.message ?? ''))
  );
}

export function isSerializationFailure(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return code === '40001' || code === '40P01';
}

/** SQLite's lock errors; knex wraps a failed BEGIN, so the cause chain is searched too. */
export function isBusy(err: unknown): boolean {
  for (
    let e = err as { code?: string; cause?: unknown } | null, depth = 0;
    e && depth < 5;
    depth++
  ) {
    if (e.code === 'SQLITE_BUSY' || e.code === 'SQLITE_LOCKED') return true;
    e = e.cause as typeof e;
  }
  return false;
}
