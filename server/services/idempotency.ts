import { createHash } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import type { Trx } from './tx.ts';
import { isUniqueViolation } from '../trpc/errors.ts';

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Runs `fn` once per (user, key). The key and the response are stored in the caller's
 * transaction, together with the writes: a retry replays the first answer and writes nothing;
 * the same key with another payload is refused; a concurrent duplicate loses on the unique index
 * and answers CONFLICT.
 */
export async function once<T>(
  trx: Trx,
  userId: number,
  key: string | undefined,
  procedure: string,
  payload: unknown,
  fn: () => Promise<T>,
): Promise<T> {
  if (!key) return fn();
  const fingerprint = createHash('sha256')
    .update(`${procedure}\n${canonical(payload)}`)
    .digest('hex');
  const seen = await trx('idempotency_keys').where({ user_id: userId, key }).first();
  if (seen) {
    if (seen.fingerprint !== fingerprint) {
      throw new TRPCError({
        code: 'UNPROCESSABLE_CONTENT',
        message: 'idempotencyKey: this key was already used for a different request',
      });
    }
    return JSON.parse(String(seen.response)) as T;
  }
  const result = await fn();
  try {
    await trx('idempotency_keys').insert({
      user_id: userId,
      key,
      procedure,
      fingerprint,
      response: JSON.stringify(result),
      created_at: new Date().toISOString(),
    });
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new TRPCError({
        code: 'CONFLICT',
        message: 'idempotencyKey: the same request is already being processed',
      });
    }
    throw err;
  }
  return result;
}
