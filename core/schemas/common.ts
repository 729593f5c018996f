import { z } from 'zod';

/** Ids and versions are 32-bit integer columns; larger numbers cannot name a row. */
const INT32_MAX = 2_147_483_647;
export const id = z.number().int().positive().max(INT32_MAX);
export const version = z.number().int().positive().max(INT32_MAX);
/** An instant, ISO-8601 with a zone (`2026-11-22T08:00:00.000Z` or `…+08:00`); stored as UTC. */
export const instant = z.iso.datetime({ offset: true });
/** A calendar day, `YYYY-MM-DD`. */
export const day = z.iso.date();
export const locale = z.enum(['zh-CN', 'en']);
export const currencyCode = z.string().regex(/^[A-Z]{3}$/, 'must be a 3-letter ISO 4217 code');

/** Trimmed text that must not be blank. */
export const text = (max: number) => z.string().trim().min(1).max(max);
/** Optional free text: empty strings become null so "clear this field" is expressible. */
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((s) => (s === '' ? null : s))
    .nullable()
    .optional();

export const phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ()\-–]{5,30}$/, 'must be a phone number of 5 to 30 digits, spaces or dashes');
export const email = z.email().max(254);

/** Idempotency key for create calls from scripts: a retry with the same key replays the answer. */
export const idempotencyKey = z
  .string()
  .min(8)
  .max(200)
  .regex(/^[A-Za-z0-9._:-]+$/, 'may contain letters, digits and . _ : - only');

export const listInput = z.strictObject({
  cursor: z.string().max(500).nullish(),
  limit: z.number().int().min(1).max(500).default(50),
  direction: z.enum(['asc', 'desc']).default('asc'),
});

export interface Page<T> {
  items: T[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
  /** Rows matching the filters in the caller's scope, over all pages. */
  total: number;
}

/** The stamps every business record carries. */
export interface Stamped {
  id: number;
  version: number;
  createdAt: string;
  createdBy: number | null;
  updatedAt: string;
  updatedBy: number | null;
}
