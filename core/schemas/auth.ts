import { z } from 'zod';
import { email, id, locale, optionalText, text } from './common.ts';
import type { Role } from '../permissions.ts';

export const password = z
  .string()
  .min(8, 'must be at least 8 characters')
  .max(200, 'must be at most 200 characters');

export const loginInput = z.strictObject({
  email: z.string().trim().toLowerCase().pipe(email),
  password: z.string().min(1).max(200),
});

/** An origin is scheme, host and port only: `https://intranet.example.com`. */
export const origin = z
  .string()
  .regex(
    /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/,
    'must be an origin like https://intranet.example.com',
  );

export const tokenCreateInput = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('personal'),
    name: text(100),
    scopes: z
      .array(z.enum(['read', 'write']))
      .min(1)
      .default(['read', 'write']),
    allowedOrigins: z.array(origin).max(20).default([]),
    expiresInDays: z.number().int().min(1).max(365).default(90),
  }),
  z.strictObject({
    kind: z.literal('widget'),
    name: text(100),
    // Read-only unless write is granted explicitly.
    scopes: z
      .array(z.enum(['read', 'write']))
      .min(1)
      .default(['read']),
    allowedOrigins: z
      .array(origin)
      .min(1, 'a widget token must name the origins it may be used from')
      .max(20),
    expiresInHours: z.number().int().min(1).max(168).default(8),
  }),
]);

export const tokenRevokeInput = z.strictObject({ id });

export const profileInput = z.strictObject({
  name: text(100).optional(),
  locale: locale.optional(),
  phone: optionalText(50),
});

export const changePasswordInput = z.strictObject({
  currentPassword: z.string().min(1).max(200),
  newPassword: password,
});

export interface Me {
  id: number;
  name: string;
  email: string;
  role: Role;
  locale: 'zh-CN' | 'en';
  teamIds: number[];
  /** Teams this user manages (their subtree roots). */
  managedTeamIds: number[];
  token: { kind: 'session' | 'personal' | 'widget'; scopes: string[]; expiresAt: string | null };
}

export interface TokenInfo {
  id: number;
  kind: 'session' | 'personal' | 'widget';
  name: string;
  prefix: string;
  scopes: string[];
  allowedOrigins: string[];
  expiresAt: string | null;
  lastUsedAt: string | null;
  createdAt: string;
  current: boolean;
}
