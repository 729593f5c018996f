import { z } from 'zod';
import { email, id, listInput, locale, optionalText, text, version } from './common.ts';
import { password } from './auth.ts';
import { ROLES, type Role } from '../permissions.ts';
import type { Stamped } from './common.ts';

export const role = z.enum(ROLES);

/** Emails are stored lower-cased, so uniqueness and sign-in ignore case. */
const userEmail = z.string().trim().toLowerCase().pipe(email);

export const userCreateInput = z.strictObject({
  email: userEmail,
  name: text(100),
  role,
  locale: locale.default('zh-CN'),
  phone: optionalText(50),
  password,
});

export const userUpdateInput = z.strictObject({
  id,
  version,
  patch: z
    .strictObject({
      email: userEmail.optional(),
      name: text(100).optional(),
      role: role.optional(),
      locale: locale.optional(),
      phone: optionalText(50),
      active: z.boolean().optional(),
    })
    .refine((p) => Object.keys(p).length > 0, 'patch must change at least one field'),
});

export const userSetPasswordInput = z.strictObject({ id, password });

/** The directory; callable without input (`users.list()`), sorted by name. */
export const userListInput = z
  .strictObject({
    ...listInput.shape,
    search: z.string().trim().max(100).optional(),
    role: role.optional(),
    teamId: id.optional(),
    includeInactive: z.boolean().default(false),
  })
  .prefault({});

export interface User extends Stamped {
  email: string;
  name: string;
  phone: string | null;
  role: Role;
  locale: 'zh-CN' | 'en';
  active: boolean;
  /** Live teams the user is a member of. */
  teamIds: number[];
}

export const teamCreateInput = z.strictObject({
  name: text(100),
  nameEn: optionalText(100),
  parentId: id.nullable().default(null),
  managerId: id.nullable().default(null),
});

export const teamUpdateInput = z.strictObject({
  id,
  version,
  patch: z
    .strictObject({
      name: text(100).optional(),
      nameEn: optionalText(100),
      parentId: id.nullable().optional(),
      managerId: id.nullable().optional(),
    })
    .refine((p) => Object.keys(p).length > 0, 'patch must change at least one field'),
});

export const teamArchiveInput = z.strictObject({ id, version });
export const teamMemberInput = z.strictObject({ teamId: id, userId: id });

export interface Team extends Stamped {
  name: string;
  nameEn: string | null;
  parentId: number | null;
  managerId: number | null;
  memberIds: number[];
}
